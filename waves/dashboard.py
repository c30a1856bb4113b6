"""The programme's deadline reports, from the Deadline rows the sweep wrote,
always through deadlines_visible_to(user) so a count never leaks another
tenant's existence.

The Open Day 2025 status table per cohort and deliverable sorts each
applicable deadline (not "not applicable") into one column:
- Completed: met, on time or late (the completing event is recorded).
- Code Body Review: a "within N of EVENT" deadline whose event has happened:
  the participant's submission is in and the Code Bodies' / DIP Manager's
  review clock runs.
- Draft and Review: the participant is working on it: the window has
  opened, or the deadline is due soon or overdue.
- Outstanding: not started: upcoming, awaiting an event, or indicative.
Total is the sum of the four.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import BooleanField, Case, Count, Value, When

from .models import Activity, Cohort
from .rag import RAG_ORDER, Rag, cohort_rag, qualification_rag
from .rules import MET, Status
from .selectors import deadlines_visible_to

STAGES = ["outstanding", "code_body_review", "draft_and_review", "completed"]


def stage(*, status: str, kind: str, opened: bool) -> str | None:
    if status == Status.NOT_APPLICABLE:
        return None
    if status in MET:
        return "completed"
    if kind == "within" and opened:
        return "code_body_review"
    if opened or status in (Status.DUE_SOON, Status.OVERDUE):
        return "draft_and_review"
    return "outstanding"


@dataclass
class StatusRow:
    cohort: Cohort
    activity: Activity
    seq: int
    note: str
    counts: Counter = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.counts[s] for s in STAGES)


def status_counts(user, *, today: date) -> dict[tuple[int, int, int], tuple[str, dict]]:
    """(cohort id, activity id, seq) -> (note, column counts): one aggregate query."""
    grouped = (
        deadlines_visible_to(user)
        .exclude(status=Status.NOT_APPLICABLE)
        .annotate(
            opened=Case(
                When(opens__lte=today, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .values("timeline__cohort_id", "activity_id", "seq", "note", "status", "kind", "opened")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts: dict[tuple[int, int, int], tuple[str, dict]] = {}
    for g in grouped:
        key = (g["timeline__cohort_id"], g["activity_id"], g["seq"])
        _, columns = counts.setdefault(key, (g["note"], {}))
        column = stage(status=g["status"], kind=g["kind"], opened=g["opened"])
        columns[column] = columns.get(column, 0) + g["n"]
    return counts


def status_table(user, *, today: date, counts=None) -> list[StatusRow]:
    """One row per cohort and deliverable with the four column counts."""
    if counts is None:
        counts = status_counts(user, today=today)
    cohorts = {c.pk: c for c in Cohort.objects.all()}
    activities = {a.pk: a for a in Activity.objects.all()}
    rows = [
        StatusRow(cohorts[cohort_id], activities[activity_id], seq, note, Counter(columns))
        for (cohort_id, activity_id, seq), (note, columns) in counts.items()
    ]
    return sorted(rows, key=lambda r: (r.cohort.order, r.cohort.key, r.activity.order, r.seq))


@dataclass
class CohortRag:
    cohort: Cohort
    counts: Counter
    rag: Rag | None

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def cells(self) -> list[int]:
        """Counts in RAG_ORDER, for a table row."""
        return [self.counts.get(rag, 0) for rag in RAG_ORDER]


def rag_counts(user) -> dict[int, dict[str, int]]:
    """Cohort id -> how many visible qualifications are at each RAG."""
    statuses: dict[tuple[int, int], set[str]] = defaultdict(set)
    rows = (
        deadlines_visible_to(user)
        .values_list("timeline__cohort_id", "qualification_id", "status")
        .distinct()
        .order_by()
    )
    for cohort_id, qualification_id, status in rows:
        statuses[(cohort_id, qualification_id)].add(status)
    per_cohort: dict[int, dict[str, int]] = defaultdict(dict)
    for (cohort_id, _), seen in statuses.items():
        rag = qualification_rag(seen).value
        per_cohort[cohort_id][rag] = per_cohort[cohort_id].get(rag, 0) + 1
    return dict(per_cohort)


def rag_by_cohort(user, counts=None) -> list[CohortRag]:
    """Each visible qualification's RAG, counted per cohort, and the cohort's own RAG."""
    if counts is None:
        counts = rag_counts(user)
    per_cohort = {
        cohort_id: Counter({Rag(rag): n for rag, n in rags.items()})
        for cohort_id, rags in counts.items()
    }
    return [
        CohortRag(cohort, per_cohort[cohort.pk], cohort_rag(per_cohort[cohort.pk].elements()))
        for cohort in Cohort.objects.filter(pk__in=per_cohort)
    ]


@dataclass
class Bar:
    rag: Rag
    count: int
    x: float
    width: float


CHART_LABEL = 190
CHART_BARS = 520
CHART_ROW = 28


@dataclass
class ChartRow:
    cohort_rag: CohortRag
    y: int
    bars: list[Bar]


def rag_chart(rags: list[CohortRag]) -> list[ChartRow]:
    """Stacked bars, one per cohort, scaled to the largest cohort."""
    widest = max((r.total for r in rags), default=0) or 1
    chart = []
    for index, r in enumerate(rags):
        x, bars = float(CHART_LABEL), []
        for rag in RAG_ORDER:
            count = r.counts.get(rag, 0)
            if count:
                width = round(CHART_BARS * count / widest, 1)
                bars.append(Bar(rag, count, round(x, 1), width))
                x += width
        chart.append(ChartRow(r, index * CHART_ROW + 4, bars))
    return chart
