"""Approvals: created per approving body, made ready, decided, appealed (QA&P §11.3).

Order: the DIP Manager approves the DIP User first; then the BSC PAB and the
REC Code Manager (Open Day 2025). LDSO, SMRA and UMSO of one organisation
are decided together (QA&P §11.4.1).
"""

from django.db import transaction

from mhhs_portal.exceptions import IllegalTransition, NotPermitted, ValidationFailed
from qualification.events import event_record
from qualification.models import Body, Qualification, QualificationStatus
from qualification.permissions import actor_for, roles_governed_by
from qualification.transitions import transition_apply

from ..models import Appeal, AppealForum, Approval, ApprovalStatus, Decision
from ..qualified import qualification_qualify_if_met, unmet_before_approval
from ._common import DECIDER, decision_time, may_decide, on_qualification

A = ApprovalStatus
SIGNED_OFF_OR_LATER = {
    QualificationStatus.SIGNED_OFF,
    QualificationStatus.QUALIFIED,
    QualificationStatus.ACTIVE,
}
OUTCOMES = {
    A.APPROVED: ("approve", "approval_granted"),
    A.REJECTED: ("reject", "approval_rejected"),
    A.DEFERRED: ("defer", "approval_deferred"),
}


def ready_blockers(approval: Approval, siblings: dict[str, Approval]) -> list[str]:
    """Why the approval cannot be decided yet; empty when it can."""
    blockers = []
    if approval.qualification.status not in SIGNED_OFF_OR_LATER:
        blockers.append("Director sign-off of the Final QAD")
    dip = siblings.get(Body.DIP.value)
    if approval.body != Body.DIP and dip is not None and dip.status != A.APPROVED:
        blockers.append("DIP Manager approval of the DIP User")
    return blockers


def approvals_sync(*, qualification: Qualification, actor=None) -> list[Approval]:
    """Create the role's approvals that are missing; make ready those whose prerequisites hold."""
    with transaction.atomic():
        existing = {a.body: a for a in qualification.approvals.all()}
        for body in qualification.market_role.approving_bodies:
            if body not in existing:
                approval = Approval(qualification=qualification, body=body)
                approval._history_user = actor
                approval.save()
                existing[body] = approval
        for body, approval in list(existing.items()):
            approval.qualification = qualification
            if approval.status == A.PENDING and not ready_blockers(approval, existing):
                existing[body] = transition_apply(
                    instance=approval,
                    transition="mark_ready",
                    actor=actor,
                    allowed=lambda row: True,
                    event_kind="approval_ready",
                    reason="prerequisites met",
                    event_target=on_qualification,
                    payload={"body": body},
                )
    return list(existing.values())


def joint_group(approval: Approval) -> list[Approval]:
    """The approvals decided together with this one: itself, or the body's approvals of
    the organisation's LDSO, SMRA and UMSO roles. A sibling role without an approval
    row yet is refused by the caller."""
    role = approval.qualification.market_role
    if not role.qualified_jointly:
        return [approval]
    siblings = Qualification.objects.filter(
        organisation_id=approval.qualification.organisation_id,
        market_role__qualified_jointly=True,
        market_role__in=type(role).objects.filter(roles_governed_by({approval.body})),
    ).select_related("organisation", "market_role")
    group = []
    for qualification in siblings:
        found = next((a for a in qualification.approvals.all() if a.body == approval.body), None)
        if found is None:
            raise IllegalTransition(
                f"{qualification.market_role.name} is qualified together with"
                f" {role.name} and is not ready for a decision yet.",
                code="joint_not_ready",
            )
        found.qualification = qualification
        group.append(found)
    return group


def _check_decidable(approval: Approval, outcome: str, *, reason: str, meeting) -> None:
    if approval.status == A.PENDING:
        siblings = {a.body: a for a in approval.qualification.approvals.all()}
        waiting = "; ".join(ready_blockers(approval, siblings)) or "its prerequisites"
        raise IllegalTransition(
            f"{approval.qualification.market_role.name} is not ready for a"
            f" {approval.get_body_display()} decision: waiting for {waiting}.",
            code="approval_not_ready",
        )
    if approval.status in (A.APPROVED, A.REJECTED):
        if outcome == approval.status or outcome == A.DEFERRED:
            raise IllegalTransition(
                "This decision is recorded; a change must be the opposite decision, with a reason.",
                code="decision_recorded",
            )
        if not reason.strip():
            raise ValidationFailed(
                "A change to a recorded decision needs a reason.",
                errors={"reason": ["Give the reason for changing the decision."]},
                code="reason_required",
            )
        if approval.qualification.status != QualificationStatus.SIGNED_OFF:
            raise IllegalTransition(
                "The role is already MHHS Qualified; its approval cannot be changed here.",
                code="already_qualified",
            )
    if approval.body == Body.BSC:
        if meeting is None:
            raise IllegalTransition(
                "BSC decisions are taken at a PAB meeting: choose the meeting.",
                code="meeting_required",
            )
        decision_time(meeting)
        on_agenda = approval.agenda_items.filter(meeting=meeting).exists()
        if approval.status not in (A.APPROVED, A.REJECTED) and not on_agenda:
            raise IllegalTransition(
                "Put the application on this meeting's agenda before recording its decision.",
                code="approval_not_scheduled",
            )


