"""Everything the approval pack shows for a meeting, read in a fixed number of
queries however many applications are on the agenda."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch
from django.utils import timezone

from qualification.models import Event
from waves.rules import rule_dates
from waves.selectors import allocations_by_qualification, cohorts_with_current_timeline, current_of

from ..models import AgendaItem, Approval, MpidPlan, PabMeeting, RelianceProposal
from ..qualified import CRITERIA_PREFETCH, _evidence_criteria

LEDGER_KINDS = (
    "initial_qad_submitted",
    "final_qad_submitted",
    "qad_marked_final",
    "qad_signed_off",
    "testing_entered",
)
TIMELINE_ACTIVITIES = {
    "initial_qad_submission": "initial_qad_submitted",
    "final_qad_submission": "final_qad_submitted",
}
PLAN_NOTE = {MpidPlan.LATER: "qualifying later", MpidPlan.EXIT: "not taken forward: market exit"}
TEST_STAGE = {"SIT": "SIT", "NON_SIT_LDSO": "QT", "NON_SIT_QT": "QT", "OTHER": "QT"}


@dataclass
class Application:
    item: AgendaItem
    qualification: object
    mpids: list
    cohort: object
    timeline: list = field(default_factory=list)
    reviews: list = field(default_factory=list)
    snapshots: dict = field(default_factory=dict)
    test_stage: str = "QT"
    test_completed: date | None = None
    unmet: list = field(default_factory=list)
    decisions: list = field(default_factory=list)
    recommendation: str = ""


def _items(meeting: PabMeeting):
    qualification = "approval__qualification"
    return (
        meeting.items.select_related(
            f"{qualification}__organisation", f"{qualification}__market_role"
        )
        .prefetch_related(
            *(f"{qualification}__{path}" for path in CRITERIA_PREFETCH if path != "approvals"),
            Prefetch(
                f"{qualification}__approvals",
                queryset=Approval.objects.prefetch_related("decisions"),
            ),
            Prefetch(
                f"{qualification}__reliance_proposals",
                queryset=RelianceProposal.objects.select_related(
                    "relies_on__organisation"
                ).prefetch_related("reviews"),
            ),
            f"{qualification}__organisation__mpids",
            f"{qualification}__qads__sign_off_record",
            f"{qualification}__qads__sections__reviews",
        )
        .order_by("position", "pk")
    )


def _ledger(organisation_ids) -> dict[tuple, date]:
    """(organisation id, qualification id or None, kind) -> first date, in one query."""
    first: dict[tuple, date] = {}
    rows = Event.objects.filter(organisation_id__in=organisation_ids, kind__in=LEDGER_KINDS)
    for org_id, q_id, kind, at in rows.values_list(
        "organisation_id", "qualification_id", "kind", "occurred_at"
    ):
        key, day = (org_id, q_id, kind), timezone.localtime(at).date()
        first[key] = min(first.get(key, day), day)
    return first


def _event_dates(ledger, qualification) -> dict[str, date]:
    dates = {}
    for (org_id, q_id, kind), day in ledger.items():
        if org_id == qualification.organisation_id and q_id in (None, qualification.pk):
            dates[kind] = min(dates.get(kind, day), day)
    return dates


def _timeline(cohort, timelines, event_dates) -> list[dict]:
    version = timelines.get(cohort.pk) if cohort else None
    rows = []
    for rule in version.rules.all() if version else []:
        kind = TIMELINE_ACTIVITIES.get(rule.activity.key)
        if kind is None:
            continue
        due = rule_dates(rule, event_dates).due
        done = event_dates.get(kind)
        if done:
            status = "Met" if not due or done <= due else "Missed (late)"
        else:
            status = "Missed" if due and due < timezone.localdate() else "Not yet due"
        rows.append({"activity": rule.activity.label, "due": due, "done": done, "status": status})
    return rows


def _review_summary(qualification) -> tuple[list[dict], dict]:
    by_body: dict[str, dict] = {}
    snapshots = {}
    for qad in qualification.qads.all():
        try:
            snapshots[str(qad.pk)] = qad.sign_off_record.sha256
        except type(qad).sign_off_record.RelatedObjectDoesNotExist:
            pass
        for section in qad.sections.all():
            if section.market_role_id not in (None, qualification.market_role_id):
                continue
            for review in section.reviews.all():
                row = by_body.setdefault(
                    review.body, {"body": review.body, "sections": 0, "accepted": 0, "last": None}
                )
                row["sections"] += 1
                row["accepted"] += review.status == "accepted"
                if review.reviewed_at and (row["last"] is None or review.reviewed_at > row["last"]):
                    row["last"] = review.reviewed_at
    return [by_body[b] for b in sorted(by_body)], snapshots


def _mpids(qualification) -> list[str]:
    """The role's MPIDs, naming those qualifying later or leaving the market (QA&P §11.4)."""
    plans = {s.mpid_id: s.plan for s in qualification.mpid_scopes.all()}
    return [
        m.code
        if plans.get(m.pk, MpidPlan.NOW) == MpidPlan.NOW
        else f"{m.code} ({PLAN_NOTE[plans[m.pk]]})"
        for m in qualification.organisation.mpids.all()
        if m.market_role_id == qualification.market_role_id
    ]


def pack_applications(meeting: PabMeeting) -> list[Application]:
    items = list(_items(meeting))
    qualifications = [item.approval.qualification for item in items]
    allocations = allocations_by_qualification(q.pk for q in qualifications)
    timelines = {c.pk: current_of(c) for c in cohorts_with_current_timeline()}
    ledger = _ledger({q.organisation_id for q in qualifications})
    applications = []
    for item in items:
        q = item.approval.qualification
        allocation = allocations.get(q.pk)
        cohort = allocation.cohort if allocation else None
        dates = _event_dates(ledger, q)
        reviews, snapshots = _review_summary(q)
        unmet = [w for c in _evidence_criteria(q) if not c.met for w in c.waiting]
        unmet += [
            f"{a.get_body_display()} approval"
            for a in q.approvals.all()
            # The DIP Manager decides first; the REC decides in parallel with the PAB.
            if a.body == "DIP" and a.status != "approved"
        ]
        recommendation = item.recommendation or (
            "Recommended for approval: the DIP Manager approved and the evidence"
            " criteria of QA&P §11.3 are met."
            if not unmet
            else f"Not recommended yet: waiting for {'; '.join(unmet)}."
        )
        applications.append(
            Application(
                item=item,
                qualification=q,
                mpids=_mpids(q),
                cohort=cohort,
                timeline=_timeline(cohort, timelines, dates),
                reviews=reviews,
                snapshots=snapshots,
                test_stage=TEST_STAGE.get(cohort.route, "QT") if cohort else "QT",
                test_completed=dates.get("qad_marked_final"),
                unmet=unmet,
                decisions=[d for a in q.approvals.all() for d in a.decisions.all()],
                recommendation=recommendation,
            )
        )
    return applications
