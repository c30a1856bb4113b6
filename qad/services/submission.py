"""Submitting a section, and the QAD-wide milestones a submission can complete."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from mhhs_portal.exceptions import ValidationFailed
from qualification.events import event_record

from ..answer_types import is_blank
from ..models import Qad, QadSection, QadStage, ReviewStatus, SectionStatus
from ..notifications import notify, reviewers_of
from ._common import (
    lock_section,
    require_contributor,
    require_open,
    review_move,
    section_move,
)

SUBMITTED_ONCE = [SectionStatus.SUBMITTED, SectionStatus.RESUBMITTED, SectionStatus.ACCEPTED]


def missing_mandatory(section: QadSection) -> list:
    """Mandatory questions of the section without an answer or a file."""
    answered = {a.question_id for a in section.answers.all() if not is_blank(a.value)} | {
        e.question_id for e in section.evidence.all() if e.revisions.exists()
    }
    return [
        q for q in section.template_section.questions.all() if q.mandatory and q.pk not in answered
    ]


def section_submit(*, actor, section: QadSection) -> QadSection:
    """Send a section to its reviewing bodies.

    In the Initial QAD partial answers are fine; in the Final QAD every
    mandatory question must be answered first (QA&P §10.3).
    """
    require_contributor(actor, section.qad)
    require_open(section.qad)
    with transaction.atomic():
        section = lock_section(section)
        if section.qad.stage == QadStage.FINAL:
            missing = missing_mandatory(section)
            if missing:
                raise ValidationFailed(
                    "The Final QAD needs every mandatory answer before a section is submitted.",
                    errors={q.key: ["This answer is mandatory in the Final QAD."] for q in missing},
                    code="mandatory_answers_missing",
                )
        again = section.status == SectionStatus.CHANGES_REQUESTED
        section = section_move(
            section=section,
            transition="resubmit" if again else "submit",
            actor=actor,
            event_kind="qad_section_resubmitted" if again else "qad_section_submitted",
            reason="resubmitted" if again else "submitted",
        )
        waiting = []
        for review in section.reviews.all():
            if review.status == ReviewStatus.CHANGES_REQUESTED:
                review_move(
                    review=review,
                    section=section,
                    transition="await_resubmission",
                    actor=actor,
                    event_kind="qad_review_awaiting_resubmission",
                    reason="section resubmitted",
                )
                waiting.append(review.body)
            elif review.status == ReviewStatus.PENDING:
                waiting.append(review.body)
        stage_milestones_record(actor=actor, qad=section.qad)
        notify(
            reviewers_of(waiting),
            text=(
                f"{section.qad.organisation.name}: “{section.template_section.title}”"
                f" {'resubmitted' if again else 'submitted'} for your review."
            ),
            link=reverse("qad:section_review", args=[section.pk]),
        )
    return section


def stage_milestones_record(*, actor, qad: Qad) -> None:
    """Record “Initial QAD submitted” / “Final QAD submitted” once each, per covered role.

    The deadline engine reads these per qualification (Appendix C "within 6
    weeks of Initial QAD submission"), so one event is written for each
    covered qualification, once, guarded by a timestamp on the locked QAD.
    """
    qad = Qad.objects.select_for_update().get(pk=qad.pk)
    sections = list(qad.sections.select_related("template_section"))
    if qad.stage == QadStage.INITIAL and qad.initial_submitted_at is None:
        relevant = [s for s in sections if s.template_section.required_for_initial]
        if all(s.first_submitted_at for s in relevant):
            _milestone(actor, qad, "initial_submitted_at", "initial_qad_submitted")
    elif (
        qad.stage == QadStage.FINAL
        and qad.final_submitted_at is None
        and all(s.status in SUBMITTED_ONCE for s in sections)
    ):
        _milestone(actor, qad, "final_submitted_at", "final_qad_submitted")


def _milestone(actor, qad: Qad, field: str, kind: str) -> None:
    setattr(qad, field, timezone.now())
    qad._history_user = actor
    qad._change_reason = kind.replace("_", " ")
    qad.save(update_fields=[field, "updated_at"])
    for qualification in qad.qualifications.select_related("organisation"):
        event_record(kind=kind, actor=actor, qualification=qualification, payload={"qad": qad.pk})
