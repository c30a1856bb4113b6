"""A plan-on-a-page: a cohort's timeline as an SVG Gantt chart.

The geometry is computed here and drawn by templates/waves/_poap.svg, so the
chart is plain markup: readable by screen readers (a title, a description
and a table beside it) and printable without scripts.
"""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings

from .rules import Status, add_months, evaluate, events_as_of, rule_dates, rule_sentence

LABEL_WIDTH = 330
CHART_WIDTH = 810  # with the labels, fits the page column without scrolling
STATUS_WIDTH = 120
ROW_HEIGHT = 26
HEADER_HEIGHT = 34


@dataclass
class Mark:
    kind: str  # "bar" for windows, "due" for dates, "cap" for provisional caps
    x: float
    width: float = 0
    provisional: bool = False
    title: str = ""
    status: str = ""


LABEL_CHARS = 52


def short_label(label: str, note: str) -> str:
    """Fit the label in the chart's label column, keeping a short note that tells
    two rows of one activity apart; a long note stays in the row's tooltip."""
    suffix = f" ({note})" if note and len(note) <= LABEL_CHARS // 2 else ""
    room = LABEL_CHARS - len(suffix)
    head = label if len(label) <= room else label[: room - 1].rstrip() + "…"
    return head + suffix


@dataclass
class Row:
    label: str
    short_label: str
    sentence: str
    y: float
    marks: list[Mark] = field(default_factory=list)
    status: str = ""
    status_label: str = ""
    # Text beside the colour, so the status never rests on colour alone.
    status_symbol: str = ""


@dataclass
class Tick:
    x: float
    label: str
    major: bool


@dataclass
class Poap:
    rows: list[Row]
    ticks: list[Tick]
    today_x: float | None
    # The "Today" label sits left of the line near the right edge so it stays visible.
    today_label_left: bool
    width: int
    height: int
    label_width: int
    start: date
    end: date
    # Where the status column starts; None on a timeline without a participant.
    status_x: int | None = None


# Overdue and due soon are the ones to act on: they get the loudest symbols.
STATUS_SYMBOLS = {
    Status.MET_ON_TIME: "\u2713",
    Status.MET_LATE: "\u2713",
    Status.OVERDUE: "!",
    Status.DUE_SOON: "\u25f7",
    Status.UPCOMING: "\u2192",
    Status.AWAITING_EVENT: "\u2026",
    Status.INDICATIVE: "~",
    Status.NOT_APPLICABLE: "\u2013",
}


def _month_start(day: date) -> date:
    return day.replace(day=1)


def build_poap(
    rules, *, today: date, event_dates: dict | None = None, with_status: bool = False
) -> Poap | None:
    """Lay out one row per rule; None when no rule has a date to draw.

    ``with_status`` evaluates each rule for the participant whose
    ``event_dates`` these are, as of ``today``, and shows where it stands.
    """
    event_dates = event_dates or {}
    if with_status:
        # A status is as of today: a later event has not happened yet.
        event_dates = events_as_of(event_dates, today)
    evaluated = [(rule, rule_dates(rule, event_dates)) for rule in rules]
    days = [d for _, dates in evaluated for d in (dates.opens, dates.due) if d]
    if not days:
        return None
    start = _month_start(min(days))
    end = add_months(_month_start(max(days)), 1)
    span = (end - start).days or 1
    # The status column takes its room from the chart so the figure keeps its width.
    chart_width = CHART_WIDTH - (STATUS_WIDTH + 30 if with_status else 0)

    def x(day: date) -> float:
        clamped = min(max(day, start), end)
        return round(LABEL_WIDTH + chart_width * (clamped - start).days / span, 1)

    rows = []
    for index, (rule, dates) in enumerate(evaluated):
        label = rule.activity.label
        row = Row(
            label=f"{label} ({rule.note})" if rule.note else label,
            short_label=short_label(label, rule.note),
            sentence=rule_sentence(rule),
            y=HEADER_HEIGHT + index * ROW_HEIGHT,
        )
        if with_status:
            status = Status(
                evaluate(
                    rule,
                    completed_by=rule.activity.completed_by,
                    event_dates=event_dates,
                    today=today,
                    horizon_days=settings.DEADLINE_DUE_SOON_DAYS,
                ).status
            )
            row.status, row.status_label = status.value, status.label
            row.status_symbol = STATUS_SYMBOLS[status]
        if rule.kind == "window" or (rule.kind == "within" and dates.opens):
            row.marks.append(
                Mark(
                    "bar", x(dates.opens), max(x(dates.due) - x(dates.opens), 2), title=row.sentence
                )
            )
        if dates.due:
            kind = "cap" if dates.provisional else "due"
            row.marks.append(
                Mark(
                    kind,
                    x(dates.due),
                    provisional=dates.provisional,
                    title=f"{row.sentence}: {row.status_label}" if row.status else row.sentence,
                    status=row.status,
                )
            )
        rows.append(row)

    ticks = []
    month = start
    months_shown = max(1, round(span / 30 / 12))  # about twelve labels whatever the span
    index = 0
    while month <= end:
        ticks.append(Tick(x(month), month.strftime("%b %y"), major=index % months_shown == 0))
        month = add_months(month, 1)
        index += 1
    today_x = x(today) if start <= today <= end else None
    return Poap(
        rows=rows,
        ticks=ticks,
        today_x=today_x,
        today_label_left=today_x is not None and today_x > LABEL_WIDTH + chart_width - 60,
        width=LABEL_WIDTH + CHART_WIDTH + (-20 if with_status else 10),
        height=HEADER_HEIGHT + len(rows) * ROW_HEIGHT + 8,
        label_width=LABEL_WIDTH,
        start=start,
        end=end,
        status_x=LABEL_WIDTH + chart_width + 8 if with_status else None,
    )
