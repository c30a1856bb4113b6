"""Every write to test deliverables, checkpoints and QT entry. Pages, the API,
the demo and tests call these only; each checks the actor's right, locks the
row, runs the state machine, writes history and records one event."""

from django.core.files.base import File
from django.db import transaction
from django.db.models import Max

from mhhs_portal.exceptions import IllegalTransition, NotPermitted, ValidationFailed
from qad.services import evidence_file_check
from qualification.events import event_record
from qualification.models import Qualification, QualificationStatus
from qualification.services import qualification_transition
from qualification.transitions import transition_apply

from ..models import Allocation, Cohort
from .kinds import (
    CHECKPOINT_EVENTS,
    QT_ROUTES,
    SPECS,
    final_reviewer,
)
from .models import (
    CheckpointOutcome,
    CheckpointReview,
    Deliverable,
    DeliverableComment,
    DeliverableRevision,
    DeliverableStatus,
)
from .rights import code_body_for, manages_cohort, participant_of
from .timeline import checkpoints_for_cohort, kinds_for_cohort

D = DeliverableStatus
# Statuses after QT entry: the Test Completion Report belongs to them.
AFTER_QT_ENTRY = {
    QualificationStatus.IN_TESTING,
    QualificationStatus.FINAL_QAD,
    QualificationStatus.SIGNED_OFF,
    QualificationStatus.QUALIFIED,
    QualificationStatus.ACTIVE,
}


def _target(deliverable: Deliverable) -> dict:
    qualification = deliverable.qualification
    return {"organisation": qualification.organisation, "qualification": qualification}


def _payload(deliverable: Deliverable, **extra) -> dict:
    return {"deliverable": deliverable.pk, "kind": deliverable.kind, **extra}


def _label(deliverable: Deliverable) -> str:
    return deliverable.get_kind_display()


def _current_cohort_id(qualification_id: int) -> int | None:
    return (
        Allocation.objects.filter(qualification_id=qualification_id)
        .values_list("cohort_id", flat=True)
        .first()
    )


def _require_current_cohort(deliverable: Deliverable) -> None:
    """A deliverable counts for the cohort the qualification is allocated to now."""
    if _current_cohort_id(deliverable.qualification_id) != deliverable.cohort_id:
        raise IllegalTransition(
            f"The {_label(deliverable)} belongs to {deliverable.cohort}, which is not this "
            "participant's cohort any more.",
            code="deliverable_not_in_cohort",
        )


def _require_participant(actor, deliverable: Deliverable) -> None:
    if not participant_of(actor, deliverable):
        raise NotPermitted("Only the participant's contributors can do this.")


def _require_test_manager(actor, deliverable: Deliverable) -> None:
    if not manages_cohort(actor, deliverable.cohort_id):
        raise NotPermitted(
            f"Only a Qualification Test Manager of {deliverable.cohort} reviews this deliverable.",
            code="not_cohort_test_manager",
        )


def _require_code_body(actor, deliverable: Deliverable) -> None:
    if not code_body_for(actor, deliverable):
        raise NotPermitted(
            "Only the Code Bodies and DIP Manager approving "
            f"{deliverable.qualification.market_role} validate PIT artefacts of "
            f"{deliverable.cohort}.",
            code="not_cohort_code_body",
        )


# --- Which deliverables a qualification has ------------------------------------------


def deliverables_sync(*, qualification: Qualification, actor=None) -> list[Deliverable]:
    """Make the qualification's deliverables match its cohort's timeline.

    Called when the qualification is allocated or moved (waves.receivers), so
    it records no event of its own: the allocation event says why. Deliverables
    move with the qualification to its new cohort, keeping their status; an
    outstanding one the new timeline does not ask for is removed."""
    allocation = (
        Allocation.objects.select_related("cohort").filter(qualification=qualification).first()
    )
    if allocation is None:
        return []
    cohort = allocation.cohort
    wanted = kinds_for_cohort(cohort)
    with transaction.atomic():
        existing = {
            d.kind: d
            for d in Deliverable.objects.select_for_update()
            .filter(qualification=qualification)
            .order_by("pk")
        }
        for deliverable in existing.values():
            if deliverable.cohort_id == cohort.pk:
                continue
            deliverable._history_user = actor
            deliverable._change_reason = f"moved with its qualification to {cohort.key}"
            if deliverable.kind not in wanted and deliverable.status == D.OUTSTANDING:
                deliverable.delete()
                continue
            deliverable.cohort = cohort
            fields = ["cohort", "updated_at"]
            if deliverable.status in (D.OUTSTANDING, D.DRAFT_AND_REVIEW):
                deliverable.final_reviewer = final_reviewer(deliverable.kind, cohort.route)
                fields.append("final_reviewer")
            deliverable.save(update_fields=fields)
        for kind in wanted:
            if kind not in existing:
                deliverable = Deliverable(
                    qualification=qualification,
                    cohort=cohort,
                    kind=kind,
                    final_reviewer=final_reviewer(kind, cohort.route),
                )
                deliverable._history_user = actor
                deliverable._change_reason = f"asked for by the {cohort.key} timeline"
                deliverable.save()
    return list(Deliverable.objects.filter(qualification=qualification))


