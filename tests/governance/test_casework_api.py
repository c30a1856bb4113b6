"""Findings and defects lists, defect actions, reliance reviews, exemption decisions,
MPID plans and market exit in the API: same services, problem details."""

import pytest
from rest_framework.test import APIClient

from governance.models import Defect, Exemption, MarketExit
from governance.services import (
    defect_record,
    exemption_request,
    finding_raise,
    reliance_propose,
    work_off_plan_propose,
)
from tests.factories import MpidFactory, OrganisationFactory, member, staff

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def problem(response, status, code=None):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    if code:
        assert response.json()["code"] == code
    return response.json()


def test_the_findings_list_is_scoped_filtered_and_paginated(signed_off):
    mine, theirs = signed_off("MEM_ADV"), signed_off("MEM_ADV")
    reviewer = staff("reviewer", "REC", email="r@rec.test")
    for q in (mine, mine, mine, theirs):
        finding_raise(actor=reviewer, qualification=q, body="REC", kind="finding", text="Gap")
    participant = api(member(mine.organisation, "viewer"))
    first = participant.get("/api/v1/findings/?page_size=2").json()
    assert len(first["results"]) == 2 and first["next"]
    second = participant.get(first["next"]).json()
    assert [r["qualification"] for r in first["results"] + second["results"]] == [mine.pk] * 3
    assert len(api(reviewer).get("/api/v1/findings/").json()["results"]) == 4
    assert api(reviewer).get("/api/v1/findings/?status=cleared").json()["results"] == []
    problem(api(reviewer).get("/api/v1/findings/?qualification=0"), 400)


def test_the_defects_list_carries_work_off_plans_and_is_scoped(signed_off):
    mine, theirs = signed_off("SDS"), signed_off("SDS")
    contributor = member(mine.organisation, "contributor")
    defect = defect_record(
        actor=contributor,
        qualification=mine,
        reference="QT-7",
        phase="QT",
        severity=3,
        summary="Late flow",
        impact_assessment="Small",
    )
    work_off_plan_propose(actor=contributor, defect=defect, plan="Patch", target_date="2026-09-01")
    defect_record(
        actor=member(theirs.organisation, "contributor"),
        qualification=theirs,
        reference="QT-8",
        phase="QT",
        severity=2,
        summary="Other",
    )
    rows = api(contributor).get("/api/v1/defects/").json()["results"]
    assert [r["reference"] for r in rows] == ["QT-7"]
    assert rows[0]["work_off_plan"]["status"] == "proposed"
    manager = api(staff("test_manager", email="tm@mhhsp.test"))
    assert len(manager.get("/api/v1/defects/").json()["results"]) == 2
    assert [
        r["reference"] for r in manager.get("/api/v1/defects/?severity=2").json()["results"]
    ] == ["QT-8"]


@pytest.mark.parametrize("n", [1, 4])
def test_list_endpoints_keep_their_query_count(signed_off, n, django_assert_num_queries):
    reviewer = staff("reviewer", "REC", email="r@rec.test")
    manager = staff("test_manager", email="tm@mhhsp.test")
    for _ in range(n):
        q = signed_off("MEM_ADV")
        finding_raise(actor=reviewer, qualification=q, body="REC", kind="finding", text="Gap")
        defect = defect_record(
            actor=manager,
            qualification=q,
            reference="D",
            phase="QT",
            severity=4,
            summary="x",
            impact_assessment="Small",
        )
        contributor = member(q.organisation, "contributor")
        work_off_plan_propose(
            actor=contributor, defect=defect, plan="Fix", target_date="2026-09-01"
        )
    client = api(manager)
    with django_assert_num_queries(2):
        assert len(client.get("/api/v1/findings/").json()["results"]) == n
    with django_assert_num_queries(3):
        assert len(client.get("/api/v1/defects/").json()["results"]) == n


