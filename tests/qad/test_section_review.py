import threading

import pytest
from django.db import connection

from mhhs_portal.exceptions import IllegalTransition, NotPermitted, ValidationFailed
from qad import services
from qad.models import Comment, Notification
from qualification.models import Event
from tests.factories import staff

from .conftest import fresh, ledger


def test_one_body_accepting_leaves_the_section_waiting_for_the_other(submitted_section, reviewers):
    section = services.section_review(
        actor=reviewers["BSC"], section=submitted_section, verdict="accept"
    )
    assert section.status == "submitted"
    review = section.reviews.get(body="BSC")
    assert review.status == "accepted" and review.history.first().history_user == reviewers["BSC"]
    assert Event.objects.filter(kind="qad_review_accepted").count() == 1


def test_every_body_accepting_accepts_the_section_and_tells_contributors(
    submitted_section, reviewers, contributor_a, django_capture_on_commit_callbacks
):
    services.section_review(actor=reviewers["BSC"], section=submitted_section, verdict="accept")
    with django_capture_on_commit_callbacks(execute=True):
        section = services.section_review(
            actor=reviewers["REC"], section=submitted_section, verdict="accept"
        )
    assert fresh(section).status == "accepted"
    assert Event.objects.filter(kind="qad_section_accepted").count() == 1
    assert Notification.objects.filter(recipient=contributor_a, text__contains="accepted").exists()


def test_request_changes_needs_a_comment_and_records_it(
    submitted_section, reviewers, contributor_a, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationFailed):
        services.section_review(
            actor=reviewers["BSC"], section=submitted_section, verdict="request_changes"
        )
    assert fresh(submitted_section).status == "submitted"
    with django_capture_on_commit_callbacks(execute=True):
        services.section_review(
            actor=reviewers["BSC"],
            section=submitted_section,
            verdict="request_changes",
            comment="Name the accountable roles.",
        )
    assert fresh(submitted_section).status == "changes_requested"
    assert Comment.objects.get().body == "BSC"
    assert Notification.objects.filter(recipient=contributor_a, text__contains="Changes").exists()


def test_the_other_body_may_still_review_while_changes_are_requested(submitted_section, reviewers):
    services.section_review(
        actor=reviewers["BSC"], section=submitted_section, verdict="request_changes", comment="x"
    )
    section = services.section_review(
        actor=reviewers["REC"], section=submitted_section, verdict="accept"
    )
    assert fresh(section).status == "changes_requested"


@pytest.mark.parametrize("state", ["not_started", "in_progress", "accepted"])
def test_review_refused_when_section_not_in_review(people_section, contributor_a, reviewers, state):
    from .conftest import accept_all, answer_all

    if state != "not_started":
        answer_all(contributor_a, people_section)
    if state == "accepted":
        services.section_submit(actor=contributor_a, section=people_section)
        accept_all(people_section, reviewers)
    events = ledger()
    with pytest.raises(IllegalTransition):
        services.section_review(actor=reviewers["BSC"], section=people_section, verdict="accept")
    assert fresh(people_section).status == state and ledger() == events


def test_a_body_cannot_give_a_second_verdict_before_resubmission(submitted_section, reviewers):
    services.section_review(actor=reviewers["BSC"], section=submitted_section, verdict="accept")
    with pytest.raises(IllegalTransition):
        services.section_review(
            actor=reviewers["BSC"],
            section=submitted_section,
            verdict="request_changes",
            comment="x",
        )
    assert fresh(submitted_section.reviews.get(body="BSC")).status == "accepted"


@pytest.mark.parametrize("who", ["dip", "contributor", "approver", "other_org"])
def test_review_refused_for_people_who_do_not_review_the_section(
    submitted_section, reviewers, contributor_a, admin_b, who
):
    actor = {
        "dip": reviewers["DIP"],
        "contributor": contributor_a,
        "approver": staff("approver", "BSC", email="approver@bsc.test"),
        "other_org": admin_b,
    }[who]
    events = ledger()
    with pytest.raises(NotPermitted):
        services.section_review(actor=actor, section=submitted_section, verdict="accept")
    assert set(submitted_section.reviews.values_list("status", flat=True)) == {"pending"}
    assert ledger() == events


@pytest.mark.django_db(transaction=True)
def test_two_bodies_accepting_at_once_leave_one_consistent_state(postgres, reference_data, org_a):
    from qualification.services import qualification_transition
    from tests.factories import QualificationFactory, market_role, member

    admin = member(org_a, "admin", email="admin@alpha.test")
    manager = staff("test_manager", email="manager@qt.test")
    bodies = {"BSC": staff("reviewer", "BSC"), "REC": staff("reviewer", "REC")}
    qualification = QualificationFactory(organisation=org_a, market_role=market_role("SUPPLIER"))
    qualification_transition(
        actor=manager, qualification=qualification, transition="start_preparation"
    )
    qad = services.qad_create(actor=admin, organisation=org_a, qualifications=[qualification])
    section = qad.sections.get(template_section__key="people")
    services.section_submit(actor=admin, section=section)
    barrier = threading.Barrier(2)
    errors = []

    def accept(body):
        try:
            barrier.wait()
            services.section_review(actor=bodies[body], section=section, verdict="accept")
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(b,)) for b in bodies]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert fresh(section).status == "accepted"
    assert set(section.reviews.values_list("status", flat=True)) == {"accepted"}
    assert Event.objects.filter(kind="qad_section_accepted").count() == 1