def deliverable_for(*, qualification: Qualification, kind: str) -> Deliverable:
    """The qualification's deliverable of a kind; refused when its cohort has none."""
    if kind not in SPECS:
        raise ValidationFailed("Unknown deliverable.", errors={"kind": ["Unknown deliverable."]})
    deliverable = (
        Deliverable.objects.select_related(
            "cohort", "qualification__organisation", "qualification__market_role"
        )
        .filter(qualification=qualification, kind=kind)
        .first()
    )
    cohort_id = _current_cohort_id(qualification.pk)
    if deliverable is None or deliverable.cohort_id != cohort_id:
        cohort = Cohort.objects.filter(pk=cohort_id).first()
        where = f"the {cohort} timeline" if cohort else "a participant without a cohort"
        raise IllegalTransition(
            f"{SPECS[kind].kind.label} is not a deliverable of {where}.",
            code="deliverable_not_in_cohort",
        )
    return deliverable


# --- The participant ---------------------------------------------------------------------


def deliverable_upload(*, actor, deliverable: Deliverable, upload) -> DeliverableRevision:
    """Store a new file of the deliverable; earlier files are kept.

    Files are checked exactly as QAD evidence is (size, type from content,
    name agreeing with content, ZIP caps)."""
    _require_participant(actor, deliverable)
    _require_current_cohort(deliverable)
    name = upload.name or "upload"
    detected = evidence_file_check(upload, name)
    with transaction.atomic():
        locked = Deliverable.objects.select_for_update().get(pk=deliverable.pk)
        if locked.status not in (D.OUTSTANDING, D.DRAFT_AND_REVIEW):
            raise IllegalTransition(
                f"The {_label(locked)} is in “{locked.get_status_display()}”: its file cannot "
                "change now.",
                code="deliverable_locked",
            )
        last = locked.revisions.aggregate(n=Max("number"))["n"] or 0
        revision = DeliverableRevision(
            deliverable=locked,
            number=last + 1,
            original_name=name[-255:],
            sha256=detected.sha256,
            size=detected.size,
            content_type=detected.kind.content_type,
            uploaded_by=actor,
        )
        # Written before the commit; if the transaction rolls back the file is
        # left unreferenced, never served.
        revision.file.save(name, File(upload), save=False)
        revision.save()
        event_record(
            kind="deliverable_uploaded",
            actor=actor,
            payload=_payload(locked, revision=revision.number, sha256=revision.sha256),
            **_target(deliverable),
        )
    return revision


def _move(
    *,
    actor,
    deliverable: Deliverable,
    transition: str,
    allowed,
    event_kind: str,
    reason: str,
    comment: str = "",
) -> Deliverable:
    with transaction.atomic():
        status_before = deliverable.status
        moved = transition_apply(
            instance=deliverable,
            transition=transition,
            actor=actor,
            allowed=allowed,
            event_kind=event_kind,
            reason=reason,
            event_target=_target,
            payload=_payload(deliverable, **({"comment": comment} if comment else {})),
        )
        if comment:
            DeliverableComment.objects.create(
                deliverable=moved, author=actor, status=status_before, text=comment
            )
    return moved


