from datetime import date

import pytest

from mhhs_portal.exceptions import IllegalTransition, NotPermitted, ValidationFailed
from qualification.models import Event
from service_activation.dip_onboarding import (
    dip_officer_appoint,
    dip_officer_remove,
    dip_onboarding_record,
    onboarding_status,
)
from service_activation.models import DipOnboarding
from service_activation.selectors import dip_windows, window_state
from tests.factories import QualificationFactory, allocate

pytestmark = pytest.mark.django_db

CERTS = date(2025, 6, 2)


def _appoint(admin, organisation, *roles):
    for n, role in enumerate(roles):
        dip_officer_appoint(
            actor=admin, organisation=organisation, role=role, name=f"P{n}", email=f"p{n}@a.test"
        )


def test_the_admin_appoints_officers_and_others_cannot(org_a, admin_a, contributor_a, admin_b):
    for actor in (contributor_a, admin_b):
        with pytest.raises(NotPermitted):
            _appoint(actor, org_a, "sro")
    _appoint(admin_a, org_a, "sro", "technical_contact", "technical_contact")

    onboarding = DipOnboarding.objects.get(organisation=org_a)
    assert onboarding.officers.count() == 3
    assert onboarding_status(onboarding).key == "officers"
    assert Event.objects.filter(kind="dip_officer_appointed").count() == 3


def test_a_single_officer_role_is_held_once(org_a, admin_a):
    _appoint(admin_a, org_a, "nominating_officer")
    with pytest.raises(ValidationFailed) as caught:
        _appoint(admin_a, org_a, "nominating_officer")
    assert "role" in caught.value.errors


def test_bad_officer_details_are_refused(org_a, admin_a):
    with pytest.raises(ValidationFailed) as caught:
        dip_officer_appoint(
            actor=admin_a, organisation=org_a, role="sro", name="A", email="not-an-email"
        )
    assert "email" in caught.value.errors


def test_certificates_need_the_three_officers_and_the_smoke_test_needs_certificates(
    org_a, admin_a, dip_manager
):
    _appoint(admin_a, org_a, "nominating_officer", "sro")
    with pytest.raises(IllegalTransition) as caught:
        dip_onboarding_record(
            actor=dip_manager, organisation=org_a, test_certificates_issued_on=CERTS
        )
    assert caught.value.code == "dip.officers_missing"
    with pytest.raises(IllegalTransition) as caught:
        dip_onboarding_record(actor=dip_manager, organisation=org_a, smoke_test_passed_on=CERTS)
    assert caught.value.code == "dip.certificates_missing"
    assert DipOnboarding.objects.get(organisation=org_a).test_certificates_issued_on is None


def test_only_the_dip_manager_records_certificates(org_a, admin_a, team):
    _appoint(admin_a, org_a, "nominating_officer", "sro", "aro")
    for actor in (admin_a, team):
        with pytest.raises(NotPermitted):
            dip_onboarding_record(
                actor=actor, organisation=org_a, test_certificates_issued_on=CERTS
            )


def test_onboarding_completes_once_with_the_appendix_c_event(org_a, admin_a, dip_manager):
    _appoint(admin_a, org_a, "nominating_officer", "sro", "aro", "technical_contact")
    dip_onboarding_record(actor=dip_manager, organisation=org_a, test_certificates_issued_on=CERTS)
    assert onboarding_status(DipOnboarding.objects.get(organisation=org_a)).key == "smoke_test"
    with pytest.raises(ValidationFailed):
        dip_onboarding_record(
            actor=dip_manager, organisation=org_a, smoke_test_passed_on=date(2025, 6, 1)
        )

    onboarding = dip_onboarding_record(
        actor=dip_manager, organisation=org_a, smoke_test_passed_on=date(2025, 6, 9)
    )
    _appoint(admin_a, org_a, "technical_contact")

    assert onboarding.completed_on == date(2025, 6, 9)
    assert onboarding_status(onboarding).key == "complete"
    assert Event.objects.filter(kind="dip_onboarding_completed", organisation=org_a).count() == 1
    assert onboarding.history.latest().history_user in (admin_a, dip_manager)


def test_removing_an_officer_is_recorded(org_a, admin_a):
    _appoint(admin_a, org_a, "sro")
    officer = DipOnboarding.objects.get(organisation=org_a).officers.get()
    dip_officer_remove(actor=admin_a, officer=officer)
    assert not DipOnboarding.objects.get(organisation=org_a).officers.exists()
    assert Event.objects.filter(kind="dip_officer_removed").count() == 1


def test_the_window_comes_from_the_cohort_timeline(org_a):
    allocate(QualificationFactory(organisation=org_a), "wave_1")

    [window] = dip_windows(org_a)

    assert window.cohort.key == "wave_1"
    assert (window.dates.opens, window.dates.due) == (date(2025, 5, 26), date(2025, 7, 11))
    assert window_state(window, None, date(2025, 7, 1)) == "Open"
    assert window_state(window, None, date(2025, 7, 12)) == "Overdue"
    assert window_state(window, date(2025, 7, 11), date(2025, 8, 1)) == "Completed on time"
    assert window_state(window, date(2025, 7, 14), date(2025, 8, 1)) == "Completed late"


def test_sit_parties_have_no_dip_window(org_a):
    allocate(QualificationFactory(organisation=org_a), "sit_m10")
    assert dip_windows(org_a) == []
