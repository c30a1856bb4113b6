"""Every write to QADs. Pages, the API, the demo and tests call these only."""

from ..evidence_types import detect as evidence_file_check
from .answers import answer_save, answers_save, evidence_upload
from .qads import (
    qad_add_qualification,
    qad_create,
    qad_exemption_request,
    qad_mark_final,
    sections_sync,
    template_current,
)
from .review import (
    ACCEPT,
    REQUEST_CHANGES,
    comment_add,
    comment_resolve,
    reopen_decide,
    reopen_request,
    section_review,
)
from .sign_off import delegation_record, qad_sign_off, signing_capacity
from .submission import missing_mandatory, section_submit
from .templates import (
    qad_template_new_version,
    qad_template_publish,
    template_is_frozen,
    template_row_delete,
    template_row_save,
)

__all__ = [
    "ACCEPT",
    "REQUEST_CHANGES",
    "answer_save",
    "answers_save",
    "comment_add",
    "comment_resolve",
    "delegation_record",
    "evidence_file_check",
    "evidence_upload",
    "missing_mandatory",
    "qad_add_qualification",
    "qad_create",
    "qad_exemption_request",
    "qad_mark_final",
    "qad_sign_off",
    "qad_template_new_version",
    "qad_template_publish",
    "reopen_decide",
    "reopen_request",
    "section_review",
    "section_submit",
    "sections_sync",
    "signing_capacity",
    "template_current",
    "template_is_frozen",
    "template_row_delete",
    "template_row_save",
]
