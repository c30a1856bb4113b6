"""Rendering the pack to PDF and storing each generation as a new version."""

import hashlib

from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone

from qualification.events import event_record

from ..models import PabMeeting, PackVersion
from ..services.pab import require_secretariat
from .data import pack_applications

STYLESHEET = "governance/pack.css"


def pack_html(meeting: PabMeeting, *, for_screen: bool = False) -> tuple[str, list]:
    applications = pack_applications(meeting)
    html = render_to_string(
        "governance/pack/pack.html",
        {
            "meeting": meeting,
            "applications": applications,
            "generated_at": timezone.now(),
            "for_screen": for_screen,
        },
    )
    return html, applications


def pack_pdf(meeting: PabMeeting) -> tuple[bytes, int, dict]:
    """(PDF bytes, page count, QAD id -> snapshot SHA-256 it was built from)."""
    from weasyprint import CSS, HTML  # imported here: half a second, only when rendering

    html, applications = pack_html(meeting)
    document = HTML(string=html).render(stylesheets=[CSS(filename=finders.find(STYLESHEET))])
    snapshots = {k: v for a in applications for k, v in a.snapshots.items()}
    return document.write_pdf(), len(document.pages), snapshots


def pack_generate(*, actor, meeting: PabMeeting) -> PackVersion:
    require_secretariat(actor)
    pdf, pages, snapshots = pack_pdf(meeting)
    with transaction.atomic():
        # Lock the meeting so two generations cannot take the same version number.
        PabMeeting.objects.select_for_update().get(pk=meeting.pk)
        number = (meeting.packs.aggregate(top=Max("number"))["top"] or 0) + 1
        version = PackVersion(
            meeting=meeting,
            number=number,
            sha256=hashlib.sha256(pdf).hexdigest(),
            size=len(pdf),
            pages=pages,
            qad_snapshots=snapshots,
            generated_by=actor,
            generated_at=timezone.now(),
        )
        version.file.save(f"v{number}.pdf", ContentFile(pdf), save=False)
        version.save()
        event_record(
            kind="pab_pack_generated",
            actor=actor,
            payload={"meeting": meeting.pk, "version": number, "sha256": version.sha256},
        )
    return version
