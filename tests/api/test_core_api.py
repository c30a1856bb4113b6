"""The read API: scoped lists and details, problem details, authentication,
filters, cursor pagination, the OpenAPI document and constant query counts."""

import itertools
from datetime import UTC, datetime

import pytest
import yaml
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from qualification.models import Qualification
from tests.factories import (
    MpidFactory,
    OrganisationFactory,
    QualificationFactory,
    allocate,
    market_role,
    member,
    staff,
)
from waves.appendix_c import ACTIVITIES
from waves.models import Activity, Cohort, TimelineRule, TimelineVersion

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_login(user)  # session authentication, as the browser uses it
    return client


def assert_problem(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith(PROBLEM)
    body = response.json()
    assert body["status"] == status
    assert body["code"] and body["title"] and body["type"]
    if code is not None:
        assert body["code"] == code
    return body


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


@pytest.fixture
def two_tenants():
    a = OrganisationFactory(name="Alpha Supply Ltd")
    b = OrganisationFactory(name="Bravo Supply Ltd")
    qa = QualificationFactory(organisation=a)
    qb = QualificationFactory(organisation=b, market_role=market_role("SDS"))
    MpidFactory(organisation=a, code="ALP1")
    MpidFactory(organisation=b, market_role=market_role("SDS"), code="BRV1")
    return {"a": a, "b": b, "qa": qa, "qb": qb, "member_a": member(a, "viewer")}


# --------------------------------------------------------------------------
# Scope


def test_organisations_list_and_detail_are_scoped(two_tenants):
    client = client_for(two_tenants["member_a"])
    rows = results(client.get("/api/v1/organisations/"))
    assert [row["name"] for row in rows] == ["Alpha Supply Ltd"]
    assert [m["code"] for m in rows[0]["mpids"]] == ["ALP1"]
    assert rows[0]["qualifications"] == [two_tenants["qa"].pk]
    detail = client.get(f"/api/v1/organisations/{two_tenants['a'].pk}/")
    assert detail.status_code == 200 and detail.json()["name"] == "Alpha Supply Ltd"


def test_qualifications_list_and_detail_are_scoped(two_tenants):
    client = client_for(two_tenants["member_a"])
    rows = results(client.get("/api/v1/qualifications/"))
    assert [(r["id"], r["organisation_name"]) for r in rows] == [
        (two_tenants["qa"].pk, "Alpha Supply Ltd")
    ]
    assert rows[0]["market_role"]["code"] == "SUPPLIER"
    assert rows[0]["market_role"]["approving_bodies"] == ["DIP", "BSC", "REC"]
    detail = client.get(f"/api/v1/qualifications/{two_tenants['qa'].pk}/")
    assert detail.status_code == 200 and detail.json()["status"] == "registered"


def test_a_reviewer_lists_only_what_its_body_governs(two_tenants):
    mem_org = OrganisationFactory(name="Meter Works Ltd")
    QualificationFactory(organisation=mem_org, market_role=market_role("MEM_SMART"))
    client = client_for(staff("reviewer", "BSC"))
    names = [row["name"] for row in results(client.get("/api/v1/organisations/"))]
    assert sorted(names) == ["Alpha Supply Ltd", "Bravo Supply Ltd"]
    roles = [r["market_role"]["code"] for r in results(client.get("/api/v1/qualifications/"))]
    assert sorted(roles) == ["SDS", "SUPPLIER"]
    assert_problem(client.get(f"/api/v1/organisations/{mem_org.pk}/"), 404, "not_found")


@pytest.mark.parametrize("kind", ["organisations", "qualifications"])
def test_another_tenants_id_is_a_404_problem(two_tenants, kind):
    other = two_tenants["b"] if kind == "organisations" else two_tenants["qb"]
    response = client_for(two_tenants["member_a"]).get(f"/api/v1/{kind}/{other.pk}/")
    body = assert_problem(response, 404, "not_found")
    assert "Bravo" not in response.content.decode()
    assert body["detail"]
    # The same answer as for an id that does not exist at all: ids cannot be probed.
    missing = client_for(two_tenants["member_a"]).get(f"/api/v1/{kind}/987654/")
    assert missing.json() == body


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/organisations/",
        "/api/v1/qualifications/",
        "/api/v1/cohorts/",
        "/api/v1/organisations/1/",
        "/api/v1/cohorts/1/",
    ],
)
def test_anonymous_gets_a_problem_not_data(two_tenants, path):
    response = client_for().get(path)
    assert response.status_code in {401, 403}
    assert_problem(response, response.status_code, "not_authenticated")
    assert "Alpha" not in response.content.decode()


