import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from qualification.models import Event
from tests.factories import OrganisationFactory, QualificationFactory, member, staff
from waves.models import Allocation, PreQualificationSubmission, WaitListEntry
from waves.pqs_services import pqs_accept, pqs_clarification_request, pqs_submit
from waves.services import allocation_set
from waves.wait_list import cohort_capacity_set, wait_list_add

from .pqs_helpers import draft, participant, wave

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def org(org_a):
    return participant(org_a, roles=("SUPPLIER",))


FORM = {
    "preferred_cohort": "",
    "roles": ["SUPPLIER"],
    "mpids": ["ALP1"],
    "pit_approach": "Own environment.",
    "pit_start": "2025-03-01",
    "pit_completion": "2025-09-30",
    "target_migration_date": "2026-06-01",
}


def test_a_participant_drafts_submits_and_answers_on_the_pages(org, admin_a, bsc_reviewer):
    client = client_for(admin_a)
    assert "Start a PQS for" in client.get("/waves/pqs/").content.decode()
    response = client.post(
        f"/waves/organisations/{org.pk}/pqs/new/",
        {**FORM, "preferred_cohort": wave("wave_2").pk},
    )
    pqs = PreQualificationSubmission.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/waves/pqs/{pqs.pk}/"
    page = client.get(f"/waves/pqs/{pqs.pk}/").content.decode()
    assert "Draft" in page and "Submit PQS" in page and "QT Wave 2" in page
    client.post(f"/waves/pqs/{pqs.pk}/submit/")
    pqs.refresh_from_db()
    assert pqs.status == "submitted"
    queue = client_for(bsc_reviewer).get("/waves/pqs/review/").content.decode()
    assert org.name in queue
    client_for(bsc_reviewer).post(f"/waves/pqs/{pqs.pk}/clarify/", {"text": "Which house?"})
    page = client.get(f"/waves/pqs/{pqs.pk}/").content.decode()
    assert "Which house?" in page and "Send answer" in page
    client.post(f"/waves/pqs/{pqs.pk}/answer/", {"text": "Acme."})
    pqs.refresh_from_db()
    assert pqs.status == "clarification_answered"


def test_a_refusal_is_shown_on_the_form_and_nothing_is_saved(org, admin_a):
    response = client_for(admin_a).post(
        f"/waves/organisations/{org.pk}/pqs/new/",
        {**FORM, "mpids_not_taken_forward": ["ALP1"]},
    )
    assert response.status_code == 400
    assert "cannot be both qualified and not taken forward" in response.content.decode()
    assert not PreQualificationSubmission.objects.exists()


def test_a_refused_move_is_a_message_and_changes_nothing(org, admin_a, bsc_reviewer):
    pqs = draft(admin_a, org)
    response = client_for(bsc_reviewer).post(f"/waves/pqs/{pqs.pk}/accept/", follow=True)
    # A draft is invisible to reviewers: 404, not a message.
    assert response.status_code == 404
    pqs_submit(actor=admin_a, pqs=pqs)
    response = client_for(admin_a).post(f"/waves/pqs/{pqs.pk}/accept/", follow=True)
    assert "Only a BSC or REC reviewer" in response.content.decode()
    pqs.refresh_from_db()
    assert pqs.status == "submitted"


def test_other_tenants_and_participants_get_404(org, admin_a, admin_b):
    pqs = draft(admin_a, org)
    outsider = client_for(admin_b)
    for url in (f"/waves/pqs/{pqs.pk}/", f"/waves/pqs/{pqs.pk}/edit/"):
        assert outsider.get(url).status_code == 404
    assert outsider.post(f"/waves/pqs/{pqs.pk}/submit/").status_code == 404
    assert outsider.get(f"/waves/organisations/{org.pk}/pqs/new/").status_code == 404
    for url in ("/waves/pqs/review/", "/waves/board/"):
        assert client_for(admin_a).get(url).status_code == 404


def test_code_bodies_allocate_from_the_pqs_page_and_meet_a_full_wave(org, admin_a, bsc_reviewer):
    pqs = pqs_accept(actor=bsc_reviewer, pqs=pqs_submit(actor=admin_a, pqs=draft(admin_a, org)))
    cohort_capacity_set(actor=bsc_reviewer, cohort=wave("wave_1"), capacity=1, reason="r")
    allocation_set(actor=bsc_reviewer, qualification=QualificationFactory(), cohort=wave("wave_1"))
    role = pqs.qualifications.get()
    client = client_for(bsc_reviewer)
    refused = client.post(
        f"/waves/pqs/{pqs.pk}/allocate/",
        {"qualification": role.pk, "cohort": "wave_1", "status": "indicative"},
        follow=True,
    ).content.decode()
    assert "QT Wave 1 is full" in refused
    assert not Allocation.objects.filter(qualification=role).exists()
    client.post(
        f"/waves/pqs/{pqs.pk}/allocate/",
        {"qualification": role.pk, "cohort": "wave_1", "wait_list": "1", "reason": "Prefers 1"},
    )
    client.post(
        f"/waves/pqs/{pqs.pk}/allocate/",
        {"qualification": role.pk, "cohort": "wave_2", "status": "indicative"},
    )
    assert WaitListEntry.objects.get(qualification=role).pqs == pqs
    assert Allocation.objects.get(qualification=role).cohort.key == "wave_2"
    page = client_for(admin_a).get(f"/waves/pqs/{pqs.pk}/").content.decode()
    assert "Waiting for QT Wave 1" in page and "QT Wave 2" in page
    board = client.get("/waves/board/").content.decode()
    assert "1 of 1 places taken: full" in board and "pct-100" in board and "Prefers 1" in board


