"""Wave capacity, the wait list, moves between waves and their deadlines."""

import pytest

from mhhs_portal.exceptions import IllegalTransition, NotPermitted, ValidationFailed
from qualification.events import event_record
from qualification.models import Event
from tests.factories import QualificationFactory, member, staff
from waves.models import Allocation, Deadline, WaitListEntry
from waves.services import allocation_set
from waves.wait_list import (
    cohort_capacity_set,
    wait_list_add,
    wait_list_promote,
    wait_list_remove,
)

from .pqs_helpers import wave
from .test_sweep import eager_tasks  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def code_body(db):
    return staff("reviewer", "BSC")


@pytest.fixture
def full_wave_1(code_body):
    """QT Wave 1 with two places, both taken."""
    cohort_capacity_set(actor=code_body, cohort=wave("wave_1"), capacity=2, reason="PSG agreed 2")
    taken = [QualificationFactory() for _ in range(2)]
    for qualification in taken:
        allocation_set(actor=code_body, qualification=qualification, cohort=wave("wave_1"))
    return taken


def state():
    return (
        list(
            Allocation.objects.order_by("pk").values_list(
                "qualification_id", "cohort__key", "status"
            )
        ),
        list(WaitListEntry.objects.order_by("pk").values_list("status", flat=True)),
        Event.objects.count(),
    )


def test_allocating_beyond_capacity_is_refused_and_changes_nothing(code_body, full_wave_1):
    late = QualificationFactory()
    allocation_set(actor=code_body, qualification=late, cohort=wave("wave_2"))
    before = state()
    with pytest.raises(IllegalTransition) as refused:
        allocation_set(actor=code_body, qualification=late, cohort=wave("wave_1"), reason="r")
    assert refused.value.code == "cohort_full"
    assert "wait list" in refused.value.message
    assert state() == before


def test_finalising_in_a_full_wave_needs_no_place_and_no_reason(code_body):
    cohort_capacity_set(actor=code_body, cohort=wave("wave_2"), capacity=1, reason="one place")
    qualification = QualificationFactory()
    allocation_set(
        actor=code_body, qualification=qualification, cohort=wave("wave_2"), status="indicative"
    )
    allocation = allocation_set(actor=code_body, qualification=qualification, cohort=wave("wave_2"))
    assert allocation.status == "final"
    assert Event.objects.filter(qualification=qualification).latest("pk").kind == (
        "wave_allocated_final"
    )
    with pytest.raises(IllegalTransition) as unchanged:
        allocation_set(actor=code_body, qualification=qualification, cohort=wave("wave_2"))
    assert unchanged.value.code == "allocation_unchanged"


def test_a_full_wave_keeps_a_wait_list_and_the_code_bodies_choose_whom_to_promote(
    code_body, full_wave_1
):
    first, second = QualificationFactory(), QualificationFactory()
    for qualification in (first, second):
        allocation_set(actor=code_body, qualification=qualification, cohort=wave("wave_3"))
    entry_1 = wait_list_add(
        actor=code_body, qualification=first, cohort=wave("wave_1"), reason="Prefers wave 1"
    )
    entry_2 = wait_list_add(
        actor=code_body, qualification=second, cohort=wave("wave_1"), reason="Migration in May"
    )
    listed = Event.objects.filter(kind="wait_listed").latest("pk")
    assert listed.qualification_id == second.pk and listed.payload["reason"] == "Migration in May"
    assert entry_2.history.latest().history_user == code_body

    # No place yet: the promotion is refused and the entry keeps waiting.
    before = state()
    with pytest.raises(IllegalTransition) as full:
        wait_list_promote(actor=code_body, entry=entry_2, reason="Earlier migration date")
    assert full.value.code == "cohort_full" and state() == before

    # A place frees; the Code Bodies give it to the second entry, not the first.
    allocation_set(
        actor=code_body,
        qualification=full_wave_1[0],
        cohort=wave("wave_4"),
        reason="Not on track at QT Entry Checkpoint 1",
    )
    allocation = wait_list_promote(actor=code_body, entry=entry_2, reason="Earlier migration date")
    assert allocation.cohort.key == "wave_1" and allocation.status == "indicative"
    entry_2.refresh_from_db()
    entry_1.refresh_from_db()
    assert entry_2.status == "promoted" and entry_1.status == "waiting"
    assert entry_2.outcome_reason == "promoted from the wait list: Earlier migration date"
    assert entry_2.history.latest().history_change_reason == entry_2.outcome_reason
    event = Event.objects.filter(qualification=second).latest("pk")
    assert event.kind == "cohort_changed"
    assert event.payload["wait_list_entry"] == entry_2.pk and event.payload["from"] == "wave_3"
    with pytest.raises(IllegalTransition):
        wait_list_promote(actor=code_body, entry=entry_2, reason="again")


