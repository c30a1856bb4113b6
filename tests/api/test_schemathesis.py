"""Fuzz every operation of the published schema with the tokens of two organisations:
no server error, every response as the schema describes it, nothing of the other tenant."""

import pytest
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import openapi
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from qualification.services import mpid_register
from tests.api_tokens import token_for
from tests.factories import OrganisationFactory, QualificationFactory, market_role, member

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES_PER_OPERATION = 8


def _tenant(name: str, code: str) -> tuple[str, str]:
    org = OrganisationFactory(name=f"{name} Fuzzmarker Ltd", slug=name.lower())
    QualificationFactory(organisation=org, market_role=market_role("SUPPLIER"))
    admin = member(org, "admin", email=f"admin@{name.lower()}.test")
    mpid_register(actor=admin, organisation=org, code=code, market_role=market_role("SUPPLIER"))
    return token_for(admin, org, scope="write"), name


def _prober(operation, token: str, others: list[str]):
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def probe(case):
        headers = {"Authorization": f"Bearer {token}"}
        response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS, headers=headers)
        for name in others:
            assert name.lower() not in response.text.lower(), (case.path, response.text)

    return probe


@pytest.fixture
def keep_the_test_connection():
    """The WSGI handler closes "old" connections around each request, as it
    should in production; here that would close the test's own transaction
    under the next request. Django's test client unhooks it the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def test_the_api_survives_fuzzing_and_keeps_tenants_apart(settings, keep_the_test_connection):
    settings.API_TOKEN_RATE = "100000/minute"
    tenants = [_tenant("Yakfuzz", "YAK1"), _tenant("Zebfuzz", "ZEB1")]
    schema = openapi.from_wsgi("/api/schema/", WSGIHandler())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    for token, own in tenants:
        others = [name for _, name in tenants if name != own]
        for operation in operations:
            _prober(operation, token, others)()
