"""Sign-in rate limits are keyed by (client address, account): a guesser
locks only themselves out. Password validators refuse weak passwords."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def attempt(client, email, password, ip):
    return client.post(LOGIN, {"login": email, "password": password}, REMOTE_ADDR=ip)


def test_failures_from_one_address_lock_that_address_out_not_the_person(client, contributor_a):
    attacker = "203.0.113.9"
    for _ in range(5):
        assert attempt(client, contributor_a.email, "wrong-guess", attacker).status_code == 200
    locked = attempt(client, contributor_a.email, PASSWORD, attacker)
    assert locked.status_code == 200
    assert "Too many failed login attempts" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # The real person, from their own address, signs in.
    real = attempt(client, contributor_a.email, PASSWORD, "198.51.100.7")
    assert real.status_code == 302
    assert client.session["_auth_user_id"] == str(contributor_a.pk)


def test_one_address_cannot_guess_at_many_accounts_quickly(client, org_a):
    from tests.factories import member

    people = [member(org_a, "viewer", email=f"viewer{n}@alpha.test") for n in range(21)]
    answers = [attempt(client, p.email, "wrong-guess", "203.0.113.10") for p in people]
    assert "Too many failed login attempts" in answers[-1].content.decode()
    assert "Too many failed login attempts" not in answers[0].content.decode()


@pytest.mark.parametrize(
    "password", ["short-pw1", "password12345", "123456789012", "alpha.test.contributor"]
)
def test_weak_passwords_are_refused(contributor_a, password):
    contributor_a.email = "alpha.test.contributor@alpha.test"
    with pytest.raises(ValidationError):
        validate_password(password, contributor_a)


def test_a_long_unusual_password_is_accepted(contributor_a):
    validate_password("meter-reading-at-dawn-42", contributor_a)
