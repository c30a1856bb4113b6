"""Run a scheduled job once per slot, however many beat processes fire it."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .models import ScheduledRun

# A claimed run that has not finished after this long died with its worker;
# the next tick takes the slot over.
STALE_AFTER = timedelta(minutes=30)


def scheduled_run_claim(*, name: str, slot: str) -> ScheduledRun | None:
    """The run row if this caller should do the job now, None if another has or is."""
    now = timezone.now()
    with transaction.atomic():
        # The unique (name, slot) constraint serialises two beats: the
        # second insert waits for the first to commit, then finds its row.
        run, created = ScheduledRun.objects.select_for_update().get_or_create(name=name, slot=slot)
        if created:
            return run
        if run.finished_at is None and run.started_at < now - STALE_AFTER:
            run.started_at = now
            run.save(update_fields=["started_at"])
            return run
    return None


def scheduled_run_finish(*, run: ScheduledRun, result: dict) -> None:
    run.finished_at = timezone.now()
    run.result = result
    run.save(update_fields=["finished_at", "result"])
