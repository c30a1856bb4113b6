"""The task outbox: every piece of background work goes through `enqueue`.

`enqueue` writes an OutboxMessage in the caller's transaction, so the work
is recorded exactly when the change that needs it commits, whether or not
the broker is reachable. After commit it is handed to Celery, best-effort
and with short broker timeouts: a broker outage costs a logged warning, not
a hung request. Rows the broker never got (or lost) are handed over again
by `outbox_drain`, which Celery beat runs every minute and
`manage.py drain_outbox` runs from outside Celery (cron, or by hand after an
outage, when beat itself cannot reach the broker).

The worker runs a message with `outbox_run`: it locks the row, runs the
task's body and marks the row done in one transaction. A message delivered
twice (redelivery after a killed worker, a drain racing the first
dispatch) therefore has its database effects once.
"""

import logging
from datetime import timedelta
from importlib import import_module

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import OutboxMessage

logger = logging.getLogger(__name__)

# A dispatched row not done after this long is handed to the broker again
# (a message lost with a restarted Redis); running it twice is harmless.
REDISPATCH_AFTER = timedelta(minutes=10)
# Rows that failed this many times stay for an operator (admin) to look at.
MAX_DISPATCHES = 10
DRAIN_BATCH = 500


def enqueue(task: str, *args, delay: timedelta | None = None, **kwargs) -> OutboxMessage:
    """Record that `task(*args, **kwargs)` must run once this transaction commits."""
    now = timezone.now()
    message = OutboxMessage.objects.create(
        task=task, args=list(args), kwargs=kwargs, available_at=now + (delay or timedelta())
    )
    transaction.on_commit(lambda: outbox_dispatch(message_ids=[message.pk]))
    return message


def _eager() -> bool:
    from .celery import app

    return bool(app.conf.task_always_eager)


def outbox_dispatch(*, message_ids: list[int] | None = None) -> int:
    """Hand pending messages to the broker; returns how many it accepted.

    Stops at the first broker error: the rest wait for the next drain.
    Without a broker (eager mode) a message runs here and now, back-off
    included, as Celery's eager retries do.
    """
    from .tasks import outbox_run

    now = timezone.now()
    pending = OutboxMessage.objects.filter(done_at__isnull=True, dispatch_count__lt=MAX_DISPATCHES)
    if message_ids is not None:
        pending = pending.filter(pk__in=message_ids)
    else:
        pending = pending.exclude(dispatched_at__gt=now - REDISPATCH_AFTER)
    if _eager():
        # No broker: run here, in one transaction per message (the laptop's
        # SQLite pays for every commit).
        ids = message_ids or list(pending.values_list("pk", flat=True)[:DRAIN_BATCH])
        return sum(outbox_run_message(message_id=pk, dispatched=True) for pk in ids)
    sent = 0
    pending = pending.filter(available_at__lte=now)
    for message_id in list(pending.values_list("pk", flat=True)[:DRAIN_BATCH]):
        try:
            outbox_run.apply_async((message_id,), retry=False)
        except Exception as exc:
            OutboxMessage.objects.filter(pk=message_id).update(last_error=str(exc)[:500])
            logger.warning("Broker unavailable, %s left in the outbox: %s", message_id, exc)
            break
        OutboxMessage.objects.filter(pk=message_id).update(
            dispatched_at=timezone.now(), dispatch_count=F("dispatch_count") + 1
        )
        sent += 1
    return sent


def outbox_drain() -> int:
    """Dispatch everything pending (beat, `manage.py drain_outbox`)."""
    return outbox_dispatch()


def _task(name: str):
    from .celery import app

    # Celery discovers task modules lazily; a web process may not have
    # imported the module yet.
    import_module(name.rsplit(".", 1)[0])
    return app.tasks[name]


def outbox_run_message(*, message_id: int, dispatched: bool = False) -> bool:
    """Run one message's task body; False when it was done (or is running) already.

    `dispatched`: run without a broker, so this run also counts as the dispatch.
    """
    with transaction.atomic():
        # skip_locked: a second delivery while the first is still running
        # must not wait on it; if the first dies, REDISPATCH_AFTER retries.
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, done_at__isnull=True)
            .first()
        )
        if message is None:
            return False
        try:
            with transaction.atomic():
                _task(message.task).run(*message.args, **message.kwargs)
        except Exception as exc:
            # The body's effects are rolled back; the row stays pending for
            # the drain, with the reason for the admin.
            message.last_error = f"{exc.__class__.__name__}: {exc}"[:500]
            message.save(update_fields=["last_error"])
            if _eager():
                raise
            logger.exception("Outbox message %s (%s) failed", message.pk, message.task)
            return False
        message.done_at = timezone.now()
        fields = ["done_at"]
        if dispatched:
            message.dispatched_at = message.done_at
            message.dispatch_count += 1
            fields += ["dispatched_at", "dispatch_count"]
        message.save(update_fields=fields)
    return True


def outbox_pending_count() -> int:
    return OutboxMessage.objects.filter(done_at__isnull=True).count()