def test_the_wait_list_is_only_for_full_waves_and_once_per_participant(code_body, full_wave_1):
    qualification = QualificationFactory()
    with pytest.raises(IllegalTransition) as free:
        wait_list_add(
            actor=code_body, qualification=qualification, cohort=wave("wave_2"), reason="r"
        )
    assert free.value.code == "cohort_not_full"
    with pytest.raises(IllegalTransition) as inside:
        wait_list_add(
            actor=code_body, qualification=full_wave_1[0], cohort=wave("wave_1"), reason="r"
        )
    assert inside.value.code == "already_allocated"
    wait_list_add(actor=code_body, qualification=qualification, cohort=wave("wave_1"), reason="r")
    before = state()
    with pytest.raises(IllegalTransition) as twice:
        wait_list_add(
            actor=code_body, qualification=qualification, cohort=wave("wave_1"), reason="r"
        )
    assert twice.value.code == "already_waiting" and state() == before
    with pytest.raises(ValidationFailed):
        wait_list_add(
            actor=code_body, qualification=qualification, cohort=wave("wave_1"), reason=""
        )
    with pytest.raises(ValidationFailed):
        wait_list_add(
            actor=code_body, qualification=qualification, cohort=wave("sit_m10"), reason="r"
        )
    assert state() == before


@pytest.mark.parametrize("who", ["participant_admin", "dip_reviewer", "programme"])
def test_only_code_bodies_and_test_managers_manage_places(full_wave_1, code_body, who):
    waiting = QualificationFactory()
    entry = wait_list_add(actor=code_body, qualification=waiting, cohort=wave("wave_1"), reason="r")
    person = {
        "participant_admin": lambda: member(waiting.organisation, "admin"),
        "dip_reviewer": lambda: staff("reviewer", "DIP"),
        "programme": lambda: staff("programme_viewer"),
    }[who]()
    before = state()
    calls = [
        lambda: cohort_capacity_set(actor=person, cohort=wave("wave_1"), capacity=9, reason="r"),
        lambda: wait_list_add(
            actor=person, qualification=QualificationFactory(), cohort=wave("wave_1"), reason="r"
        ),
        lambda: wait_list_promote(actor=person, entry=entry, reason="r"),
        lambda: wait_list_remove(actor=person, entry=entry, reason="r"),
    ]
    for call in calls:
        with pytest.raises(NotPermitted):
            call()
    assert state()[0] == before[0] and state()[1] == before[1]
    assert wave("wave_1").capacity == 2


def test_a_test_manager_removes_an_entry_with_a_reason(full_wave_1, code_body):
    entry = wait_list_add(
        actor=code_body, qualification=QualificationFactory(), cohort=wave("wave_1"), reason="r"
    )
    manager = staff("test_manager")
    with pytest.raises(ValidationFailed):
        wait_list_remove(actor=manager, entry=entry, reason=" ")
    removed = wait_list_remove(actor=manager, entry=entry, reason="Now content with wave 3")
    assert removed.status == "removed" and removed.outcome_reason == "Now content with wave 3"
    event = Event.objects.latest("pk")
    assert (
        event.kind == "wait_list_removed" and event.payload["reason"] == "Now content with wave 3"
    )
    assert removed.history.latest().history_user == manager
    with pytest.raises(IllegalTransition):
        wait_list_remove(actor=manager, entry=entry, reason="again")


