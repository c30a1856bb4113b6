"""Every move of a deliverable: allowed, forbidden sources, wrong actors,
nothing changed on denial, history and event written."""

import pytest

from mhhs_portal.exceptions import IllegalTransition, NotPermitted, ValidationFailed
from qualification.models import Event
from waves.deliverables import services
from waves.deliverables.models import Deliverable, DeliverableComment, DeliverableStatus

from .conftest import allocated, cohort_manager, pdf

D = DeliverableStatus


def get(q, kind) -> Deliverable:
    return Deliverable.objects.get(qualification=q, kind=kind)


def force(deliverable: Deliverable, status: str) -> Deliverable:
    """Put a deliverable in a status for a test (bypassing the protected field)."""
    Deliverable.objects.filter(pk=deliverable.pk).update(status=status)
    return Deliverable.objects.get(pk=deliverable.pk)


def snapshot(deliverable: Deliverable):
    deliverable = Deliverable.objects.get(pk=deliverable.pk)
    return (
        deliverable.status,
        deliverable.history.count(),
        Event.objects.count(),
        deliverable.revisions.count(),
        DeliverableComment.objects.count(),
    )


def submitted(w, kind):
    d = get(w.q, kind)
    services.deliverable_upload(actor=w.contributor, deliverable=d, upload=pdf())
    return services.deliverable_submit(actor=w.contributor, deliverable=d)


# --- Submit ------------------------------------------------------------------------------


def test_the_participant_submits_and_the_appendix_c_event_is_recorded(wave1):
    d = get(wave1.q, "pit_approach_initial")
    revision = services.deliverable_upload(actor=wave1.contributor, deliverable=d, upload=pdf())
    assert revision.number == 1 and len(revision.sha256) == 64
    moved = services.deliverable_submit(actor=wave1.contributor, deliverable=d, comment="v1")
    assert moved.status == D.DRAFT_AND_REVIEW and moved.submitted_at
    event = Event.objects.filter(qualification=wave1.q).latest("id")
    assert event.kind == "pit_approach_submitted"
    assert event.actor == wave1.contributor
    assert event.payload["deliverable"] == d.pk and event.payload["to"] == D.DRAFT_AND_REVIEW
    last = moved.history.latest()
    assert last.status == D.DRAFT_AND_REVIEW and last.history_user == wave1.contributor
    assert last.history_change_reason == "submitted for review"
    assert moved.comments.get().text == "v1"


def test_a_deliverable_without_its_own_appendix_c_event_records_the_generic_one(wave1):
    submitted(wave1, "qt_test_catalogue")
    assert Event.objects.filter(kind="deliverable_submitted", qualification=wave1.q).count() == 1


def test_submitting_without_a_file_changes_nothing(wave1):
    d = get(wave1.q, "pit_rttm")
    before = snapshot(d)
    with pytest.raises(ValidationFailed) as exc:
        services.deliverable_submit(actor=wave1.contributor, deliverable=d)
    assert exc.value.code == "deliverable_file_missing"
    assert snapshot(d) == before


@pytest.mark.parametrize("source", [D.DRAFT_AND_REVIEW, D.CODE_BODY_REVIEW, D.COMPLETED])
def test_submit_is_refused_from_every_other_status(wave1, source):
    d = get(wave1.q, "pit_rttm")
    services.deliverable_upload(actor=wave1.contributor, deliverable=d, upload=pdf())
    d = force(d, source)
    before = snapshot(d)
    with pytest.raises(IllegalTransition):
        services.deliverable_submit(actor=wave1.contributor, deliverable=d)
    assert snapshot(d) == before


@pytest.mark.parametrize("who", ["viewer", "tm", "bsc", "programme", "outsider"])
def test_only_contributors_upload_and_submit(wave1, who):
    d = get(wave1.q, "pit_rttm")
    before = snapshot(d)
    with pytest.raises(NotPermitted):
        services.deliverable_upload(actor=getattr(wave1, who), deliverable=d, upload=pdf())
    services.deliverable_upload(actor=wave1.contributor, deliverable=d, upload=pdf())
    before = snapshot(d)
    with pytest.raises(NotPermitted):
        services.deliverable_submit(actor=getattr(wave1, who), deliverable=d)
    assert snapshot(d) == before


