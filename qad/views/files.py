"""Evidence download, section history and notifications."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import render

from .. import selectors
from ..models import QadStage


@login_required
def evidence_download(request, pk):
    """Evidence is served only here, to people who may see its section, never inline."""
    revision = selectors.evidence_revision_get(request.user, pk)
    response = FileResponse(
        revision.file.open("rb"),
        as_attachment=True,
        filename=revision.original_name,
        content_type=revision.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def snapshot_download(request, pk):
    qad = selectors.qad_get(request.user, pk)
    if qad.stage != QadStage.SIGNED_OFF:
        return HttpResponse(status=404)
    record = qad.sign_off_record
    response = HttpResponse(record.snapshot, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="qad-{qad.pk}-{record.sha256[:12]}.json"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def section_history(request, pk):
    section = selectors.section_get(request.user, pk)
    return render(
        request,
        "qad/history.html",
        {"section": section, "qad": section.qad, "rows": selectors.section_history(section)},
    )


@login_required
def notifications(request):
    page = Paginator(selectors.notifications_for(request.user), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "qad/notifications.html", {"page": page})