def test_capacity_cannot_drop_below_the_places_taken(code_body, full_wave_1):
    with pytest.raises(IllegalTransition) as refused:
        cohort_capacity_set(actor=code_body, cohort=wave("wave_1"), capacity=1, reason="cut")
    assert refused.value.code == "capacity_below_allocated"
    assert wave("wave_1").capacity == 2
    cohort = cohort_capacity_set(actor=code_body, cohort=wave("wave_1"), capacity=None, reason="x")
    assert cohort.capacity is None
    event = Event.objects.filter(kind="cohort_capacity_changed").latest("pk")
    assert event.organisation_id is None and event.payload["from"] == 2


def test_moves_recompute_the_participants_deadlines(
    code_body,
    django_capture_on_commit_callbacks,
    eager_tasks,  # noqa: F811
):
    qualification = QualificationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        allocation_set(
            actor=code_body, qualification=qualification, cohort=wave("wave_2"), status="indicative"
        )
    assert set(
        Deadline.objects.filter(qualification=qualification).values_list(
            "timeline__cohort__key", flat=True
        )
    ) == {"wave_2"}
    with django_capture_on_commit_callbacks(execute=True):
        allocation_set(
            actor=code_body,
            qualification=qualification,
            cohort=wave("wave_4"),
            reason="Not on track at QT Entry Checkpoint 2",
        )
    assert set(
        Deadline.objects.filter(qualification=qualification).values_list(
            "timeline__cohort__key", flat=True
        )
    ) == {"wave_4"}
    indicative = Deadline.objects.get(
        qualification=qualification, activity__key="indicative_wave_allocation"
    )
    assert indicative.completed_on is not None


def test_a_sit_party_that_cannot_complete_sit_moves_into_a_wave(
    code_body,
    django_capture_on_commit_callbacks,
    eager_tasks,  # noqa: F811
):
    """Appendix B Pathway 1."""
    qualification = QualificationFactory()
    allocation_set(actor=code_body, qualification=qualification, cohort=wave("sit_m11"))
    assert Event.objects.latest("pk").kind == "cohort_allocated"
    with pytest.raises(ValidationFailed):
        allocation_set(actor=code_body, qualification=qualification, cohort=wave("wave_3"))
    with django_capture_on_commit_callbacks(execute=True):
        allocation_set(
            actor=code_body,
            qualification=qualification,
            cohort=wave("wave_3"),
            reason="Cannot complete SIT: Appendix B Pathway 1",
        )
    moved = Event.objects.filter(qualification=qualification, kind="cohort_changed").get()
    assert (moved.payload["from"], moved.payload["to"]) == ("sit_m11", "wave_3")
    assert set(
        Deadline.objects.filter(qualification=qualification).values_list(
            "timeline__cohort__key", flat=True
        )
    ) == {"wave_3"}


def test_a_promotion_still_obeys_the_placing_reliance_order(code_body, full_wave_1):
    """QA&P §9.3.2: never earlier than a party the participant relies on."""
    relied_on = QualificationFactory()
    allocation_set(actor=code_body, qualification=relied_on, cohort=wave("wave_2"))
    reliant = QualificationFactory()
    allocation_set(actor=code_body, qualification=reliant, cohort=wave("wave_3"))
    entry = wait_list_add(actor=code_body, qualification=reliant, cohort=wave("wave_1"), reason="r")
    event_record(
        kind="placing_reliance_submitted",
        qualification=reliant,
        payload={"reliance": 1, "relies_on_qualification": relied_on.pk},
    )
    allocation_set(actor=code_body, qualification=full_wave_1[0], cohort=wave("wave_4"), reason="r")
    before = state()
    with pytest.raises(IllegalTransition) as refused:
        wait_list_promote(actor=code_body, entry=entry, reason="a place freed")
    assert refused.value.code == "reliance_cohort_order"
    assert state() == before
