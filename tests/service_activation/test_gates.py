"""The journey's gates: ISD notice, EFD, Non-SIT migration start, going live."""

from datetime import date, timedelta

import pytest
import time_machine

from mhhs_portal.exceptions import IllegalTransition, NotPermitted, ValidationFailed
from qualification.models import Event, Qualification
from service_activation.models import ServiceActivation
from service_activation.services import activation_efd_change
from tests.factories import QualificationFactory, allocate

from .conftest import EFD, at_state, do_step

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("days_before", "allowed"), [(8, True), (7, True), (6, False), (0, False)])
def test_the_isd_catalogue_is_published_at_least_7_days_before_the_efd(
    days_before, allowed, qualified_a, people
):
    activation = at_state(qualified_a, "success_checks_passed")
    published = EFD - timedelta(days=days_before)

    if allowed:
        moved = do_step(activation, "isd_published", people, on=published)
        assert moved.isd_published_on == published
    else:
        with pytest.raises(IllegalTransition) as caught:
            do_step(activation, "isd_published", people, on=published)
        assert caught.value.code == "activation.isd_notice"
        assert ServiceActivation.objects.get(pk=activation.pk).status == "success_checks_passed"


def test_the_isd_cannot_be_published_after_the_efd(qualified_a, people):
    activation = at_state(qualified_a, "success_checks_passed")

    with pytest.raises(IllegalTransition):
        do_step(activation, "isd_published", people, on=EFD + timedelta(days=1))


@pytest.mark.parametrize(("new_efd", "allowed"), [(EFD, True), (EFD - timedelta(days=1), False)])
def test_moving_the_efd_inside_the_isd_window_is_refused(new_efd, allowed, qualified_a, team):
    activation = at_state(qualified_a, "isd_published")  # published 7 days before EFD

    if allowed:
        moved = activation_efd_change(actor=team, activation=activation, efd=new_efd, reason="r")
        assert moved.efd == new_efd
        assert Event.objects.filter(kind="efd_changed").exists()
    else:
        with pytest.raises(IllegalTransition) as caught:
            activation_efd_change(actor=team, activation=activation, efd=new_efd, reason="slip")
        assert caught.value.code == "activation.isd_notice"
        assert ServiceActivation.objects.get(pk=activation.pk).efd == EFD


def test_only_the_team_moves_the_efd_and_says_why(qualified_a, admin_a, team):
    activation = at_state(qualified_a, "triggered")
    with pytest.raises(NotPermitted):
        activation_efd_change(actor=admin_a, activation=activation, efd=EFD, reason="r")
    with pytest.raises(ValidationFailed):
        activation_efd_change(actor=team, activation=activation, efd=EFD, reason=" ")


def test_going_live_before_the_efd_is_refused(qualified_a, people):
    activation = at_state(qualified_a, "isd_imported")

    with pytest.raises(IllegalTransition) as caught:
        do_step(activation, "live", people, today=EFD - timedelta(days=1))

    assert caught.value.code == "activation.before_efd"
    assert Qualification.objects.get(pk=qualified_a.pk).status == "qualified"


def test_going_live_makes_the_qualification_active(qualified_a, people):
    activation = at_state(qualified_a, "isd_imported")

    moved = do_step(activation, "live", people, today=EFD)

    assert moved.live_on == EFD
    assert Qualification.objects.get(pk=qualified_a.pk).status == "active"
    assert Event.objects.filter(kind="activated", qualification=qualified_a).count() == 1
    assert Event.objects.filter(kind="activation_live", qualification=qualified_a).count() == 1


def test_going_live_uses_todays_date_from_the_clock(qualified_a, people):
    activation = at_state(qualified_a, "isd_imported")
    with time_machine.travel(date(2026, 8, 31)), pytest.raises(IllegalTransition):
        do_step(activation, "live", people, today=None)
    with time_machine.travel(date(2026, 9, 2)):
        moved = do_step(activation, "live", people, today=None)
    assert moved.live_on == date(2026, 9, 2)


@pytest.fixture
def non_sit_qualification(org_a):
    qualification = QualificationFactory(organisation=org_a, status="qualified")
    allocate(qualification, "wave_1")
    return qualification


@pytest.mark.parametrize(
    ("efd", "allowed"), [(date(2026, 5, 14), False), (date(2026, 5, 15), True)]
)
def test_a_non_sit_efd_cannot_precede_the_non_sit_migration_start(
    efd, allowed, non_sit_qualification, people
):
    activation = at_state(non_sit_qualification, "migration_plan_agreed")

    if allowed:
        assert do_step(activation, "efd_agreed", people, on=efd).efd == efd
    else:
        with pytest.raises(IllegalTransition) as caught:
            do_step(activation, "efd_agreed", people, on=efd)
        assert caught.value.code == "activation.before_non_sit_migration_start"
        assert ServiceActivation.objects.get(pk=activation.pk).efd is None


def test_a_sit_party_may_agree_an_efd_before_the_non_sit_start(qualified_a, people):
    activation = at_state(qualified_a, "migration_plan_agreed")
    assert do_step(activation, "efd_agreed", people, on=date(2026, 3, 2)).efd == date(2026, 3, 2)


def test_a_non_sit_party_cannot_go_live_before_the_migration_start(
    non_sit_qualification, people, settings
):
    activation = at_state(non_sit_qualification, "isd_imported")  # EFD 01/09/2026
    settings.NON_SIT_MIGRATION_START = date(2026, 10, 1)  # the start moved after the EFD

    with pytest.raises(IllegalTransition) as caught:
        do_step(activation, "live", people, today=date(2026, 9, 15))
    assert caught.value.code == "activation.before_non_sit_migration_start"

    assert do_step(activation, "live", people, today=date(2026, 10, 1)).status == "live"


def test_the_efd_cannot_move_before_the_non_sit_start(non_sit_qualification, team):
    activation = at_state(non_sit_qualification, "triggered")
    with pytest.raises(IllegalTransition) as caught:
        activation_efd_change(actor=team, activation=activation, efd=date(2026, 5, 1), reason="r")
    assert caught.value.code == "activation.before_non_sit_migration_start"