def deliverable_submit(*, actor, deliverable: Deliverable, comment: str = "") -> Deliverable:
    """Outstanding → Draft and Review: the participant submits its latest file."""
    _require_participant(actor, deliverable)
    _require_current_cohort(deliverable)
    spec = SPECS[deliverable.kind]
    if not deliverable.revisions.exists():
        raise ValidationFailed(
            f"Upload the {_label(deliverable)} before submitting it.",
            errors={"file": ["Upload a file first."]},
            code="deliverable_file_missing",
        )
    if spec.after_qt_entry and deliverable.qualification.status not in AFTER_QT_ENTRY:
        raise IllegalTransition(
            f"The {_label(deliverable)} is submitted after QT entry has been confirmed.",
            code="qt_not_entered",
        )
    return _move(
        actor=actor,
        deliverable=deliverable,
        transition="submit",
        allowed=lambda d: participant_of(actor, d),
        event_kind=spec.submitted_event,
        reason="submitted for review",
        comment=comment.strip(),
    )


# --- The reviewers ----------------------------------------------------------------------


def deliverable_pass_to_code_bodies(
    *, actor, deliverable: Deliverable, comment: str = ""
) -> Deliverable:
    """Draft and Review → Code Body Review: the test manager has reviewed a PIT artefact."""
    _require_test_manager(actor, deliverable)
    _require_current_cohort(deliverable)
    return _move(
        actor=actor,
        deliverable=deliverable,
        transition="pass_to_code_bodies",
        allowed=lambda d: manages_cohort(actor, d.cohort_id),
        event_kind="deliverable_passed_to_code_bodies",
        reason="reviewed by the test manager, passed to the Code Bodies",
        comment=comment.strip(),
    )


def deliverable_return(*, actor, deliverable: Deliverable, comment: str) -> Deliverable:
    """Code Body Review → Draft and Review, with the changes the Code Bodies ask for."""
    _require_code_body(actor, deliverable)
    _require_current_cohort(deliverable)
    if not comment.strip():
        raise ValidationFailed(
            "Say what needs to change.", errors={"comment": ["A comment is required."]}
        )
    return _move(
        actor=actor,
        deliverable=deliverable,
        transition="return_for_changes",
        allowed=lambda d: code_body_for(actor, d),
        event_kind="deliverable_returned",
        reason="returned for changes",
        comment=comment.strip(),
    )


def deliverable_complete(*, actor, deliverable: Deliverable, comment: str = "") -> Deliverable:
    """Accept the deliverable: the test manager for what it assures, the Code
    Bodies for PIT artefacts they validate. The Test Completion Report's
    acceptance is QT exit."""
    if deliverable.final_reviewer == "code_bodies":
        _require_code_body(actor, deliverable)
        transition, allowed = "complete_by_code_bodies", lambda d: code_body_for(actor, d)
    else:
        _require_test_manager(actor, deliverable)
        transition = "complete_by_test_manager"
        allowed = lambda d: manages_cohort(actor, d.cohort_id)  # noqa: E731
    _require_current_cohort(deliverable)
    return _move(
        actor=actor,
        deliverable=deliverable,
        transition=transition,
        allowed=allowed,
        event_kind=SPECS[deliverable.kind].completed_event,
        reason="completed",
        comment=comment.strip(),
    )


def deliverable_comment_add(*, actor, deliverable: Deliverable, text: str) -> DeliverableComment:
    """A message in the deliverable's review thread, from the participant or a reviewer."""
    if not (
        participant_of(actor, deliverable)
        or manages_cohort(actor, deliverable.cohort_id)
        or code_body_for(actor, deliverable)
    ):
        raise NotPermitted("Only the participant and the deliverable's reviewers comment here.")
    if not text.strip():
        raise ValidationFailed("Write a comment.", errors={"text": ["A comment is required."]})
    with transaction.atomic():
        comment = DeliverableComment.objects.create(
            deliverable=deliverable,
            author=actor,
            status=deliverable.status,
            text=text.strip(),
        )
        event_record(
            kind="deliverable_comment_added",
            actor=actor,
            payload=_payload(deliverable, comment=comment.pk),
            **_target(deliverable),
        )
    return comment


# --- QT entry ---------------------------------------------------------------------------


