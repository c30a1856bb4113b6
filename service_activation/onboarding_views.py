"""DIP onboarding pages: one organisation's status against its cohort's
window, and the DIP Manager's overview of every organisation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mhhs_portal.exceptions import ApplicationError
from mhhs_portal.forms import service_form_errors
from qualification.permissions import actor_for

from . import dip_onboarding, selectors
from .forms import OfficerForm, OnboardingRecordForm
from .steps import is_dip_manager


@login_required
def overview(request):
    """Every organisation's DIP onboarding status, for the DIP Manager and the programme."""
    actor = actor_for(request.user)
    if not (actor.sees_every_participant or is_dip_manager(actor)):
        raise Http404
    organisations = selectors.onboarding_organisations_visible_to(request.user).order_by("name")
    page = Paginator(organisations, 50).get_page(request.GET.get("page"))
    rows = [
        (
            o,
            selectors.onboarding_of(o),
            dip_onboarding.onboarding_status(selectors.onboarding_of(o)),
        )
        for o in page
    ]
    return render(request, "service_activation/dip_overview.html", {"page": page, "rows": rows})


def _context(request, organisation, **forms) -> dict:
    onboarding = selectors.onboarding_of(organisation)
    actor = actor_for(request.user)
    today = timezone.localdate()
    completed_on = onboarding.completed_on if onboarding else None
    return {
        "organisation": organisation,
        "onboarding": onboarding,
        "status": dip_onboarding.onboarding_status(onboarding),
        "officers": list(onboarding.officers.all()) if onboarding else [],
        "windows": [
            (w, selectors.window_state(w, completed_on, today))
            for w in selectors.dip_windows(organisation)
        ],
        "can_manage": actor.can_manage(organisation.pk),
        "is_dip_manager": is_dip_manager(actor),
        "officer_form": forms.get("officer_form") or OfficerForm(),
        "record_form": forms.get("record_form") or OnboardingRecordForm(),
    }


@login_required
def onboarding_detail(request, pk):
    organisation = selectors.onboarding_organisation_get(request.user, pk)
    return render(
        request, "service_activation/dip_onboarding.html", _context(request, organisation)
    )


def _submit(request, pk, form_class, form_name, call, success):
    organisation = selectors.onboarding_organisation_get(request.user, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            call(organisation, form.cleaned_data)
        except ApplicationError as exc:
            service_form_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect("service_activation:dip_onboarding", pk=organisation.pk)
    context = _context(request, organisation, **{form_name: form})
    return render(request, "service_activation/dip_onboarding.html", context, status=400)


@login_required
@require_POST
def officer_add(request, pk):
    return _submit(
        request,
        pk,
        OfficerForm,
        "officer_form",
        lambda org, data: dip_onboarding.dip_officer_appoint(
            actor=request.user, organisation=org, **data
        ),
        "Security officer appointed.",
    )


@login_required
@require_POST
def onboarding_record(request, pk):
    return _submit(
        request,
        pk,
        OnboardingRecordForm,
        "record_form",
        lambda org, data: dip_onboarding.dip_onboarding_record(
            actor=request.user, organisation=org, **data
        ),
        "DIP onboarding updated.",
    )


@login_required
@require_POST
def officer_remove(request, pk):
    officer = selectors.officer_get(request.user, pk)
    organisation_id = officer.onboarding.organisation_id
    try:
        dip_onboarding.dip_officer_remove(actor=request.user, officer=officer)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Security officer removed.")
    return redirect("service_activation:dip_onboarding", pk=organisation_id)
