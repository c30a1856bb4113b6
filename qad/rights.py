"""Who may do what to a QAD: pure reads of memberships and duties."""

from qualification.models import Duty, MembershipRole
from qualification.permissions import actor_for


def can_contribute(user, organisation_id: int) -> bool:
    return actor_for(user).can_contribute(organisation_id)


def reviewing_bodies(user) -> set[str]:
    """Bodies this person reviews QAD sections for (approvers decide, they do not review)."""
    return {body for duty, body in actor_for(user).assignments if duty == Duty.REVIEWER}


def is_director(user, organisation_id: int) -> bool:
    return actor_for(user).is_member(organisation_id, MembershipRole.DIRECTOR)
