"""/api/v1/deadlines/ (scoped, filterable) and /api/v1/cohorts/<id>/plan/."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from waves.models import Cohort
from waves.sweep import deadlines_sweep

from .deadline_helpers import allocated, happened

pytestmark = pytest.mark.django_db


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def swept(org_a, org_b):
    mine = allocated("wave_1", organisation=org_a)
    theirs = allocated("wave_2", organisation=org_b)
    happened(mine, "initial_qad_submitted", date(2025, 6, 20))
    deadlines_sweep(as_of=date(2025, 7, 1))
    return mine, theirs


def test_participant_sees_only_its_own_deadlines(swept, admin_a):
    mine, _ = swept
    response = _client(admin_a).get("/api/v1/deadlines/", {"page_size": 500})
    assert response.status_code == 200
    assert {row["qualification"] for row in response.json()["results"]} == {mine.pk}


def test_programme_viewer_sees_every_deadline(swept, programme_viewer):
    response = _client(programme_viewer).get("/api/v1/deadlines/", {"page_size": 500})
    assert len(response.json()["results"]) == 52


@pytest.mark.parametrize(
    ("params", "count"),
    [
        ({"cohort": "wave_2"}, 26),
        ({"status": "met_on_time", "cohort": "wave_1"}, 2),
        ({"status": ["overdue", "due_soon"], "cohort": "wave_1"}, 12),
        ({"due_after": "2025-07-01", "due_before": "2025-08-31", "cohort": "wave_1"}, 6),
        ({"updated_since": "2000-01-01T00:00:00Z"}, 52),
        ({"updated_since": "2100-01-01T00:00:00Z"}, 0),
    ],
)
def test_filters(swept, programme_viewer, params, count):
    response = _client(programme_viewer).get("/api/v1/deadlines/", {**params, "page_size": 500})
    assert response.status_code == 200, response.json()
    assert len(response.json()["results"]) == count


def test_bad_filter_is_a_400(swept, programme_viewer):
    response = _client(programme_viewer).get("/api/v1/deadlines/", {"status": "late-ish"})
    assert response.status_code == 400
    assert "status" in response.json()["errors"]


def test_list_queries_do_not_grow_with_rows(programme_viewer):
    client = _client(programme_viewer)
    allocated("wave_1")
    deadlines_sweep(as_of=date(2025, 7, 1))
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/deadlines/", {"page_size": 500})
    for _ in range(3):
        allocated("wave_2")
    deadlines_sweep(as_of=date(2025, 7, 1))
    with CaptureQueriesContext(connection) as many:
        assert len(client.get("/api/v1/deadlines/", {"page_size": 500}).json()["results"]) == 104
    assert len(many) == len(few)


def test_plan(admin_a):
    cohort = Cohort.objects.get(key="wave_1")
    response = _client(admin_a).get(
        f"/api/v1/cohorts/{cohort.pk}/plan/",
        {"event": "initial_qad_submitted:2025-06-20", "as_of": "2025-07-01"},
    )
    assert response.status_code == 200
    review = next(r for r in response.json() if r["activity"] == "initial_qad_review")
    assert (review["due"], review["provisional"]) == ("2025-08-01", False)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"event": "nonsense:2025-01-01"}, "event"),
        ({"event": "pqs_submitted:2025-99-01"}, "event"),
        ({"as_of": "tomorrow"}, "as_of"),
        ({"event": "pqs_submitted:2025-07-02", "as_of": "2025-07-01"}, "event"),
    ],
)
def test_plan_bad_input_is_a_400_with_field_errors(admin_a, params, field):
    cohort = Cohort.objects.get(key="wave_1")
    response = _client(admin_a).get(f"/api/v1/cohorts/{cohort.pk}/plan/", params)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_plan_of_unknown_cohort_is_404(admin_a):
    assert _client(admin_a).get("/api/v1/cohorts/9999/plan/").status_code == 404
