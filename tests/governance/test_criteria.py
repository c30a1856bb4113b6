"""MHHS Qualified (QA&P §11.3), criterion by criterion, and the rules behind each."""

import datetime

import pytest

from governance.qualified import criteria_for, explanation
from governance.services import (
    approval_decide,
    defect_assess,
    defect_record,
    defect_resolve,
    exemption_request,
    finding_agree_plan,
    finding_clear,
    finding_propose_plan,
    finding_raise,
    management_assertion_give,
    mpid_plan_set,
    reliance_propose,
    reliance_review,
    work_off_plan_agree,
    work_off_plan_propose,
    work_off_plan_review,
)
from mhhs_portal.exceptions import IllegalTransition, NotPermitted
from tests.factories import MpidFactory, OrganisationFactory, allocate, market_role, member, staff
from waves.models import Cohort
from waves.services import allocation_set

from .conftest import approval_of

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 6, 1)


def unmet(qualification):
    return {c.key: c.waiting for c in criteria_for(qualification) if not c.met}


@pytest.fixture
def mem(signed_off, deciders):
    """A MEM (REC + DIP) role with its DIP User approved: only REC remains."""
    qualification = signed_off("MEM_ADV")
    approval_decide(
        actor=deciders["DIP"], approval=approval_of(qualification, "DIP"), outcome="approved"
    )
    return qualification


def test_the_explanation_names_every_unmet_criterion(mem):
    reviewer = staff("reviewer", "REC", email="r@rec.test")
    finding_raise(actor=reviewer, qualification=mem, body="REC", kind="finding", text="LWI gap")
    assert unmet(mem) == {
        "findings": ["1 finding without an agreed action plan"],
        "approval_rec": ["REC Code Manager decision"],
    }
    assert explanation(criteria_for(mem)) == (
        "waiting for: 1 finding without an agreed action plan; REC Code Manager decision"
    )


def test_a_finding_blocks_approval_until_its_plan_is_agreed_by_the_raising_body(mem, deciders):
    reviewer = staff("reviewer", "REC", email="r@rec.test")
    contributor = member(mem.organisation, "contributor")
    finding = finding_raise(
        actor=reviewer, qualification=mem, body="REC", kind="observation", text="Controls"
    )
    with pytest.raises(IllegalTransition, match="finding"):
        approval_decide(actor=deciders["REC"], approval=approval_of(mem, "REC"), outcome="approved")
    finding_propose_plan(actor=contributor, finding=finding, action_plan="Fix by June")
    dip_reviewer = staff("reviewer", "DIP", email="d@dip.test")
    with pytest.raises(NotPermitted):
        finding_agree_plan(actor=dip_reviewer, finding=finding)
    finding_agree_plan(actor=reviewer, finding=finding)
    assert "findings" not in unmet(mem)
    approval_decide(actor=deciders["REC"], approval=approval_of(mem, "REC"), outcome="approved")
    mem.refresh_from_db()
    assert mem.status == "qualified"


def test_clearing_the_last_finding_qualifies_an_approved_role(signed_off, deciders):
    qualification = signed_off("MEM_SMART")
    reviewer = staff("reviewer", "REC", email="r@rec.test")
    approval_decide(
        actor=deciders["DIP"], approval=approval_of(qualification, "DIP"), outcome="approved"
    )
    finding = finding_raise(
        actor=reviewer, qualification=qualification, body="REC", kind="finding", text="x"
    )
    finding_clear(actor=reviewer, finding=finding)
    approval_decide(
        actor=deciders["REC"], approval=approval_of(qualification, "REC"), outcome="approved"
    )
    qualification.refresh_from_db()
    assert qualification.status == "qualified"