def test_the_board_promotes_and_sets_capacity(bsc_reviewer):
    cohort_capacity_set(actor=bsc_reviewer, cohort=wave("wave_1"), capacity=1, reason="r")
    allocation_set(actor=bsc_reviewer, qualification=QualificationFactory(), cohort=wave("wave_1"))
    waiting = QualificationFactory()
    entry = wait_list_add(
        actor=bsc_reviewer, qualification=waiting, cohort=wave("wave_1"), reason="r"
    )
    client = client_for(bsc_reviewer)
    full = client.post(f"/waves/wait-list/{entry.pk}/promote/", {"reason": "x"}, follow=True)
    assert "full" in full.content.decode()
    client.post("/waves/board/wave_1/capacity/", {"capacity": "2", "reason": "PSG agreed"})
    assert wave("wave_1").capacity == 2
    client.post(f"/waves/wait-list/{entry.pk}/promote/", {"reason": "Earliest migration"})
    assert Allocation.objects.get(qualification=waiting).cohort.key == "wave_1"
    bad = client.post(
        "/waves/board/wave_1/capacity/", {"capacity": "lots", "reason": "r"}, follow=True
    )
    assert "whole number" in bad.content.decode() and wave("wave_1").capacity == 2
    assert client.post("/waves/board/nope/capacity/", {"capacity": "3"}).status_code == 404
    no_reason = client.post(
        "/waves/board/move/", {"qualification": waiting.pk, "cohort": "wave_3"}, follow=True
    )
    assert "needs a reason" in no_reason.content.decode()
    client.post(
        "/waves/board/move/",
        {"qualification": waiting.pk, "cohort": "wave_3", "reason": "Not on track at CP1"},
    )
    assert Allocation.objects.get(qualification=waiting).cohort.key == "wave_3"
    board = client.get("/waves/board/").content.decode()
    assert "from QT Wave 1 to QT Wave 3" in board and "Not on track at CP1" in board
    outsider = QualificationFactory()
    assert (
        client_for(member(outsider.organisation, "admin"))
        .post("/waves/board/move/", {"qualification": outsider.pk, "cohort": "wave_3"})
        .status_code
        == 404
    )


def _populate(n: int, reviewer, admin):
    for _ in range(n):
        organisation = participant(OrganisationFactory(), roles=("SUPPLIER",), mpid=None)
        contributor = member(organisation, "admin")
        pqs = draft(contributor, organisation, mpids=())
        pqs_submit(actor=contributor, pqs=pqs)
        pqs_clarification_request(actor=reviewer, pqs=pqs, question="Why?")
        allocation_set(
            actor=reviewer, qualification=pqs.qualifications.get(), cohort=wave("wave_2")
        )


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/waves/pqs/", "/waves/pqs/review/", "/waves/board/"])
def test_list_pages_cost_the_same_whatever_the_number_of_rows(bsc_reviewer, url):
    client = client_for(bsc_reviewer)
    _populate(2, bsc_reviewer, None)
    small = _count(client, url)
    _populate(5, bsc_reviewer, None)
    assert _count(client, url) == small
    assert Event.objects.filter(kind="pqs_submitted").count() == 7


def test_the_navigation_links_the_right_people(org, admin_a, bsc_reviewer):
    participant_nav = client_for(admin_a).get("/waves/pqs/").content.decode()
    assert 'href="/waves/pqs/"' in participant_nav and "/waves/board/" not in participant_nav
    reviewer_nav = client_for(bsc_reviewer).get("/waves/pqs/").content.decode()
    assert "/waves/pqs/review/" in reviewer_nav and "/waves/board/" in reviewer_nav
    dip = client_for(staff("reviewer", "DIP")).get("/timelines/").content.decode()
    assert "/waves/board/" not in dip


def test_the_admin_lists_pqs_and_wait_lists_read_only(org, admin_a, bsc_reviewer):
    from tests.factories import UserFactory

    pqs = draft(admin_a, org)
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client = client_for(superuser)
    for url in (
        "/admin/waves/prequalificationsubmission/",
        f"/admin/waves/prequalificationsubmission/{pqs.pk}/history/",
        "/admin/waves/waitlistentry/",
    ):
        assert client.get(url).status_code == 200, url
    assert (
        client.post(f"/admin/waves/prequalificationsubmission/{pqs.pk}/delete/").status_code == 403
    )
