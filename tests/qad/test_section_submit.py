import pytest

from mhhs_portal.exceptions import IllegalTransition, NotPermitted, ValidationFailed
from qad import services
from qad.models import Notification, QadSection
from qualification.models import Event
from tests.factories import member

from .conftest import accept_all, answer_all, fresh, ledger, pdf, section_of


def test_submit_moves_section_records_history_event_and_notifies_reviewers(
    people_section, contributor_a, reviewers, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        section = services.section_submit(actor=contributor_a, section=people_section)
    assert section.status == "submitted"
    assert section.first_submitted_at and section.last_submitted_at
    last = section.history.first()
    assert last.status == "submitted" and last.history_user == contributor_a
    assert Event.objects.filter(kind="qad_section_submitted", actor=contributor_a).count() == 1
    assert callbacks
    notified = set(Notification.objects.values_list("recipient__email", flat=True))
    assert notified == {"reviewer@bsc.test", "reviewer@rec.test"}
    assert {m.to[0] for m in mailoutbox} >= notified


@pytest.mark.parametrize("status", ["submitted", "resubmitted", "accepted"])
def test_submit_refused_from_other_states(people_section, contributor_a, reviewers, status):
    answer_all(contributor_a, people_section)
    services.section_submit(actor=contributor_a, section=people_section)
    if status == "resubmitted":
        services.section_review(
            actor=reviewers["BSC"], section=people_section, verdict="request_changes", comment="x"
        )
        services.section_submit(actor=contributor_a, section=people_section)
    if status == "accepted":
        accept_all(people_section, reviewers)
    before, events = fresh(people_section).status, ledger()
    assert before == status
    with pytest.raises(IllegalTransition):
        services.section_submit(actor=contributor_a, section=people_section)
    assert fresh(people_section).status == status and ledger() == events


@pytest.mark.parametrize("who", ["viewer", "other_tenant", "reviewer"])
def test_submit_refused_for_wrong_people(people_section, org_b, bsc_reviewer, org_a, who):
    actor = {
        "viewer": lambda: member(org_a, "viewer", email="v@alpha.test"),
        "other_tenant": lambda: member(org_b, "admin", email="x@bravo.test"),
        "reviewer": lambda: bsc_reviewer,
    }[who]()
    events = ledger()
    with pytest.raises(NotPermitted):
        services.section_submit(actor=actor, section=people_section)
    assert fresh(people_section).status == "not_started" and ledger() == events


def test_initial_qad_submitted_recorded_once_per_covered_role(qad_a, contributor_a):
    for section in qad_a.sections.exclude(template_section__key="test_completion"):
        services.section_submit(actor=contributor_a, section=section)
    assert Event.objects.filter(kind="initial_qad_submitted").count() == 1
    event = Event.objects.get(kind="initial_qad_submitted")
    assert event.qualification == qad_a.qualifications.get()
    assert fresh(qad_a).initial_submitted_at is not None


def test_final_qad_needs_mandatory_answers(qad_a, contributor_a):
    completion = section_of(qad_a, "test_completion")
    report = completion.template_section.questions.get(marks_final=True)
    services.evidence_upload(actor=contributor_a, section=completion, question=report, upload=pdf())
    assert fresh(qad_a).stage == "final"
    people = section_of(qad_a, "people")
    with pytest.raises(ValidationFailed) as refused:
        services.section_submit(actor=contributor_a, section=people)
    assert "structure" in refused.value.errors and "structure_chart" not in refused.value.errors
    assert fresh(people).status == "not_started"


def test_resubmission_sends_the_section_back_to_the_body_that_asked(
    submitted_section, contributor_a, reviewers
):
    services.section_review(actor=reviewers["BSC"], section=submitted_section, verdict="accept")
    services.section_review(
        actor=reviewers["REC"], section=submitted_section, verdict="request_changes", comment="More"
    )
    section = services.section_submit(actor=contributor_a, section=submitted_section)
    assert section.status == "resubmitted"
    reviews = dict(QadSection.objects.get(pk=section.pk).reviews.values_list("body", "status"))
    assert reviews == {"BSC": "accepted", "REC": "pending"}
