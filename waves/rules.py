"""Evaluating one Appendix C rule: pure functions of (rule, event dates).

A rule is anything with the TimelineRule attributes (kind, opens, due, n,
unit, event_kind, cap, text, note), so tests and the planner can pass plain
objects. Nothing here touches the database or the clock: "today" is an
argument.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models

from qualification.event_kinds import event_kind_label

from .appendix_c import COMPLETING_EVENT_KINDS


@dataclass(frozen=True)
class Dates:
    opens: date | None
    due: date | None
    # True while the due date is only the cap of a "whichever is earlier" rule.
    provisional: bool


def add_months(start: date, months: int) -> date:
    """Calendar months, clamped to month end: 31 January + 1 month = 28/29 February."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def add_period(start: date, n: int, unit: str) -> date:
    if unit == "weeks":
        return start + timedelta(weeks=n)
    if unit == "months":
        return add_months(start, n)
    raise ValueError(f"Unknown unit {unit!r}")


def rule_dates(rule, event_dates: dict[str, date]) -> Dates:
    """When the rule opens and falls due, given the dates events happened."""
    if rule.kind == "date":
        return Dates(None, rule.due, False)
    if rule.kind == "window":
        return Dates(rule.opens, rule.due, False)
    if rule.kind == "within":
        happened = event_dates.get(rule.event_kind)
        if happened is None:
            return Dates(None, rule.cap, True)
        return Dates(happened, min(add_period(happened, rule.n, rule.unit), rule.cap), False)
    if rule.kind == "event":
        return Dates(event_dates.get(rule.event_kind), None, False)
    return Dates(None, None, False)


def _d(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def event_label(kind: str) -> str:
    label = COMPLETING_EVENT_KINDS.get(kind) or event_kind_label(kind)
    return f"“{label}”"


def rule_sentence(rule) -> str:
    """The rule in the words of Appendix C."""
    if rule.kind == "date":
        text = f"Due {_d(rule.due)}"
    elif rule.kind == "window":
        text = f"Window {_d(rule.opens)} to {_d(rule.due)}"
    elif rule.kind == "within":
        text = (
            f"Within {rule.n} {rule.unit.removesuffix('s') if rule.n == 1 else rule.unit} "
            f"of {event_label(rule.event_kind)} "
            f"or {_d(rule.cap)}, whichever is earlier"
        )
    elif rule.kind == "event":
        text = rule.text or f"Opens on {event_label(rule.event_kind)}"
    elif rule.kind == "text":
        text = rule.text
    else:
        text = "Not applicable"
    return f"{text} ({rule.note})" if rule.note else text


class Status(models.TextChoices):
    """Where one deadline of one qualification stands on a given day."""

    NOT_APPLICABLE = "not_applicable", "Not applicable"
    INDICATIVE = "indicative", "Indicative"
    AWAITING_EVENT = "awaiting_event", "Awaiting event"
    UPCOMING = "upcoming", "Upcoming"
    DUE_SOON = "due_soon", "Due soon"
    OVERDUE = "overdue", "Overdue"
    MET_ON_TIME = "met_on_time", "Met on time"
    MET_LATE = "met_late", "Met late"


# Still waiting for someone to act: what reminders, escalations and RAG look at.
OUTSTANDING = frozenset({Status.AWAITING_EVENT, Status.UPCOMING, Status.DUE_SOON, Status.OVERDUE})
MET = frozenset({Status.MET_ON_TIME, Status.MET_LATE})


@dataclass(frozen=True)
class Evaluation:
    opens: date | None
    due: date | None
    provisional: bool
    status: str
    completed_on: date | None


def events_as_of(event_dates: dict[str, date], today: date) -> dict[str, date]:
    """Only what had happened by ``today``: a plan "as of" a day cannot see later events."""
    return {kind: day for kind, day in event_dates.items() if day <= today}


def completion_date(completed_by, event_dates: dict[str, date]) -> date | None:
    days = [event_dates[kind] for kind in completed_by if kind in event_dates]
    return min(days) if days else None


def evaluate(
    rule, *, completed_by, event_dates: dict[str, date], today: date, horizon_days: int = 14
) -> Evaluation:
    """The dates and status of one rule for one qualification on ``today``.

    ``completed_by`` lists the event kinds that complete the rule's activity;
    ``event_dates`` maps event kinds to the day they first happened (callers
    pass only events up to ``today``, see events_as_of).
    """
    dates = rule_dates(rule, event_dates)
    completed_on = completion_date(completed_by, event_dates)
    status = _status(rule.kind, dates, completed_on, bool(completed_by), today, horizon_days)
    return Evaluation(dates.opens, dates.due, dates.provisional, status, completed_on)


def _status(kind, dates: Dates, completed_on, completable: bool, today: date, horizon: int):
    if kind == "n/a":
        return Status.NOT_APPLICABLE
    if completed_on is not None:
        # A text or event rule has no day to be late against.
        on_time = dates.due is None or completed_on <= dates.due
        return Status.MET_ON_TIME if on_time else Status.MET_LATE
    if kind == "text":
        return Status.INDICATIVE
    if dates.due is None:
        # An event-opened rule: waiting for the event, then open with no deadline.
        return Status.AWAITING_EVENT if dates.opens is None else Status.UPCOMING
    if not completable:
        # An opening date (the PQS opens) that nobody completes: it is met by arriving.
        return Status.MET_ON_TIME if today >= dates.due else Status.UPCOMING
    if today > dates.due:
        return Status.OVERDUE
    if (dates.due - today).days <= horizon:
        # Before the event the cap still binds, so a near cap is due soon too.
        return Status.DUE_SOON
    return Status.AWAITING_EVENT if dates.provisional else Status.UPCOMING
