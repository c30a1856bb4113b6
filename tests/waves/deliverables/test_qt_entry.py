"""QT Entry Checkpoints 1 and 2 as reviews of their deliverables, QT entry
confirmation through the core qualification service, and QT exit."""

import pytest

from mhhs_portal.exceptions import IllegalTransition, NotPermitted, ValidationFailed
from qualification.models import Event, Qualification
from waves.deliverables import services
from waves.deliverables.kinds import SPECS
from waves.deliverables.models import CheckpointReview, Deliverable, DeliverableStatus

from .conftest import pdf

D = DeliverableStatus


def complete_checkpoint_deliverables(w, number):
    for d in Deliverable.objects.filter(qualification=w.q).order_by("pk"):
        if SPECS[d.kind].checkpoint != number:
            continue
        services.deliverable_upload(actor=w.contributor, deliverable=d, upload=pdf())
        d = services.deliverable_submit(actor=w.contributor, deliverable=d)
        if d.final_reviewer == "code_bodies":
            d = services.deliverable_pass_to_code_bodies(actor=w.tm, deliverable=d)
            services.deliverable_complete(actor=w.bsc, deliverable=d)
        else:
            services.deliverable_complete(actor=w.tm, deliverable=d)


def state(q):
    q = Qualification.objects.get(pk=q.pk)
    return q.status, CheckpointReview.objects.count(), Event.objects.count(), q.history.count()


def test_checkpoint_1_passes_once_its_four_deliverables_are_completed(wave1):
    before = state(wave1.q)
    with pytest.raises(IllegalTransition) as exc:
        services.checkpoint_review(
            actor=wave1.tm, qualification=wave1.q, number=1, outcome="passed"
        )
    assert exc.value.code == "checkpoint_deliverables_open"
    assert "QT Test Catalogue" in exc.value.message
    assert state(wave1.q) == before
    complete_checkpoint_deliverables(wave1, 1)
    review = services.checkpoint_review(
        actor=wave1.tm, qualification=wave1.q, number=1, outcome="passed"
    )
    assert review.reviewer == wave1.tm
    event = Event.objects.latest("id")
    assert event.kind == "qt_entry_checkpoint_1_passed" and event.qualification == wave1.q
    with pytest.raises(IllegalTransition) as exc:
        services.checkpoint_review(
            actor=wave1.tm, qualification=wave1.q, number=1, outcome="passed"
        )
    assert exc.value.code == "checkpoint_passed"


def test_checkpoint_2_needs_checkpoint_1(wave1):
    complete_checkpoint_deliverables(wave1, 2)
    before = state(wave1.q)
    with pytest.raises(IllegalTransition) as exc:
        services.checkpoint_review(
            actor=wave1.tm, qualification=wave1.q, number=2, outcome="passed"
        )
    assert exc.value.code == "checkpoint_1_not_passed"
    assert state(wave1.q) == before


def test_not_on_track_needs_a_reason_and_is_recorded(wave1):
    before = state(wave1.q)
    with pytest.raises(ValidationFailed):
        services.checkpoint_review(
            actor=wave1.tm, qualification=wave1.q, number=1, outcome="not_on_track"
        )
    assert state(wave1.q) == before
    services.checkpoint_review(
        actor=wave1.tm,
        qualification=wave1.q,
        number=1,
        outcome="not_on_track",
        comment="PIT RTTM late",
    )
    event = Event.objects.latest("id")
    assert event.kind == "qt_entry_checkpoint_not_on_track"
    assert event.payload == {"checkpoint": 1, "cohort": "wave_1", "comment": "PIT RTTM late"}


@pytest.mark.parametrize("who", ["other_tm", "bsc", "contributor", "programme"])
def test_only_the_cohorts_test_manager_reviews_checkpoints_and_confirms_entry(wave1, who):
    complete_checkpoint_deliverables(wave1, 1)
    before = state(wave1.q)
    with pytest.raises(NotPermitted):
        services.checkpoint_review(
            actor=getattr(wave1, who), qualification=wave1.q, number=1, outcome="passed"
        )
    with pytest.raises(NotPermitted):
        services.qt_entry_confirm(actor=getattr(wave1, who), qualification=wave1.q)
    assert state(wave1.q) == before


def test_qt_entry_needs_both_checkpoints_then_moves_to_in_testing(wave1):
    complete_checkpoint_deliverables(wave1, 1)
    services.checkpoint_review(actor=wave1.tm, qualification=wave1.q, number=1, outcome="passed")
    before = state(wave1.q)
    with pytest.raises(IllegalTransition) as exc:
        services.qt_entry_confirm(actor=wave1.tm, qualification=wave1.q)
    assert exc.value.code == "checkpoints_not_passed"
    assert state(wave1.q) == before
    complete_checkpoint_deliverables(wave1, 2)
    services.checkpoint_review(actor=wave1.tm, qualification=wave1.q, number=2, outcome="passed")
    assert Event.objects.latest("id").kind == "qt_entry_checkpoint_2_passed"
    q = services.qt_entry_confirm(actor=wave1.tm, qualification=wave1.q)
    assert q.status == "in_testing"
    event = Event.objects.latest("id")
    assert event.kind == "testing_entered" and event.actor == wave1.tm
    assert q.history.latest().history_user == wave1.tm
    # Checkpoints are reviewed before QT entry only.
    with pytest.raises(IllegalTransition):
        services.checkpoint_review(
            actor=wave1.tm, qualification=q, number=1, outcome="not_on_track", comment="x"
        )


def test_qt_entry_from_the_wrong_lifecycle_status_changes_nothing(wave1):
    for n in (1, 2):
        complete_checkpoint_deliverables(wave1, n)
        services.checkpoint_review(
            actor=wave1.tm, qualification=wave1.q, number=n, outcome="passed"
        )
    services.qt_entry_confirm(actor=wave1.tm, qualification=wave1.q)
    before = state(wave1.q)
    with pytest.raises(IllegalTransition):
        services.qt_entry_confirm(actor=wave1.tm, qualification=wave1.q)
    assert state(wave1.q) == before


def test_qt_exit_when_the_test_completion_report_is_completed(wave1):
    for n in (1, 2):
        complete_checkpoint_deliverables(wave1, n)
        services.checkpoint_review(
            actor=wave1.tm, qualification=wave1.q, number=n, outcome="passed"
        )
    services.qt_entry_confirm(actor=wave1.tm, qualification=wave1.q)
    d = Deliverable.objects.get(qualification=wave1.q, kind="test_completion_report")
    services.deliverable_upload(actor=wave1.contributor, deliverable=d, upload=pdf())
    d = services.deliverable_submit(actor=wave1.contributor, deliverable=d)
    d = services.deliverable_complete(actor=wave1.tm, deliverable=d)
    assert d.status == D.COMPLETED
    event = Event.objects.latest("id")
    assert event.kind == "qt_exited" and event.qualification == wave1.q


def test_sit_cohorts_have_no_qt_entry_checkpoints(db):
    from .conftest import allocated, cohort_manager

    q = allocated("sit_m10")
    tm = cohort_manager("sit_m10")
    with pytest.raises(IllegalTransition) as exc:
        services.checkpoint_review(actor=tm, qualification=q, number=1, outcome="passed")
    assert exc.value.code == "no_qt_entry"
