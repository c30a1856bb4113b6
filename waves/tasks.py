"""Celery tasks of the deadline engine: thin wrappers around waves.sweep."""

from datetime import date

from celery import shared_task
from django.core.cache import cache

from mhhs_portal.schedule import scheduled_run_claim, scheduled_run_finish

from .clock import portal_today
from .sweep import deadlines_sweep

LOCK_KEY = "waves:sweep-deadlines"
# Longer than a full sweep takes (seconds for 10,000 qualifications), shorter
# than the day between two beats, so a crashed worker never blocks tomorrow.
LOCK_SECONDS = 30 * 60


@shared_task
def sweep_deadlines(as_of: str | None = None, qualification_ids: list[int] | None = None) -> dict:
    """Sweep every qualification (daily beat) or a few (after an event a rule reads).

    The cache lock keeps two full sweeps from doing the same work at once; it is
    an economy, not what makes notices exactly-once (see DeadlineNotice).
    """
    day = date.fromisoformat(as_of) if as_of else portal_today()
    full = qualification_ids is None
    if full and not cache.add(LOCK_KEY, day.isoformat(), LOCK_SECONDS):
        return {"skipped": "another full sweep is running"}
    try:
        return deadlines_sweep(as_of=day, qualification_ids=qualification_ids).as_dict()
    finally:
        if full:
            cache.delete(LOCK_KEY)


@shared_task
def sweep_deadlines_daily() -> dict:
    """The scheduled sweep: once per day, whichever beat tick (or beat) comes first.

    Beat fires it every hour from 05:30, so a day whose first tick could not
    reach the broker is swept at the next one.
    """
    day = portal_today()
    run = scheduled_run_claim(name="sweep-deadlines", slot=day.isoformat())
    if run is None:
        return {"skipped": f"the sweep of {day.isoformat()} has run"}
    result = deadlines_sweep(as_of=day).as_dict()
    scheduled_run_finish(run=run, result=result)
    return result
