"""Generic check: every action a person took left a history row naming them.

For each event in the ledger with an actor, some simple-history row (of any
model) must have been written by that actor within a second or two of the
event being recorded. Event kinds that change no audited row are listed with
the reason.
"""

from datetime import timedelta

from django.apps import apps

from qualification.models import Event

# Event kinds that record something without changing an audited row.
NO_ROW_CHANGED: dict[str, str] = {}

WINDOW = timedelta(seconds=3)


def history_models() -> list:
    return [model for model in apps.get_models() if hasattr(model, "instance_type")]


def actions_without_history(events=None) -> list[Event]:
    """The events by a person with no history row by that person around them."""
    events = (events if events is not None else Event.objects.all()).filter(actor__isnull=False)
    events = events.exclude(kind__in=NO_ROW_CHANGED).order_by("id")
    # (actor, moment) of every history row written by a person, one query per model.
    written: dict[int, list] = {}
    for model in history_models():
        for user_id, moment in model.objects.filter(history_user__isnull=False).values_list(
            "history_user_id", "history_date"
        ):
            written.setdefault(user_id, []).append(moment)
    missing = []
    for event in events.only("id", "kind", "actor_id", "recorded_at"):
        moments = written.get(event.actor_id, [])
        if not any(abs(moment - event.recorded_at) <= WINDOW for moment in moments):
            missing.append(event)
    return missing
