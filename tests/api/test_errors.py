"""Every error of the API is a problem-details document with a code, and the schema says so."""

import pytest
import yaml

from tests.api.helpers import assert_problem, bearer
from tests.api_tokens import token_for
from tests.factories import QualificationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer(admin_a, org_a):
    return bearer(token_for(admin_a, org_a, scope="write"))


def test_validation_is_400(writer, org_a):
    response = writer.post(f"/api/v1/organisations/{org_a.pk}/mpids/", {}, format="json")
    body = assert_problem(response, 400, "validation_failed")
    assert "code" in body["errors"]


def test_a_malformed_updated_since_is_400(writer):
    for path in ("/api/v1/qualifications/", "/api/v1/organisations/"):
        response = writer.get(path, {"updated_since": "yesterday"})
        assert "updated_since" in assert_problem(response, 400, "validation_failed")["errors"]


def test_updated_since_filters_organisations(writer, org_a):
    later = org_a.updated_at.isoformat()
    assert (
        len(writer.get("/api/v1/organisations/", {"updated_since": later}).json()["results"]) == 1
    )
    assert not writer.get(
        "/api/v1/organisations/", {"updated_since": "2999-01-01T00:00:00Z"}
    ).json()["results"]


def test_an_unknown_api_path_is_a_404_problem(writer):
    assert_problem(writer.get("/api/v1/nothing-here/"), 404, "not_found")


def test_a_wrong_method_is_405(writer):
    response = writer.delete("/api/v1/organisations/")
    assert_problem(response, 405, "method_not_allowed")
    assert "GET" in response["Allow"]


def test_an_illegal_transition_is_409(writer, org_a):
    q = QualificationFactory(organisation=org_a)
    response = writer.post(
        f"/api/v1/qualifications/{q.pk}/transitions/", {"transition": "enter_testing"}
    )
    assert response.status_code in {403, 409}
    assert_problem(response, response.status_code)


def test_an_oversized_body_is_413_and_nothing_is_read(writer, org_a, settings):
    settings.API_MAX_BODY_BYTES = 100
    response = writer.post(
        f"/api/v1/organisations/{org_a.pk}/mpids/",
        {"code": "X" * 500, "market_role": "SUPPLIER"},
        format="json",
    )
    assert_problem(response, 413, "payload_too_large")
    assert not org_a.mpids.exists()


def test_the_schema_describes_problems_on_every_operation(client):
    schema = yaml.safe_load(client.get("/api/schema/").content)
    assert "ProblemDetails" in schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            for code in ("400", "401", "403", "404", "429"):
                content = responses[code]["content"]
                assert "application/problem+json" in content, (path, method, code)
            if method == "post":
                assert {"409", "413", "422"} <= set(responses), (path, method)
    assert "/api/v1/events/" in schema["paths"]
    assert schema["components"]["securitySchemes"]["tokenAuth"]["scheme"] == "bearer"
