"""The application page's forms: each goes through its service, shows a refusal as a
message and changes nothing, and answers 404 outside the user's scope."""

import pytest
from django.test import Client
from django.urls import reverse

from governance.models import Defect, Exemption, Finding, MarketExit, RelianceProposal
from governance.services import approval_decide, meeting_create
from tests.factories import MpidFactory, OrganisationFactory, allocate, member, staff

from .conftest import approval_of, event_kinds

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def post(user, name, *args, data=None):
    return client_for(user).post(reverse(f"governance:{name}", args=args), data or {}, follow=True)


def page(user, qualification):
    return client_for(user).get(reverse("governance:application", args=[qualification.pk])).text


@pytest.fixture
def mem(signed_off, deciders):
    """A MEM (DIP + REC) with its DIP User approved."""
    qualification = signed_off("MEM_ADV")
    approval_decide(
        actor=deciders["DIP"], approval=approval_of(qualification, "DIP"), outcome="approved"
    )
    return qualification


def test_a_finding_goes_from_raised_to_cleared_through_the_page(mem):
    reviewer = staff("reviewer", "REC", email="r@rec.test")
    contributor = member(mem.organisation, "contributor")
    post(reviewer, "finding_raise", mem.pk, data={"body": "REC", "kind": "finding", "text": "Gap"})
    finding = Finding.objects.get()
    assert "Propose plan" in page(contributor, mem) and "Agree plan" not in page(contributor, mem)
    response = post(contributor, "finding_act", finding.pk, "propose", data={"action_plan": " "})
    assert "Describe the action plan" in response.text
    finding.refresh_from_db()
    assert finding.status == "open"
    post(
        contributor,
        "finding_act",
        finding.pk,
        "propose",
        data={"action_plan": "Fix", "plan_due": "2026-07-01"},
    )
    post(reviewer, "finding_act", finding.pk, "return", data={"reason": "Too vague"})
    finding.refresh_from_db()
    assert finding.status == "open"
    assert finding.history.first().history_change_reason == "Too vague"
    post(contributor, "finding_act", finding.pk, "propose", data={"action_plan": "Fix LWI 4"})
    assert "Agree plan" in page(reviewer, mem)
    post(reviewer, "finding_act", finding.pk, "agree")
    finding.refresh_from_db()
    assert (finding.status, str(finding.plan_due)) == ("plan_agreed", "None")
    response = post(reviewer, "finding_act", finding.pk, "clear")
    assert "Finding updated." in response.text
    finding.refresh_from_db()
    assert finding.status == "cleared"


def test_a_defect_and_its_work_off_plan_through_the_page(mem, deciders):
    contributor = member(mem.organisation, "contributor")
    manager = staff("test_manager", email="tm@mhhsp.test")
    response = post(
        contributor,
        "defect_record",
        mem.pk,
        data={"reference": "QT-1", "phase": "QT", "severity": "x", "summary": "Flow"},
    )
    assert "whole number" in response.text and not Defect.objects.exists()
    post(
        contributor,
        "defect_record",
        mem.pk,
        data={"reference": "QT-1", "phase": "QT", "severity": "3", "summary": "Flow rejected"},
    )
    defect = Defect.objects.get()
    assert "Propose work-off plan" not in page(contributor, mem)
    post(contributor, "defect_act", defect.pk, "assess", data={"impact_assessment": "Rare"})
    response = post(contributor, "defect_act", defect.pk, "work-off-plan", data={"plan": "Patch"})
    assert "target date" in response.text and not hasattr(Defect.objects.get(), "work_off_plan")
    post(
        contributor,
        "defect_act",
        defect.pk,
        "work-off-plan",
        data={"plan": "Patch 4.2", "target_date": "2026-08-01"},
    )
    plan = Defect.objects.get().work_off_plan
    response = post(deciders["REC"], "work_off_plan_act", plan.pk, "agree", data={"body": "REC"})
    assert "review the work-off plan before" in response.text
    assert "Mark reviewed" in page(manager, mem)
    post(manager, "work_off_plan_act", plan.pk, "review")
    assert "Agree plan for REC" in page(deciders["REC"], mem)
    assert "Agree plan for DIP" not in page(deciders["REC"], mem)
    post(deciders["REC"], "work_off_plan_act", plan.pk, "agree", data={"body": "REC"})
    post(deciders["DIP"], "work_off_plan_act", plan.pk, "agree", data={"body": "DIP"})
    plan.refresh_from_db()
    assert plan.status == "agreed"
    assert "work_off_plan_agreed" in event_kinds(mem)
    post(manager, "defect_act", defect.pk, "resolve")
    defect.refresh_from_db()
    assert defect.status == "resolved"


