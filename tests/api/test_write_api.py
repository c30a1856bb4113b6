"""Writes through the API: the same services as the pages, errors as problem details."""

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from qualification.models import Event, Membership, Mpid, Qualification
from tests.factories import QualificationFactory, allocate, staff
from waves.models import Allocation

pytestmark = pytest.mark.django_db


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def assert_problem(response, status, code):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status and body["code"] == code and body["title"]
    return body


def test_admin_registers_an_mpid(org_a, admin_a):
    response = client_for(admin_a).post(
        f"/api/v1/organisations/{org_a.pk}/mpids/", {"code": "ab12", "market_role": "SUPPLIER"}
    )
    assert response.status_code == 201
    assert response.json()["code"] == "AB12"
    assert Mpid.objects.get().organisation == org_a


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"code": "AB!2", "market_role": "SUPPLIER"}, "code"),
        ({"code": "ABCDE", "market_role": "SUPPLIER"}, "code"),
        ({"code": "ABCD", "market_role": "NOPE"}, "market_role"),
        ({"market_role": "SUPPLIER"}, "code"),
    ],
)
def test_bad_mpids_are_400_with_field_errors_and_write_nothing(org_a, admin_a, payload, field):
    response = client_for(admin_a).post(f"/api/v1/organisations/{org_a.pk}/mpids/", payload)
    body = assert_problem(response, 400, "validation_failed")
    assert field in body["errors"]
    assert not Mpid.objects.exists() and not Event.objects.exists()


def test_a_contributor_may_not_register_mpids(org_a, contributor_a):
    response = client_for(contributor_a).post(
        f"/api/v1/organisations/{org_a.pk}/mpids/", {"code": "AB12", "market_role": "SUPPLIER"}
    )
    assert_problem(response, 403, "not_permitted")
    assert not Mpid.objects.exists()


def test_another_tenant_writing_to_an_organisation_gets_404(org_a, admin_b):
    response = client_for(admin_b).post(
        f"/api/v1/organisations/{org_a.pk}/mpids/", {"code": "AB12", "market_role": "SUPPLIER"}
    )
    assert_problem(response, 404, "not_found")
    assert not Mpid.objects.exists()


def test_duplicate_membership_is_a_400_field_error(org_a, admin_a, contributor_a):
    response = client_for(admin_a).post(
        f"/api/v1/organisations/{org_a.pk}/members/",
        {"email": contributor_a.email, "role": "viewer"},
    )
    body = assert_problem(response, 400, "duplicate_membership")
    assert "email" in body["errors"]
    assert Membership.objects.filter(user=contributor_a).count() == 1


def test_admin_registers_a_role(org_a, admin_a):
    response = client_for(admin_a).post(
        f"/api/v1/organisations/{org_a.pk}/qualifications/", {"market_role": "SMRA"}
    )
    assert response.status_code == 201
    assert response.json()["market_role"]["code"] == "SMRA"
    assert response.json()["status"] == "registered"


def test_a_legal_transition_answers_the_new_status(test_manager):
    qualification = QualificationFactory()
    response = client_for(test_manager).post(
        f"/api/v1/qualifications/{qualification.pk}/transitions/",
        {"transition": "start_preparation"},
    )
    assert response.status_code == 200
    assert response.json()["status"] == "preparing"


def test_an_illegal_transition_is_409_with_a_machine_readable_code(test_manager):
    qualification = QualificationFactory()
    response = client_for(test_manager).post(
        f"/api/v1/qualifications/{qualification.pk}/transitions/", {"transition": "enter_testing"}
    )
    assert_problem(response, 409, "illegal_transition.enter_testing")
    assert Qualification.objects.get(pk=qualification.pk).status == "registered"
    assert not Event.objects.exists()


def test_an_unknown_transition_is_a_400(test_manager):
    qualification = QualificationFactory()
    response = client_for(test_manager).post(
        f"/api/v1/qualifications/{qualification.pk}/transitions/", {"transition": "teleport"}
    )
    assert "transition" in assert_problem(response, 400, "validation_failed")["errors"]


def test_unknown_cohort_is_a_400_field_error_and_nothing_is_allocated():
    qualification = QualificationFactory()
    response = client_for(staff("reviewer", "BSC")).post(
        f"/api/v1/qualifications/{qualification.pk}/allocation/", {"cohort": "wave_9"}
    )
    body = assert_problem(response, 400, "validation_failed")
    assert "Unknown cohort" in body["errors"]["cohort"][0]
    assert not Allocation.objects.exists()


def test_a_code_body_moves_a_qualification_to_a_later_wave():
    qualification = QualificationFactory()
    allocate(qualification, "wave_1")
    response = client_for(staff("reviewer", "REC")).post(
        f"/api/v1/qualifications/{qualification.pk}/allocation/",
        {"cohort": "wave_2", "reason": "Not ready at QT Entry Checkpoint 1"},
    )
    assert response.status_code == 200
    assert response.json()["cohort"] == "wave_2"


def test_the_schema_describes_every_endpoint_without_warnings(tmp_path):
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    assert text.startswith("openapi: 3")
    for path in ("/api/v1/organisations/{id}/mpids/", "/api/v1/qualifications/{id}/transitions/"):
        assert path in text
