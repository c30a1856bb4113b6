import pytest

from mhhs_portal.exceptions import NotPermitted, ValidationFailed
from qualification.models import Event
from tests.factories import QualificationFactory, member, staff
from waves.models import Allocation, Cohort
from waves.services import allocation_set

pytestmark = pytest.mark.django_db


def cohort(key):
    return Cohort.objects.get(key=key)


def test_a_code_body_allocates_then_moves_with_a_reason():
    qualification = QualificationFactory()
    reviewer = staff("reviewer", "BSC")
    allocation_set(
        actor=reviewer, qualification=qualification, cohort=cohort("wave_2"), status="indicative"
    )
    allocation_set(
        actor=reviewer,
        qualification=qualification,
        cohort=cohort("wave_3"),
        reason="Not on track at QT Entry Checkpoint 1",
    )
    allocation = Allocation.objects.get(qualification=qualification)
    assert allocation.cohort.key == "wave_3"
    # The first QT wave allocation completes Appendix C's "Indicative QT Wave allocated".
    assert [e.kind for e in Event.objects.filter(qualification=qualification)] == [
        "wave_allocated_indicative",
        "cohort_changed",
    ]
    moved = Event.objects.get(kind="cohort_changed")
    assert moved.payload["from"] == "wave_2" and moved.payload["to"] == "wave_3"
    assert allocation.history.count() == 2
    assert allocation.history.latest().history_user == reviewer


def test_a_move_without_a_reason_changes_nothing():
    qualification = QualificationFactory()
    reviewer = staff("reviewer", "REC")
    allocation_set(actor=reviewer, qualification=qualification, cohort=cohort("wave_1"))
    with pytest.raises(ValidationFailed):
        allocation_set(actor=reviewer, qualification=qualification, cohort=cohort("wave_4"))
    assert Allocation.objects.get(qualification=qualification).cohort.key == "wave_1"
    assert Event.objects.filter(kind="cohort_changed").count() == 0


@pytest.mark.parametrize("who", ["admin", "dip_reviewer", "programme"])
def test_participants_and_others_cannot_allocate(who):
    qualification = QualificationFactory()
    person = {
        "admin": lambda: member(qualification.organisation, "admin"),
        "dip_reviewer": lambda: staff("reviewer", "DIP"),
        "programme": lambda: staff("programme_viewer"),
    }[who]()
    with pytest.raises(NotPermitted):
        allocation_set(actor=person, qualification=qualification, cohort=cohort("wave_1"))
    assert not Allocation.objects.exists()
