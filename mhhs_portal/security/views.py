from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from qualification.permissions import actor_for
from qualification.selectors import events_visible_to, organisation_get

from .export import audit_csv_lines
from .mfa import has_totp
from .sessions import MFA_SETUP_REQUIRED


@login_required
def mfa_required(request):
    """Why the portal asks for two-factor authentication, and where to set it up."""
    if not request.session.get(MFA_SETUP_REQUIRED) or has_totp(request.user):
        return redirect("home")
    return render(request, "security/mfa_required.html")


@login_required
@require_GET
def audit_export(request, pk):
    organisation = organisation_get(request.user, pk)
    if not actor_for(request.user).can_manage(organisation.pk):
        raise PermissionDenied("Only the organisation's admin can export its audit trail.")
    events = events_visible_to(request.user).filter(organisation=organisation)
    response = StreamingHttpResponse(
        audit_csv_lines(organisation, events), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = (
        f'attachment; filename="audit-{organisation.slug}-{stamp}.csv"'
    )
    return response
