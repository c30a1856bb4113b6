"""Answers and evidence: what contributors write into a section."""

from django.core.files.base import File
from django.db import transaction
from django.db.models import Max

from mhhs_portal.exceptions import ValidationFailed
from qualification.events import event_record

from ..answer_types import clean_answer
from ..evidence_types import detect
from ..models import Answer, EvidenceFile, EvidenceRevision, QadSection, QuestionType, SectionStatus
from ._common import (
    lock_section,
    qad_target,
    require_contributor,
    require_editable,
    require_open,
    section_move,
    section_payload,
)


def _check_writable(actor, section: QadSection, question) -> None:
    require_contributor(actor, section.qad)
    require_open(section.qad)
    if question.section_id != section.template_section_id:
        raise ValidationFailed(
            "This question is not part of this section.", code="question_not_in_section"
        )


def _start(actor, section: QadSection) -> QadSection:
    if section.status == SectionStatus.NOT_STARTED:
        return section_move(
            section=section,
            transition="start",
            actor=actor,
            event_kind="qad_section_started",
            reason="first answer saved",
        )
    return section


def answer_save(*, actor, section: QadSection, question, value) -> Answer:
    """Save one answer; partial sections are fine until the section is submitted."""
    _check_writable(actor, section, question)
    if question.type == QuestionType.FILE:
        raise ValidationFailed(
            "Upload a file for this question.", errors={question.key: ["Upload a file."]}
        )
    cleaned = clean_answer(question, value)
    with transaction.atomic():
        section = lock_section(section)
        require_editable(section)
        _start(actor, section)
        answer = Answer.objects.filter(section=section, question=question).first()
        if answer is None:
            answer = Answer(section=section, question=question)
        elif answer.value == cleaned:
            return answer
        answer.value = cleaned
        answer._history_user = actor
        answer._change_reason = "answer saved"
        answer.save()
    return answer


def answers_save(*, actor, section: QadSection, values: dict) -> list[Answer]:
    """Save several answers at once (the section form): all or none."""
    questions = {q.key: q for q in section.template_section.questions.all()}
    errors: dict = {}
    saved = []
    with transaction.atomic():
        for key, value in values.items():
            if key not in questions:
                continue
            try:
                saved.append(
                    answer_save(actor=actor, section=section, question=questions[key], value=value)
                )
            except ValidationFailed as exc:
                if exc.code != "invalid_answer":
                    raise
                errors.update(exc.errors)
        if errors:
            # Nothing is kept when one answer is wrong, so the person sees the
            # form as they typed it and fixes one thing.
            transaction.set_rollback(True)
    if errors:
        raise ValidationFailed("Please correct the answers below.", errors=errors)
    return saved


def evidence_upload(*, actor, section: QadSection, question, upload) -> EvidenceRevision:
    """Store a new revision of the file answering `question`; earlier revisions are kept."""
    from .qads import qad_mark_final

    _check_writable(actor, section, question)
    if question.type != QuestionType.FILE:
        raise ValidationFailed("This question does not take a file.", code="not_a_file_question")
    name = upload.name or "upload"
    detected = detect(upload, name)
    with transaction.atomic():
        section = lock_section(section)
        require_editable(section)
        _start(actor, section)
        evidence = EvidenceFile.objects.filter(section=section, question=question).first()
        if evidence is None:
            evidence = EvidenceFile(section=section, question=question)
            evidence._history_user = actor
            evidence.save()
        last = evidence.revisions.aggregate(n=Max("number"))["n"] or 0
        # The stored file is written before the commit; if the transaction
        # rolls back it is left unreferenced, never served.
        revision = EvidenceRevision(
            evidence=evidence,
            number=last + 1,
            original_name=name[-255:],
            sha256=detected.sha256,
            size=detected.size,
            content_type=detected.kind.content_type,
            uploaded_by=actor,
        )
        revision.file.save(name, File(upload), save=False)
        revision._history_user = actor
        revision.save()
        event_record(
            kind="qad_evidence_uploaded",
            actor=actor,
            payload={
                **section_payload(section),
                "question": question.key,
                "revision": revision.number,
                "sha256": revision.sha256,
            },
            **qad_target(section.qad),
        )
        if question.marks_final and section.qad.stage == "initial":
            qad_mark_final(actor=actor, qad=section.qad)
    return revision