def _require_qualification_test_manager(actor, qualification: Qualification) -> Cohort:
    allocation = Allocation.objects.select_related("cohort").filter(qualification=qualification)
    cohort = allocation.first().cohort if allocation.exists() else None
    if cohort is None or cohort.route not in QT_ROUTES:
        raise IllegalTransition(
            "This participant is not allocated to a cohort with QT entry checkpoints.",
            code="no_qt_entry",
        )
    if not manages_cohort(actor, cohort.pk):
        raise NotPermitted(
            f"Only a Qualification Test Manager of {cohort} reviews its QT entry.",
            code="not_cohort_test_manager",
        )
    return cohort


def checkpoint_passed(qualification: Qualification, number: int) -> bool:
    return CheckpointReview.objects.filter(
        qualification=qualification, number=number, outcome=CheckpointOutcome.PASSED
    ).exists()


def checkpoint_review(
    *, actor, qualification: Qualification, number: int, outcome: str, comment: str = ""
) -> CheckpointReview:
    """The test manager's review of a QT Entry Checkpoint from its deliverables.

    Passing needs every deliverable of the checkpoint completed (and, for
    checkpoint 2, checkpoint 1 passed). "Not on track" needs a comment: it is
    what the Code Bodies read when they move the participant to a later wave."""
    cohort = _require_qualification_test_manager(actor, qualification)
    if number not in checkpoints_for_cohort(cohort):
        raise IllegalTransition(
            f"{cohort} has no QT Entry Checkpoint {number}.", code="no_such_checkpoint"
        )
    if outcome not in CheckpointOutcome.values:
        raise ValidationFailed("Choose passed or not on track.", errors={"outcome": ["Unknown."]})
    comment = comment.strip()
    with transaction.atomic():
        locked = Qualification.objects.select_for_update().get(pk=qualification.pk)
        if locked.status not in (QualificationStatus.REGISTERED, QualificationStatus.PREPARING):
            raise IllegalTransition(
                "QT entry checkpoints are reviewed before QT entry.", code="after_qt_entry"
            )
        if checkpoint_passed(locked, number):
            raise IllegalTransition(
                f"QT Entry Checkpoint {number} has already been passed.", code="checkpoint_passed"
            )
        if outcome == CheckpointOutcome.PASSED:
            _require_checkpoint_ready(locked, cohort, number)
        elif not comment:
            raise ValidationFailed(
                "Say why the participant is not on track.",
                errors={"comment": ["A comment is required."]},
            )
        review = CheckpointReview.objects.create(
            qualification=locked, number=number, outcome=outcome, comment=comment, reviewer=actor
        )
        event_record(
            kind=CHECKPOINT_EVENTS[number]
            if outcome == CheckpointOutcome.PASSED
            else "qt_entry_checkpoint_not_on_track",
            actor=actor,
            qualification=locked,
            payload={"checkpoint": number, "cohort": cohort.key, "comment": comment},
        )
    return review


def _require_checkpoint_ready(qualification: Qualification, cohort: Cohort, number: int) -> None:
    if (
        number == 2
        and 1 in checkpoints_for_cohort(cohort)
        and not checkpoint_passed(qualification, 1)
    ):
        raise IllegalTransition(
            "QT Entry Checkpoint 1 must be passed first.", code="checkpoint_1_not_passed"
        )
    waiting = [
        d.get_kind_display()
        for d in Deliverable.objects.filter(qualification=qualification, cohort=cohort)
        if SPECS[d.kind].checkpoint == number and d.status != D.COMPLETED
    ]
    if waiting:
        raise IllegalTransition(
            f"QT Entry Checkpoint {number} needs these deliverables completed first: "
            + ", ".join(waiting)
            + ".",
            code="checkpoint_deliverables_open",
        )


def qt_entry_confirm(*, actor, qualification: Qualification) -> Qualification:
    """The test manager confirms QT entry once every checkpoint of the cohort is
    passed; the qualification moves to "in testing" through the core service."""
    cohort = _require_qualification_test_manager(actor, qualification)
    missing = [n for n in checkpoints_for_cohort(cohort) if not checkpoint_passed(qualification, n)]
    if missing:
        raise IllegalTransition(
            "QT entry needs QT Entry Checkpoint "
            + " and ".join(str(n) for n in missing)
            + " passed first.",
            code="checkpoints_not_passed",
        )
    return qualification_transition(
        actor=actor,
        qualification=qualification,
        transition="enter_testing",
        reason="QT entry confirmed by the test manager",
        payload={"cohort": cohort.key},
    )