def test_reliance_is_proposed_by_mpid_and_reviewed_by_every_reviewer(signed_off, deciders):
    relied_on = signed_off("SDS")
    reliant = signed_off("SDS")
    MpidFactory(organisation=relied_on.organisation, market_role=relied_on.market_role, code="RELY")
    allocate(relied_on, "sit_m10")
    allocate(reliant, "sit_m10")
    contributor = member(reliant.organisation, "contributor")
    response = post(
        contributor,
        "reliance_propose",
        reliant.pk,
        data={"relies_on_mpid": "NONE", "scope": ["functional"], "rationale": "Same platform"},
    )
    assert "No other participant holds MPID NONE" in response.text
    post(
        contributor,
        "reliance_propose",
        reliant.pk,
        data={"relies_on_mpid": "rely", "scope": ["functional"], "rationale": "Same platform"},
    )
    proposal = RelianceProposal.objects.get()
    assert proposal.relies_on == relied_on
    bsc_reviewer = staff("reviewer", "BSC", email="b@elexon.test")
    response = post(bsc_reviewer, "reliance_act", proposal.pk, "review", data={"agreed": "no"})
    assert "Say why" in response.text and not proposal.reviews.exists()
    post(bsc_reviewer, "reliance_act", proposal.pk, "review", data={"agreed": "yes"})
    post(deciders["DIP"], "reliance_act", proposal.pk, "review", data={"agreed": "yes"})
    proposal.refresh_from_db()
    assert proposal.status == "proposed"  # a SIT party: the programme reviews too
    assert "Waiting for: the programme (MHHSP)" in page(bsc_reviewer, reliant)
    response = post(bsc_reviewer, "reliance_act", proposal.pk, "review", data={"agreed": "yes"})
    assert "your review is recorded" in response.text
    post(
        staff("test_manager", email="tm@mhhsp.test"),
        "reliance_act",
        proposal.pk,
        "review",
        data={"agreed": "yes"},
    )
    proposal.refresh_from_db()
    assert proposal.status == "agreed"


def test_an_exemption_is_requested_asserted_and_decided_through_the_page(supplier, deciders):
    organisation = supplier.organisation
    contributor, director = member(organisation, "contributor"), member(organisation, "director")
    meeting = meeting_create(
        actor=deciders["BSC"], title="BSC PAB 305", starts_at=supplier.created_at
    )
    assert "Request a segment exemption" in page(contributor, supplier)
    post(
        contributor,
        "exemption_request",
        supplier.pk,
        data={"segment": "ums", "no_meters_registered": "on"},
    )
    exemption = Exemption.objects.get()
    response = post(
        deciders["BSC"],
        "exemption_act",
        exemption.pk,
        "decide",
        data={"meeting": meeting.pk, "outcome": "approved"},
    )
    assert "assertion is needed before" in response.text
    assert "Give the Director's assertion" not in page(contributor, supplier)
    post(director, "exemption_act", exemption.pk, "assert")
    response = post(
        deciders["REC"],
        "exemption_act",
        exemption.pk,
        "decide",
        data={"meeting": meeting.pk, "outcome": "approved"},
    )
    assert response.status_code == 404  # the REC does not see PAB meetings
    post(
        deciders["BSC"],
        "exemption_act",
        exemption.pk,
        "decide",
        data={"meeting": meeting.pk, "outcome": "approved", "note": "OK"},
    )
    exemption.refresh_from_db()
    assert (exemption.status, exemption.meeting) == ("approved", meeting)


