"""The change feed: scoped, ordered, resumable, tamper-proof, constant queries per page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qualification.models import Event
from qualification.services import mpid_register, qualification_transition
from tests.api.helpers import assert_problem, bearer
from tests.api_tokens import token_for
from tests.factories import QualificationFactory, market_role

pytestmark = pytest.mark.django_db


def _events(organisation, n, kind="member_added"):
    return [
        Event.objects.create(
            kind=kind,
            occurred_at="2026-01-05T10:00:00Z",
            organisation=organisation,
            payload={"n": i},
        )
        for i in range(n)
    ]


def _drain(client, page_size=2, after=None):
    seen, pages = [], 0
    while True:
        params = {"page_size": page_size, **({"after": after} if after else {})}
        body = client.get("/api/v1/events/", params).json()
        seen += body["results"]
        after, pages = body["next"], pages + 1
        if not body["has_more"]:
            return seen, after, pages


def test_the_feed_shows_only_the_callers_events_in_order(admin_a, org_a, org_b):
    mine = _events(org_a, 5)
    _events(org_b, 3)
    seen, _, pages = _drain(bearer(token_for(admin_a, org_a)))
    assert [e["id"] for e in seen] == [e.pk for e in mine]
    assert pages == 3
    assert {e["organisation"] for e in seen} == {org_a.pk}


def test_a_stored_cursor_returns_only_what_is_new(admin_a, org_a):
    QualificationFactory(organisation=org_a)
    client = bearer(token_for(admin_a, org_a))
    _events(org_a, 3)
    _, cursor, _ = _drain(client)
    mpid_register(
        actor=admin_a, organisation=org_a, code="NEW1", market_role=market_role("SUPPLIER")
    )
    body = client.get("/api/v1/events/", {"after": cursor}).json()
    assert [e["kind"] for e in body["results"]] == ["mpid_registered"]
    assert body["has_more"] is False


def test_an_item_carries_what_a_client_needs_to_rebuild_status(admin_a, org_a):
    q = QualificationFactory(organisation=org_a)
    qualification_transition(
        actor=admin_a, qualification=q, transition="withdraw", reason="Leaving the market"
    )
    item = bearer(token_for(admin_a, org_a)).get("/api/v1/events/").json()["results"][-1]
    assert item["kind"] == "qualification_withdrawn" and item["kind_label"]
    assert item["qualification"] == q.pk and item["organisation"] == org_a.pk
    assert item["payload"]["to"] == "withdrawn"
    assert item["links"]["qualification"].endswith(f"/api/v1/qualifications/{q.pk}/")
    assert item["links"]["organisation"].endswith(f"/api/v1/organisations/{org_a.pk}/")
    assert item["occurred_at"]


def test_a_tampered_cursor_is_a_400_problem(admin_a, org_a):
    _events(org_a, 2)
    client = bearer(token_for(admin_a, org_a))
    cursor = client.get("/api/v1/events/").json()["next"]
    response = client.get("/api/v1/events/", {"after": cursor[:-3] + "abc"})
    assert_problem(response, 400, "invalid_cursor")
    assert_problem(client.get("/api/v1/events/", {"after": "nonsense"}), 400, "invalid_cursor")


def test_another_tenants_cursor_is_a_400_problem(admin_a, org_a, admin_b, org_b):
    _events(org_a, 2)
    cursor_a = bearer(token_for(admin_a, org_a)).get("/api/v1/events/").json()["next"]
    response = bearer(token_for(admin_b, org_b)).get("/api/v1/events/", {"after": cursor_a})
    assert_problem(response, 400, "invalid_cursor")


@pytest.mark.parametrize("size", ["0", "501", "ten"])
def test_a_bad_page_size_is_a_400_problem(admin_a, org_a, size):
    client = bearer(token_for(admin_a, org_a))
    assert_problem(client.get("/api/v1/events/", {"page_size": size}), 400, "validation_failed")


def test_the_query_count_per_page_does_not_grow_with_the_page_size(admin_a, org_a):
    qs = [
        QualificationFactory(organisation=org_a, market_role=market_role(c))
        for c in ("SUPPLIER", "SDS")
    ]
    for i in range(60):
        Event.objects.create(
            kind="preparation_started",
            occurred_at="2026-01-05T10:00:00Z",
            organisation=org_a,
            qualification=qs[i % 2],
            actor=admin_a,
            payload={"to": "preparing"},
        )
    client = bearer(token_for(admin_a, org_a))
    client.get("/api/v1/events/", {"page_size": 1})  # last-used write out of the way
    counts = {}
    for size in (1, 10, 50):
        with CaptureQueriesContext(connection) as queries:
            assert len(client.get("/api/v1/events/", {"page_size": size}).json()["results"]) == size
        counts[size] = len(queries)
    assert len(set(counts.values())) == 1, counts
