"""The qualification lifecycle: every transition, every forbidden source, every wrong actor."""

import pytest

from mhhs_portal.exceptions import IllegalTransition, NotPermitted
from qualification.models import Event, Qualification, QualificationStatus
from qualification.services import QUALIFICATION_TRANSITIONS, qualification_transition
from tests.factories import QualificationFactory, market_role, member, staff

S = QualificationStatus

# transition -> (source, target)
MOVES = {
    "start_preparation": ([S.REGISTERED], S.PREPARING),
    "enter_testing": ([S.PREPARING], S.IN_TESTING),
    "mark_final_qad": ([S.IN_TESTING], S.FINAL_QAD),
    "mark_signed_off": ([S.FINAL_QAD], S.SIGNED_OFF),
    "mark_qualified": ([S.SIGNED_OFF], S.QUALIFIED),
    "mark_active": ([S.QUALIFIED], S.ACTIVE),
    "withdraw": (
        [S.REGISTERED, S.PREPARING, S.IN_TESTING, S.FINAL_QAD, S.SIGNED_OFF],
        S.WITHDRAWN,
    ),
    "surrender": (
        [S.REGISTERED, S.PREPARING, S.IN_TESTING, S.FINAL_QAD, S.SIGNED_OFF, S.WITHDRAWN],
        S.SURRENDERED,
    ),
}


def actors_for(qualification):
    """One person allowed to make each move, and people who are not."""
    org = qualification.organisation
    people = {
        "admin": member(org, "admin"),
        "contributor": member(org, "contributor"),
        "director": member(org, "director"),
        "viewer": member(org, "viewer"),
        "bsc_reviewer": staff("reviewer", "BSC"),
        "test_manager": staff("test_manager"),
        "activation": staff("service_activation"),
        "programme": staff("programme_viewer"),
    }
    allowed = {
        "start_preparation": "bsc_reviewer",
        "enter_testing": "test_manager",
        "mark_final_qad": "contributor",
        "mark_signed_off": "director",
        "mark_qualified": "bsc_reviewer",
        "mark_active": "activation",
        "withdraw": "admin",
        "surrender": "admin",
    }
    return people, allowed


def in_state(status) -> Qualification:
    qualification = QualificationFactory()
    # Tests set the starting state directly; only services move it in the product.
    Qualification.objects.filter(pk=qualification.pk).update(status=status)
    return Qualification.objects.get(pk=qualification.pk)


def test_the_table_covers_every_transition_of_the_model():
    declared = {
        t.name for t in Qualification._meta.get_field("status").get_all_transitions(Qualification)
    }
    assert declared == set(QUALIFICATION_TRANSITIONS) == set(MOVES)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("transition", "source"),
    [(name, source) for name, (sources, _) in MOVES.items() for source in sources],
)
def test_allowed_move_writes_history_and_one_event(transition, source):
    qualification = in_state(source)
    people, allowed = actors_for(qualification)
    actor = people[allowed[transition]]

    moved = qualification_transition(
        actor=actor, qualification=qualification, transition=transition
    )

    target = MOVES[transition][1]
    assert Qualification.objects.get(pk=qualification.pk).status == target
    assert moved.status == target
    last = moved.history.latest()
    assert last.history_user == actor
    assert last.status == target
    assert last.history_change_reason
    events = Event.objects.filter(qualification=qualification)
    assert events.count() == 1
    event = events.get()
    assert event.kind == QUALIFICATION_TRANSITIONS[transition][1]
    assert event.actor == actor
    assert event.organisation_id == qualification.organisation_id
    assert event.payload["from"] == source and event.payload["to"] == target


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("transition", "source"),
    [
        (name, source)
        for name, (sources, _) in MOVES.items()
        for source in S.values
        if source not in sources
    ],
)
def test_forbidden_source_changes_nothing(transition, source):
    qualification = in_state(source)
    people, allowed = actors_for(qualification)
    history_before = qualification.history.count()

    with pytest.raises(IllegalTransition) as raised:
        qualification_transition(
            actor=people[allowed[transition]], qualification=qualification, transition=transition
        )

    assert raised.value.code == f"illegal_transition.{transition}"
    assert Qualification.objects.get(pk=qualification.pk).status == source
    assert qualification.history.count() == history_before
    assert not Event.objects.filter(qualification=qualification).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("transition", list(MOVES))
def test_wrong_actor_changes_nothing(transition):
    source = MOVES[transition][0][0]
    qualification = in_state(source)
    people, allowed = actors_for(qualification)
    outsider_org_admin = member(QualificationFactory().organisation, "admin")
    wrong = [p for name, p in people.items() if name != allowed[transition]]
    # A reviewer governs both start and qualification decisions; the admin
    # may also withdraw and surrender: keep only people really not allowed.
    rights, _ = QUALIFICATION_TRANSITIONS[transition]
    wrong = [p for p in [*wrong, outsider_org_admin] if not rights(p, qualification)]
    assert wrong, "every transition must have someone who may not make it"

    for person in wrong:
        with pytest.raises(NotPermitted):
            qualification_transition(
                actor=person, qualification=qualification, transition=transition
            )

    assert Qualification.objects.get(pk=qualification.pk).status == source
    assert not Event.objects.filter(qualification=qualification).exists()


@pytest.mark.django_db
def test_a_rec_reviewer_may_not_start_a_bsc_only_role():
    qualification = QualificationFactory(market_role=market_role("SDS"))
    with pytest.raises(NotPermitted):
        qualification_transition(
            actor=staff("reviewer", "REC"),
            qualification=qualification,
            transition="start_preparation",
        )


@pytest.mark.django_db
def test_status_cannot_be_assigned_directly():
    qualification = QualificationFactory()
    with pytest.raises(AttributeError):
        qualification.status = S.QUALIFIED


@pytest.mark.django_db
def test_event_is_announced_only_after_commit(django_capture_on_commit_callbacks):
    from qualification.signals import event_recorded

    received = []

    def listener(sender, event, **kwargs):
        received.append(event.kind)

    event_recorded.connect(listener)
    try:
        qualification = QualificationFactory()
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            qualification_transition(
                actor=staff("test_manager"),
                qualification=qualification,
                transition="start_preparation",
            )
            assert received == []
        assert len(callbacks) == 1
        assert received == ["preparation_started"]
    finally:
        event_recorded.disconnect(listener)
