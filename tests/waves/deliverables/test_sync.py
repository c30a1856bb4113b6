"""Which deliverables a qualification has follows its cohort's timeline."""

import pytest

from mhhs_portal.exceptions import IllegalTransition
from tests.factories import member, staff
from waves.deliverables import services
from waves.deliverables.kinds import SPECS, DeliverableKind
from waves.deliverables.models import Deliverable
from waves.models import Allocation, TimelineRule
from waves.services import allocation_set

from .conftest import allocated, cohort, pdf

pytestmark = pytest.mark.django_db


def kinds(q):
    return sorted(Deliverable.objects.filter(qualification=q).values_list("kind", flat=True))


def test_each_cohort_gets_the_deliverables_its_appendix_c_timeline_dates():
    # Computed here from the rules, independently of kinds.kinds_for_timeline.
    for key in ("sit_m10", "ldso_m10", "wave_1", "wave_4"):
        q = allocated(key, role="LDSO" if key == "ldso_m10" else "SUPPLIER")
        dated = set(
            TimelineRule.objects.filter(timeline__cohort__key=key, seq=1)
            .exclude(kind__in=["n/a", "text"])
            .values_list("activity__key", flat=True)
        )
        expected = sorted(k for k, spec in SPECS.items() if spec.activity in dated)
        assert kinds(q) == expected, key
    assert kinds(allocated("wave_1")) == sorted(DeliverableKind.values)
    assert "pit_rttm" not in kinds(allocated("ldso_m10", role="LDSO"))
    assert kinds(allocated("sit_m11")) == []


def test_pit_artefacts_of_the_waves_go_to_the_code_bodies_and_of_the_ldso_wave_to_the_programme():
    wave = {d.kind: d.final_reviewer for d in allocated("wave_2").deliverables.all()}
    ldso = {d.kind: d.final_reviewer for d in allocated("ldso_m10", role="LDSO").deliverables.all()}
    assert wave["pit_rttm"] == wave["pit_completion_report"] == "code_bodies"
    assert wave["qt_test_plan"] == wave["test_completion_report"] == "test_manager"
    assert set(ldso.values()) == {"test_manager"}


def test_allocation_through_the_service_creates_the_deliverables_and_a_move_carries_them(
    django_capture_on_commit_callbacks,
):
    from tests.factories import QualificationFactory

    q = QualificationFactory()
    bsc = staff("reviewer", "BSC")
    with django_capture_on_commit_callbacks(execute=True):
        allocation_set(actor=bsc, qualification=q, cohort=cohort("wave_1"))
    assert kinds(q) == sorted(DeliverableKind.values)
    pit = q.deliverables.get(kind="pit_rttm")
    with django_capture_on_commit_callbacks(execute=True):
        allocation_set(actor=bsc, qualification=q, cohort=cohort("wave_3"), reason="not on track")
    pit.refresh_from_db()
    assert pit.cohort.key == "wave_3"
    assert pit.history.latest().history_change_reason == "moved with its qualification to wave_3"
    assert set(q.deliverables.values_list("cohort__key", flat=True)) == {"wave_3"}


def test_a_deliverable_the_cohort_does_not_ask_for_is_refused():
    q = allocated("ldso_m10", role="LDSO")
    with pytest.raises(IllegalTransition) as exc:
        services.deliverable_for(qualification=q, kind="pit_rttm")
    assert exc.value.code == "deliverable_not_in_cohort"
    assert "Non-SIT LDSO Wave for M10" in exc.value.message
    assert services.deliverable_for(qualification=q, kind="qt_rttm").kind == "qt_rttm"


def test_a_stale_deliverable_of_a_former_cohort_is_refused():
    q = allocated("wave_1")
    contributor = member(q.organisation)
    d = q.deliverables.get(kind="pit_rttm")
    Allocation.objects.filter(qualification=q).update(cohort=cohort("wave_2"))
    with pytest.raises(IllegalTransition) as exc:
        services.deliverable_upload(actor=contributor, deliverable=d, upload=pdf())
    assert exc.value.code == "deliverable_not_in_cohort"
    assert not d.revisions.exists()
