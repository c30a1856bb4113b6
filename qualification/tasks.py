from celery import shared_task

from .models import Event
from .signals import event_recorded


@shared_task
def announce_events(event_ids: list[int], batch: bool = False) -> int:
    """Tell the other apps about committed events (run from the outbox).

    Receivers run inside the outbox runner's transaction, so what they write
    and the work they enqueue happen once with it.
    """
    events = list(
        Event.objects.filter(pk__in=event_ids).select_related("qualification", "organisation")
    )
    for event in events:
        if batch:
            event_recorded.send(sender=Event, event=event, batch=True)
        else:
            event_recorded.send(sender=Event, event=event)
    return len(events)
