"""What every governance service shares: who may act for a body, and the
event target of a governance row."""

from django.utils import timezone

from mhhs_portal.exceptions import IllegalTransition, NotPermitted
from qualification.models import Body, Duty, Qualification
from qualification.permissions import actor_for

DECIDER = {
    Body.BSC.value: "the BSC PAB (recorded by the PAB secretariat)",
    Body.REC.value: "the REC Code Manager",
    Body.DIP.value: "the DIP Manager",
}


def may_decide(actor, body: str) -> bool:
    """BSC decisions are the PAB's, recorded by its secretariat; REC and DIP by their approver."""
    a = actor_for(actor)
    if body == Body.BSC:
        return a.has_duty(Duty.PAB_SECRETARIAT)
    return a.has_duty(Duty.APPROVER, body)


def acts_for(actor, body: str) -> bool:
    """Reviewers and approvers of the body (and the secretariat for BSC) act for it."""
    return body in actor_for(actor).bodies


def require_contributor(actor, qualification: Qualification) -> None:
    if not actor_for(actor).can_contribute(qualification.organisation_id):
        raise NotPermitted("Only the participant's contributors can do this.")


def require_test_manager(actor) -> None:
    if not actor_for(actor).has_duty(Duty.TEST_MANAGER):
        raise NotPermitted("Only a Qualification Test Manager can do this.")


def on_qualification(row) -> dict:
    qualification = row.qualification
    return {"organisation": qualification.organisation, "qualification": qualification}


def decision_time(meeting):
    """When a decision was taken: at the PAB meeting (the secretariat often records
    decisions after the meeting), else now. A meeting that has not sat decides nothing."""
    now = timezone.now()
    if meeting is None:
        return now
    if meeting.starts_at > now:
        raise IllegalTransition(
            f"{meeting.title} has not taken place yet: record its decisions at or after it.",
            code="meeting_not_held",
        )
    return meeting.starts_at
