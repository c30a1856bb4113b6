"""A recent password or authenticator code (five minutes) before approval
decisions, API token creation, QAD sign-off and MFA changes."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from governance.models import Decision as ApprovalDecision
from qad.models import SignOff
from qualification.models import ApiToken
from tests.api_tokens import token_for
from tests.factories import PASSWORD, totp_code
from tests.governance.conftest import approval_of
from tests.reauth import confirm_identity

pytestmark = pytest.mark.django_db

REAUTH = "/accounts/reauthenticate/"


def decide_url(approval):
    return reverse("governance:approval_decide", args=[approval.pk])


def test_a_decision_waits_for_a_password_then_goes_through(client, signed_off, deciders):
    approval = approval_of(signed_off(), "DIP")
    client.force_login(deciders["DIP"])
    asked = client.post(decide_url(approval), {"outcome": "approved"})
    assert asked.status_code == 302 and asked["Location"].startswith(REAUTH)
    assert not ApprovalDecision.objects.exists()
    wrong = client.post(asked["Location"], {"password": "not it"})
    assert wrong.status_code == 200 and not ApprovalDecision.objects.exists()
    # The right password replays the suspended decision.
    client.post(asked["Location"], {"password": PASSWORD})
    assert ApprovalDecision.objects.filter(approval=approval).count() == 1


def test_an_authenticator_code_confirms_too(client, signed_off, deciders):
    approval = approval_of(signed_off(), "DIP")
    client.force_login(deciders["DIP"])
    asked = client.post(decide_url(approval), {"outcome": "approved"})
    mfa_url = asked["Location"].replace(REAUTH, reverse("mfa_reauthenticate"))
    client.post(mfa_url, {"code": totp_code()})
    assert ApprovalDecision.objects.filter(approval=approval).count() == 1


def test_a_confirmation_older_than_five_minutes_does_not_count(client, signed_off, deciders):
    approval = approval_of(signed_off(), "DIP")
    client.force_login(deciders["DIP"])
    confirm_identity(client, deciders["DIP"], seconds_ago=301)
    assert client.post(decide_url(approval), {"outcome": "approved"})["Location"].startswith(REAUTH)
    confirm_identity(client, deciders["DIP"], seconds_ago=200)
    client.post(decide_url(approval), {"outcome": "approved"})
    assert ApprovalDecision.objects.count() == 1


def test_the_api_asks_a_browser_session_to_confirm_but_not_a_token(signed_off, deciders):
    approval = approval_of(signed_off(), "DIP")
    url = f"/api/v1/approvals/{approval.pk}/decisions/"
    session = APIClient()
    session.force_login(deciders["DIP"])
    refused = session.post(url, {"outcome": "approved"}, format="json")
    assert refused.status_code == 403
    assert refused.json()["code"] == "reauthentication_required"
    assert not ApprovalDecision.objects.exists()
    key = token_for(deciders["DIP"], None, scope="write", body="DIP")
    by_token = APIClient().post(
        url, {"outcome": "approved"}, format="json", HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert by_token.status_code == 200, by_token.content
    assert ApprovalDecision.objects.count() == 1


def test_creating_an_api_token_needs_a_confirmation(client, admin_a, org_a):
    page = f"/organisations/{org_a.pk}/api-tokens/"
    client.force_login(admin_a)
    assert client.get(page).status_code == 200  # looking is free
    asked = client.post(page, {"name": "Tracker", "scope": "read", "expires_in": "30"})
    assert asked.status_code == 302 and asked["Location"].startswith(REAUTH)
    assert not ApiToken.objects.exists()


def test_mfa_changes_need_a_confirmation(client, bsc_reviewer):
    client.force_login(bsc_reviewer)
    for name in ("mfa_generate_recovery_codes", "mfa_deactivate_totp"):
        response = client.post(reverse(name), {})
        assert response.status_code == 302 and response["Location"].startswith(REAUTH), name


def test_a_director_signs_off_after_typing_an_authenticator_code(
    client, final_accepted_qad, director_a
):
    client.force_login(director_a)
    url = reverse("qad:sign_off", args=[final_accepted_qad.pk])
    wrong = client.post(url, {"step": "password", "code": "000001"})
    assert wrong.status_code == 400
    assert client.post(url, {"step": "password", "code": totp_code()}).status_code == 302
    assert client.post(url, {"declaration_version": "2026.1", "agree": "on"}).status_code == 302
    assert SignOff.objects.get().signer == director_a


def test_the_api_sign_off_takes_a_code_instead_of_the_password(final_accepted_qad, director_a):
    api = APIClient()
    api.force_authenticate(director_a)
    url = f"/api/v1/qads/{final_accepted_qad.pk}/sign-off/"
    refused = api.post(url, {"code": "000001", "declaration_version": "2026.1"}, format="json")
    assert refused.status_code == 403 and not SignOff.objects.exists()
    done = api.post(url, {"code": totp_code(), "declaration_version": "2026.1"}, format="json")
    assert done.status_code == 201, done.content
    assert SignOff.objects.count() == 1
