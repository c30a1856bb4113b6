"""The approval matrix of QA&P Table 2: every role, its bodies, DIP first,
the BSC at PAB, and LDSO/SMRA/UMSO decided together."""

import pytest

from governance.models import ApprovalStatus, Decision
from governance.services import agenda_add, approval_decide, meeting_create
from mhhs_portal.exceptions import IllegalTransition, NotPermitted
from qualification.models import Event
from tests.factories import OrganisationFactory, staff

from .conftest import approval_of

pytestmark = pytest.mark.django_db

TABLE_2 = {
    "SUPPLIER": ["DIP", "BSC", "REC"],
    "SDS": ["DIP", "BSC"],
    "ADS": ["DIP", "BSC"],
    "UMSDS": ["DIP", "BSC"],
    "MEM_ADV": ["DIP", "REC"],
    "MEM_SMART": ["DIP", "REC"],
}
JOINT = ["LDSO", "SMRA", "UMSO"]


def decide(qualification, body, deciders, meeting, outcome="approved", **kw):
    approval = approval_of(qualification, body)
    if body == "BSC" and approval.status in ("ready", "deferred"):
        agenda_add(actor=deciders["BSC"], meeting=meeting, approval=approval)
    return approval_decide(
        actor=deciders[body],
        approval=approval_of(qualification, body),
        outcome=outcome,
        meeting=meeting if body == "BSC" else None,
        **kw,
    )


@pytest.mark.parametrize("role,bodies", TABLE_2.items())
def test_each_role_gets_one_approval_per_body_and_qualifies_after_all(
    role, bodies, signed_off, deciders, meeting
):
    qualification = signed_off(role)
    assert sorted(a.body for a in qualification.approvals.all()) == sorted(bodies)
    statuses = {a.body: a.status for a in qualification.approvals.all()}
    assert statuses == {b: "ready" if b == "DIP" else "pending" for b in bodies}
    for body in bodies:
        qualification.refresh_from_db()
        assert qualification.status == "signed_off"
        decide(qualification, body, deciders, meeting)
    qualification.refresh_from_db()
    assert qualification.status == "qualified"
    event = Event.objects.get(qualification=qualification, kind="qualified")
    assert event.actor == deciders[bodies[-1]]


@pytest.mark.parametrize("role", ["SUPPLIER", "SDS", "MEM_SMART", "LDSO"])
def test_code_bodies_cannot_decide_before_the_dip_manager(role, signed_off, deciders, meeting):
    qualification = signed_off(role)
    code_body = "REC" if role.startswith("MEM") else "BSC"
    approval = approval_of(qualification, code_body)
    with pytest.raises(IllegalTransition) as refused:
        approval_decide(
            actor=deciders[code_body],
            approval=approval,
            outcome="approved",
            meeting=meeting if code_body == "BSC" else None,
        )
    assert refused.value.code in {"approval_not_ready", "joint_not_ready"}
    approval.refresh_from_db()
    assert approval.status == "pending"
    assert not Decision.objects.exists()


def test_the_not_ready_message_names_what_is_missing(signed_off, deciders):
    qualification = signed_off("SUPPLIER")
    with pytest.raises(IllegalTransition, match="DIP Manager approval"):
        approval_decide(
            actor=deciders["REC"], approval=approval_of(qualification, "REC"), outcome="approved"
        )


def test_nothing_is_ready_before_the_qad_is_signed_off(signed_off, deciders):
    qualification = signed_off("SUPPLIER", status="final_qad")
    assert {a.status for a in qualification.approvals.all()} == {"pending"}
    with pytest.raises(IllegalTransition, match="Director sign-off"):
        approval_decide(
            actor=deciders["DIP"], approval=approval_of(qualification, "DIP"), outcome="approved"
        )


@pytest.mark.parametrize(
    "body,wrong",
    [("DIP", "REC"), ("DIP", "BSC"), ("REC", "DIP"), ("BSC", "REC"), ("REC", "BSC")],
)
def test_only_the_deciding_body_decides(body, wrong, signed_off, deciders, meeting):
    qualification = signed_off("SUPPLIER")
    if body != "DIP":
        decide(qualification, "DIP", deciders, meeting)
    with pytest.raises(NotPermitted) as refused:
        approval_decide(
            actor=deciders[wrong],
            approval=approval_of(qualification, body),
            outcome="approved",
            meeting=meeting,
        )
    assert refused.value.code == "wrong_body"


def test_reviewers_do_not_decide(signed_off):
    qualification = signed_off("SUPPLIER")
    reviewer = staff("reviewer", "DIP", email="dip.reviewer@dip.test")
    with pytest.raises(NotPermitted):
        approval_decide(
            actor=reviewer, approval=approval_of(qualification, "DIP"), outcome="approved"
        )


