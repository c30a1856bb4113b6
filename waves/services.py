"""Allocation of qualifications to cohorts: indicative, then final, with
capacity per wave, the Placing Reliance order rule and moves with a reason.

Every change records one event, and the deadline receiver re-sweeps the
qualification on it (waves.receivers), so its deadlines follow its cohort.
"""

from django.db import transaction

from mhhs_portal.exceptions import IllegalTransition, NotPermitted, ValidationFailed
from qualification.events import event_record
from qualification.models import Qualification
from qualification.permissions import actor_for

from .models import Allocation, AllocationStatus, Cohort, Route
from .models_pqs import WaitListEntry, WaitListStatus
from .reliance import reliance_conflict


def may_allocate(actor) -> bool:
    a = actor_for(actor)
    return a.is_superuser or bool(a.bodies & {"BSC", "REC"}) or a.has_duty("test_manager")


def _cohort_of(qualification_id: int) -> Cohort | None:
    allocation = Allocation.objects.filter(qualification_id=qualification_id).first()
    return allocation.cohort if allocation else None


def places_taken(cohort: Cohort) -> int:
    """Indicative and final allocations both hold a place."""
    return Allocation.objects.filter(cohort=cohort).count()


def lock_cohort(cohort: Cohort) -> Cohort:
    """Lock the cohort row before counting its places, so two Code Bodies
    allocating the last place at once cannot both get it. Cohort first, then
    allocation: every allocating service takes the locks in that order."""
    return Cohort.objects.select_for_update().get(pk=cohort.pk)


def _event_kind(previous: Allocation | None, cohort: Cohort, status: str) -> str:
    wave = cohort.route == Route.NON_SIT_QT
    if previous is None:
        return f"wave_allocated_{status}" if wave else "cohort_allocated"
    if previous.cohort_id == cohort.pk and wave and status == AllocationStatus.FINAL:
        return "wave_allocated_final"
    return "cohort_changed"


def allocation_set(
    *,
    actor,
    qualification: Qualification,
    cohort: Cohort,
    status: str = AllocationStatus.FINAL,
    reason: str = "",
    wait_list_entry: WaitListEntry | None = None,
) -> Allocation:
    """Put a qualification in a cohort, finalise it there, or move it (a move needs a reason).

    A full cohort refuses the allocation (409 ``cohort_full``): put the
    participant on the cohort's wait list instead, and promote it when a place
    frees (``wait_list_promote`` calls this with its entry).
    """
    if not may_allocate(actor):
        raise NotPermitted("Only the Code Bodies and test managers allocate cohorts.")
    if status not in AllocationStatus.values:
        raise ValidationFailed("Unknown allocation status.", errors={"status": ["Unknown status."]})
    reason = reason.strip()
    if conflict := reliance_conflict(qualification, cohort, _cohort_of):
        raise IllegalTransition(conflict, code="reliance_cohort_order")
    with transaction.atomic():
        cohort = lock_cohort(cohort)
        allocation = (
            Allocation.objects.select_for_update().filter(qualification=qualification).first()
        )
        previous = (
            {"cohort": allocation.cohort, "status": allocation.status} if allocation else None
        )
        moving = allocation is None or allocation.cohort_id != cohort.pk
        if allocation is not None and not moving and allocation.status == status:
            raise IllegalTransition(
                f"Already allocated to {cohort.label} ({allocation.get_status_display()}).",
                code="allocation_unchanged",
            )
        if allocation is not None and not reason and not _is_finalising(allocation, cohort, status):
            raise ValidationFailed(
                "A move to another cohort needs a reason.", errors={"reason": ["Give a reason."]}
            )
        if moving and cohort.capacity is not None and places_taken(cohort) >= cohort.capacity:
            raise IllegalTransition(
                f"{cohort.label} is full ({cohort.capacity} of {cohort.capacity} places)."
                " Put the participant on its wait list, or free a place first.",
                code="cohort_full",
            )
        kind = _event_kind(allocation, cohort, status)
        if allocation is None:
            allocation = Allocation(qualification=qualification)
        allocation.cohort = cohort
        allocation.status = status
        allocation.reason = reason
        allocation._history_user = actor
        allocation._change_reason = reason or "allocated"
        allocation.save()
        promoted = _close_wait_list_entries(actor, qualification, cohort, wait_list_entry, reason)
        payload = {
            "from": previous["cohort"].key if previous else None,
            "to": cohort.key,
            "status": status,
            "reason": reason,
        }
        if promoted:
            payload["wait_list_entry"] = promoted
        event_record(kind=kind, actor=actor, qualification=qualification, payload=payload)
    return allocation


def _is_finalising(allocation: Allocation, cohort: Cohort, status: str) -> bool:
    """Confirming an indicative allocation in the same cohort is not a move."""
    return (
        allocation.cohort_id == cohort.pk
        and allocation.status == AllocationStatus.INDICATIVE
        and status == AllocationStatus.FINAL
    )


def _close_wait_list_entries(actor, qualification, cohort, chosen, reason) -> int | None:
    """A qualification placed in a cohort leaves that cohort's wait list as promoted.

    Written in the allocation's transaction and recorded by its event (the
    entry's history row says why), so a promotion is one event, not two."""
    entries = WaitListEntry.objects.select_for_update().filter(
        qualification=qualification, cohort=cohort, status=WaitListStatus.WAITING
    )
    promoted = None
    for entry in entries:
        entry.promote()
        entry.outcome_reason = reason or "allocated"
        entry._history_user = actor
        entry._change_reason = entry.outcome_reason
        entry.save()
        promoted = entry.pk
    if chosen is not None and promoted != chosen.pk:
        raise IllegalTransition(
            "This wait list entry is no longer waiting.", code="wait_list_entry_closed"
        )
    return promoted
