"""The signed snapshot as a PDF, for people: everything it shows is read from
the frozen snapshot JSON, never from today's rows, so the PDF says exactly
what was signed. The snapshot's SHA-256 is in every page's footer so a
printed page can be matched to the record."""

import json
import re

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.dateparse import parse_datetime

from qualification.models import MarketRole

from .declarations import DECLARATIONS
from .models import QuestionType, SignOff, TemplateQuestion

STYLESHEET = "css/qad-snapshot-pdf.css"
SHA256_HEX = re.compile(r"[0-9a-f]{64}")


def snapshot_pdf_render(record: SignOff) -> bytes:
    from weasyprint import CSS, HTML  # half a second to import: only when a PDF is asked for

    snapshot = json.loads(record.snapshot)
    role_names = dict(
        MarketRole.objects.filter(code__in=snapshot["roles"]).values_list("code", "name")
    )
    html = render_to_string(
        "qad/pdf/snapshot.html",
        {
            "record": record,
            "snapshot": snapshot,
            "signed_at": parse_datetime(snapshot["signed_at"]),
            "declaration": DECLARATIONS.get(record.declaration_version, ""),
            "roles": [role_names.get(code, code) for code in snapshot["roles"]],
            "sections": _sections(snapshot, role_names),
        },
    )
    return HTML(string=html).write_pdf(
        stylesheets=[CSS(filename=finders.find(STYLESHEET)), _footer(record.sha256)]
    )


def _footer(sha256: str):
    from weasyprint import CSS

    # The hash goes into CSS `content`; it is checked to be hex so nothing
    # else can ever reach the stylesheet.
    if not SHA256_HEX.fullmatch(sha256):
        raise ValueError("not a SHA-256 hex digest")
    return CSS(string=f'@page {{ @bottom-left {{ content: "Snapshot SHA-256 {sha256}"; }} }}')


def _sections(snapshot: dict, role_names: dict[str, str]) -> list[dict]:
    # Question wording comes from the template the snapshot names; a
    # published template in use is immutable, so the wording is the signed one.
    questions: dict[str, list[TemplateQuestion]] = {}
    for question in TemplateQuestion.objects.filter(
        section__template__name=snapshot["template"]["name"],
        section__template__version=snapshot["template"]["version"],
    ).select_related("section"):
        questions.setdefault(question.section.key, []).append(question)
    return [
        {
            **section,
            "role_name": role_names.get(section["role"], section["role"]),
            "items": [
                {
                    "text": q.text,
                    "is_file": q.type == QuestionType.FILE,
                    "answer": answer_display(q.type, section["answers"].get(q.key)),
                    "revisions": section["evidence"].get(q.key, []),
                }
                for q in questions.get(section["key"], [])
            ],
        }
        for section in snapshot["sections"]
    ]


def answer_display(kind: str, value) -> str:
    if value is None or value == "" or value == []:
        return ""
    if kind == QuestionType.YES_NO:
        return "Yes" if value else "No"
    if kind == QuestionType.MULTIPLE_CHOICE:
        return ", ".join(value)
    if kind == QuestionType.EXTERNAL_REF:
        return " · ".join(part for part in (value.get("reference"), value.get("url")) if part)
    return str(value)


def snapshot_pdf_response(record: SignOff) -> HttpResponse:
    response = HttpResponse(snapshot_pdf_render(record), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="qad-{record.qad_id}-{record.sha256[:12]}.pdf"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
