"""Every read of tenant data starts here, from the user who reads it.

Participants see their own organisations; reviewers and approvers see the
organisations with a role their body governs; programme-wide staff see all.
Anything outside the scope is simply absent, so lookups by id answer 404.
"""

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from .models import Event, MarketRole, Membership, Mpid, Organisation, Qualification
from .permissions import actor_for, roles_governed_by


def qualifications_visible_to(user) -> QuerySet[Qualification]:
    actor = actor_for(user)
    base = Qualification.objects.select_related("organisation", "market_role")
    if not actor.is_authenticated:
        return base.none()
    if actor.sees_every_participant:
        return base
    own = base.filter(organisation_id__in=list(actor.memberships))
    if not actor.bodies:
        return own
    governed = base.filter(
        market_role__in=MarketRole.objects.filter(roles_governed_by(actor.bodies))
    )
    return own | governed


def organisations_visible_to(user) -> QuerySet[Organisation]:
    actor = actor_for(user)
    if not actor.is_authenticated:
        return Organisation.objects.none()
    if actor.sees_every_participant:
        return Organisation.objects.all()
    in_scope = Organisation.objects.filter(pk__in=list(actor.memberships))
    if actor.bodies:
        governed = Qualification.objects.filter(
            market_role__in=MarketRole.objects.filter(roles_governed_by(actor.bodies))
        ).values("organisation_id")
        in_scope = Organisation.objects.filter(pk__in=list(actor.memberships)) | (
            Organisation.objects.filter(pk__in=governed)
        )
    return in_scope


def organisation_get(user, pk) -> Organisation:
    return get_object_or_404(organisations_visible_to(user), pk=pk)


def organisation_overview(user, pk) -> Organisation:
    """An organisation with what its home page shows, in a constant number of queries."""
    qualifications = qualifications_visible_to(user).order_by("market_role__order")
    return get_object_or_404(
        organisations_visible_to(user).prefetch_related(
            Prefetch("qualifications", queryset=qualifications),
            Prefetch("mpids", queryset=Mpid.objects.select_related("market_role")),
        ),
        pk=pk,
    )


def mpids_visible_to(user) -> QuerySet[Mpid]:
    return Mpid.objects.filter(organisation__in=organisations_visible_to(user)).select_related(
        "market_role", "organisation"
    )


def members_of(user, organisation: Organisation) -> QuerySet[Membership]:
    """The organisation's people: shown to its own members and to programme staff."""
    actor = actor_for(user)
    if not (actor.is_member(organisation.pk) or actor.sees_every_participant):
        return Membership.objects.none()
    return organisation.memberships.select_related("user").order_by("role", "user__email")


def events_visible_to(user) -> QuerySet[Event]:
    if actor_for(user).sees_every_participant:
        # The same rows as the filter below, but without "organisation IN (every
        # organisation)" the change feed walks the ledger by id and stops at a
        # page instead of sorting every event (benchmarks, 100x: 26 ms to <1 ms).
        events = Event.objects.filter(organisation__isnull=False)
    else:
        events = Event.objects.filter(organisation__in=organisations_visible_to(user))
    return events.select_related("actor", "qualification__market_role")


def market_roles() -> QuerySet[MarketRole]:
    return MarketRole.objects.filter(in_scope=True)