def test_token_authentication_works_and_is_scoped(two_tenants):
    token = Token.objects.create(user=two_tenants["member_a"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    rows = results(client.get("/api/v1/organisations/"))
    assert [row["name"] for row in rows] == ["Alpha Supply Ltd"]
    assert_problem(client.get(f"/api/v1/organisations/{two_tenants['b'].pk}/"), 404)


def test_a_wrong_token_is_refused(two_tenants):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    response = client.get("/api/v1/organisations/")
    assert response.status_code in {401, 403}
    assert_problem(response, response.status_code, "authentication_failed")


def test_an_inactive_users_token_is_refused(two_tenants):
    user = two_tenants["member_a"]
    token = Token.objects.create(user=user)
    user.is_active = False
    user.save()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get("/api/v1/organisations/").status_code in {401, 403}


# --------------------------------------------------------------------------
# Filters and pagination


@pytest.fixture
def programme_client():
    return client_for(staff("programme_viewer"))


def test_qualifications_filter_by_status(programme_client):
    testing = QualificationFactory(status="in_testing")
    QualificationFactory()
    rows = results(programme_client.get("/api/v1/qualifications/", {"status": "in_testing"}))
    assert [r["id"] for r in rows] == [testing.pk]


def test_qualifications_filter_by_market_role_code(programme_client):
    sds = QualificationFactory(market_role=market_role("SDS"))
    QualificationFactory()
    rows = results(programme_client.get("/api/v1/qualifications/", {"market_role": "SDS"}))
    assert [r["id"] for r in rows] == [sds.pk]


def test_qualifications_filter_by_updated_since(programme_client):
    old, new = QualificationFactory(), QualificationFactory()
    Qualification.objects.filter(pk=old.pk).update(updated_at=datetime(2025, 1, 1, tzinfo=UTC))
    Qualification.objects.filter(pk=new.pk).update(updated_at=datetime(2026, 3, 1, tzinfo=UTC))
    rows = results(
        programme_client.get("/api/v1/qualifications/", {"updated_since": "2026-01-01T00:00:00Z"})
    )
    assert [r["id"] for r in rows] == [new.pk]


@pytest.mark.parametrize(
    ("params", "field"),
    [({"status": "flying"}, "status"), ({"updated_since": "yesterday"}, "updated_since")],
)
def test_a_bad_filter_is_a_400_with_the_field(programme_client, params, field):
    response = programme_client.get("/api/v1/qualifications/", params)
    body = assert_problem(response, 400, "validation_failed")
    assert field in body["errors"]


def test_lists_are_cursor_paginated(programme_client):
    created = [QualificationFactory().pk for _ in range(3)]
    first = programme_client.get("/api/v1/qualifications/", {"page_size": 2}).json()
    assert set(first) >= {"next", "previous", "results"}
    assert first["previous"] is None and first["next"]
    assert "cursor=" in first["next"]
    second = programme_client.get(first["next"]).json()
    assert [r["id"] for r in first["results"] + second["results"]] == sorted(created)
    assert second["next"] is None


# --------------------------------------------------------------------------
# Cohorts


def test_cohorts_carry_their_timeline_rules(two_tenants):
    client = client_for(two_tenants["member_a"])
    cohorts = results(client.get("/api/v1/cohorts/"))
    keys = [c["key"] for c in cohorts]
    assert {"sit_m10", "ldso_m10", "wave_1", "wave_4"} <= set(keys)
    wave_1 = next(c for c in cohorts if c["key"] == "wave_1")
    [timeline] = wave_1["timelines"]
    assert timeline["number"] == 1
    known_activities = {a["key"] for a in ACTIVITIES}
    rules = timeline["rules"]
    stored = TimelineRule.objects.filter(timeline__cohort__key="wave_1")
    assert len(rules) == stored.count() > 5
    assert {r["activity"] for r in rules} == set(stored.values_list("activity__key", flat=True))
    assert {r["activity"] for r in rules} <= known_activities
    assert all(isinstance(r["rule"], str) and r["rule"] for r in rules)
    dated = next(r for r in rules if r["kind"] == "date")
    assert dated["due"] and dated["due"][:4].isdigit()
    # Day/month/year as the published table writes it.
    day, month, year = dated["due"][8:10], dated["due"][5:7], dated["due"][:4]
    assert f"{day}/{month}/{year}" in dated["rule"]


def test_cohort_detail_by_id_and_unknown_id(two_tenants):
    client = client_for(two_tenants["member_a"])
    cohort = Cohort.objects.get(key="wave_2")
    response = client.get(f"/api/v1/cohorts/{cohort.pk}/")
    assert response.status_code == 200
    assert response.json()["key"] == "wave_2"
    assert response.json()["timelines"][0]["rules"]
    assert_problem(client.get("/api/v1/cohorts/987654/"), 404, "not_found")


def test_a_cohort_shows_every_version_newest_first(two_tenants):
    cohort = Cohort.objects.get(key="wave_3")
    TimelineVersion.objects.create(
        cohort=cohort, number=2, source="CR 042", effective_from="2026-02-01"
    )
    body = client_for(two_tenants["member_a"]).get(f"/api/v1/cohorts/{cohort.pk}/").json()
    assert [t["number"] for t in body["timelines"]] == [2, 1]


# --------------------------------------------------------------------------
# OpenAPI


def test_the_schema_is_openapi_3_with_every_read_path(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert str(schema["openapi"]).startswith("3")
    for path in (
        "/api/v1/organisations/",
        "/api/v1/organisations/{id}/",
        "/api/v1/qualifications/",
        "/api/v1/qualifications/{id}/",
        "/api/v1/cohorts/",
        "/api/v1/cohorts/{id}/",
    ):
        assert "get" in schema["paths"][path], path
    filters = {p["name"] for p in schema["paths"]["/api/v1/qualifications/"]["get"]["parameters"]}
    assert {"status", "market_role", "updated_since", "cursor"} <= filters
    schemes = schema["components"]["securitySchemes"]
    assert {"cookieAuth", "tokenAuth"} <= set(schemes)


def test_the_schema_is_also_served_as_json(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3")


def test_the_docs_page_renders(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert b"/api/schema/" in response.content


def test_the_docs_page_loads_nothing_from_a_cdn(client):
    content = client.get("/api/docs/").content.decode()
    assert "https://" not in content


# --------------------------------------------------------------------------
# Query counts: constant in the number of rows


_serial = itertools.count()


def _organisations_with_roles(n: int) -> None:
    for _ in range(n):
        i = next(_serial)
        organisation = OrganisationFactory()
        qualification = QualificationFactory(organisation=organisation)
        QualificationFactory(organisation=organisation, market_role=market_role("SDS"))
        MpidFactory(organisation=organisation, code=f"Q{i:03d}")
        MpidFactory(organisation=organisation, market_role=market_role("SDS"), code=f"S{i:03d}")
        allocate(qualification, "wave_1")


def _cohorts_with_timelines(n: int) -> None:
    activities = list(Activity.objects.all()[:3])
    for _ in range(n):
        i = next(_serial)
        cohort = Cohort.objects.create(key=f"extra_{i}", label=f"Extra {i}", route="OTHER")
        for number in (1, 2):
            timeline = TimelineVersion.objects.create(
                cohort=cohort, number=number, source="test", effective_from="2026-01-01"
            )
            for activity in activities:
                TimelineRule.objects.create(
                    timeline=timeline, activity=activity, kind="date", due="2026-06-01"
                )


def count_queries(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, response.content
    return len(queries)


# session, user, then each selector reads the actor's duties (and, for those
# who do not see everyone, memberships), then the page and its prefetches.
PINNED = {
    ("/api/v1/organisations/", "programme_viewer"): 7,
    ("/api/v1/organisations/", "bsc_reviewer"): 9,
    ("/api/v1/organisations/", "member"): 9,
    ("/api/v1/qualifications/", "programme_viewer"): 4,
    ("/api/v1/qualifications/", "bsc_reviewer"): 5,
    ("/api/v1/qualifications/", "member"): 5,
    ("/api/v1/cohorts/", "programme_viewer"): 5,
    ("/api/v1/cohorts/", "bsc_reviewer"): 5,
    ("/api/v1/cohorts/", "member"): 5,
}


@pytest.mark.parametrize(
    ("path", "make"),
    [
        ("/api/v1/organisations/", _organisations_with_roles),
        ("/api/v1/qualifications/", _organisations_with_roles),
        ("/api/v1/cohorts/", _cohorts_with_timelines),
    ],
)
@pytest.mark.parametrize("who", ["programme_viewer", "bsc_reviewer", "member"])
def test_list_query_count_is_pinned_and_does_not_grow_with_rows(path, make, who):
    home = OrganisationFactory(name="Home Org")
    QualificationFactory(organisation=home)
    user = {
        "programme_viewer": lambda: staff("programme_viewer"),
        "bsc_reviewer": lambda: staff("reviewer", "BSC"),
        "member": lambda: member(home, "admin"),
    }[who]()
    client = client_for(user)

    make(2)
    small = count_queries(client, path)
    small_rows = len(client.get(path).json()["results"])
    make(10)
    large = count_queries(client, path)
    large_rows = len(client.get(path).json()["results"])
    if who != "member" or path == "/api/v1/cohorts/":
        assert large_rows > small_rows  # the rows really are in the answer
    assert large == small, f"{path} as {who}: {small} queries for few rows, {large} for many"
    assert large == PINNED[(path, who)]


def test_organisation_detail_query_count_does_not_grow_with_its_roles(programme_client):
    few, many = OrganisationFactory(), OrganisationFactory()
    QualificationFactory(organisation=few)
    for code in ("SUPPLIER", "SDS", "ADS", "MEM_SMART", "MEM_ADV"):
        QualificationFactory(organisation=many, market_role=market_role(code))
    assert count_queries(programme_client, f"/api/v1/organisations/{few.pk}/") == count_queries(
        programme_client, f"/api/v1/organisations/{many.pk}/"
    )


def test_qualification_detail_query_count_is_pinned(programme_client):
    qualification = QualificationFactory()
    assert count_queries(programme_client, f"/api/v1/qualifications/{qualification.pk}/") == 4
