"""Who sees what: the selectors every page and endpoint starts from.

Approving bodies (QA&P Table 2, loaded by migration): Supplier, LDSO and SMRA
are BSC + REC + DIP; SDS, ADS, UMSDS and UMSO are BSC + DIP; MEM (Advanced
and Smart) are REC + DIP only.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from qualification import selectors
from qualification.models import Event
from tests.factories import (
    MpidFactory,
    OrganisationFactory,
    QualificationFactory,
    market_role,
    member,
    staff,
)

pytestmark = pytest.mark.django_db


def org_with(name: str, *role_codes: str):
    organisation = OrganisationFactory(name=name)
    for code in role_codes:
        QualificationFactory(organisation=organisation, market_role=market_role(code))
    return organisation


@pytest.fixture
def population():
    """One organisation per shape the scoping rules distinguish."""
    return {
        "supplier": org_with("Supplier Co", "SUPPLIER"),
        "sds_only": org_with("SDS Agent Co", "SDS"),
        "mem_only": org_with("MEM Co", "MEM_SMART", "MEM_ADV"),
        "sds_and_mem": org_with("Mixed Agent Co", "SDS", "MEM_SMART"),
        "no_roles": org_with("Not Yet Registered Co"),
    }


def names(queryset) -> set[str]:
    return {organisation.name for organisation in queryset}


def role_codes(queryset) -> set[tuple[str, str]]:
    return {(q.organisation.name, q.market_role.code) for q in queryset}


def test_a_participant_sees_only_its_own_organisation(population):
    user = member(population["supplier"], "viewer")
    assert names(selectors.organisations_visible_to(user)) == {"Supplier Co"}
    assert role_codes(selectors.qualifications_visible_to(user)) == {("Supplier Co", "SUPPLIER")}
    assert selectors.organisation_get(user, population["supplier"].pk) == population["supplier"]
    with pytest.raises(Http404):
        selectors.organisation_get(user, population["sds_only"].pk)
    with pytest.raises(Http404):
        selectors.organisation_overview(user, population["mem_only"].pk)


def test_a_member_of_two_organisations_sees_both_and_no_more(population):
    user = member(population["supplier"], "admin")
    member(population["no_roles"], "viewer", email=user.email)
    assert names(selectors.organisations_visible_to(user)) == {
        "Supplier Co",
        "Not Yet Registered Co",
    }


def test_bsc_reviewer_sees_organisations_with_a_bsc_governed_role(population):
    user = staff("reviewer", "BSC")
    assert names(selectors.organisations_visible_to(user)) == {
        "Supplier Co",
        "SDS Agent Co",
        "Mixed Agent Co",
    }
    assert "MEM Co" not in names(selectors.organisations_visible_to(user))
    with pytest.raises(Http404):
        selectors.organisation_get(user, population["mem_only"].pk)


def test_rec_reviewer_sees_mem_only_organisation_but_not_an_sds_only_agent(population):
    user = staff("reviewer", "REC")
    visible = names(selectors.organisations_visible_to(user))
    assert visible == {"Supplier Co", "MEM Co", "Mixed Agent Co"}
    assert "SDS Agent Co" not in visible


def test_dip_reviewer_sees_every_governed_organisation(population):
    user = staff("reviewer", "DIP")
    assert names(selectors.organisations_visible_to(user)) == {
        "Supplier Co",
        "SDS Agent Co",
        "MEM Co",
        "Mixed Agent Co",
    }


def test_an_approver_is_scoped_like_a_reviewer_of_the_same_body(population):
    user = staff("approver", "REC")
    assert names(selectors.organisations_visible_to(user)) == {
        "Supplier Co",
        "MEM Co",
        "Mixed Agent Co",
    }


def test_pab_secretariat_acts_for_bsc(population):
    user = staff("pab_secretariat")
    assert "SDS Agent Co" in names(selectors.organisations_visible_to(user))
    assert "MEM Co" not in names(selectors.organisations_visible_to(user))


@pytest.mark.parametrize("duty", ["programme_viewer", "test_manager", "service_activation"])
def test_programme_wide_duties_see_every_organisation(population, duty):
    user = staff(duty)
    assert names(selectors.organisations_visible_to(user)) == {o.name for o in population.values()}
    assert len(selectors.qualifications_visible_to(user)) == 6


def test_anonymous_sees_nothing(population):
    anonymous = AnonymousUser()
    assert not selectors.organisations_visible_to(anonymous).exists()
    assert not selectors.qualifications_visible_to(anonymous).exists()
    assert not selectors.mpids_visible_to(anonymous).exists()
    assert not selectors.events_visible_to(anonymous).exists()


@pytest.mark.parametrize("kind", ["member", "reviewer", "programme_viewer"])
def test_an_inactive_user_sees_nothing(population, kind):
    if kind == "member":
        user = member(population["supplier"], "admin")
    elif kind == "reviewer":
        user = staff("reviewer", "BSC")
    else:
        user = staff("programme_viewer")
    assert selectors.organisations_visible_to(user).exists()  # active: sees something
    user.is_active = False
    user.save()
    assert not selectors.organisations_visible_to(user).exists()
    assert not selectors.qualifications_visible_to(user).exists()


def test_reviewer_sees_only_the_qualifications_its_body_governs(population):
    """Mixed Agent Co is visible to REC for its MEM role; its SDS role is BSC + DIP business."""
    rec = staff("reviewer", "REC")
    assert role_codes(selectors.qualifications_visible_to(rec)) == {
        ("Supplier Co", "SUPPLIER"),
        ("MEM Co", "MEM_SMART"),
        ("MEM Co", "MEM_ADV"),
        ("Mixed Agent Co", "MEM_SMART"),
    }
    overview = selectors.organisation_overview(rec, population["sds_and_mem"].pk)
    assert [q.market_role.code for q in overview.qualifications.all()] == ["MEM_SMART"]

    bsc = staff("reviewer", "BSC")
    assert ("Mixed Agent Co", "MEM_SMART") not in role_codes(
        selectors.qualifications_visible_to(bsc)
    )
    assert ("Mixed Agent Co", "SDS") in role_codes(selectors.qualifications_visible_to(bsc))


def test_a_reviewer_who_is_also_a_member_sees_all_of_its_own_organisation(population):
    user = staff("reviewer", "REC")
    member(population["sds_only"], "viewer", email=user.email)
    assert ("SDS Agent Co", "SDS") in role_codes(selectors.qualifications_visible_to(user))
    assert "SDS Agent Co" in names(selectors.organisations_visible_to(user))
    # Seen through both routes, still listed once.
    user2 = staff("reviewer", "BSC")
    member(population["supplier"], "viewer", email=user2.email)
    visible = list(selectors.organisations_visible_to(user2))
    assert len(visible) == len(set(visible))


def test_mpids_and_events_follow_the_organisation_scope(population):
    MpidFactory(organisation=population["supplier"], code="SUP1")
    MpidFactory(
        organisation=population["mem_only"], market_role=market_role("MEM_SMART"), code="MEM1"
    )
    for organisation in (population["supplier"], population["mem_only"]):
        Event.objects.create(
            kind="member_added", occurred_at="2026-01-01T00:00:00Z", organisation=organisation
        )
    user = member(population["supplier"], "viewer")
    assert [m.code for m in selectors.mpids_visible_to(user)] == ["SUP1"]
    assert {e.organisation_id for e in selectors.events_visible_to(user)} == {
        population["supplier"].pk
    }
    bsc = staff("reviewer", "BSC")
    assert [m.code for m in selectors.mpids_visible_to(bsc)] == ["SUP1"]


def test_members_are_listed_to_the_organisation_and_programme_only(population):
    organisation = population["supplier"]
    viewer = member(organisation, "viewer", email="viewer@supplier.example")
    assert [m.user.email for m in selectors.members_of(viewer, organisation)] == [
        "viewer@supplier.example"
    ]
    # A reviewer may see the organisation but not its people.
    assert not selectors.members_of(staff("reviewer", "BSC"), organisation).exists()
    assert not selectors.members_of(member(population["mem_only"]), organisation).exists()
    assert selectors.members_of(staff("programme_viewer"), organisation).count() == 1
