from django.utils import timezone

from mhhs_portal.outbox import enqueue

from .event_kinds import EVENT_KINDS
from .models import Event


def event_record(
    *,
    kind: str,
    actor=None,
    organisation=None,
    qualification=None,
    payload: dict | None = None,
    occurred_at=None,
) -> Event:
    """Append one event to the ledger and announce it once the transaction commits.

    The announcement goes through the outbox, written with the event, so a
    broker outage or a crash after commit cannot lose it.
    """
    if kind not in EVENT_KINDS:
        raise ValueError(f"Unknown event kind {kind!r}: add it to qualification.event_kinds.")
    if qualification is not None and organisation is None:
        organisation = qualification.organisation
    event = Event.objects.create(
        kind=kind,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        organisation=organisation,
        qualification=qualification,
        payload=payload or {},
        occurred_at=occurred_at or timezone.now(),
    )
    enqueue("qualification.tasks.announce_events", [event.pk])
    return event


def events_record_bulk(events: list[Event]) -> list[Event]:
    """Append many events in one insert (batch jobs such as the deadline sweep).

    Each event carries its organisation; the signal goes out per event once
    the transaction commits, as with event_record, marked ``batch=True`` so
    receivers that would redo per event what the batch job does as a whole
    (the deadline sweep) can leave it to the job.
    """
    unknown = {event.kind for event in events} - EVENT_KINDS.keys()
    if unknown:
        raise ValueError(f"Unknown event kinds {sorted(unknown)}: add them to event_kinds.")
    created = Event.objects.bulk_create(events)
    if created:
        enqueue("qualification.tasks.announce_events", [e.pk for e in created], batch=True)
    return created