def test_upload_uses_the_qad_evidence_checks(wave1):
    from django.core.files.uploadedfile import SimpleUploadedFile

    d = get(wave1.q, "pit_rttm")
    before = snapshot(d)
    renamed = SimpleUploadedFile("rttm.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 20, "application/pdf")
    with pytest.raises(ValidationFailed) as exc:
        services.deliverable_upload(actor=wave1.contributor, deliverable=d, upload=renamed)
    assert exc.value.code == "file_type_mismatch"
    assert snapshot(d) == before


@pytest.mark.parametrize("source", [D.CODE_BODY_REVIEW, D.COMPLETED])
def test_files_are_frozen_once_with_the_code_bodies_or_completed(wave1, source):
    d = force(get(wave1.q, "pit_rttm"), source)
    before = snapshot(d)
    with pytest.raises(IllegalTransition):
        services.deliverable_upload(actor=wave1.contributor, deliverable=d, upload=pdf())
    assert snapshot(d) == before


def test_the_test_completion_report_waits_for_qt_entry(wave1):
    d = get(wave1.q, "test_completion_report")
    services.deliverable_upload(actor=wave1.contributor, deliverable=d, upload=pdf())
    before = snapshot(d)
    with pytest.raises(IllegalTransition) as exc:
        services.deliverable_submit(actor=wave1.contributor, deliverable=d)
    assert exc.value.code == "qt_not_entered"
    assert snapshot(d) == before


# --- Test manager: pass to the Code Bodies, or complete what it assures -----------------


def test_the_cohort_test_manager_passes_a_pit_artefact_to_the_code_bodies(wave1):
    d = submitted(wave1, "pit_rttm")
    moved = services.deliverable_pass_to_code_bodies(actor=wave1.tm, deliverable=d, comment="ok")
    assert moved.status == D.CODE_BODY_REVIEW
    assert Event.objects.latest("id").kind == "deliverable_passed_to_code_bodies"
    assert moved.history.latest().history_user == wave1.tm


@pytest.mark.parametrize("who", ["other_tm", "bsc", "contributor", "programme"])
def test_only_the_cohorts_test_manager_passes_it_on(wave1, who):
    d = submitted(wave1, "pit_rttm")
    before = snapshot(d)
    with pytest.raises(NotPermitted):
        services.deliverable_pass_to_code_bodies(actor=getattr(wave1, who), deliverable=d)
    assert snapshot(d) == before


@pytest.mark.parametrize("source", [D.OUTSTANDING, D.CODE_BODY_REVIEW, D.COMPLETED])
def test_pass_is_refused_from_other_statuses(wave1, source):
    d = force(get(wave1.q, "pit_rttm"), source)
    before = snapshot(d)
    with pytest.raises(IllegalTransition):
        services.deliverable_pass_to_code_bodies(actor=wave1.tm, deliverable=d)
    assert snapshot(d) == before


def test_a_qt_artefact_is_not_passed_to_the_code_bodies_but_completed_by_the_test_manager(wave1):
    d = submitted(wave1, "qt_test_plan")
    before = snapshot(d)
    with pytest.raises(IllegalTransition):
        services.deliverable_pass_to_code_bodies(actor=wave1.tm, deliverable=d)
    assert snapshot(d) == before
    done = services.deliverable_complete(actor=wave1.tm, deliverable=d)
    assert done.status == D.COMPLETED and done.completed_at
    assert Event.objects.latest("id").kind == "qt_test_plan_approved"
    assert done.history.latest().history_change_reason == "completed"


@pytest.mark.parametrize("who", ["other_tm", "bsc", "rec", "contributor"])
def test_only_the_cohorts_test_manager_completes_qt_artefacts(wave1, who):
    d = submitted(wave1, "qt_rttm")
    before = snapshot(d)
    with pytest.raises(NotPermitted):
        services.deliverable_complete(actor=getattr(wave1, who), deliverable=d)
    assert snapshot(d) == before


@pytest.mark.parametrize("source", [D.OUTSTANDING, D.COMPLETED])
def test_complete_is_refused_from_other_statuses(wave1, source):
    d = force(get(wave1.q, "qt_rttm"), source)
    before = snapshot(d)
    with pytest.raises(IllegalTransition):
        services.deliverable_complete(actor=wave1.tm, deliverable=d)
    assert snapshot(d) == before


# --- Code Bodies: complete or return PIT artefacts ----------------------------------------


@pytest.mark.parametrize("who", ["bsc", "rec"])
def test_a_code_body_completes_a_pit_artefact(wave1, who):
    d = submitted(wave1, "pit_approach_initial")
    d = services.deliverable_pass_to_code_bodies(actor=wave1.tm, deliverable=d)
    done = services.deliverable_complete(actor=getattr(wave1, who), deliverable=d)
    assert done.status == D.COMPLETED
    event = Event.objects.latest("id")
    assert event.kind == "pit_plan_clarified" and event.actor == getattr(wave1, who)


def test_a_code_body_cannot_complete_before_the_test_manager_passed_it(wave1):
    d = submitted(wave1, "pit_rttm")
    before = snapshot(d)
    with pytest.raises(IllegalTransition):
        services.deliverable_complete(actor=wave1.bsc, deliverable=d)
    assert snapshot(d) == before


@pytest.mark.parametrize("who", ["tm", "other_tm", "contributor", "programme"])
def test_only_code_bodies_complete_pit_artefacts_of_the_waves(wave1, who):
    d = force(get(wave1.q, "pit_rttm"), D.CODE_BODY_REVIEW)
    before = snapshot(d)
    with pytest.raises(NotPermitted):
        services.deliverable_complete(actor=getattr(wave1, who), deliverable=d)
    assert snapshot(d) == before


def test_a_body_that_does_not_approve_the_role_cannot_complete(db):
    q = allocated("wave_2", role="SDS")  # BSC and DIP approve; REC does not
    from tests.factories import staff

    d = force(get(q, "pit_rttm"), D.CODE_BODY_REVIEW)
    before = snapshot(d)
    with pytest.raises(NotPermitted):
        services.deliverable_complete(actor=staff("reviewer", "REC"), deliverable=d)
    assert snapshot(d) == before
    assert services.deliverable_complete(actor=staff("reviewer", "DIP"), deliverable=d).status == (
        D.COMPLETED
    )


def test_code_bodies_return_with_a_comment(wave1):
    d = force(get(wave1.q, "pit_rttm"), D.CODE_BODY_REVIEW)
    before = snapshot(d)
    with pytest.raises(ValidationFailed):
        services.deliverable_return(actor=wave1.bsc, deliverable=d, comment=" ")
    assert snapshot(d) == before
    back = services.deliverable_return(actor=wave1.bsc, deliverable=d, comment="Add scenarios")
    assert back.status == D.DRAFT_AND_REVIEW
    assert Event.objects.latest("id").kind == "deliverable_returned"
    comment = back.comments.get()
    assert comment.status == D.CODE_BODY_REVIEW and comment.author == wave1.bsc


@pytest.mark.parametrize("source", [D.OUTSTANDING, D.DRAFT_AND_REVIEW, D.COMPLETED])
def test_return_is_refused_from_other_statuses(wave1, source):
    d = force(get(wave1.q, "pit_rttm"), source)
    before = snapshot(d)
    with pytest.raises(IllegalTransition):
        services.deliverable_return(actor=wave1.bsc, deliverable=d, comment="x")
    assert snapshot(d) == before


@pytest.mark.parametrize("who", ["tm", "contributor", "programme"])
def test_only_code_bodies_return(wave1, who):
    d = force(get(wave1.q, "pit_rttm"), D.CODE_BODY_REVIEW)
    before = snapshot(d)
    with pytest.raises(NotPermitted):
        services.deliverable_return(actor=getattr(wave1, who), deliverable=d, comment="x")
    assert snapshot(d) == before


def test_on_the_ldso_wave_the_programme_test_manager_completes_pit_artefacts(db):
    from tests.factories import member, staff

    q = allocated("ldso_m10", role="LDSO")
    contributor = member(q.organisation)
    mhhsp = cohort_manager("ldso_m10")
    d = get(q, "pit_approach_final")
    assert d.final_reviewer == "test_manager"
    services.deliverable_upload(actor=contributor, deliverable=d, upload=pdf())
    d = services.deliverable_submit(actor=contributor, deliverable=d)
    bsc = staff("reviewer", "BSC")
    with pytest.raises(NotPermitted):
        services.deliverable_complete(actor=bsc, deliverable=d)
    assert services.deliverable_complete(actor=mhhsp, deliverable=d).status == D.COMPLETED


# --- Comments ----------------------------------------------------------------------------


def test_the_thread_takes_comments_from_participant_and_reviewers(wave1):
    d = submitted(wave1, "pit_rttm")
    for who in ("contributor", "tm", "bsc"):
        services.deliverable_comment_add(actor=getattr(wave1, who), deliverable=d, text=who)
    assert [c.text for c in d.comments.all()] == ["contributor", "tm", "bsc"]
    assert Event.objects.filter(kind="deliverable_comment_added").count() == 3


@pytest.mark.parametrize("who", ["other_tm", "programme", "outsider", "viewer"])
def test_others_cannot_comment(wave1, who):
    d = get(wave1.q, "pit_rttm")
    before = snapshot(d)
    with pytest.raises(NotPermitted):
        services.deliverable_comment_add(actor=getattr(wave1, who), deliverable=d, text="hi")
    assert snapshot(d) == before
