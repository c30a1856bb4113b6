"""Keep a qualification's deadlines current between daily sweeps."""

from django.dispatch import receiver

from mhhs_portal.outbox import enqueue
from qualification.models import Qualification
from qualification.signals import event_recorded

from .appendix_c import COMPLETING_EVENT_KINDS
from .models import Deadline

# Events a rule reads (completions, "within N of ..." starts) and cohort moves.
RULE_EVENT_KINDS = frozenset(COMPLETING_EVENT_KINDS) | {"cohort_allocated", "cohort_changed"}


@receiver(event_recorded, dispatch_uid="waves.sweep_after_event")
def sweep_after_event(sender, event, batch: bool = False, **kwargs):
    """Queue a sweep of the qualifications an event concerns.

    The signal is sent after the event's transaction commits, so the task
    sees the event. Events written in bulk belong to a job that sweeps
    afterwards itself (the demo loader), so they are left to it.
    """
    if batch or event.kind not in RULE_EVENT_KINDS:
        return
    if event.qualification_id:
        ids = [event.qualification_id]
    else:
        # An organisation-wide event (an Initial QAD covers every role).
        ids = list(
            Qualification.objects.filter(organisation_id=event.organisation_id).values_list(
                "pk", flat=True
            )
        )
    # A sweep that started after the event was recorded has seen it already
    # (the demo loader sweeps everything after writing its events).
    fresh = Deadline.objects.filter(
        qualification_id__in=ids, evaluated_at__gte=event.recorded_at
    ).values_list("qualification_id", flat=True)
    stale = sorted(set(ids) - set(fresh))
    if stale:
        enqueue("waves.tasks.sweep_deadlines", qualification_ids=stale)
