"""Every governance list page keeps its query count however many rows it shows."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from governance.services import (
    agenda_add,
    approval_decide,
    defect_record,
    finding_raise,
    meeting_create,
    mpid_plan_set,
    reliance_propose,
    work_off_plan_propose,
)
from tests.factories import MpidFactory, member, staff

from .conftest import approval_of

pytestmark = pytest.mark.django_db
SIZES = [1, 4]


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def _scheduled_sds(signed_off, deciders, meeting, n):
    for _ in range(n):
        q = signed_off("SDS")
        approval_decide(actor=deciders["DIP"], approval=approval_of(q, "DIP"), outcome="approved")
        agenda_add(actor=deciders["BSC"], meeting=meeting, approval=approval_of(q, "BSC"))


@pytest.mark.parametrize("n", SIZES)
def test_the_approvals_dashboard(signed_off, deciders, meeting, n, django_assert_num_queries):
    _scheduled_sds(signed_off, deciders, meeting, n)
    client = client_for(deciders["BSC"])
    with django_assert_num_queries(QUERIES["dashboard"]):
        assert client.get(reverse("governance:dashboard")).status_code == 200


@pytest.mark.parametrize("n", SIZES)
def test_the_meetings_list_and_a_meeting(
    signed_off, deciders, meeting, n, django_assert_num_queries
):
    _scheduled_sds(signed_off, deciders, meeting, n)
    for i in range(n):
        meeting_create(actor=deciders["BSC"], title=f"PAB {i}", starts_at=timezone.now())
    client = client_for(deciders["BSC"])
    with django_assert_num_queries(QUERIES["meetings"]):
        assert client.get(reverse("governance:meetings")).status_code == 200
    with django_assert_num_queries(QUERIES["meeting"]):
        assert client.get(reverse("governance:meeting", args=[meeting.pk])).status_code == 200


@pytest.mark.parametrize("n", SIZES)
def test_the_application_page(signed_off, deciders, n, django_assert_num_queries):
    q = signed_off("SDS")
    organisation = q.organisation
    contributor, admin = member(organisation, "contributor"), member(organisation, "admin")
    reviewer = staff("reviewer", "BSC", email="b@bsc.test")
    for i in range(n):
        finding_raise(actor=reviewer, qualification=q, body="BSC", kind="finding", text="Gap")
        defect = defect_record(
            actor=contributor,
            qualification=q,
            reference=f"QT-{i}",
            phase="QT",
            severity=3,
            summary="x",
            impact_assessment="Small",
        )
        work_off_plan_propose(
            actor=contributor, defect=defect, plan="Fix", target_date="2026-09-01"
        )
        other = signed_off("SDS")
        reliance_propose(
            actor=contributor,
            qualification=q,
            relies_on=other,
            scope=["functional"],
            rationale="Same platform",
        )
        mpid = MpidFactory(organisation=organisation, market_role=q.market_role)
        mpid_plan_set(actor=admin, qualification=q, mpid=mpid, plan="later")
    for user, key in ((admin, "application_participant"), (reviewer, "application_reviewer")):
        client = client_for(user)
        with django_assert_num_queries(QUERIES[key]):
            assert client.get(reverse("governance:application", args=[q.pk])).status_code == 200


QUERIES = {
    "dashboard": 15,
    "meetings": 9,
    "meeting": 16,
    "application_participant": 24,
    "application_reviewer": 24,
}