def test_bsc_decisions_need_the_application_on_the_meeting_agenda(signed_off, deciders, meeting):
    qualification = signed_off("SDS")
    decide(qualification, "DIP", deciders, meeting)
    approval = approval_of(qualification, "BSC")
    for kwargs in ({}, {"meeting": meeting}):
        with pytest.raises(IllegalTransition):
            approval_decide(actor=deciders["BSC"], approval=approval, outcome="approved", **kwargs)
    agenda_add(actor=deciders["BSC"], meeting=meeting, approval=approval)
    assert approval_of(qualification, "BSC").status == "scheduled"
    decision = approval_decide(
        actor=deciders["BSC"], approval=approval, outcome="approved", meeting=meeting
    )[0]
    assert decision.meeting == meeting


def test_a_decision_is_immutable_and_a_change_is_a_new_decision_with_a_reason(
    signed_off, deciders, meeting
):
    qualification = signed_off("SUPPLIER")
    decide(qualification, "DIP", deciders, meeting)
    (first,) = decide(qualification, "REC", deciders, meeting, outcome="rejected")
    approval = approval_of(qualification, "REC")
    with pytest.raises(IllegalTransition):
        approval_decide(actor=deciders["REC"], approval=approval, outcome="rejected")
    with pytest.raises(Exception, match="reason"):
        approval_decide(actor=deciders["REC"], approval=approval, outcome="approved")
    (second,) = approval_decide(
        actor=deciders["REC"], approval=approval, outcome="approved", reason="Appeal upheld"
    )
    first.refresh_from_db()
    assert first.outcome == "rejected" and second.supersedes == first
    assert approval_of(qualification, "REC").status == "approved"


def test_deferral_goes_back_on_a_later_agenda(signed_off, deciders, meeting):
    qualification = signed_off("ADS")
    decide(qualification, "DIP", deciders, meeting)
    decide(qualification, "BSC", deciders, meeting, outcome="deferred")
    assert approval_of(qualification, "BSC").status == ApprovalStatus.DEFERRED
    with pytest.raises(IllegalTransition, match="later one"):
        agenda_add(
            actor=deciders["BSC"], meeting=meeting, approval=approval_of(qualification, "BSC")
        )
    later = meeting_create(actor=deciders["BSC"], title="BSC PAB 302", starts_at=meeting.starts_at)
    decide(qualification, "BSC", deciders, later)
    qualification.refresh_from_db()
    assert qualification.status == "qualified"


def test_ldso_smra_umso_are_decided_together(signed_off, deciders, meeting):
    from governance.models import Approval

    organisation = OrganisationFactory(participant_type="dno")
    ldso = signed_off("LDSO", organisation)
    smra = signed_off("SMRA", organisation, status="final_qad")
    umso = signed_off("UMSO", organisation)
    # SMRA's QAD is not signed off, so no body may decide any of the three.
    with pytest.raises(IllegalTransition, match="SMRA"):
        approval_decide(
            actor=deciders["DIP"], approval=approval_of(ldso, "DIP"), outcome="approved"
        )
    assert approval_of(ldso, "DIP").status == "ready"
    assert not Decision.objects.exists()

    Approval.objects.filter(qualification=smra).delete()
    smra.delete()
    smra = signed_off("SMRA", organisation)
    decisions = approval_decide(
        actor=deciders["DIP"], approval=approval_of(umso, "DIP"), outcome="approved"
    )
    assert len(decisions) == 3
    items = agenda_add(actor=deciders["BSC"], meeting=meeting, approval=approval_of(umso, "BSC"))
    assert {i.approval.qualification.market_role.code for i in items} == set(JOINT)
    decisions = approval_decide(
        actor=deciders["BSC"],
        approval=approval_of(ldso, "BSC"),
        outcome="approved",
        meeting=meeting,
    )
    assert len(decisions) == 3
    for q in (ldso, smra, umso):
        q.refresh_from_db()
        assert q.status == "signed_off"  # the REC still decides LDSO and SMRA
    decisions = approval_decide(
        actor=deciders["REC"], approval=approval_of(smra, "REC"), outcome="approved"
    )
    assert {d.approval.qualification.market_role.code for d in decisions} == {"LDSO", "SMRA"}
    for q in (ldso, smra, umso):
        q.refresh_from_db()
        assert q.status == "qualified"


def test_a_rejection_can_be_appealed_to_the_right_forum(signed_off, deciders, meeting):
    import datetime

    from governance.services import appeal_record

    qualification = signed_off("SUPPLIER")
    decide(qualification, "DIP", deciders, meeting)
    (bsc,) = decide(qualification, "BSC", deciders, meeting, outcome="rejected")
    (rec,) = decide(qualification, "REC", deciders, meeting, outcome="rejected")
    today = datetime.date(2026, 3, 1)
    assert (
        appeal_record(actor=deciders["BSC"], decision=bsc, grounds="g", lodged_on=today).forum
        == "ofgem"
    )
    assert (
        appeal_record(actor=deciders["REC"], decision=rec, grounds="g", lodged_on=today).forum
        == "rec_pab"
    )
