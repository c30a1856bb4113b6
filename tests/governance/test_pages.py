import pytest
from django.test import Client
from django.urls import reverse

from governance.services import approval_decide, finding_raise
from tests.factories import member, staff
from tests.reauth import confirm_identity

from .conftest import approval_of

pytestmark = pytest.mark.django_db


def client_for(user):
    """Signed in and recently confirmed (decisions need it)."""
    client = Client()
    client.force_login(user)
    confirm_identity(client, user)
    return client


def test_the_application_page_shows_the_checklist_to_the_participant(signed_off):
    qualification = signed_off("MEM_ADV")
    reviewer = staff("reviewer", "REC", email="r@rec.test")
    finding_raise(actor=reviewer, qualification=qualification, body="REC", kind="finding", text="x")
    page = client_for(member(qualification.organisation, "viewer")).get(
        reverse("governance:application", args=[qualification.pk])
    )
    assert page.status_code == 200
    assert "1 finding without an agreed action plan" in page.text
    assert "DIP Manager decision" in page.text


def test_a_rec_manager_decides_from_the_page_and_a_wrong_body_gets_a_message(signed_off, deciders):
    qualification = signed_off("MEM_ADV")
    url = reverse("governance:approval_decide", args=[approval_of(qualification, "DIP").pk])
    response = client_for(deciders["REC"]).post(url, {"outcome": "approved"}, follow=True)
    assert "Only the DIP Manager" in response.text
    assert approval_of(qualification, "DIP").status == "ready"
    client_for(deciders["DIP"]).post(url, {"outcome": "approved"})
    assert approval_of(qualification, "DIP").status == "approved"


def test_the_secretariat_builds_a_meeting_and_gets_a_pack(
    signed_off, deciders, meeting, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    qualification = signed_off("SDS")
    approval_decide(
        actor=deciders["DIP"], approval=approval_of(qualification, "DIP"), outcome="approved"
    )
    client = client_for(deciders["BSC"])
    page = client.get(reverse("governance:meeting", args=[meeting.pk]))
    assert qualification.organisation.name in page.text
    client.post(
        reverse("governance:agenda_add", args=[meeting.pk]),
        {"approval": approval_of(qualification, "BSC").pk},
    )
    assert approval_of(qualification, "BSC").status == "scheduled"
    csv_text = client.get(reverse("governance:agenda_csv", args=[meeting.pk])).text
    assert qualification.organisation.name in csv_text
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("governance:pack_generate", args=[meeting.pk]))
    pack = meeting.packs.get()
    download = client.get(reverse("governance:pack_download", args=[pack.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_participants_cannot_see_meetings(org_a, admin_a, meeting):
    client = client_for(admin_a)
    assert client.get(reverse("governance:meetings")).status_code == 404
    assert client.get(reverse("governance:meeting", args=[meeting.pk])).status_code == 404


def test_an_upcoming_meeting_offers_no_decision_form(signed_off, deciders):
    from datetime import timedelta

    from django.utils import timezone

    from governance.services import agenda_add, meeting_create

    upcoming = meeting_create(
        actor=deciders["BSC"], title="BSC PAB 320", starts_at=timezone.now() + timedelta(days=5)
    )
    q = signed_off("SDS")
    approval_decide(actor=deciders["DIP"], approval=approval_of(q, "DIP"), outcome="approved")
    agenda_add(actor=deciders["BSC"], meeting=upcoming, approval=approval_of(q, "BSC"))
    page = client_for(deciders["BSC"]).get(reverse("governance:meeting", args=[upcoming.pk]))
    assert "Decided at the meeting" in page.text
    assert reverse("governance:approval_decide", args=[approval_of(q, "BSC").pk]) not in page.text


def test_the_meeting_page_lists_exemptions_awaiting_a_decision(supplier, deciders, meeting):
    from governance.services import exemption_request

    exemption_request(
        actor=member(supplier.organisation, "contributor"),
        qualification=supplier,
        segment="ums",
        no_meters_registered=True,
    )
    page = client_for(deciders["BSC"]).get(reverse("governance:meeting", args=[meeting.pk]))
    assert f"{supplier.organisation.name}: Unmetered Supplies (UMS)" in page.text


def test_a_pending_approval_offers_no_decision_form(signed_off, deciders):
    q = signed_off("MEM_ADV")
    page = client_for(deciders["REC"]).get(reverse("governance:application", args=[q.pk]))
    assert "Not ready for a decision yet" in page.text
    assert reverse("governance:approval_decide", args=[approval_of(q, "REC").pk]) not in page.text