def test_exemptions_are_not_offered_to_other_roles(mem):
    contributor = member(mem.organisation, "contributor")
    text = page(contributor, mem)
    assert "Segment exemptions are for Suppliers only" in text
    assert "Request a segment exemption" not in text


def test_mpid_plans_the_assertion_and_a_market_exit_through_the_page(mem):
    organisation = mem.organisation
    admin, director = member(organisation, "admin"), member(organisation, "director")
    later = MpidFactory(organisation=organisation, market_role=mem.market_role, code="LAT1")
    old = MpidFactory(organisation=organisation, market_role=mem.market_role, code="OLD1")
    post(admin, "mpid_plan_set", mem.pk, data={"mpid": later.pk, "plan": "later"})
    post(admin, "mpid_plan_set", mem.pk, data={"mpid": old.pk, "plan": "exit"})
    assert "Management Assertion covering LAT1" in page(director, mem)
    assert "Give the Management Assertion" in page(director, mem)
    post(director, "management_assertion_give", mem.pk, data={"text": "LAT1 by M14"})
    assert "Record a market exit" in page(admin, mem)
    exit_data = {
        "mpid": old.pk,
        "kind": "surrender",
        "notice_given_on": "2026-01-31",
        "effective_on": "2026-04-29",
        "no_mpans": "on",
    }
    response = post(admin, "market_exit", mem.pk, data=exit_data)
    assert "at least 3 months after the notice" in response.text
    response = post(admin, "market_exit", mem.pk, data={**exit_data, "effective_on": "soon"})
    assert "as a date" in response.text and not MarketExit.objects.exists()
    post(admin, "market_exit", mem.pk, data={**exit_data, "effective_on": "2026-04-30"})
    assert MarketExit.objects.get().mpid == old
    text = page(admin, mem)
    assert "Left the market: Surrender of qualification" in text
    assert "no MPANs remain appointed" in text


def test_forms_on_another_tenants_application_answer_404(mem):
    outsider = member(OrganisationFactory(), "admin")
    mpid = MpidFactory(organisation=mem.organisation, market_role=mem.market_role, code="THEM")
    for name, data in (
        ("defect_record", {"reference": "X", "phase": "QT", "severity": "3", "summary": "x"}),
        ("reliance_propose", {"provider_name": "X", "scope": ["functional"], "rationale": "x"}),
        ("exemption_request", {"segment": "ums", "no_meters_registered": "on"}),
        ("mpid_plan_set", {"mpid": mpid.pk, "plan": "exit"}),
        ("management_assertion_give", {"text": "x"}),
        ("market_exit", {"mpid": mpid.pk}),
    ):
        assert post(outsider, name, mem.pk, data=data).status_code == 404, name
    assert not Defect.objects.exists() and not RelianceProposal.objects.exists()


def test_a_finding_can_be_about_one_qad_section(supplier, signed_off):
    reviewer = staff("reviewer", "REC", email="r@rec.test")
    section = supplier.qads.get().sections.filter(market_role__isnull=True).first()
    assert section.template_section.title in page(reviewer, supplier)
    post(
        reviewer,
        "finding_raise",
        supplier.pk,
        data={"body": "REC", "kind": "observation", "text": "Thin", "section": section.pk},
    )
    finding = Finding.objects.get()
    assert (finding.qad_section_id, finding.section_title) == (
        section.pk,
        section.template_section.title,
    )
    other = signed_off("SUPPLIER")
    from qad.services import qad_create

    foreign = qad_create(
        actor=member(other.organisation, "admin"),
        organisation=other.organisation,
        qualifications=[other],
    ).sections.first()
    response = post(
        reviewer,
        "finding_raise",
        supplier.pk,
        data={"body": "REC", "kind": "finding", "text": "x", "section": foreign.pk},
    )
    assert response.status_code == 404 and Finding.objects.count() == 1
