"""Sessions: a new key at sign-in, idle and absolute timeouts, sign-out and
deactivation end them."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from mhhs_portal.exceptions import IllegalTransition, NotPermitted
from mhhs_portal.security.services import user_deactivate
from qualification.models import Event
from tests.api_tokens import token_for
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def home_of(user):
    return f"/organisations/{user.memberships.get().organisation_id}/"


def test_signing_in_gives_a_new_session_key(client, contributor_a):
    session = client.session
    session["before_sign_in"] = "x"
    session.save()
    before = session.session_key
    response = client.post("/accounts/login/", {"login": contributor_a.email, "password": PASSWORD})
    assert response.status_code == 302
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    # Whoever planted the old key (session fixation) holds nothing.
    planted = Client()
    planted.cookies[settings.SESSION_COOKIE_NAME] = before
    assert planted.get(home_of(contributor_a)).status_code == 302


def test_signing_out_ends_the_session_even_for_a_copied_cookie(client, contributor_a):
    client.force_login(contributor_a)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.post("/accounts/logout/").status_code == 302
    thief = Client()
    thief.cookies[settings.SESSION_COOKIE_NAME] = cookie
    response = thief.get(home_of(contributor_a))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_idle_session_ends(client, contributor_a):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(contributor_a)
        clock.move_to(start + timedelta(seconds=settings.SESSION_IDLE_TIMEOUT - 5))
        assert client.get(home_of(contributor_a)).status_code == 200  # activity moves the clock
        clock.move_to(start + timedelta(seconds=2 * settings.SESSION_IDLE_TIMEOUT - 10))
        assert client.get(home_of(contributor_a)).status_code == 200
        clock.move_to(start + timedelta(seconds=3 * settings.SESSION_IDLE_TIMEOUT))
        response = client.get(home_of(contributor_a))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_a_busy_session_still_ends_at_its_absolute_limit(client, contributor_a):
    start = timezone.now()
    step = timedelta(seconds=settings.SESSION_IDLE_TIMEOUT // 2)
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(contributor_a)
        moment = start
        while moment + step < start + timedelta(seconds=settings.SESSION_ABSOLUTE_TIMEOUT):
            moment += step
            clock.move_to(moment)
            assert client.get(home_of(contributor_a)).status_code == 200
        clock.move_to(start + timedelta(seconds=settings.SESSION_ABSOLUTE_TIMEOUT + 1))
        response = client.get(home_of(contributor_a))
    assert response.status_code == 302


def test_an_ordinary_request_does_not_rewrite_the_session(client, contributor_a):
    client.force_login(contributor_a)
    client.get(home_of(contributor_a))
    before = Session.objects.get().session_data
    client.get(home_of(contributor_a))
    assert Session.objects.get().session_data == before


def test_deactivation_ends_every_session_and_stops_tokens(contributor_a, org_a):
    root = UserFactory(is_superuser=True, is_staff=True, email="root@programme.test")
    phone, laptop = Client(), Client()
    phone.force_login(contributor_a)
    laptop.force_login(contributor_a)
    other = Client()
    other.force_login(root)
    key = token_for(contributor_a, org_a)
    assert Session.objects.count() == 3
    user_deactivate(actor=root, user=contributor_a, reason="left the company")
    assert Session.objects.count() == 1  # only the administrator's
    for client in (phone, laptop):
        assert client.get(home_of(contributor_a)).status_code == 302
    api = Client().get("/api/v1/organisations/", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.status_code in (401, 403)
    contributor_a.refresh_from_db()
    assert not contributor_a.is_active
    assert contributor_a.history.first().history_user == root
    assert Event.objects.filter(kind="user_deactivated", actor=root).count() == 1


def test_only_an_administrator_deactivates_and_only_once(admin_a, contributor_a):
    client = Client()
    client.force_login(contributor_a)
    with pytest.raises(NotPermitted):
        user_deactivate(actor=admin_a, user=contributor_a)
    contributor_a.refresh_from_db()
    assert contributor_a.is_active and Session.objects.count() == 1
    assert not Event.objects.filter(kind="user_deactivated").exists()
    root = UserFactory(is_superuser=True, is_staff=True)
    user_deactivate(actor=root, user=contributor_a)
    with pytest.raises(IllegalTransition):
        user_deactivate(actor=root, user=contributor_a)
    assert Event.objects.filter(kind="user_deactivated").count() == 1