def approval_decide(
    *, actor, approval: Approval, outcome: str, reason: str = "", minutes: str = "", meeting=None
) -> list[Decision]:
    """Record one body's decision (for joint roles, the group's). Returns the new decisions."""
    if outcome not in OUTCOMES:
        raise ValidationFailed("Unknown outcome.", errors={"outcome": ["Unknown outcome."]})
    if not may_decide(actor, approval.body):
        raise NotPermitted(
            f"Only {DECIDER[approval.body]} can decide this approval.", code="wrong_body"
        )
    group = joint_group(approval)
    for member in group:
        _check_decidable(member, outcome, reason=reason, meeting=meeting)
        if outcome == A.APPROVED:
            unmet = unmet_before_approval(member.qualification)
            if unmet:
                raise IllegalTransition(
                    f"{member.qualification.market_role.name} cannot be approved yet:"
                    f" {'; '.join(unmet)}.",
                    code="criteria_unmet",
                )
    transition_name, event_kind = OUTCOMES[outcome]
    decided_at = decision_time(meeting)
    decisions = []
    with transaction.atomic():
        for member in group:
            previous = member.decisions.filter(superseded_by__isnull=True).last()
            if member.status not in (A.APPROVED, A.REJECTED):
                previous = None
            decision = Decision.objects.create(
                approval=member,
                outcome=outcome,
                reason=reason,
                minutes=minutes,
                meeting=meeting,
                supersedes=previous,
                decided_by=actor,
                decided_at=decided_at,
            )
            decision.approval = transition_apply(
                instance=member,
                transition=transition_name,
                actor=actor,
                allowed=lambda row: True,
                arguments={"decided_at": decided_at},
                event_kind=event_kind,
                reason=reason or f"{outcome} by {member.get_body_display()}",
                event_target=on_qualification,
                payload={
                    "body": member.body,
                    "decision": decision.pk,
                    "meeting": meeting.pk if meeting else None,
                    "supersedes": previous.pk if previous else None,
                },
            )
            decisions.append(decision)
        for member in group:
            qualification = Qualification.objects.select_related("organisation", "market_role").get(
                pk=member.qualification_id
            )
            approvals_sync(qualification=qualification, actor=actor)
        for member in group:
            qualification_qualify_if_met(actor=actor, qualification=member.qualification)
    return decisions


def appeal_record(*, actor, decision: Decision, grounds: str, lodged_on) -> Appeal:
    """Record an appeal the participant lodged against a rejection."""
    approval = decision.approval
    a = actor_for(actor)
    if not (a.can_manage(approval.qualification.organisation_id) or may_decide(a, approval.body)):
        raise NotPermitted("Only the participant's admin or the deciding body records an appeal.")
    if decision.outcome != A.REJECTED or hasattr(decision, "superseded_by"):
        raise IllegalTransition("Only a standing rejection can be appealed.", code="not_rejected")
    if approval.body == Body.DIP:
        raise IllegalTransition(
            "DIP Manager decisions are not appealed through the Code Bodies.", code="no_appeal"
        )
    if not grounds.strip():
        raise ValidationFailed("Give the grounds of the appeal.", errors={"grounds": ["Required."]})
    if decision.appeals.exists():
        raise IllegalTransition("An appeal against this decision is recorded.", code="duplicate")
    forum = AppealForum.OFGEM if approval.body == Body.BSC else AppealForum.REC_PAB
    with transaction.atomic():
        appeal = Appeal(
            decision=decision, forum=forum, grounds=grounds, lodged_on=lodged_on, recorded_by=actor
        )
        appeal._history_user = actor
        appeal.save()
        event_record(
            kind="approval_appealed",
            actor=actor,
            qualification=approval.qualification,
            payload={"body": approval.body, "decision": decision.pk, "forum": forum},
        )
    return appeal
