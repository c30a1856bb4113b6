"""Every step: the allowed move, each forbidden source state, each wrong role,
nothing changed on denial, and the step record, history row and event."""

import pytest

from mhhs_portal.exceptions import IllegalTransition, NotPermitted
from qualification.models import Event
from service_activation.models import ServiceActivation, StepRecord
from service_activation.steps import DIP, ORDER, PARTICIPANT, STEPS, TEAM
from tests.factories import QualificationFactory, staff

from .conftest import at_state, do_step

pytestmark = pytest.mark.django_db

STEP_NAMES = list(STEPS)


def _snapshot(activation):
    activation = ServiceActivation.objects.get(pk=activation.pk)
    return (
        activation.status,
        activation.efd,
        activation.isd_published_on,
        activation.history.count(),
        StepRecord.objects.filter(activation=activation).count(),
        Event.objects.count(),
    )


@pytest.mark.parametrize("step", STEP_NAMES)
def test_the_holder_completes_the_step_with_record_history_and_event(step, org_a, people):
    qualification = QualificationFactory(organisation=org_a, status="qualified")
    source = ORDER[ORDER.index(step) - 1]
    activation = at_state(qualification, source)
    actor = people[STEPS[step].holder]

    moved = do_step(activation, step, people)

    moved.refresh_from_db()
    assert moved.status == step
    record = StepRecord.objects.get(activation=moved, step=step)
    assert record.done_by == actor
    latest = moved.history.latest()
    assert latest.status == step and latest.history_user == actor
    event = Event.objects.get(kind=STEPS[step].event_kind)
    assert event.qualification == qualification and event.actor == actor
    assert event.payload["from"] == source and event.payload["to"] == step


@pytest.mark.parametrize(
    ("step", "state"),
    [
        (step, state)
        for step in STEP_NAMES
        for state in ORDER
        if state != ORDER[ORDER.index(step) - 1]
    ],
)
def test_a_step_from_any_other_state_is_refused_and_changes_nothing(step, state, org_a, people):
    qualification = QualificationFactory(organisation=org_a, status="qualified")
    activation = at_state(qualification, state)
    before = _snapshot(activation)

    with pytest.raises(IllegalTransition) as caught:
        do_step(activation, step, people)

    assert caught.value.code == f"illegal_transition.{STEPS[step].transition}"
    assert _snapshot(activation) == before


WRONG_ROLES = {
    TEAM: ["dip", "admin", "contributor", "viewer", "programme", "outsider"],
    DIP: ["team", "admin", "contributor", "programme", "bsc_approver"],
    PARTICIPANT: ["viewer", "team", "dip", "programme", "outsider"],
}


@pytest.fixture
def everyone(people, contributor_a, viewer_a, admin_b):
    return {
        "team": people[TEAM],
        "dip": people[DIP],
        "admin": people[PARTICIPANT],
        "contributor": contributor_a,
        "viewer": viewer_a,
        "outsider": admin_b,
        "programme": staff("programme_viewer", email="mcc@programme.test"),
        "bsc_approver": staff("approver", "BSC", email="approver@bsc.test"),
    }


@pytest.mark.parametrize(
    ("step", "who"),
    [(step, who) for step in STEP_NAMES for who in WRONG_ROLES[STEPS[step].holder]],
)
def test_a_step_by_someone_who_does_not_hold_it_is_refused(step, who, org_a, everyone, people):
    qualification = QualificationFactory(organisation=org_a, status="qualified")
    activation = at_state(qualification, ORDER[ORDER.index(step) - 1])
    before = _snapshot(activation)

    with pytest.raises(NotPermitted):
        do_step(activation, step, {**people, STEPS[step].holder: everyone[who]})

    assert _snapshot(activation) == before


def test_a_contributor_records_a_participant_step(org_a, people, contributor_a):
    qualification = QualificationFactory(organisation=org_a, status="qualified")
    activation = at_state(qualification, "promoted_to_production")

    moved = do_step(activation, "config_imported", {**people, PARTICIPANT: contributor_a})

    assert moved.status == "config_imported"


def test_the_efd_is_required_to_agree_it(org_a, people):
    from mhhs_portal.exceptions import ValidationFailed

    activation = at_state(QualificationFactory(organisation=org_a, status="qualified"), ORDER[1])

    with pytest.raises(ValidationFailed):
        do_step(activation, "efd_agreed", people, on=None)

    assert ServiceActivation.objects.get(pk=activation.pk).efd is None
