"""Deadline pages: the programme dashboard, CSV export, the planner form, the
participant's plan-on-a-page with statuses and the demo-date notice."""

import csv
import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from waves.dashboard import stage
from waves.sweep import deadlines_sweep

from .deadline_helpers import allocated, happened

pytestmark = pytest.mark.django_db


@pytest.fixture
def swept(org_a, org_b):
    mine = allocated("wave_1", organisation=org_a)
    allocated("wave_1", organisation=org_b)
    happened(mine, "initial_qad_submitted", date(2025, 6, 20))
    deadlines_sweep(as_of=date(2025, 7, 1))
    return mine


def test_dashboard_is_for_staff_only(client, swept, admin_a):
    client.force_login(admin_a)
    assert client.get("/deadlines/").status_code == 404
    assert client.get("/deadlines/export.csv").status_code == 404


def test_dashboard_shows_status_table_rag_and_overdue(client, swept, programme_viewer, settings):
    settings.DEMO_TODAY = date(2025, 7, 1)
    client.force_login(programme_viewer)
    response = client.get("/deadlines/")
    assert response.status_code == 200
    table = {(r.cohort.key, r.activity.key): r for r in response.context["table"] if r.seq == 1}
    review = table[("wave_1", "initial_qad_review")]
    # One participant submitted its Initial QAD: its review is with the Code Bodies.
    assert (review.total, review.counts["code_body_review"], review.counts["outstanding"]) == (
        2,
        1,
        1,
    )
    submission = table[("wave_1", "initial_qad_submission")]
    assert (submission.counts["completed"], submission.counts["draft_and_review"]) == (1, 1)
    (rag,) = response.context["rags"]
    assert rag.rag == "missed"
    assert response.context["page"].paginator.count == 18
    content = response.content.decode()
    assert "Code Body Review" in content and "RAG per cohort" in content


def test_dashboard_queries_do_not_grow_with_participants(
    client, programme_viewer, django_capture_on_commit_callbacks
):
    client.force_login(programme_viewer)
    allocated("wave_1")
    deadlines_sweep(as_of=date(2025, 7, 1))
    with CaptureQueriesContext(connection) as few:
        client.get("/deadlines/")
    for _ in range(4):
        allocated("wave_2")
    # The sweep's commit makes the next view recompute (see dashboard_cache).
    with django_capture_on_commit_callbacks(execute=True):
        deadlines_sweep(as_of=date(2025, 7, 1))
    with CaptureQueriesContext(connection) as many:
        client.get("/deadlines/")
    assert len(many) == len(few)


def test_reviewer_counts_only_governed_roles(client, swept, rec_reviewer, org_a):
    from tests.factories import market_role

    allocated("wave_1", organisation=org_a, market_role=market_role("SDS"))
    deadlines_sweep(as_of=date(2025, 7, 1))
    client.force_login(rec_reviewer)
    response = client.get("/deadlines/")
    # REC does not govern SDS: only the two suppliers are counted.
    assert sum(r.total for r in response.context["rags"]) == 2


def test_csv_export(client, swept, programme_viewer):
    client.force_login(programme_viewer)
    response = client.get("/deadlines/export.csv", {"status": "overdue"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 18
    assert {r["status"] for r in rows} == {"overdue"}
    assert rows[0]["cohort"] == "wave_1"


@pytest.mark.parametrize(
    ("status", "kind", "opened", "expected"),
    [
        ("met_late", "date", False, "completed"),
        ("upcoming", "within", True, "code_body_review"),
        ("overdue", "within", True, "code_body_review"),
        ("awaiting_event", "within", False, "outstanding"),
        ("upcoming", "window", True, "draft_and_review"),
        ("overdue", "date", False, "draft_and_review"),
        ("upcoming", "date", False, "outstanding"),
        ("indicative", "text", False, "outstanding"),
        ("not_applicable", "n/a", False, None),
    ],
)
def test_stage_mapping(status, kind, opened, expected):
    assert stage(status=status, kind=kind, opened=opened) == expected


def test_planner_form_on_the_cohort_page(client, admin_a):
    client.force_login(admin_a)
    response = client.get(
        "/timelines/wave_2/", {"final_qad_submitted": "2025-11-20", "as_of": "2025-11-25"}
    )
    rows = {r.activity: r for r in response.context["plan_rows"]}
    assert rows["final_qad_review"].due == date(2025, 12, 18)
    assert "Met on time" in response.content.decode()


def test_planner_form_refuses_a_future_event(client, admin_a):
    client.force_login(admin_a)
    response = client.get(
        "/timelines/wave_2/", {"final_qad_submitted": "2026-11-20", "as_of": "2025-11-25"}
    )
    assert response.context["plan_rows"] is None
    assert "after the as-of day" in response.content.decode()


def test_participant_plan_on_a_page_shows_statuses(client, swept, admin_a, settings):
    settings.DEMO_TODAY = date(2025, 7, 1)
    client.force_login(admin_a)
    content = client.get(f"/organisations/{swept.organisation_id}/").content.decode()
    assert "✓ Met on time" in content
    assert "! Overdue" in content
    assert "◷ Due soon" in content
    assert "status-overdue" in content


def test_demo_date_notice(client, admin_a, settings):
    client.force_login(admin_a)
    assert "shows deadlines as of" not in client.get("/timelines/").content.decode()
    settings.DEMO_TODAY = date(2025, 10, 6)
    assert "6 October 2025" in client.get("/timelines/").content.decode()
