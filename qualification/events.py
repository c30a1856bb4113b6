from django.db import transaction
from django.utils import timezone

from .event_kinds import EVENT_KINDS
from .models import Event
from .signals import event_recorded


def event_record(
    *,
    kind: str,
    actor=None,
    organisation=None,
    qualification=None,
    payload: dict | None = None,
    occurred_at=None,
) -> Event:
    """Append one event to the ledger and announce it once the transaction commits."""
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
    transaction.on_commit(lambda: event_recorded.send(sender=Event, event=event))
    return event
