"""Segment exemptions (QA&P §11.4.2): request, the Director's assertion, the PAB decision,
and the qualified persons register that lists them."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from governance.models import Exemption
from governance.services import exemption_assert, exemption_decide, exemption_request
from mhhs_portal.exceptions import IllegalTransition, NotPermitted, ValidationFailed
from tests.factories import member, staff

from .conftest import event_kinds, history_reasons

pytestmark = pytest.mark.django_db


@pytest.fixture
def ums(supplier):
    contributor = member(supplier.organisation, "contributor")
    return exemption_request(
        actor=contributor, qualification=supplier, segment="ums", no_meters_registered=True
    )


def test_a_supplier_requests_an_exemption_with_its_eligibility_facts(supplier):
    contributor = member(supplier.organisation, "contributor")
    smart = exemption_request(
        actor=contributor,
        qualification=supplier,
        segment="smart",
        no_meters_registered=False,
        deregistration_plan="De-register 40 SMETS2 meters by March",
        not_dcc_user=True,
        portfolio_cap=500,
    )
    assert (smart.status, smart.not_dcc_user, smart.portfolio_cap) == ("requested", True, 500)
    assert "exemption_requested" in event_kinds(supplier)


def test_an_exemption_needs_no_meters_or_a_deregistration_plan(supplier):
    contributor = member(supplier.organisation, "contributor")
    with pytest.raises(ValidationFailed, match="de-registration plan"):
        exemption_request(actor=contributor, qualification=supplier, segment="ums")
    assert not Exemption.objects.exists()


def test_an_exemption_needs_its_qad_section(signed_off):
    qualification = signed_off("SUPPLIER")
    contributor = member(qualification.organisation, "contributor")
    with pytest.raises(IllegalTransition, match="exemption section"):
        exemption_request(
            actor=contributor, qualification=qualification, segment="ums", no_meters_registered=True
        )
    assert not Exemption.objects.exists()


def test_only_a_director_gives_the_assertion_once(ums):
    organisation = ums.qualification.organisation
    for wrong in (
        member(organisation, "contributor"),
        member(organisation, "admin"),
        staff("pab_secretariat", email="s2@pab.test"),
    ):
        with pytest.raises(NotPermitted):
            exemption_assert(actor=wrong, exemption=ums)
    ums.refresh_from_db()
    assert (ums.status, ums.asserted_by, ums.history.count()) == ("requested", None, 1)
    director = member(organisation, "director")
    asserted = exemption_assert(actor=director, exemption=ums)
    assert (asserted.status, asserted.asserted_by) == ("asserted", director)
    assert history_reasons(asserted)[-1] == "Director's assertion"
    assert event_kinds(ums.qualification).count("exemption_asserted") == 1
    with pytest.raises(IllegalTransition):
        exemption_assert(actor=director, exemption=asserted)
    assert event_kinds(ums.qualification).count("exemption_asserted") == 1


def test_only_the_secretariat_decides_and_only_after_the_assertion(ums, deciders, past_meeting):
    for wrong in (
        deciders["REC"],
        deciders["DIP"],
        staff("reviewer", "BSC", email="bsc.reviewer@elexon.test"),
        member(ums.qualification.organisation, "director"),
    ):
        with pytest.raises(NotPermitted):
            exemption_decide(actor=wrong, exemption=ums, approve=False, meeting=past_meeting)
    with pytest.raises(IllegalTransition, match="assertion"):
        exemption_decide(actor=deciders["BSC"], exemption=ums, approve=True, meeting=past_meeting)
    with pytest.raises(IllegalTransition, match="meeting"):
        exemption_decide(actor=deciders["BSC"], exemption=ums, approve=True, meeting=None)
    ums.refresh_from_db()
    assert (ums.status, ums.meeting, ums.decided_at) == ("requested", None, None)
    assert "exemption_approved" not in event_kinds(ums.qualification)

    exemption_assert(actor=member(ums.qualification.organisation, "director"), exemption=ums)
    decided = exemption_decide(
        actor=deciders["BSC"], exemption=ums, approve=True, meeting=past_meeting, note="Agreed"
    )
    assert (decided.status, decided.meeting, decided.decision_note) == (
        "approved",
        past_meeting,
        "Agreed",
    )
    # Decided at the meeting, though recorded later.
    assert decided.decided_at == past_meeting.starts_at
    assert history_reasons(decided)[-1] == "Agreed"
    assert event_kinds(ums.qualification).count("exemption_approved") == 1
    with pytest.raises(IllegalTransition):
        exemption_decide(
            actor=deciders["BSC"], exemption=decided, approve=False, meeting=past_meeting
        )


def test_an_ineligible_smart_exemption_is_refused_approval(supplier, deciders, past_meeting):
    organisation = supplier.organisation
    smart = exemption_request(
        actor=member(organisation, "contributor"),
        qualification=supplier,
        segment="smart",
        no_meters_registered=True,
    )
    exemption_assert(actor=member(organisation, "director"), exemption=smart)
    with pytest.raises(IllegalTransition, match="DCC User; no portfolio cap"):
        exemption_decide(actor=deciders["BSC"], exemption=smart, approve=True, meeting=past_meeting)
    refused = exemption_decide(
        actor=deciders["BSC"], exemption=smart, approve=False, meeting=past_meeting, note="No cap"
    )
    assert refused.status == "refused"
    assert "exemption_refused" in event_kinds(supplier)


def test_the_register_lists_approved_exemptions(signed_off, supplier, deciders, past_meeting):
    from qualification.models import Qualification

    organisation = supplier.organisation
    ums = exemption_request(
        actor=member(organisation, "contributor"),
        qualification=supplier,
        segment="ums",
        no_meters_registered=True,
    )
    exemption_assert(actor=member(organisation, "director"), exemption=ums)
    exemption_decide(actor=deciders["BSC"], exemption=ums, approve=True, meeting=past_meeting)
    Qualification.objects.filter(pk=supplier.pk).update(status="qualified")
    other = signed_off("SUPPLIER", status="qualified")
    client = Client()
    client.force_login(staff("programme_viewer", email="prog@mhhsp.test"))
    response = client.get(reverse("governance:register_csv"))
    assert response["Content-Type"] == "text/csv"
    rows = {r["organisation"]: r for r in csv.DictReader(io.StringIO(response.content.decode()))}
    assert rows[organisation.name]["exemptions"] == "Unmetered Supplies (UMS)"
    assert rows[organisation.name]["status"] == "MHHS Qualified"
    assert rows[other.organisation.name]["exemptions"] == ""


def test_nothing_is_decided_at_a_meeting_that_has_not_sat(ums, deciders, signed_off):
    from datetime import timedelta

    from django.utils import timezone

    from governance.services import agenda_add, approval_decide, meeting_create

    from .conftest import approval_of

    upcoming = meeting_create(
        actor=deciders["BSC"], title="BSC PAB 399", starts_at=timezone.now() + timedelta(days=3)
    )
    with pytest.raises(IllegalTransition, match="has not taken place"):
        exemption_decide(actor=deciders["BSC"], exemption=ums, approve=False, meeting=upcoming)
    ums.refresh_from_db()
    assert ums.status == "requested"
    sds = signed_off("SDS")
    approval_decide(actor=deciders["DIP"], approval=approval_of(sds, "DIP"), outcome="approved")
    agenda_add(actor=deciders["BSC"], meeting=upcoming, approval=approval_of(sds, "BSC"))
    with pytest.raises(IllegalTransition, match="has not taken place"):
        approval_decide(
            actor=deciders["BSC"],
            approval=approval_of(sds, "BSC"),
            outcome="approved",
            meeting=upcoming,
        )
    assert approval_of(sds, "BSC").status == "scheduled"
    assert not approval_of(sds, "BSC").decisions.exists()
