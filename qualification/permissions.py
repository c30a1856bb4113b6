"""Who a person is in the portal. Pure reads of memberships and duties,
shared by selectors (what they see) and services (what they may do)."""

from functools import cached_property

from django.db.models import Q

from .models import BODY_DUTIES, Body, Duty, MembershipRole

# Duties that read across every participant.
PROGRAMME_WIDE_DUTIES = {
    Duty.PROGRAMME_VIEWER,
    Duty.TEST_MANAGER,
    Duty.SERVICE_ACTIVATION,
}


class Actor:
    """The memberships and duties of one user, read once per request."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def is_authenticated(self) -> bool:
        return bool(self.user and self.user.is_authenticated and self.user.is_active)

    @cached_property
    def assignments(self) -> list[tuple[str, str]]:
        if not self.is_authenticated:
            return []
        return list(self.user.staff_assignments.values_list("duty", "body"))

    @cached_property
    def memberships(self) -> dict[int, str]:
        if not self.is_authenticated:
            return {}
        return dict(self.user.memberships.values_list("organisation_id", "role"))

    @property
    def duties(self) -> set[str]:
        return {duty for duty, _ in self.assignments}

    @property
    def bodies(self) -> set[str]:
        """Bodies this person reviews or approves for; the secretariat acts for BSC."""
        bodies = {body for duty, body in self.assignments if duty in BODY_DUTIES}
        if Duty.PAB_SECRETARIAT in self.duties:
            bodies.add(Body.BSC.value)
        return bodies

    @property
    def is_superuser(self) -> bool:
        return self.is_authenticated and self.user.is_superuser

    @property
    def sees_every_participant(self) -> bool:
        return self.is_superuser or bool(self.duties & PROGRAMME_WIDE_DUTIES)

    @property
    def is_staff_user(self) -> bool:
        return bool(self.assignments) or self.is_superuser

    def has_duty(self, duty: str, body: str = "") -> bool:
        return (duty, body) in self.assignments if body else duty in self.duties

    def membership_role(self, organisation_id: int) -> str | None:
        return self.memberships.get(organisation_id)

    def is_member(self, organisation_id: int, *roles: str) -> bool:
        role = self.membership_role(organisation_id)
        return role is not None and (not roles or role in roles)

    def can_manage(self, organisation_id: int) -> bool:
        return self.is_superuser or self.is_member(organisation_id, MembershipRole.ADMIN)

    def can_contribute(self, organisation_id: int) -> bool:
        return self.is_member(
            organisation_id,
            MembershipRole.ADMIN,
            MembershipRole.CONTRIBUTOR,
            MembershipRole.DIRECTOR,
        )


def actor_for(user_or_actor) -> Actor:
    """The Actor of a user. Not cached on the user, since a service may change
    memberships mid-request; callers that check many things pass an Actor."""
    if isinstance(user_or_actor, Actor):
        return user_or_actor
    return Actor(user_or_actor)


def roles_governed_by(bodies: set[str]) -> Q:
    """A filter on MarketRole for the roles any of these bodies approves."""
    q = Q(pk__in=[])
    if Body.BSC in bodies:
        q |= Q(approved_by_bsc=True)
    if Body.REC in bodies:
        q |= Q(approved_by_rec=True)
    if Body.DIP in bodies:
        q |= Q(approved_by_dip=True)
    return q
