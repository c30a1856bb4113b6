"""A qualification's deliverables follow its allocation."""

from django.dispatch import receiver

from qualification.models import Qualification
from qualification.signals import event_recorded

from .services import deliverables_sync

ALLOCATION_EVENT_KINDS = frozenset(
    {"cohort_allocated", "cohort_changed", "wave_allocated_indicative", "wave_allocated_final"}
)


@receiver(event_recorded, dispatch_uid="waves.deliverables_follow_allocation")
def deliverables_follow_allocation(sender, event, batch: bool = False, **kwargs):
    """Sent after the allocation commits; batch loaders (the demo) sync themselves."""
    if batch or event.kind not in ALLOCATION_EVENT_KINDS or not event.qualification_id:
        return
    qualification = Qualification.objects.filter(pk=event.qualification_id).first()
    if qualification is not None:
        deliverables_sync(qualification=qualification, actor=event.actor)
