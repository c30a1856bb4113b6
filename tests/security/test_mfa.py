"""MFA is required for staff (every duty) and Directors: without an
authenticator they are sent to set one up before anything else."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from mhhs_portal.security.mfa import has_totp, mfa_required_for
from qualification.models import Duty
from tests.factories import PASSWORD, UserFactory, member, staff, totp_code
from tests.reauth import confirm_identity

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


@pytest.mark.parametrize("duty", [d.value for d in Duty])
def test_every_staff_duty_requires_mfa(duty):
    body = "BSC" if duty in ("reviewer", "approver") else ""
    assert mfa_required_for(staff(duty, body, mfa=False))


def test_directors_and_django_admins_require_mfa_other_members_do_not(org_a):
    assert mfa_required_for(member(org_a, "director", mfa=False))
    assert mfa_required_for(UserFactory(is_staff=True, mfa=False))
    for role in ("admin", "contributor", "viewer"):
        assert not mfa_required_for(member(org_a, role))


def sign_in(client, email, password=PASSWORD):
    return client.post(LOGIN, {"login": email, "password": password})


def test_a_director_without_mfa_is_sent_to_set_it_up_before_anything_else(client, org_a):
    director = member(org_a, "director", mfa=False, email="new.director@alpha.test")
    response = sign_in(client, director.email)
    assert response.status_code == 302
    for path in ("/", "/qad/", f"/organisations/{org_a.pk}/"):
        page = client.get(path)
        assert page.status_code == 302, path
        assert page["Location"] == reverse("security:mfa_required")
    explained = client.get(reverse("security:mfa_required"))
    assert explained.status_code == 200
    assert "Set up an authenticator app" in explained.content.decode()
    api = client.get("/api/v1/organisations/")
    assert api.status_code == 403 and api.json()["code"] == "mfa_setup_required"
    # Sign-out and the set-up pages stay open.
    assert client.get(reverse("mfa_activate_totp")).status_code in (200, 302)


def test_setting_up_totp_opens_the_portal(client, org_a):
    director = member(org_a, "director", mfa=False, email="new.director@alpha.test")
    sign_in(client, director.email)
    # allauth asks for a fresh password before any MFA change.
    activate = reverse("mfa_activate_totp")
    assert client.get(activate)["Location"].startswith(reverse("account_reauthenticate"))
    confirm_identity(client, director)
    assert client.get(activate).status_code == 200
    secret = client.session["mfa.totp.secret"]
    wrong = client.post(activate, {"code": "000000" if totp_code(secret) != "000000" else "1"})
    assert wrong.status_code == 200 and not has_totp(director)
    done = client.post(activate, {"code": totp_code(secret)})
    assert done.status_code == 302 and has_totp(director)
    assert client.get(f"/organisations/{org_a.pk}/").status_code == 200
    assert client.get(reverse("security:mfa_required"))["Location"] == reverse("home")


def test_an_enrolled_person_signs_in_with_password_then_code(client, org_a):
    director = member(org_a, "director", email="director@alpha.test")
    response = sign_in(client, director.email)
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get("/").status_code == 302  # not signed in yet
    assert client.post(reverse("mfa_authenticate"), {"code": "12345"}).status_code == 200
    assert "_auth_user_id" not in client.session
    done = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert done.status_code == 302
    assert client.session["_auth_user_id"] == str(director.pk)
    assert client.get(f"/organisations/{org_a.pk}/").status_code == 200


def test_a_person_who_must_use_mfa_cannot_switch_it_off(client, bsc_reviewer):
    client.force_login(bsc_reviewer)
    confirm_identity(client, bsc_reviewer)
    response = client.post(reverse("mfa_deactivate_totp"), {})
    assert response.status_code == 200
    assert Authenticator.objects.filter(user=bsc_reviewer, type="totp").exists()


def test_other_members_may_use_the_portal_without_mfa(client, contributor_a):
    sign_in(client, contributor_a.email)
    assert (
        client.get(f"/organisations/{contributor_a.memberships.get().organisation_id}/").status_code
        == 200
    )
