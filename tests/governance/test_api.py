import pytest
from rest_framework.test import APIClient

from tests.factories import member, staff
from tests.reauth import confirm_identity

from .conftest import approval_of

pytestmark = pytest.mark.django_db


def api(user):
    """A browser session that confirmed its password: decisions need one."""
    client = APIClient()
    client.force_login(user)
    confirm_identity(client, user)
    return client


def test_decisions_in_the_api_follow_the_same_rules(signed_off, deciders):
    qualification = signed_off("SUPPLIER")
    rec = approval_of(qualification, "REC")
    dip = approval_of(qualification, "DIP")
    wrong = api(deciders["REC"]).post(
        f"/api/v1/approvals/{dip.pk}/decisions/", {"outcome": "approved"}
    )
    assert wrong.status_code == 403 and wrong["Content-Type"] == "application/problem+json"
    early = api(deciders["REC"]).post(
        f"/api/v1/approvals/{rec.pk}/decisions/", {"outcome": "approved"}
    )
    assert early.status_code == 409 and early.json()["code"] == "approval_not_ready"
    ok = api(deciders["DIP"]).post(
        f"/api/v1/approvals/{dip.pk}/decisions/", {"outcome": "approved"}
    )
    assert ok.status_code == 200 and ok.json()[0]["status"] == "approved"
    assert approval_of(qualification, "REC").status == "ready"
    criteria = api(deciders["REC"]).get(f"/api/v1/qualifications/{qualification.pk}/criteria/")
    assert "REC Code Manager decision" in criteria.json()["explanation"]


def test_other_tenants_get_404(signed_off, org_b, admin_b):
    qualification = signed_off("MEM_ADV")
    client = api(admin_b)
    assert client.get(f"/api/v1/qualifications/{qualification.pk}/criteria/").status_code == 404
    dip = approval_of(qualification, "DIP")
    assert (
        client.post(f"/api/v1/approvals/{dip.pk}/decisions/", {"outcome": "approved"}).status_code
        == 404
    )


def test_findings_and_unmet_criteria_in_the_api(signed_off, deciders):
    qualification = signed_off("MEM_ADV")
    reviewer = staff("reviewer", "REC", email="r@rec.test")
    created = api(reviewer).post(
        f"/api/v1/qualifications/{qualification.pk}/findings/",
        {"body": "REC", "kind": "finding", "text": "Controls missing"},
    )
    assert created.status_code == 201
    refused = api(deciders["DIP"]).post(
        f"/api/v1/approvals/{approval_of(qualification, 'DIP').pk}/decisions/",
        {"outcome": "approved"},
    )
    assert refused.status_code == 409 and refused.json()["code"] == "criteria_unmet"
    assert "1 finding without an agreed action plan" in refused.json()["title"]
    contributor = member(qualification.organisation, "contributor")
    finding_id = created.json()["id"]
    proposed = api(contributor).post(
        f"/api/v1/findings/{finding_id}/actions/", {"action": "propose_plan", "text": "Fix it"}
    )
    assert proposed.json()["status"] == "plan_proposed"
    exemption = api(contributor).post(
        f"/api/v1/qualifications/{qualification.pk}/exemptions/",
        {"segment": "ums", "no_meters_registered": True},
    )
    assert exemption.status_code == 409 and exemption.json()["code"] == "exemption_not_supplier"
