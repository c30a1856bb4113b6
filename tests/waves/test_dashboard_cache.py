"""The programme dashboard's cached figures: a repeat view skips the
aggregates, a sweep that changes a deadline shows on the next view, and
viewers of different scopes never share figures."""

from datetime import date

import pytest
from django.core.cache import cache

from tests.factories import market_role
from waves.dashboard_cache import VERSION_KEY
from waves.sweep import deadlines_sweep

from .deadline_helpers import allocated, happened

pytestmark = pytest.mark.django_db

TODAY = date(2025, 7, 1)
# A repeat view saves the three aggregates over every visible deadline
# (the RAG per cohort, the status table, the overdue count) and the two
# duty look-ups that scope them.
FIRST_VIEW, REPEAT_VIEW = 15, 10


@pytest.fixture
def swept(org_a, org_b, settings):
    settings.DEMO_TODAY = TODAY
    mine = allocated("wave_1", organisation=org_a)
    theirs = allocated("wave_1", organisation=org_b)
    happened(mine, "initial_qad_submitted", date(2025, 6, 20))
    deadlines_sweep(as_of=TODAY)
    return mine, theirs


def review_row(response, activity="initial_qad_review"):
    (row,) = [
        r
        for r in response.context["table"]
        if (r.cohort.key, r.activity.key, r.seq) == ("wave_1", activity, 1)
    ]
    return row


def figures(response):
    return (
        [(r.cohort.key, r.rag, r.cells) for r in response.context["rags"]],
        [(r.cohort.key, r.activity.key, r.seq, dict(r.counts)) for r in response.context["table"]],
        response.context["page"].paginator.count,
    )


def two_views(client, assert_num_queries, *, first: int, repeat: int):
    """Two views of the dashboard with their query counts pinned; same figures."""
    with assert_num_queries(first):
        first_view = client.get("/deadlines/")
    with assert_num_queries(repeat):
        repeat_view = client.get("/deadlines/")
    assert figures(repeat_view) == figures(first_view)
    return repeat_view


def test_repeat_view_skips_the_aggregates_and_shows_the_same_figures(
    client, swept, programme_viewer, django_assert_num_queries
):
    client.force_login(programme_viewer)
    repeat = two_views(client, django_assert_num_queries, first=FIRST_VIEW, repeat=REPEAT_VIEW)
    assert figures(repeat)[2] == 18


def test_a_sweep_that_changes_a_deadline_shows_on_the_next_view(
    client, swept, programme_viewer, django_capture_on_commit_callbacks
):
    _, theirs = swept
    client.force_login(programme_viewer)
    assert review_row(client.get("/deadlines/")).counts["code_body_review"] == 1
    happened(theirs, "initial_qad_submitted", date(2025, 6, 25))
    with django_capture_on_commit_callbacks(execute=True):
        deadlines_sweep(as_of=TODAY)
    assert review_row(client.get("/deadlines/")).counts["code_body_review"] == 2


def test_a_sweep_that_changes_nothing_keeps_the_cache(
    client, swept, programme_viewer, django_capture_on_commit_callbacks, django_assert_num_queries
):
    client.force_login(programme_viewer)
    client.get("/deadlines/")
    version = cache.get(VERSION_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        result = deadlines_sweep(as_of=TODAY)
    assert (result.created, result.updated, result.deleted) == (0, 0, 0)
    assert cache.get(VERSION_KEY) == version
    with django_assert_num_queries(REPEAT_VIEW):
        client.get("/deadlines/")


def test_viewers_of_different_scopes_get_their_own_figures(
    client, swept, org_a, programme_viewer, rec_reviewer, bsc_reviewer
):
    # REC does not govern SDS; BSC and the programme see it.
    allocated("wave_1", organisation=org_a, market_role=market_role("SDS"))
    deadlines_sweep(as_of=TODAY)

    def participants(user):
        client.force_login(user)
        return sum(r.total for r in client.get("/deadlines/").context["rags"])

    assert participants(rec_reviewer) == 2
    assert participants(programme_viewer) == 3
    assert participants(bsc_reviewer) == 3
    assert participants(rec_reviewer) == 2


def test_the_day_is_part_of_the_key(client, swept, programme_viewer, settings):
    client.force_login(programme_viewer)
    before = review_row(client.get("/deadlines/"), "final_qad_submission")
    assert dict(before.counts) == {"outstanding": 2}
    settings.DEMO_TODAY = date(2026, 1, 1)
    # "Draft and Review" counts the windows opened by today: by 2026 the
    # Final QAD window has opened, with no sweep in between.
    after = review_row(client.get("/deadlines/"), "final_qad_submission")
    assert dict(after.counts) == {"draft_and_review": 2}


def test_without_a_reachable_cache_every_view_computes_the_figures(
    client, swept, programme_viewer, settings, django_assert_num_queries
):
    settings.CACHES = {
        "default": {
            "BACKEND": "mhhs_portal.cache.TolerantRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    client.force_login(programme_viewer)
    repeat = two_views(client, django_assert_num_queries, first=FIRST_VIEW, repeat=FIRST_VIEW)
    assert review_row(repeat).counts["code_body_review"] == 1
