"""Wave capacity and wait lists (QA&P §9.3.2).

A request for a wave that is full goes on that wave's wait list. When a place
frees, the Code Bodies choose whom to promote (not first come, first served)
and record why; the promotion is an allocation change (``allocation_set``).
"""

from django.db import transaction

from mhhs_portal.exceptions import IllegalTransition, NotPermitted, ValidationFailed
from qualification.events import event_record
from qualification.models import Qualification
from qualification.transitions import transition_apply

from .models import Allocation, Cohort, Route
from .models_pqs import PreQualificationSubmission, WaitListEntry, WaitListStatus
from .services import allocation_set, lock_cohort, may_allocate, places_taken


def _require_allocator(actor) -> None:
    if not may_allocate(actor):
        raise NotPermitted("Only the Code Bodies and test managers manage wave places.")


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed("Give a reason.", errors={"reason": ["A reason is required."]})
    return reason


def cohort_capacity_set(*, actor, cohort: Cohort, capacity: int | None, reason: str) -> Cohort:
    """Set how many places a wave has (None: no limit). Never below the places taken."""
    _require_allocator(actor)
    reason = _reason(reason)
    if capacity is not None and capacity < 0:
        raise ValidationFailed("Capacity cannot be negative.", errors={"capacity": ["Too small."]})
    with transaction.atomic():
        locked = lock_cohort(cohort)
        taken = places_taken(locked)
        if capacity is not None and capacity < taken:
            raise IllegalTransition(
                f"{locked.label} already has {taken} participants allocated: move some before"
                f" reducing its capacity to {capacity}.",
                code="capacity_below_allocated",
            )
        before = locked.capacity
        locked.capacity = capacity
        locked._history_user = actor
        locked._change_reason = reason
        locked.save(update_fields=["capacity", "updated_at"])
        # Programme-wide: no organisation, so no participant's feed shows it.
        event_record(
            kind="cohort_capacity_changed",
            actor=actor,
            payload={"cohort": locked.key, "from": before, "to": capacity, "reason": reason},
        )
    return locked


def wait_list_add(
    *,
    actor,
    qualification: Qualification,
    cohort: Cohort,
    reason: str,
    pqs: PreQualificationSubmission | None = None,
) -> WaitListEntry:
    """Put a qualification on a full wave's wait list, with the Code Bodies' reason."""
    _require_allocator(actor)
    reason = _reason(reason)
    if cohort.route != Route.NON_SIT_QT:
        raise ValidationFailed(
            "Only QT waves keep a wait list.", errors={"cohort": ["Choose a QT wave."]}
        )
    if pqs is not None and pqs.organisation_id != qualification.organisation_id:
        raise ValidationFailed(
            "That PQS belongs to another organisation.", errors={"pqs": ["Wrong PQS."]}
        )
    with transaction.atomic():
        locked = lock_cohort(cohort)
        if Allocation.objects.filter(qualification=qualification, cohort=locked).exists():
            raise IllegalTransition(
                f"The participant is already allocated to {locked.label}.", code="already_allocated"
            )
        if locked.capacity is None or places_taken(locked) < locked.capacity:
            raise IllegalTransition(
                f"{locked.label} has a free place: allocate the participant instead.",
                code="cohort_not_full",
            )
        if WaitListEntry.objects.filter(
            qualification=qualification, cohort=locked, status=WaitListStatus.WAITING
        ).exists():
            raise IllegalTransition(
                f"The participant is already on the wait list of {locked.label}.",
                code="already_waiting",
            )
        entry = WaitListEntry(cohort=locked, qualification=qualification, pqs=pqs, reason=reason)
        entry._history_user = actor
        entry._change_reason = reason
        entry.save()
        event_record(
            kind="wait_listed",
            actor=actor,
            qualification=qualification,
            payload={"wait_list_entry": entry.pk, "cohort": locked.key, "reason": reason},
        )
    return entry


def wait_list_promote(*, actor, entry: WaitListEntry, reason: str, status: str = "indicative"):
    """Give a freed place to this entry: the Code Bodies' choice, with its reason."""
    _require_allocator(actor)
    reason = _reason(reason)
    if entry.status != WaitListStatus.WAITING:
        raise IllegalTransition(
            "This wait list entry is no longer waiting.", code="wait_list_entry_closed"
        )
    return allocation_set(
        actor=actor,
        qualification=entry.qualification,
        cohort=entry.cohort,
        status=status,
        reason=f"promoted from the wait list: {reason}",
        wait_list_entry=entry,
    )


def wait_list_remove(*, actor, entry: WaitListEntry, reason: str) -> WaitListEntry:
    """Take an entry off the wait list (the participant stays where it is allocated)."""
    _require_allocator(actor)
    reason = _reason(reason)
    return transition_apply(
        instance=entry,
        transition="remove",
        actor=actor,
        allowed=lambda row: True,
        event_kind="wait_list_removed",
        reason=reason,
        event_target=lambda row: {"qualification": row.qualification},
        payload={"wait_list_entry": entry.pk, "cohort": entry.cohort.key, "reason": reason},
        changes={"outcome_reason": reason},
    )
