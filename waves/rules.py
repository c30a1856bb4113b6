"""Evaluating one Appendix C rule: pure functions of (rule, event dates).

A rule is anything with the TimelineRule attributes (kind, opens, due, n,
unit, event_kind, cap, text, note), so tests and the planner can pass plain
objects. Nothing here touches the database or the clock.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

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
            f"Within {rule.n} {rule.unit} of {event_label(rule.event_kind)} "
            f"or {_d(rule.cap)}, whichever is earlier"
        )
    elif rule.kind == "event":
        text = rule.text or f"Opens on {event_label(rule.event_kind)}"
    elif rule.kind == "text":
        text = rule.text
    else:
        text = "Not applicable"
    return f"{text} ({rule.note})" if rule.note else text
