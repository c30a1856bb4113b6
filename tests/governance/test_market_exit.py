"""Several MPIDs in one role (QA&P §11.4.1) and market exit (QA&P §11.4.3): a surrender
needs at least 3 months' notice, a consolidation does not; both need the confirmation
that no MPANs remain appointed."""

import datetime

import pytest

from governance.models import MarketExit
from governance.services import management_assertion_give, market_exit_record, mpid_plan_set
from mhhs_portal.exceptions import IllegalTransition, NotPermitted, ValidationFailed
from qualification.models import Event
from tests.factories import MpidFactory, member

pytestmark = pytest.mark.django_db
NOTICE = datetime.date(2026, 1, 31)


@pytest.fixture
def leaving(signed_off):
    """An SDS role with an MPID the participant does not take forward."""
    qualification = signed_off("SDS")
    mpid = MpidFactory(
        organisation=qualification.organisation, market_role=qualification.market_role, code="OLD1"
    )
    admin = member(qualification.organisation, "admin")
    mpid_plan_set(actor=admin, qualification=qualification, mpid=mpid, plan="exit")
    return admin, mpid


def record(admin, mpid, *, kind="surrender", effective_on, no_mpans=True):
    return market_exit_record(
        actor=admin,
        mpid=mpid,
        kind=kind,
        notice_given_on=NOTICE,
        effective_on=effective_on,
        no_mpans=no_mpans,
    )


def test_a_surrender_three_months_less_a_day_after_notice_is_refused(leaving):
    admin, mpid = leaving
    # 31 January + 3 months is 30 April (no 31 April); one day less is refused.
    with pytest.raises(ValidationFailed) as refused:
        record(admin, mpid, effective_on=datetime.date(2026, 4, 29))
    assert "at least 3 months" in refused.value.errors["effective_on"][0]
    assert not MarketExit.objects.exists()
    assert not Event.objects.filter(kind="market_exit_recorded").exists()


def test_a_surrender_exactly_three_months_after_notice_is_recorded(leaving):
    admin, mpid = leaving
    market_exit = record(admin, mpid, effective_on=datetime.date(2026, 4, 30))
    assert (market_exit.kind, market_exit.no_mpans_confirmed, market_exit.recorded_by) == (
        "surrender",
        True,
        admin,
    )
    assert market_exit.history.count() == 1
    event = Event.objects.get(kind="market_exit_recorded")
    assert event.payload == {"mpid": "OLD1", "kind": "surrender", "effective_on": "2026-04-30"}
    with pytest.raises(IllegalTransition, match="already recorded"):
        record(admin, mpid, effective_on=datetime.date(2026, 6, 1))


def test_a_consolidation_needs_no_notice_period(leaving):
    admin, mpid = leaving
    market_exit = record(admin, mpid, kind="consolidation", effective_on=NOTICE)
    assert market_exit.kind == "consolidation"


def test_an_exit_before_its_notice_is_refused(leaving):
    admin, mpid = leaving
    with pytest.raises(ValidationFailed):
        record(admin, mpid, kind="consolidation", effective_on=NOTICE - datetime.timedelta(days=1))
    assert not MarketExit.objects.exists()


def test_the_no_mpans_confirmation_is_required(leaving):
    admin, mpid = leaving
    with pytest.raises(ValidationFailed) as refused:
        record(admin, mpid, kind="consolidation", effective_on=NOTICE, no_mpans=False)
    assert "no MPANs" in refused.value.errors["no_mpans"][0]
    assert not MarketExit.objects.exists()


def test_only_the_admin_records_an_exit_of_an_mpid_not_taken_forward(leaving, signed_off):
    admin, mpid = leaving
    for role in ("contributor", "director", "viewer"):
        with pytest.raises(NotPermitted):
            record(member(mpid.organisation, role), mpid, effective_on=datetime.date(2026, 6, 1))
    kept = MpidFactory(organisation=mpid.organisation, market_role=mpid.market_role, code="KEP1")
    with pytest.raises(IllegalTransition, match="not taken forward"):
        record(admin, kept, effective_on=datetime.date(2026, 6, 1))
    assert not MarketExit.objects.exists()


def test_an_mpid_that_left_keeps_its_exit_plan(leaving):
    admin, mpid = leaving
    record(admin, mpid, kind="consolidation", effective_on=NOTICE)
    qualification = mpid.organisation.qualifications.get(market_role=mpid.market_role)
    with pytest.raises(IllegalTransition, match="left the market"):
        mpid_plan_set(actor=admin, qualification=qualification, mpid=mpid, plan="now")


def test_the_management_assertion_is_given_once_by_a_director(signed_off):
    qualification = signed_off("SDS")
    with pytest.raises(NotPermitted):
        management_assertion_give(
            actor=member(qualification.organisation, "admin"), qualification=qualification, text="x"
        )
    director = member(qualification.organisation, "director")
    management_assertion_give(actor=director, qualification=qualification, text="By M14")
    with pytest.raises(IllegalTransition, match="already given"):
        management_assertion_give(actor=director, qualification=qualification, text="Again")
    assert Event.objects.filter(kind="management_assertion_given").count() == 1
