"""Ten people pressing the same button at the same moment, on PostgreSQL.

Each thread has its own database session. Exactly one must win; the others
get the conflict the API answers with 409, and nothing is written twice:
one decision, one history row for the move, one event, one notification.
"""

import pytest

from governance.models import ApprovalStatus, Decision
from governance.services import approval_decide, approvals_sync
from mhhs_portal.exceptions import ApplicationError
from mhhs_portal.models import OutboxMessage
from qad import services as qad_services
from qad.models import Notification, QadSection
from qualification.models import Event
from tests.factories import OrganisationFactory, QualificationFactory, market_role, staff

from .scenarios import qad_under_review, race

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 10


def assert_conflicts(errors: list[ApplicationError], count: int) -> None:
    assert len(errors) == count
    assert {exc.status for exc in errors} == {409}, [exc.code for exc in errors]


def announcements_of(event: Event) -> int:
    return sum(
        event.pk in message.args[0]
        for message in OutboxMessage.objects.filter(task="qualification.tasks.announce_events")
    )


def test_ten_deciders_of_one_approval_record_one_decision(postgres, reference_data):
    qualification = QualificationFactory(
        organisation=OrganisationFactory(), market_role=market_role("SUPPLIER"), status="signed_off"
    )
    approvals_sync(qualification=qualification)
    approval = qualification.approvals.get(body="DIP")
    assert approval.status == ApprovalStatus.READY
    dip_manager = staff("approver", "DIP", email="dip.manager@race.test")

    results, errors = race(
        lambda: approval_decide(actor=dip_manager, approval=approval, outcome="approved")
    )

    assert len(results) == 1
    assert_conflicts(errors, THREADS - 1)
    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.APPROVED
    assert Decision.objects.filter(approval=approval).count() == 1
    assert approval.history.filter(status=ApprovalStatus.APPROVED).count() == 1
    [event] = Event.objects.filter(qualification=qualification, kind="approval_granted")
    assert event.actor == dip_manager
    assert announcements_of(event) == 1


def test_ten_reviewers_accepting_one_section_accept_it_once(postgres, reference_data):
    scenario = qad_under_review("race")
    section, reviewers, contributor = scenario.section, scenario.reviewers, scenario.contributor
    bodies = sorted(section.reviews.values_list("body", flat=True))
    for body in bodies[:-1]:
        qad_services.section_review(actor=reviewers[body], section=section, verdict="accept")
    last_body = bodies[-1]
    review = section.reviews.get(body=last_body)

    results, errors = race(
        lambda: qad_services.section_review(
            actor=reviewers[last_body], section=section, verdict="accept"
        )
    )

    assert len(results) == 1
    assert_conflicts(errors, THREADS - 1)
    assert QadSection.objects.get(pk=section.pk).status == "accepted"
    assert review.history.filter(status="accepted").count() == 1
    assert Event.objects.filter(kind="qad_section_accepted").count() == 1
    accepted_reviews = Event.objects.filter(kind="qad_review_accepted", payload__body=last_body)
    assert accepted_reviews.count() == 1
    told = Notification.objects.filter(recipient=contributor, text__contains="accepted by every")
    assert told.count() == 1
