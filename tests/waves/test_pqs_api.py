import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from qualification.models import Event
from tests.api.helpers import assert_problem
from tests.factories import OrganisationFactory, QualificationFactory, member
from waves.models import Allocation, PreQualificationSubmission, WaitListEntry
from waves.pqs_services import pqs_submit
from waves.services import allocation_set
from waves.wait_list import cohort_capacity_set, wait_list_add

from .pqs_helpers import draft, participant, wave

pytestmark = pytest.mark.django_db

BODY = {
    "preferred_cohort": "wave_2",
    "roles": ["SUPPLIER"],
    "mpids": ["ALP1"],
    "pit_approach": "Own environment.",
    "pit_start": "2025-03-01",
    "pit_completion": "2025-09-30",
    "target_migration_date": "2026-06-01",
    "reliance_requested": False,
}


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def org(org_a):
    return participant(org_a, roles=("SUPPLIER",))


def test_a_participant_writes_submits_and_reads_a_pqs(org, admin_a, bsc_reviewer):
    client = api(admin_a)
    created = client.post("/api/v1/pqs/", {**BODY, "organisation": org.pk}, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["status"] == "draft"
    assert created.json()["roles"][0]["role"] == "SUPPLIER"
    edited = client.put(
        f"/api/v1/pqs/{pk}/", {**BODY, "pit_approach": "Test house."}, format="json"
    )
    assert edited.status_code == 200 and edited.json()["pit_approach"] == "Test house."
    submitted = client.post(f"/api/v1/pqs/{pk}/actions/", {"action": "submit"}, format="json")
    assert submitted.json()["status"] == "submitted"
    reviewer = api(bsc_reviewer)
    asked = reviewer.post(
        f"/api/v1/pqs/{pk}/actions/",
        {"action": "request_clarification", "text": "Which test house?"},
        format="json",
    )
    assert asked.json()["messages"][0]["text"] == "Which test house?"
    client.post(
        f"/api/v1/pqs/{pk}/actions/",
        {"action": "answer_clarification", "text": "Acme."},
        format="json",
    )
    accepted = reviewer.post(f"/api/v1/pqs/{pk}/actions/", {"action": "accept"}, format="json")
    assert accepted.json()["status"] == "accepted"
    listed = client.get("/api/v1/pqs/").json()["results"]
    assert [row["id"] for row in listed] == [pk]


def test_bad_input_is_400_and_changes_nothing(org, admin_a):
    client = api(admin_a)
    for body, field in (
        ({**BODY, "roles": ["MEM_SMART"]}, "roles"),
        ({**BODY, "preferred_cohort": "nope"}, "preferred_cohort"),
        ({**BODY, "pit_start": "2025-13-01"}, "pit_start"),
    ):
        response = client.post("/api/v1/pqs/", {**body, "organisation": org.pk}, format="json")
        problem = assert_problem(response, 400)
        assert field in problem["errors"], problem
    assert not PreQualificationSubmission.objects.exists()
    pqs = draft(admin_a, org)
    response = client.post(f"/api/v1/pqs/{pqs.pk}/actions/", {"action": "fly"}, format="json")
    assert_problem(response, 400)


def test_wrong_person_is_403_and_wrong_state_is_409(org, admin_a, bsc_reviewer):
    pqs = pqs_submit(actor=admin_a, pqs=draft(admin_a, org))
    before = Event.objects.count()
    assert_problem(
        api(admin_a).post(f"/api/v1/pqs/{pqs.pk}/actions/", {"action": "accept"}, format="json"),
        403,
    )
    assert_problem(
        api(admin_a).post(f"/api/v1/pqs/{pqs.pk}/actions/", {"action": "submit"}, format="json"),
        409,
    )
    assert_problem(api(admin_a).put(f"/api/v1/pqs/{pqs.pk}/", BODY, format="json"), 409)
    assert Event.objects.count() == before
    pqs.refresh_from_db()
    assert pqs.status == "submitted"


def test_another_tenant_gets_404(org, admin_a, admin_b):
    pqs = draft(admin_a, org)
    client = api(admin_b)
    assert_problem(client.get(f"/api/v1/pqs/{pqs.pk}/"), 404)
    assert_problem(
        client.post(f"/api/v1/pqs/{pqs.pk}/actions/", {"action": "withdraw"}, format="json"), 404
    )
    assert_problem(
        client.post("/api/v1/pqs/", {**BODY, "organisation": org.pk}, format="json"), 404
    )
    assert client.get("/api/v1/pqs/").json()["results"] == []


def test_allocations_and_wait_list_in_the_api(org, admin_a, bsc_reviewer):
    role = org.qualifications.get()
    client = api(bsc_reviewer)
    capacity = client.post(
        f"/api/v1/cohorts/{wave('wave_1').pk}/capacity/",
        {"capacity": 1, "reason": "PSG agreed"},
        format="json",
    )
    assert capacity.json() == {"cohort": "wave_1", "capacity": 1, "taken": 0}
    allocation_set(actor=bsc_reviewer, qualification=QualificationFactory(), cohort=wave("wave_1"))
    full = client.post(
        f"/api/v1/qualifications/{role.pk}/allocation/",
        {"cohort": "wave_1", "status": "indicative"},
        format="json",
    )
    assert_problem(full, 409, "cohort_full")
    assert not Allocation.objects.filter(qualification=role).exists()
    listed = client.post(
        f"/api/v1/cohorts/{wave('wave_1').pk}/wait-list/",
        {"qualification": role.pk, "reason": "Prefers wave 1"},
        format="json",
    )
    assert listed.status_code == 201 and listed.json()["status"] == "waiting"
    entry_pk = listed.json()["id"]
    assert_problem(
        client.post(
            f"/api/v1/wait-list/{entry_pk}/actions/",
            {"action": "promote", "reason": "x"},
            format="json",
        ),
        409,
        "cohort_full",
    )
    assert_problem(
        client.post(
            f"/api/v1/cohorts/{wave('wave_1').pk}/capacity/",
            {"capacity": 0, "reason": "cut"},
            format="json",
        ),
        409,
        "capacity_below_allocated",
    )
    client.post(
        f"/api/v1/cohorts/{wave('wave_1').pk}/capacity/",
        {"capacity": 2, "reason": "r"},
        format="json",
    )
    promoted = client.post(
        f"/api/v1/wait-list/{entry_pk}/actions/",
        {"action": "promote", "reason": "Earliest migration", "status": "final"},
        format="json",
    )
    assert promoted.json()["status"] == "promoted"
    # The participant reads its own allocation and wait list history.
    own = api(admin_a)
    rows = own.get("/api/v1/allocations/").json()["results"]
    assert [(r["role"], r["cohort"], r["status"]) for r in rows] == [
        ("SUPPLIER", "wave_1", "final")
    ]
    assert [e["status"] for e in own.get("/api/v1/wait-list/").json()["results"]] == ["promoted"]
    assert own.get("/api/v1/allocations/?cohort=wave_2").json()["results"] == []
    assert own.get("/api/v1/wait-list/?status=waiting").json()["results"] == []
    assert len(own.get("/api/v1/pqs/?status=draft").json()["results"]) == 0
    assert_problem(own.get("/api/v1/wait-list/?status=bogus"), 400)
    assert_problem(own.get("/api/v1/allocations/?updated_since=yesterday"), 400)


def test_participants_cannot_write_places_and_outsiders_get_404(
    org, admin_a, admin_b, bsc_reviewer
):
    cohort_capacity_set(actor=bsc_reviewer, cohort=wave("wave_1"), capacity=0, reason="r")
    role = org.qualifications.get()
    entry = wait_list_add(actor=bsc_reviewer, qualification=role, cohort=wave("wave_1"), reason="r")
    assert_problem(
        api(admin_a).post(
            f"/api/v1/cohorts/{wave('wave_1').pk}/capacity/",
            {"capacity": 5, "reason": "r"},
            format="json",
        ),
        403,
    )
    assert_problem(
        api(admin_a).post(
            f"/api/v1/wait-list/{entry.pk}/actions/",
            {"action": "remove", "reason": "r"},
            format="json",
        ),
        403,
    )
    assert_problem(
        api(admin_b).post(
            f"/api/v1/wait-list/{entry.pk}/actions/",
            {"action": "remove", "reason": "r"},
            format="json",
        ),
        404,
    )
    assert api(admin_b).get("/api/v1/wait-list/").json()["results"] == []
    assert api(admin_b).get("/api/v1/allocations/").json()["results"] == []
    assert wave("wave_1").capacity == 0
    assert WaitListEntry.objects.get().status == "waiting"


def _populate(n, reviewer):
    for _ in range(n):
        organisation = participant(OrganisationFactory(), roles=("SUPPLIER",), mpid=None)
        admin = member(organisation, "admin")
        pqs = pqs_submit(actor=admin, pqs=draft(admin, organisation, mpids=()))
        role = pqs.qualifications.get()
        allocation_set(actor=reviewer, qualification=role, cohort=wave("wave_3"))


@pytest.mark.parametrize("url", ["/api/v1/pqs/", "/api/v1/allocations/", "/api/v1/wait-list/"])
def test_list_endpoints_cost_the_same_whatever_the_number_of_rows(bsc_reviewer, url):
    client = api(bsc_reviewer)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    _populate(2, bsc_reviewer)
    small = count()
    _populate(5, bsc_reviewer)
    assert count() == small