def test_defect_actions_follow_the_service_rules(signed_off):
    q = signed_off("SDS")
    contributor = api(member(q.organisation, "contributor"))
    created = contributor.post(
        f"/api/v1/qualifications/{q.pk}/defects/",
        {"reference": "SIT-1", "phase": "SIT", "severity": 2, "summary": "Crash"},
    )
    assert created.status_code == 201
    problem(
        contributor.post(
            f"/api/v1/qualifications/{q.pk}/defects/",
            {"reference": "SIT-2", "phase": "SIT", "severity": 5, "summary": "x"},
        ),
        400,
    )
    url = f"/api/v1/defects/{created.json()['id']}/actions/"
    problem(contributor.post(url, {"action": "propose_work_off_plan"}), 400)
    problem(
        contributor.post(
            url, {"action": "propose_work_off_plan", "plan": "Later", "target_date": "2026-09-01"}
        ),
        409,
        "severity_not_workable",
    )
    problem(api(staff("reviewer", "BSC", email="b@bsc.test")).post(url, {"action": "resolve"}), 403)
    assert contributor.post(url, {"action": "resolve"}).json()["status"] == "resolved"
    problem(contributor.post(url, {"action": "resolve"}), 409, "already_resolved")
    outsider = api(member(OrganisationFactory(), "admin"))
    problem(outsider.post(url, {"action": "resolve"}), 404)


def test_work_off_plan_agreement_for_another_body_is_refused(signed_off, deciders):
    q = signed_off("MEM_ADV")
    contributor = member(q.organisation, "contributor")
    defect = defect_record(
        actor=contributor,
        qualification=q,
        reference="QT-1",
        phase="QT",
        severity=3,
        summary="x",
        impact_assessment="Small",
    )
    plan = work_off_plan_propose(
        actor=contributor, defect=defect, plan="Fix", target_date="2026-09-01"
    )
    url = f"/api/v1/work-off-plans/{plan.pk}/actions/"
    problem(api(deciders["REC"]).post(url, {"action": "agree"}), 409, "work_off_not_reviewed")
    api(staff("test_manager", email="tm@mhhsp.test")).post(url, {"action": "review"})
    problem(api(member(q.organisation, "admin")).post(url, {"action": "agree"}), 403)
    assert api(deciders["REC"]).post(url, {"action": "agree"}).json()["status"] == "reviewed"
    assert api(deciders["DIP"]).post(url, {"action": "agree"}).json()["status"] == "agreed"


def test_reliance_reviews_in_the_api(signed_off, deciders):
    relied_on, reliant = signed_off("SDS"), signed_off("SDS")
    proposal = reliance_propose(
        actor=member(reliant.organisation, "contributor"),
        qualification=reliant,
        relies_on=relied_on,
        scope=["functional"],
        rationale="Same platform",
    )
    url = f"/api/v1/reliance/{proposal.pk}/reviews/"
    problem(api(deciders["REC"]).post(url, {"agreed": True}), 404)  # the REC does not govern SDS
    problem(api(member(reliant.organisation, "admin")).post(url, {"agreed": True}), 403)
    problem(api(deciders["DIP"]).post(url, {"agreed": False}), 400, "validation_failed")
    problem(api(deciders["DIP"]).post(url, {"agreed": "perhaps"}), 400)
    first = api(deciders["DIP"]).post(url, {"agreed": True})
    assert first.json()["reviews"] == [{"reviewer": "DIP", "agreed": True, "note": ""}]
    refused = api(deciders["BSC"]).post(url, {"agreed": False, "note": "Different hosting"})
    assert refused.json()["status"] == "refused"
    problem(api(deciders["BSC"]).post(url, {"agreed": True}), 409, "not_proposed")