def test_defects_severity_1_2_block_and_3_4_need_an_agreed_work_off_plan(mem, test_manager):
    contributor = member(mem.organisation, "contributor")
    sev2 = defect_record(
        actor=test_manager, qualification=mem, reference="D-1", phase="QT", severity=2, summary="x"
    )
    sev3 = defect_record(
        actor=contributor, qualification=mem, reference="D-2", phase="QT", severity=3, summary="y"
    )
    assert set(unmet(mem)) == {"no_severity_1_2", "work_off_plans", "approval_rec"}
    with pytest.raises(IllegalTransition):
        work_off_plan_propose(actor=contributor, defect=sev2, plan="p", target_date=DAY)
    with pytest.raises(IllegalTransition, match="impact assessment"):
        work_off_plan_propose(actor=contributor, defect=sev3, plan="p", target_date=DAY)
    defect_resolve(actor=test_manager, defect=sev2)
    sev3 = defect_assess(actor=contributor, defect=sev3, impact_assessment="Low impact")
    plan = work_off_plan_propose(actor=contributor, defect=sev3, plan="Patch 2.1", target_date=DAY)
    rec = staff("reviewer", "REC", email="r@rec.test")
    with pytest.raises(IllegalTransition, match="test manager"):
        work_off_plan_agree(actor=rec, plan=plan)
    plan = work_off_plan_review(actor=test_manager, plan=plan)
    plan = work_off_plan_agree(actor=rec, plan=plan)
    assert plan.status == "reviewed" and "work_off_plans" in unmet(mem)
    plan = work_off_plan_agree(actor=staff("approver", "DIP", email="x@dip.test"), plan=plan)
    assert plan.status == "agreed"
    assert set(unmet(mem)) == {"approval_rec"}


def test_management_assertion_needed_when_mpids_qualify_later(mem):
    admin = member(mem.organisation, "admin")
    director = member(mem.organisation, "director")
    later = MpidFactory(organisation=mem.organisation, market_role=mem.market_role, code="LAT1")
    mpid_plan_set(actor=admin, qualification=mem, mpid=later, plan="later")
    assert unmet(mem)["management_assertion"] == ["Management Assertion covering LAT1"]
    management_assertion_give(actor=director, qualification=mem, text="LAT1 qualifies by M14")
    mem.refresh_from_db()
    assert "management_assertion" not in unmet(mem)


def test_exemptions_are_for_suppliers_only(mem):
    contributor = member(mem.organisation, "contributor")
    with pytest.raises(IllegalTransition, match="Suppliers only"):
        exemption_request(
            actor=contributor, qualification=mem, segment="ums", no_meters_registered=True
        )
    assert not mem.exemptions.exists()


def test_reliance_cannot_put_a_party_earlier_than_the_one_it_relies_on(db):
    relied_on_org, reliant_org = OrganisationFactory(), OrganisationFactory()
    from tests.factories import QualificationFactory

    relied_on = QualificationFactory(organisation=relied_on_org, market_role=market_role("SDS"))
    reliant = QualificationFactory(organisation=reliant_org, market_role=market_role("SDS"))
    allocate(relied_on, "wave_2")
    allocate(reliant, "wave_3")
    contributor = member(reliant_org, "contributor")
    proposal = reliance_propose(
        actor=contributor,
        qualification=reliant,
        relies_on=relied_on,
        scope=["functional"],
        rationale="Same software",
    )
    code_body = staff("reviewer", "BSC", email="b@bsc.test")
    with pytest.raises(IllegalTransition, match="earlier than") as refused:
        allocation_set(
            actor=code_body,
            qualification=reliant,
            cohort=Cohort.objects.get(key="wave_1"),
            reason="r",
        )
    assert refused.value.code == "reliance_cohort_order"
    reliant.allocation.refresh_from_db()
    assert reliant.allocation.cohort.key == "wave_3"
    with pytest.raises(IllegalTransition, match="later than"):
        allocation_set(
            actor=code_body,
            qualification=relied_on,
            cohort=Cohort.objects.get(key="wave_4"),
            reason="r",
        )
    # Refused by a reviewer, the proposal no longer holds the reliant back.
    reliance_review(actor=code_body, proposal=proposal, agreed=False, note="Not comparable")
    allocation_set(
        actor=code_body, qualification=reliant, cohort=Cohort.objects.get(key="wave_1"), reason="r"
    )


def test_reliance_is_agreed_by_every_body_and_the_programme_for_sit(db):
    from tests.factories import QualificationFactory

    relied_on = QualificationFactory(market_role=market_role("LDSO"))
    reliant = QualificationFactory(market_role=market_role("LDSO"))
    allocate(reliant, "sit_m10")
    allocate(relied_on, "sit_m10")
    proposal = reliance_propose(
        actor=member(reliant.organisation, "contributor"),
        qualification=reliant,
        relies_on=relied_on,
        scope=["functional", "migration"],
        rationale="Shared platform",
    )
    for body in ("DIP", "BSC", "REC"):
        proposal = reliance_review(
            actor=staff("reviewer", body, email=f"{body}@r.test"), proposal=proposal, agreed=True
        )
        assert proposal.status == "proposed"
    proposal = reliance_review(
        actor=staff("test_manager", email="tm@x.test"), proposal=proposal, agreed=True
    )
    assert proposal.status == "agreed"
