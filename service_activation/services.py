"""Writes to service activations. Pages, the API, the demo and the
`qualified` receiver call these; each checks the actor's right and the
journey's gates, and records who, when, an event and a history row."""

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_fsm import can_proceed

from mhhs_portal.exceptions import IllegalTransition, NotPermitted, ValidationFailed
from qualification.events import event_record
from qualification.models import Qualification, QualificationStatus
from qualification.permissions import actor_for
from qualification.services import qualification_transition
from qualification.transitions import transition_apply
from waves.selectors import allocations_by_qualification

from .models import ServiceActivation, Step, StepRecord
from .notifications import notify_on_commit
from .steps import STEPS, StepSpec, holds

ISD_NOTICE = timedelta(days=7)
# Cohort route of the Non-SIT Suppliers and Agents (waves.models.Route.NON_SIT_QT).
NON_SIT_QT = "NON_SIT_QT"


def _target(activation: ServiceActivation) -> dict:
    qualification = activation.qualification
    return {"organisation": qualification.organisation, "qualification": qualification}


def _d(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def activation_open(*, qualification: Qualification, actor=None) -> ServiceActivation:
    """Open the qualification's service activation; a second call returns the same one.

    Opening follows the qualification decision, so the qualification's status
    is the check, not the actor's duty (the actor is who qualified the role).
    """
    with transaction.atomic():
        # Locking the qualification serialises two openings of the same one.
        locked = Qualification.objects.select_for_update().get(pk=qualification.pk)
        existing = ServiceActivation.objects.filter(qualification=locked).first()
        if existing is not None:
            return existing
        if locked.status != QualificationStatus.QUALIFIED:
            raise IllegalTransition(
                "Service activation opens only once the role is MHHS Qualified.",
                code="activation.not_qualified",
            )
        activation = ServiceActivation(qualification=locked)
        activation._history_user = actor
        activation._change_reason = "opened on qualification"
        activation.save()
        event_record(kind="activation_opened", actor=actor, qualification=locked)
        notify_on_commit(activation, "activation_opened")
    return activation


def _is_non_sit_qt(activation: ServiceActivation) -> bool:
    allocation = allocations_by_qualification([activation.qualification_id]).get(
        activation.qualification_id
    )
    return allocation is not None and allocation.cohort.route == NON_SIT_QT


def _check_non_sit_start(activation: ServiceActivation, day: date, what: str) -> None:
    start = settings.NON_SIT_MIGRATION_START
    if day < start and _is_non_sit_qt(activation):
        raise IllegalTransition(
            f"Non-SIT Suppliers and Agents cannot go live before the Non-SIT migration "
            f"start ({_d(start)}); {what} is {_d(day)}.",
            code="activation.before_non_sit_migration_start",
        )


def _check_isd_notice(efd: date, isd_published_on: date) -> None:
    if efd < isd_published_on + ISD_NOTICE:
        raise IllegalTransition(
            f"The ISD catalogue must be published at least 7 days before the EFD: an EFD of "
            f"{_d(efd)} needs publication by {_d(efd - ISD_NOTICE)} (published "
            f"{_d(isd_published_on)}).",
            code="activation.isd_notice",
        )


def _check_no_blocking_ticket(activation: ServiceActivation) -> None:
    blocking = activation.tickets.filter(step=activation.status, status="open", blocking=True)
    reference = blocking.values_list("reference", flat=True).first()
    if reference:
        raise IllegalTransition(
            f"Ticket {reference} is blocking this step; it must be resolved first.",
            code="activation.blocking_ticket_open",
        )


def _check_gates(activation: ServiceActivation, spec: StepSpec, day: date, today: date) -> None:
    _check_no_blocking_ticket(activation)
    if spec.step == Step.EFD_AGREED:
        _check_non_sit_start(activation, day, "the EFD")
    elif spec.step == Step.ISD_PUBLISHED:
        _check_isd_notice(activation.efd, day)
    elif spec.step == Step.LIVE:
        if today < activation.efd:
            raise IllegalTransition(
                f"The EFD is {_d(activation.efd)}: the role cannot go live before it.",
                code="activation.before_efd",
            )
        _check_non_sit_start(activation, today, "today")


def _step_day(spec: StepSpec, on: date | None, today: date) -> date:
    if spec.step == Step.EFD_AGREED and on is None:
        raise ValidationFailed(
            "Please give the agreed Effective From Date.",
            errors={"on": ["The agreed EFD is required."]},
        )
    if spec.step == Step.LIVE:
        return today
    return on or today


def _payload(spec: StepSpec, on: date | None, today: date, note: str) -> dict:
    payload = {"note": note} if note else {}
    if spec.date_field:
        # Validated by _step_day inside the move; this only reports it.
        payload["on"] = (today if spec.step == Step.LIVE else on or today).isoformat()
    return payload


def activation_step(
    *,
    actor,
    activation: ServiceActivation,
    step: str,
    on: date | None = None,
    note: str = "",
    today: date | None = None,
) -> ServiceActivation:
    """Complete the next step of the journey (see steps.STEPS for who holds each).

    `on` is the step's date: the agreed EFD for `efd_agreed`, the certificate
    date for `promoted_to_production`, the publication date for `isd_published`.
    """
    spec = STEPS.get(step)
    if spec is None:
        raise ValidationFailed("Unknown step.", errors={"step": [f"Unknown step {step!r}."]})
    actor = actor_for(actor)
    today = today or timezone.localdate()

    def allowed(locked: ServiceActivation) -> bool:
        # transition_apply calls this on the locked row before the move, so the
        # gates see the committed state and the step's date lands in the same
        # save (one history row per step).
        if not holds(actor, spec.holder, locked):
            return False
        if not can_proceed(getattr(locked, spec.transition)):
            return True  # transition_apply refuses with the illegal-state error
        day = _step_day(spec, on, today)
        _check_gates(locked, spec, day, today)
        if spec.date_field:
            setattr(locked, spec.date_field, day)
        return True

    with transaction.atomic():
        moved = transition_apply(
            instance=activation,
            transition=spec.transition,
            actor=actor.user,
            allowed=allowed,
            event_kind=spec.event_kind,
            reason=note or spec.event_kind.replace("_", " "),
            event_target=_target,
            payload=_payload(spec, on, today, note),
        )
        StepRecord.objects.create(
            activation=moved, step=spec.step, done_by=actor.user, done_at=timezone.now(), note=note
        )
        if spec.step == Step.LIVE:
            qualification_transition(
                actor=actor.user,
                qualification=moved.qualification,
                transition="mark_active",
                reason="service activation completed",
            )
        notify_on_commit(moved, spec.event_kind)
    return moved


def activation_efd_change(
    *, actor, activation: ServiceActivation, efd: date, reason: str
) -> ServiceActivation:
    """Move an agreed EFD (for example when ISD publication slips)."""
    actor = actor_for(actor)
    if not holds(actor, "team", activation):
        raise NotPermitted("Only the service activation team agrees the EFD.")
    if not reason.strip():
        raise ValidationFailed(
            "Please say why the EFD moves.", errors={"reason": ["A reason is required."]}
        )
    with transaction.atomic():
        locked = ServiceActivation.objects.select_for_update().get(pk=activation.pk)
        if locked.efd is None or locked.status == Step.LIVE:
            raise IllegalTransition(
                "The EFD can be moved only after it is agreed and before going live.",
                code="activation.efd_not_movable",
            )
        _check_non_sit_start(locked, efd, "the EFD")
        if locked.isd_published_on:
            _check_isd_notice(efd, locked.isd_published_on)
        previous = locked.efd
        locked.efd = efd
        locked._history_user = actor.user
        locked._change_reason = reason
        locked.save(update_fields=["efd", "updated_at"])
        event_record(
            kind="efd_changed",
            actor=actor.user,
            qualification=locked.qualification,
            payload={"from": previous.isoformat(), "to": efd.isoformat(), "reason": reason},
        )
        notify_on_commit(locked, "efd_changed")
    return locked
