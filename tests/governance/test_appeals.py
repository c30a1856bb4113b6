"""Appeals against rejections (BSC to Ofgem, REC to the REC PAB) from the page and the API."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from governance.models import Appeal
from governance.services import approval_decide
from qualification.models import Event
from tests.factories import OrganisationFactory, member

from .conftest import approval_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def rejected(signed_off, deciders):
    """A MEM whose REC approval was rejected."""
    q = signed_off("MEM_ADV")
    approval_decide(actor=deciders["DIP"], approval=approval_of(q, "DIP"), outcome="approved")
    (decision,) = approval_decide(
        actor=deciders["REC"], approval=approval_of(q, "REC"), outcome="rejected", reason="No LWI"
    )
    return q, decision


def test_the_participant_admin_records_an_appeal_from_the_page(rejected):
    q, decision = rejected
    admin = member(q.organisation, "admin")
    client = Client()
    client.force_login(admin)
    page = client.get(reverse("governance:application", args=[q.pk])).text
    assert "Record an appeal" in page and "REC Schedule 9" in page
    url = reverse("governance:appeal_record", args=[decision.pk])
    response = client.post(url, {"grounds": " ", "lodged_on": "2026-06-01"}, follow=True)
    assert "grounds of the appeal" in response.text and not Appeal.objects.exists()
    client.post(url, {"grounds": "The LWI was supplied", "lodged_on": "2026-06-01"})
    appeal = Appeal.objects.get()
    assert (appeal.forum, appeal.recorded_by) == ("rec_pab", admin)
    assert Event.objects.filter(kind="approval_appealed", qualification=q).count() == 1
    page = client.get(reverse("governance:application", args=[q.pk])).text
    assert "Appealed to REC PAB" in page and "Record an appeal" not in page


def test_appeals_in_the_api(rejected, deciders):
    q, decision = rejected
    url = f"/api/v1/decisions/{decision.pk}/appeals/"
    body = {"grounds": "The LWI was supplied", "lodged_on": "2026-06-01"}

    def api(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    assert api(member(q.organisation, "contributor")).post(url, body).status_code == 403
    assert api(member(OrganisationFactory(), "admin")).post(url, body).status_code == 404
    assert api(member(q.organisation, "admin")).post(url, {"grounds": "x"}).status_code == 400
    dip = approval_of(q, "DIP").decisions.get()
    refused = api(deciders["DIP"]).post(f"/api/v1/decisions/{dip.pk}/appeals/", body)
    assert refused.status_code == 409 and refused.json()["code"] == "not_rejected"
    assert not Appeal.objects.exists()
    created = api(deciders["REC"]).post(url, body)
    assert created.status_code == 201 and created.json()["forum"] == "rec_pab"
    again = api(member(q.organisation, "admin")).post(url, body)
    assert again.status_code == 409 and again.json()["code"] == "duplicate"
