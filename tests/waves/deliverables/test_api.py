"""Deliverables over the API: scoped reads, writes through the services, problem
details with 400/403/404/409 and nothing changed on refusal."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from qualification.models import Event
from tests.factories import member
from waves.deliverables import services
from waves.deliverables.models import Deliverable

from .conftest import allocated, pdf

PROBLEM = "application/problem+json"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_participant_lists_only_its_own_deliverables(wave1):
    allocated("wave_2")  # another tenant's
    response = api(wave1.contributor).get("/api/v1/deliverables/?page_size=100")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert {r["qualification"] for r in rows} == {wave1.q.pk}
    assert len(rows) == 10 and {r["status"] for r in rows} == {"outstanding"}
    only = api(wave1.contributor).get("/api/v1/deliverables/?kind=qt_rttm").json()["results"]
    assert [r["kind"] for r in only] == ["qt_rttm"]


def test_the_list_pins_its_query_count(wave1):
    client = api(wave1.tm)
    client.get("/api/v1/deliverables/")
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/deliverables/?page_size=200")
    for _ in range(4):
        allocated("wave_3")
    with CaptureQueriesContext(connection) as many:
        response = client.get("/api/v1/deliverables/?page_size=200")
    assert len(response.json()["results"]) == 50
    assert len(many.captured_queries) == len(few.captured_queries)


def test_upload_submit_and_complete_through_the_api(wave1):
    d = Deliverable.objects.get(qualification=wave1.q, kind="qt_test_plan")
    client = api(wave1.contributor)
    up = client.post(
        f"/api/v1/qualifications/{wave1.q.pk}/deliverables/qt_test_plan/file/",
        {"file": pdf("plan.pdf")},
        format="multipart",
    )
    assert up.status_code == 201 and up.json()["number"] == 1
    sub = client.post(f"/api/v1/deliverables/{d.pk}/actions/", {"action": "submit"})
    assert sub.status_code == 200 and sub.json()["status"] == "draft_and_review"
    wrong = api(wave1.other_tm).post(
        f"/api/v1/deliverables/{d.pk}/actions/", {"action": "complete"}
    )
    assert wrong.status_code == 403 and wrong["Content-Type"] == PROBLEM
    assert wrong.json()["code"] == "not_cohort_test_manager"
    done = api(wave1.tm).post(f"/api/v1/deliverables/{d.pk}/actions/", {"action": "complete"})
    assert done.status_code == 200 and done.json()["status"] == "completed"
    assert Event.objects.latest("id").kind == "qt_test_plan_approved"
    again = api(wave1.tm).post(f"/api/v1/deliverables/{d.pk}/actions/", {"action": "complete"})
    assert again.status_code == 409 and again["Content-Type"] == PROBLEM


def test_a_deliverable_for_the_wrong_cohort_is_409_and_changes_nothing(db):
    q = allocated("ldso_m10", role="LDSO")
    contributor = member(q.organisation)
    before = Event.objects.count()
    response = api(contributor).post(
        f"/api/v1/qualifications/{q.pk}/deliverables/pit_rttm/file/",
        {"file": pdf()},
        format="multipart",
    )
    assert response.status_code == 409 and response.json()["code"] == "deliverable_not_in_cohort"
    assert Event.objects.count() == before
    unknown = api(contributor).post(
        f"/api/v1/qualifications/{q.pk}/deliverables/nonsense/file/",
        {"file": pdf()},
        format="multipart",
    )
    assert unknown.status_code == 400


def test_a_bad_file_is_400_and_changes_nothing(wave1):
    d = Deliverable.objects.get(qualification=wave1.q, kind="qt_rttm")
    before = Event.objects.count()
    response = api(wave1.contributor).post(
        f"/api/v1/deliverables/{d.pk}/file/",
        {"file": SimpleUploadedFile("x.exe", b"MZ\x90\x00", "application/octet-stream")},
        format="multipart",
    )
    assert response.status_code == 400 and response["Content-Type"] == PROBLEM
    assert Event.objects.count() == before and not d.revisions.exists()


def test_other_tenants_get_404(wave1):
    d = Deliverable.objects.get(qualification=wave1.q, kind="qt_rttm")
    client = api(wave1.outsider)
    assert client.get(f"/api/v1/deliverables/{d.pk}/").status_code == 404
    assert (
        client.post(f"/api/v1/deliverables/{d.pk}/actions/", {"action": "submit"}).status_code
        == 404
    )
    assert (
        client.post(
            f"/api/v1/qualifications/{wave1.q.pk}/checkpoints/", {"number": 1, "outcome": "passed"}
        ).status_code
        == 404
    )
    assert client.post(f"/api/v1/qualifications/{wave1.q.pk}/qt-entry/").status_code == 404


def test_checkpoints_and_qt_entry_refusals_in_the_api(wave1):
    cp = api(wave1.tm).post(
        f"/api/v1/qualifications/{wave1.q.pk}/checkpoints/", {"number": 1, "outcome": "passed"}
    )
    assert cp.status_code == 409 and cp.json()["code"] == "checkpoint_deliverables_open"
    by_bsc = api(wave1.bsc).post(
        f"/api/v1/qualifications/{wave1.q.pk}/checkpoints/", {"number": 1, "outcome": "passed"}
    )
    assert by_bsc.status_code == 403
    entry = api(wave1.tm).post(f"/api/v1/qualifications/{wave1.q.pk}/qt-entry/")
    assert entry.status_code == 409 and entry.json()["code"] == "checkpoints_not_passed"
    bad = api(wave1.tm).post(
        f"/api/v1/qualifications/{wave1.q.pk}/checkpoints/", {"number": 3, "outcome": "passed"}
    )
    assert bad.status_code == 400


def test_the_status_table_in_the_api(wave1):
    d = Deliverable.objects.get(qualification=wave1.q, kind="qt_rttm")
    services.deliverable_upload(actor=wave1.contributor, deliverable=d, upload=pdf())
    services.deliverable_submit(actor=wave1.contributor, deliverable=d)
    rows = api(wave1.programme).get("/api/v1/deliverables/status-table/").json()
    row = next(r for r in rows if r["kind"] == "qt_rttm" and r["cohort"] == "wave_1")
    assert row == {
        "kind": "qt_rttm",
        "label": "QT RTTM",
        "cohort": "wave_1",
        "total": 1,
        "outstanding": 0,
        "draft_and_review": 1,
        "code_body_review": 0,
        "completed": 0,
    }
