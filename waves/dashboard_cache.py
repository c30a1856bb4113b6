"""Cache the programme dashboard's figures until the deadlines change.

The dashboard aggregates every visible Deadline row (1-2 s at 100 times the
demo population), yet those rows change only when the deadline sweep writes
them (the daily sweep, the re-sweep of one qualification after an event, and
a cohort re-plan, which re-sweeps the cohort), apart from the population
copier that grows a demo database for benchmarks. Both call
``deadlines_changed()``, which moves a version token in Django's cache once
its transaction commits; figures are cached under a key made of that
version, the viewer's scope and the day, so the first view after a change
recomputes and no viewer ever shares another scope's figures.

Only plain numbers are cached (ids and counts), never model instances or
names. Entries expire after CACHE_SECONDS as a safety net (a version bump
lost while Redis was down; rows deleted by a cascade from an admin deleting
a qualification). With Redis down every read misses and the dashboard is
computed live, as before.
"""

import hashlib
import uuid
from datetime import date

from django.core.cache import cache
from django.db import transaction

from qualification.permissions import actor_for

VERSION_KEY = "waves:deadlines-version"
CACHE_SECONDS = 600


def deadlines_version() -> str:
    """The current version token, created on first use (or after Redis lost it)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        # add() keeps a token another process created meanwhile; with the
        # cache unavailable the fresh token simply matches nothing.
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY) or uuid.uuid4().hex
    return version


def _bump() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def deadlines_changed() -> None:
    """Call where Deadline rows are written or deleted: cached figures go stale on commit."""
    transaction.on_commit(_bump)


def scope_key(user_or_actor) -> str:
    """What decides which deadlines the user sees, as qualifications_visible_to
    decides it: everyone, or these organisations plus the roles these bodies
    govern. Two users with the same key see the same rows."""
    actor = actor_for(user_or_actor)
    if actor.sees_every_participant:
        return "all"
    organisations = ",".join(str(pk) for pk in sorted(actor.memberships))
    bodies = ",".join(sorted(actor.bodies))
    return hashlib.sha256(f"orgs:{organisations}|bodies:{bodies}".encode()).hexdigest()[:32]


def cached_figures(user_or_actor, *, today: date, compute):
    """``compute()``'s result for this viewer's scope and day, from the cache when current."""
    scope = scope_key(user_or_actor)
    key = f"waves:dashboard:{deadlines_version()}:{scope}:{today.isoformat()}"
    figures = cache.get(key)
    if figures is None:
        figures = compute()
        cache.set(key, figures, CACHE_SECONDS)
    return figures
