"""“MHHS Qualified”, criterion by criterion (QA&P §11.3, §11.4.1).

A role is qualified when: every approving body approved it; its findings and
observations are cleared or have an agreed action plan; no severity 1/2
defect is open and every open severity 3/4 one has an impact assessment and
an agreed work-off plan; requested exemptions are decided; a Management
Assertion covers MPIDs qualifying later; and, for LDSO, SMRA and UMSO, the
organisation's other joint roles meet all of this too.

Functions here read what is prefetched (see `CRITERIA_PREFETCH`) so a list
of qualifications costs a fixed number of queries.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django_fsm import can_proceed

from qualification.models import Body, Qualification, QualificationStatus, User
from qualification.permissions import actor_for
from qualification.services import qualification_transition

from .models import ApprovalStatus, DefectStatus, ExemptionStatus, MpidPlan, WorkOffStatus

SIGNED_OFF_OR_LATER = {
    QualificationStatus.SIGNED_OFF,
    QualificationStatus.QUALIFIED,
    QualificationStatus.ACTIVE,
}
DECISION_LABEL = {
    Body.DIP.value: "DIP Manager decision",
    Body.BSC.value: "BSC PAB decision",
    Body.REC.value: "REC Code Manager decision",
}
APPROVED_BY_LABEL = {
    Body.DIP.value: "DIP User approved by the DIP Manager",
    Body.BSC.value: "Qualified under the BSC: approved by the BSC PAB",
    Body.REC.value: "Qualified under the REC: approved by the REC Code Manager",
}
CRITERIA_PREFETCH = (
    "approvals",
    "findings",
    "defects__work_off_plan__agreements",
    "exemptions",
    "mpid_scopes__mpid",
)


@dataclass
class Criterion:
    key: str
    label: str
    met: bool
    waiting: list[str] = field(default_factory=list)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _approval_criteria(qualification: Qualification) -> list[Criterion]:
    approvals = {a.body: a for a in qualification.approvals.all()}
    criteria = []
    for body in qualification.market_role.approving_bodies:
        approval = approvals.get(body)
        status = approval.status if approval else ApprovalStatus.PENDING
        waiting = []
        if status != ApprovalStatus.APPROVED:
            note = {
                ApprovalStatus.REJECTED: " (rejected)",
                ApprovalStatus.DEFERRED: " (deferred)",
                ApprovalStatus.SCHEDULED: " (on a PAB agenda)",
            }.get(status, "")
            waiting.append(f"{DECISION_LABEL[body]}{note}")
        criteria.append(
            Criterion(f"approval_{body.lower()}", APPROVED_BY_LABEL[body], not waiting, waiting)
        )
    return criteria


def _evidence_criteria(qualification: Qualification) -> list[Criterion]:
    """What must hold before any body approves: the QAD, findings, defects, exemptions, MPIDs."""
    criteria = [
        Criterion(
            "qad_signed_off",
            "Final QAD complete and signed off by a Director",
            qualification.status in SIGNED_OFF_OR_LATER,
            []
            if qualification.status in SIGNED_OFF_OR_LATER
            else ["Director sign-off of the Final QAD"],
        )
    ]
    unsettled = [f for f in qualification.findings.all() if not f.is_settled]
    criteria.append(
        Criterion(
            "findings",
            "Every finding and observation cleared or with an agreed action plan",
            not unsettled,
            [f"{_plural(len(unsettled), 'finding')} without an agreed action plan"]
            if unsettled
            else [],
        )
    )
    open_defects = [d for d in qualification.defects.all() if d.status == DefectStatus.OPEN]
    blocking = [d for d in open_defects if d.severity <= 2]
    criteria.append(
        Criterion(
            "no_severity_1_2",
            "No open severity 1 or 2 defect",
            not blocking,
            [f"{_plural(len(blocking), 'open severity 1/2 defect')} to fix"] if blocking else [],
        )
    )
    unplanned = [d for d in open_defects if d.severity >= 3 and not _worked_off(d)]
    criteria.append(
        Criterion(
            "work_off_plans",
            "Every open severity 3/4 defect has an impact assessment and an agreed work-off plan",
            not unplanned,
            [f"{_plural(len(unplanned), 'severity 3/4 defect')} without an agreed work-off plan"]
            if unplanned
            else [],
        )
    )
    undecided = [
        e
        for e in qualification.exemptions.all()
        if e.status in (ExemptionStatus.REQUESTED, ExemptionStatus.ASSERTED)
    ]
    if qualification.exemptions.all():
        criteria.append(
            Criterion(
                "exemptions",
                "Requested segment exemptions decided at PAB",
                not undecided,
                [f"PAB decision on the {e.get_segment_display()} exemption" for e in undecided],
            )
        )
    later = [s.mpid.code for s in qualification.mpid_scopes.all() if s.plan == MpidPlan.LATER]
    if later:
        asserted = _has_assertion(qualification)
        criteria.append(
            Criterion(
                "management_assertion",
                "Management Assertion for the MPIDs qualifying later",
                asserted,
                [] if asserted else [f"Management Assertion covering {', '.join(later)}"],
            )
        )
    return criteria


def _has_assertion(qualification: Qualification) -> bool:
    try:
        return qualification.management_assertion is not None
    except Qualification.management_assertion.RelatedObjectDoesNotExist:
        return False


def _worked_off(defect) -> bool:
    try:
        plan = defect.work_off_plan
    except type(defect).work_off_plan.RelatedObjectDoesNotExist:
        return False
    return bool(defect.impact_assessment.strip()) and plan.status == WorkOffStatus.AGREED


def unmet_before_approval(qualification: Qualification) -> list[str]:
    """What stops a body approving now: everything but the approvals themselves."""
    return [w for c in _evidence_criteria(qualification) if not c.met for w in c.waiting]


def joint_siblings(qualification: Qualification) -> list[Qualification]:
    if not qualification.market_role.qualified_jointly:
        return []
    return list(
        Qualification.objects.filter(
            organisation_id=qualification.organisation_id, market_role__qualified_jointly=True
        )
        .exclude(pk=qualification.pk)
        .select_related("organisation", "market_role")
        .prefetch_related(*CRITERIA_PREFETCH)
    )


def criteria_for(qualification: Qualification, siblings=None) -> list[Criterion]:
    criteria = _evidence_criteria(qualification) + _approval_criteria(qualification)
    if qualification.market_role.qualified_jointly:
        siblings = joint_siblings(qualification) if siblings is None else siblings
        waiting = []
        for sibling in siblings:
            own = _evidence_criteria(sibling) + _approval_criteria(sibling)
            for w in (w for c in own if not c.met for w in c.waiting):
                waiting.append(f"{sibling.market_role.name}: {w}")
        criteria.append(
            Criterion(
                "joint",
                "LDSO, SMRA and UMSO roles of the organisation qualify together",
                not waiting,
                waiting,
            )
        )
    return criteria


def explanation(criteria: list[Criterion]) -> str:
    waiting = [w for c in criteria if not c.met for w in c.waiting]
    return f"waiting for: {'; '.join(waiting)}" if waiting else "every criterion met"


def _fresh(qualification: Qualification) -> Qualification:
    return (
        Qualification.objects.select_related("organisation", "market_role")
        .prefetch_related(*CRITERIA_PREFETCH)
        .get(pk=qualification.pk)
    )


def _qualifying_actor(actor, qualification: Qualification):
    """The actor of the move: the caller if a governing body's, else the last approver."""
    if actor_for(actor).bodies & set(qualification.market_role.approving_bodies):
        return actor
    last = (
        qualification.approvals.filter(decisions__outcome=ApprovalStatus.APPROVED)
        .order_by("-decided_at")
        .values_list("decisions__decided_by", flat=True)
        .first()
    )
    return User.objects.get(pk=last) if last else None


def qualification_qualify_if_met(*, actor, qualification: Qualification) -> bool:
    """Move the role (and its joint siblings) to qualified when every criterion holds."""
    qualification = _fresh(qualification)
    siblings = joint_siblings(qualification)
    group = [qualification, *siblings]
    if not all(can_proceed(q.mark_qualified) for q in group):
        return False
    for q in group:
        others = [s for s in group if s.pk != q.pk]
        if not all(c.met for c in criteria_for(q, others)):
            return False
    # Per role: the REC approver who completes an LDSO/SMRA group does not govern the UMSO.
    movers = {q.pk: _qualifying_actor(actor, q) for q in group}
    if None in movers.values():
        return False
    with transaction.atomic():
        for q in group:
            qualification_transition(
                actor=movers[q.pk],
                qualification=q,
                transition="mark_qualified",
                reason="every QA&P §11.3 criterion met",
                payload={"approvals": sorted(q.market_role.approving_bodies)},
            )
    return True
