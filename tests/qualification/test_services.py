"""Organisations, people, MPIDs and roles: the rules, and that a refusal changes nothing."""

import pytest

from mhhs_portal.exceptions import NotPermitted, ValidationFailed
from qualification import services
from qualification.models import Event, Membership, Mpid, Organisation, Qualification
from tests.factories import UserFactory, market_role, member, staff

pytestmark = pytest.mark.django_db


def test_programme_admin_registers_an_organisation_with_an_event():
    superuser = UserFactory(is_superuser=True, is_staff=True)
    organisation = services.organisation_create(
        actor=superuser, name="Gamma Energy", participant_type="supplier"
    )
    assert organisation.slug == "gamma-energy"
    assert organisation.history.latest().history_user == superuser
    assert Event.objects.filter(kind="organisation_created", organisation=organisation).exists()


def test_a_participant_cannot_register_organisations(admin_a):
    with pytest.raises(NotPermitted):
        services.organisation_create(actor=admin_a, name="Sneaky Ltd", participant_type="supplier")
    assert not Organisation.objects.filter(name="Sneaky Ltd").exists()


def test_admin_adds_a_new_person_without_a_usable_password(org_a, admin_a):
    membership = services.membership_add(
        actor=admin_a, organisation=org_a, email=" New.Person@Alpha.test ", role="contributor"
    )
    assert membership.user.email == "new.person@alpha.test"
    assert not membership.user.has_usable_password()
    event = Event.objects.get(kind="member_added")
    assert event.payload == {"email": "new.person@alpha.test", "role": "contributor"}


def test_duplicate_membership_is_refused_and_nothing_is_written(org_a, admin_a, contributor_a):
    before = Membership.objects.count(), Event.objects.count()
    with pytest.raises(ValidationFailed) as raised:
        services.membership_add(
            actor=admin_a, organisation=org_a, email=contributor_a.email, role="viewer"
        )
    assert raised.value.code == "duplicate_membership"
    assert "already a member" in raised.value.errors["email"][0]
    assert (Membership.objects.count(), Event.objects.count()) == before


@pytest.mark.parametrize("role", ["contributor", "director", "viewer"])
def test_only_the_admin_manages_people(org_a, role):
    person = member(org_a, role)
    with pytest.raises(NotPermitted):
        services.membership_add(
            actor=person, organisation=org_a, email="x@alpha.test", role="viewer"
        )
    assert not Membership.objects.filter(user__email="x@alpha.test").exists()


def test_an_admin_of_another_organisation_cannot_add_people(org_a, admin_b):
    with pytest.raises(NotPermitted):
        services.membership_add(actor=admin_b, organisation=org_a, email="x@a.test", role="admin")


def test_unknown_membership_role_is_a_field_error(org_a, admin_a):
    with pytest.raises(ValidationFailed) as raised:
        services.membership_add(actor=admin_a, organisation=org_a, email="y@a.test", role="owner")
    assert "role" in raised.value.errors


def test_the_last_admin_cannot_be_demoted_or_removed(org_a, admin_a):
    membership = Membership.objects.get(user=admin_a)
    with pytest.raises(ValidationFailed) as raised:
        services.membership_change_role(actor=admin_a, membership=membership, role="viewer")
    assert raised.value.code == "last_admin"
    with pytest.raises(ValidationFailed):
        services.membership_remove(actor=admin_a, membership=membership)
    assert Membership.objects.get(pk=membership.pk).role == "admin"


def test_an_admin_can_step_down_when_another_admin_remains(org_a, admin_a):
    member(org_a, "admin")
    membership = Membership.objects.get(user=admin_a)
    services.membership_change_role(actor=admin_a, membership=membership, role="director")
    assert Membership.objects.get(pk=membership.pk).role == "director"
    assert Event.objects.get(kind="member_role_changed").payload["to"] == "director"


def test_removing_a_member_records_who_was_removed(org_a, admin_a, viewer_a):
    membership = Membership.objects.get(user=viewer_a)
    services.membership_remove(actor=admin_a, membership=membership)
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert Event.objects.get(kind="member_removed").payload == {"email": viewer_a.email}


def test_mpid_is_stored_upper_case_with_an_event(org_a, admin_a):
    mpid = services.mpid_register(
        actor=admin_a, organisation=org_a, market_role=market_role("SUPPLIER"), code=" ab1c "
    )
    assert mpid.code == "AB1C"
    assert Event.objects.get(kind="mpid_registered").payload == {"mpid": "AB1C", "role": "SUPPLIER"}


@pytest.mark.parametrize("code", ["", "AB", "ABCDE", "AB-C", "ÄBCD", "AB C"])
def test_invalid_mpids_are_refused(org_a, admin_a, code):
    with pytest.raises(ValidationFailed) as raised:
        services.mpid_register(
            actor=admin_a, organisation=org_a, market_role=market_role("SUPPLIER"), code=code
        )
    assert "code" in raised.value.errors
    assert not Mpid.objects.exists()
    assert not Event.objects.exists()


def test_an_mpid_is_unique_per_role_but_may_repeat_across_roles(org_a, admin_a, org_b, admin_b):
    supplier, sds = market_role("SUPPLIER"), market_role("SDS")
    services.mpid_register(actor=admin_a, organisation=org_a, market_role=supplier, code="ABCD")
    with pytest.raises(ValidationFailed) as raised:
        services.mpid_register(actor=admin_b, organisation=org_b, market_role=supplier, code="abcd")
    assert raised.value.errors
    services.mpid_register(actor=admin_b, organisation=org_b, market_role=sds, code="ABCD")
    assert Mpid.objects.filter(code="ABCD").count() == 2


def test_an_organisation_may_hold_several_mpids_for_one_role(org_a, admin_a):
    supplier = market_role("SUPPLIER")
    for code in ("AAA1", "AAA2"):
        services.mpid_register(actor=admin_a, organisation=org_a, market_role=supplier, code=code)
    assert org_a.mpids.filter(market_role=supplier).count() == 2


def test_registering_a_role_creates_a_qualification(org_a, admin_a):
    qualification = services.qualification_register(
        actor=admin_a, organisation=org_a, market_role=market_role("LDSO")
    )
    assert qualification.status == "registered"
    assert Event.objects.get(kind="qualification_registered").qualification == qualification


def test_a_role_is_registered_once_per_organisation(org_a, admin_a):
    role = market_role("SUPPLIER")
    services.qualification_register(actor=admin_a, organisation=org_a, market_role=role)
    with pytest.raises(ValidationFailed):
        services.qualification_register(actor=admin_a, organisation=org_a, market_role=role)
    assert Qualification.objects.filter(organisation=org_a).count() == 1


def test_roles_outside_mhhs_cannot_be_registered(org_a, admin_a):
    with pytest.raises(ValidationFailed) as raised:
        services.qualification_register(
            actor=admin_a, organisation=org_a, market_role=market_role("MDR")
        )
    assert "outside MHHS" in raised.value.errors["market_role"][0]


def test_staff_cannot_register_roles_for_a_participant(org_a):
    with pytest.raises(NotPermitted):
        services.qualification_register(
            actor=staff("reviewer", "BSC"), organisation=org_a, market_role=market_role("SUPPLIER")
        )
