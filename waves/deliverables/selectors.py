"""Every read of deliverables starts from the user: scope follows the
qualification's (qualification.selectors), so another tenant's deliverable
by id is 404 and a count never includes what the reader may not see."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from qualification.models import MarketRole, Qualification
from qualification.permissions import actor_for, roles_governed_by
from qualification.selectors import qualifications_visible_to

from ..models import Cohort
from ..selectors import due_dates
from .kinds import CODE_BODY_PIT_ROUTES, ORDER, SPECS, DeliverableKind
from .models import (
    CheckpointReview,
    Deliverable,
    DeliverableComment,
    DeliverableRevision,
    DeliverableStatus,
)
from .rights import managed_cohort_ids

D = DeliverableStatus
STATUS_COLUMNS = [D.OUTSTANDING, D.DRAFT_AND_REVIEW, D.CODE_BODY_REVIEW, D.COMPLETED]


def deliverables_visible_to(user) -> QuerySet[Deliverable]:
    return Deliverable.objects.filter(
        qualification__in=qualifications_visible_to(user).values("pk")
    ).select_related("cohort", "qualification__organisation", "qualification__market_role")


def deliverable_get(user, pk) -> Deliverable:
    """One deliverable with its files and review thread."""
    return get_object_or_404(
        deliverables_visible_to(user).prefetch_related(
            Prefetch(
                "revisions",
                queryset=DeliverableRevision.objects.select_related("uploaded_by").order_by(
                    "-number"
                ),
            ),
            Prefetch("comments", queryset=DeliverableComment.objects.select_related("author")),
        ),
        pk=pk,
    )


def revision_get(user, pk) -> DeliverableRevision:
    return get_object_or_404(
        DeliverableRevision.objects.filter(
            deliverable__in=deliverables_visible_to(user).values("pk")
        ),
        pk=pk,
    )


def _with_due_and_latest(deliverables: list[Deliverable]) -> list[Deliverable]:
    """Attach each deliverable's deadline (earliest Deadline row of its activity)
    and its latest file, in two queries whatever the number of rows."""
    due = due_dates(
        {d.qualification_id for d in deliverables}, {SPECS[d.kind].activity for d in deliverables}
    )
    latest: dict[int, DeliverableRevision] = {}
    for revision in DeliverableRevision.objects.filter(
        deliverable_id__in=[d.pk for d in deliverables]
    ).order_by("deliverable_id", "number"):
        latest[revision.deliverable_id] = revision
    for d in deliverables:
        d.due = due.get((d.qualification_id, SPECS[d.kind].activity))
        d.latest = latest.get(d.pk)
    return deliverables


@dataclass
class QualificationDeliverables:
    qualification: Qualification
    rows: list[Deliverable]
    checkpoints_passed: set[int]

    @property
    def next_due(self) -> Deliverable | None:
        """What the participant should do next: the earliest open deliverable."""
        open_rows = [d for d in self.rows if d.status == D.OUTSTANDING and d.due]
        return min(open_rows, key=lambda d: d.due, default=None)


def deliverables_of_organisation(user, organisation_id: int) -> list[QualificationDeliverables]:
    """The participant's page: each role's deliverables, in timeline order."""
    qualifications = list(
        qualifications_visible_to(user)
        .filter(organisation_id=organisation_id)
        .order_by("market_role__order")
    )
    rows = _with_due_and_latest(
        list(deliverables_visible_to(user).filter(qualification__in=qualifications))
    )
    passed = set(
        CheckpointReview.objects.filter(
            qualification__in=qualifications, outcome="passed"
        ).values_list("qualification_id", "number")
    )
    grouped = []
    for q in qualifications:
        mine = sorted((d for d in rows if d.qualification_id == q.pk), key=lambda d: ORDER[d.kind])
        grouped.append(QualificationDeliverables(q, mine, {n for qid, n in passed if qid == q.pk}))
    return grouped


def review_queue(user) -> list[Deliverable]:
    """What waits for this person: Draft and Review in the cohorts they manage as
    test manager; Code Body Review of PIT artefacts of roles their bodies approve."""
    actor = actor_for(user)
    waiting = Q(pk__in=[])
    cohorts = managed_cohort_ids(actor)
    if cohorts:
        waiting |= Q(status=D.DRAFT_AND_REVIEW, cohort_id__in=cohorts)
    if actor.bodies:
        waiting |= Q(
            status=D.CODE_BODY_REVIEW,
            cohort__route__in=CODE_BODY_PIT_ROUTES,
            qualification__market_role__in=MarketRole.objects.filter(
                roles_governed_by(actor.bodies)
            ),
        )
    rows = list(deliverables_visible_to(user).filter(waiting).order_by("submitted_at", "pk"))
    return _with_due_and_latest(rows)


@dataclass
class StatusRow:
    kind: str
    cohort: Cohort
    counts: Counter = field(default_factory=Counter)

    @property
    def label(self) -> str:
        return DeliverableKind(self.kind).label

    @property
    def cells(self) -> list[int]:
        return [self.counts[s] for s in STATUS_COLUMNS]

    @property
    def total(self) -> int:
        return sum(self.cells)


def status_table(user, *, cohort_key: str = "") -> tuple[list[StatusRow], list[int]]:
    """The programme's "Qualification Status Updates": one row per deliverable
    and cohort with Total / Outstanding / Draft and Review / Code Body Review /
    Completed, and the column totals. One aggregate query plus the cohorts."""
    rows_qs = deliverables_visible_to(user)
    if cohort_key:
        rows_qs = rows_qs.filter(cohort__key=cohort_key)
    grouped = rows_qs.values("kind", "cohort_id", "status").annotate(n=Count("id")).order_by()
    cohorts = {c.pk: c for c in Cohort.objects.all()}
    rows: dict[tuple[str, int], StatusRow] = {}
    for g in grouped:
        key = (g["kind"], g["cohort_id"])
        row = rows.setdefault(key, StatusRow(g["kind"], cohorts[g["cohort_id"]]))
        row.counts[g["status"]] += g["n"]
    ordered = sorted(rows.values(), key=lambda r: (ORDER[r.kind], r.cohort.order, r.cohort.key))
    totals = [sum(r.cells[i] for r in ordered) for i in range(len(STATUS_COLUMNS))]
    return ordered, [sum(totals), *totals]