def test_exemption_assertion_and_decision_in_the_api(supplier, deciders, past_meeting):
    organisation = supplier.organisation
    exemption = exemption_request(
        actor=member(organisation, "contributor"),
        qualification=supplier,
        segment="ums",
        no_meters_registered=True,
    )
    decide = f"/api/v1/exemptions/{exemption.pk}/decisions/"
    body = {"outcome": "approved", "meeting": past_meeting.pk}
    problem(api(deciders["BSC"]).post(decide, body), 409, "assertion_missing")
    problem(
        api(member(organisation, "admin")).post(f"/api/v1/exemptions/{exemption.pk}/assertion/"),
        403,
    )
    asserted = api(member(organisation, "director")).post(
        f"/api/v1/exemptions/{exemption.pk}/assertion/"
    )
    assert asserted.json()["status"] == "asserted"
    problem(api(staff("reviewer", "BSC", email="b@bsc.test")).post(decide, body), 403)
    problem(
        api(deciders["BSC"]).post(decide, {"outcome": "maybe", "meeting": past_meeting.pk}), 400
    )
    problem(api(deciders["BSC"]).post(decide, {**body, "meeting": 999999}), 404)
    problem(api(member(OrganisationFactory(), "admin")).post(decide, body), 404)
    assert Exemption.objects.get().status == "asserted"
    decided = api(deciders["BSC"]).post(decide, body)
    assert decided.json()["status"] == "approved"
    assert decided.json()["decided_at"].startswith(past_meeting.starts_at.date().isoformat())


def test_an_exemption_for_a_non_supplier_is_refused_in_the_api(signed_off):
    q = signed_off("SDS")
    response = api(member(q.organisation, "contributor")).post(
        f"/api/v1/qualifications/{q.pk}/exemptions/",
        {"segment": "ums", "no_meters_registered": True},
    )
    problem(response, 409, "exemption_not_supplier")
    assert not Exemption.objects.exists()


def test_mpid_plans_assertion_and_market_exit_in_the_api(signed_off):
    q = signed_off("SDS")
    organisation = q.organisation
    MpidFactory(organisation=organisation, market_role=q.market_role, code="LAT1")
    MpidFactory(organisation=organisation, market_role=q.market_role, code="OLD1")
    admin, director = api(member(organisation, "admin")), api(member(organisation, "director"))
    url = f"/api/v1/qualifications/{q.pk}/"
    problem(director.post(url + "mpids/", {"mpid": "LAT1", "plan": "later"}), 403)
    problem(admin.post(url + "mpids/", {"mpid": "NOPE", "plan": "later"}), 400)
    plans = admin.post(url + "mpids/", {"mpid": "LAT1", "plan": "later"}).json()
    assert plans["management_assertion_required"] and not plans["management_assertion_given"]
    given = director.post(url + "management-assertion/", {"text": "LAT1 by M14"})
    assert given.status_code == 201 and given.json()["management_assertion_given"]
    problem(director.post(url + "management-assertion/", {"text": "again"}), 409, "duplicate")
    exit_body = {
        "mpid": "OLD1",
        "kind": "surrender",
        "notice_given_on": "2026-01-31",
        "effective_on": "2026-04-30",
        "no_mpans": True,
    }
    problem(admin.post(url + "market-exits/", exit_body), 409, "mpid_not_exiting")
    admin.post(url + "mpids/", {"mpid": "OLD1", "plan": "exit"})
    refused = problem(
        admin.post(url + "market-exits/", {**exit_body, "effective_on": "2026-04-29"}), 400
    )
    assert "effective_on" in refused["errors"]
    problem(admin.post(url + "market-exits/", {**exit_body, "no_mpans": False}), 400)
    assert not MarketExit.objects.exists()
    recorded = admin.post(url + "market-exits/", exit_body)
    assert recorded.status_code == 201
    rows = {r["mpid"]: r for r in admin.get(url + "mpids/").json()["mpids"]}
    assert rows["OLD1"]["exit"]["effective_on"] == "2026-04-30"
    assert rows["LAT1"]["plan"] == "later"
    problem(api(member(OrganisationFactory(), "admin")).get(url + "mpids/"), 404)


def test_the_schema_describes_the_new_endpoints(client):
    schema = client.get("/api/schema/").content.decode()
    for path in (
        "/api/v1/findings/",
        "/api/v1/defects/",
        "/api/v1/reliance/{id}/reviews/",
        "/api/v1/exemptions/{id}/decisions/",
        "/api/v1/qualifications/{id}/market-exits/",
    ):
        assert path in schema, path
    assert Defect.objects.count() == 0
