"""Evidence download, section history and notifications."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from mhhs_portal.downloads import private_file_response

from .. import selectors
from ..snapshot_pdf import snapshot_pdf_response


@login_required
def evidence_download(request, pk):
    """Evidence is served only here, to people who may see its section, never inline."""
    revision = selectors.evidence_revision_get(request.user, pk)
    return private_file_response(
        revision.file, filename=revision.original_name, content_type=revision.content_type
    )


@login_required
def snapshot_download(request, pk):
    record = selectors.sign_off_get(request.user, pk)
    response = HttpResponse(record.snapshot, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="qad-{record.qad_id}-{record.sha256[:12]}.json"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def snapshot_pdf(request, pk):
    return snapshot_pdf_response(selectors.sign_off_get(request.user, pk))


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
