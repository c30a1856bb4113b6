from django.db import transaction

from mhhs_portal.exceptions import IllegalTransition, NotPermitted, ValidationFailed
from qualification.events import event_record
from qualification.models import Qualification
from qualification.permissions import actor_for

from .models import Allocation, AllocationStatus, Cohort
from .reliance import reliance_conflict


def _may_allocate(actor, qualification: Qualification) -> bool:
    a = actor_for(actor)
    return a.is_superuser or bool(a.bodies & {"BSC", "REC"}) or a.has_duty("test_manager")


def _cohort_of(qualification_id: int) -> Cohort | None:
    allocation = Allocation.objects.filter(qualification_id=qualification_id).first()
    return allocation.cohort if allocation else None


def allocation_set(
    *,
    actor,
    qualification: Qualification,
    cohort: Cohort,
    status: str = AllocationStatus.FINAL,
    reason: str = "",
) -> Allocation:
    """Put a qualification in a cohort, or move it to another (an event with its reason)."""
    if not _may_allocate(actor, qualification):
        raise NotPermitted("Only the Code Bodies and test managers allocate cohorts.")
    if status not in AllocationStatus.values:
        raise ValidationFailed("Unknown allocation status.", errors={"status": ["Unknown status."]})
    if conflict := reliance_conflict(qualification, cohort, _cohort_of):
        raise IllegalTransition(conflict, code="reliance_cohort_order")
    with transaction.atomic():
        allocation = (
            Allocation.objects.select_for_update().filter(qualification=qualification).first()
        )
        previous = allocation.cohort.key if allocation else None
        if allocation is None:
            allocation = Allocation(qualification=qualification)
        elif not reason:
            raise ValidationFailed(
                "A move to another cohort needs a reason.", errors={"reason": ["Give a reason."]}
            )
        allocation.cohort = cohort
        allocation.status = status
        allocation.reason = reason
        allocation._history_user = actor
        allocation._change_reason = reason or "allocated"
        allocation.save()
        event_record(
            kind="cohort_changed" if previous else "cohort_allocated",
            actor=actor,
            qualification=qualification,
            payload={"from": previous, "to": cohort.key, "status": status, "reason": reason},
        )
    return allocation
