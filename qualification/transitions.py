"""The one way a state machine in the portal moves.

Every transition service in every app calls `transition_apply`: it locks the
row, checks the actor's right, runs the django-fsm transition, saves with a
history row naming the actor and the reason, and records one event, all in
one transaction. A refused move raises and changes nothing.
"""

from collections.abc import Callable
from typing import Any

from django.db import models, transaction
from django_fsm import can_proceed

from mhhs_portal.exceptions import IllegalTransition, NotPermitted

from .events import event_record


def transition_apply(
    *,
    instance: models.Model,
    transition: str,
    actor,
    allowed: Callable[[models.Model], bool],
    event_kind: str,
    reason: str,
    event_target: Callable[[Any], dict],
    payload: dict | None = None,
    status_field: str = "status",
    arguments: dict | None = None,
    changes: dict | None = None,
) -> models.Model:
    """`arguments` go to the transition method; `changes` are other fields the
    move writes (a decision's date or note): they are saved with the status, in
    the same history row."""
    with transaction.atomic():
        # Re-read under a row lock so two people moving the same object one
        # after the other see each other's result instead of racing.
        locked = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
        if not allowed(locked):
            raise NotPermitted("You are not allowed to do this.", code="not_permitted")
        method = getattr(locked, transition)
        if not can_proceed(method):
            current = getattr(locked, f"get_{status_field}_display")()
            raise IllegalTransition(
                f"This cannot be done while the status is “{current}”.",
                code=f"illegal_transition.{transition}",
            )
        before = getattr(locked, status_field)
        method(**(arguments or {}))
        for name, value in (changes or {}).items():
            setattr(locked, name, value)
        locked._history_user = actor
        locked._change_reason = reason
        locked.save()
        event_record(
            kind=event_kind,
            actor=actor,
            payload={"from": before, "to": getattr(locked, status_field), **(payload or {})},
            **event_target(locked),
        )
    return locked
