"""API tokens: created by services with rights, hashed, scoped, expiring, revocable, throttled."""

import hashlib
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from mhhs_portal.api.tokens import api_token_create, api_token_revoke
from mhhs_portal.exceptions import NotPermitted, ValidationFailed
from qualification.models import ApiToken, Event, Membership
from tests.api.helpers import assert_problem, bearer
from tests.factories import QualificationFactory, market_role, staff

pytestmark = pytest.mark.django_db


def test_an_admin_creates_a_hashed_token_shown_once(admin_a, org_a):
    token, raw = api_token_create(actor=admin_a, organisation=org_a, name="Tracker")
    assert raw.startswith(f"mhhs_{token.prefix}_")
    assert token.secret_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in str(ApiToken.objects.values().get(pk=token.pk))
    event = Event.objects.get(kind="api_token_created")
    assert event.organisation == org_a and raw not in str(event.payload)


@pytest.mark.parametrize("role", ["contributor", "director", "viewer"])
def test_only_the_admin_creates_organisation_tokens(org_a, role, request):
    user = request.getfixturevalue(f"{role}_a")
    with pytest.raises(NotPermitted):
        api_token_create(actor=user, organisation=org_a, name="Tracker")
    assert not ApiToken.objects.exists() and not Event.objects.exists()


def test_another_organisations_admin_cannot_create_or_revoke(admin_a, admin_b, org_a):
    with pytest.raises(NotPermitted):
        api_token_create(actor=admin_b, organisation=org_a, name="Sneaky")
    token, _ = api_token_create(actor=admin_a, organisation=org_a, name="Tracker")
    with pytest.raises(NotPermitted):
        api_token_revoke(actor=admin_b, token=token)
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_token_reads_its_organisation_only(admin_a, org_a, org_b, admin_b):
    _, raw = api_token_create(actor=admin_a, organisation=org_a, name="Tracker")
    client = bearer(raw)
    names = [row["name"] for row in client.get("/api/v1/organisations/").json()["results"]]
    assert names == [org_a.name]
    assert_problem(client.get(f"/api/v1/organisations/{org_b.pk}/"), 404, "not_found")


def test_token_and_bearer_schemes_both_work(admin_a, org_a):
    _, raw = api_token_create(actor=admin_a, organisation=org_a, name="Tracker")
    client = bearer(raw)
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    assert client.get("/api/v1/organisations/").status_code == 200


def test_a_read_token_cannot_write(admin_a, org_a):
    _, raw = api_token_create(actor=admin_a, organisation=org_a, name="Reader")
    response = bearer(raw).post(
        f"/api/v1/organisations/{org_a.pk}/mpids/", {"code": "RDR1", "market_role": "SUPPLIER"}
    )
    assert_problem(response, 403, "insufficient_scope")
    assert not org_a.mpids.exists()


def test_a_write_token_writes_with_its_owners_rights(admin_a, org_a):
    QualificationFactory(organisation=org_a)
    _, raw = api_token_create(actor=admin_a, organisation=org_a, name="Writer", scope="write")
    response = bearer(raw).post(
        f"/api/v1/organisations/{org_a.pk}/mpids/",
        {"code": "WRT1", "market_role": "SUPPLIER"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert Event.objects.filter(kind="mpid_registered", actor=admin_a).exists()


def test_a_service_account_acts_as_the_organisation(admin_a, org_a, org_b):
    token, raw = api_token_create(
        actor=admin_a, organisation=org_a, name="Nightly sync", service_account=True
    )
    assert token.user != admin_a and not token.user.has_usable_password()
    assert Membership.objects.get(user=token.user).organisation == org_a
    names = [row["name"] for row in bearer(raw).get("/api/v1/organisations/").json()["results"]]
    assert names == [org_a.name]


def test_an_admin_of_two_organisations_gets_a_token_for_one(admin_a, org_a, org_b):
    Membership.objects.create(user=admin_a, organisation=org_b, role="admin")
    _, raw = api_token_create(actor=admin_a, organisation=org_a, name="Tracker")
    names = [row["name"] for row in bearer(raw).get("/api/v1/organisations/").json()["results"]]
    assert names == [org_a.name]


@pytest.mark.parametrize(
    ("change", "code"),
    [("revoke", "token_revoked"), ("expire", "token_expired"), ("garble", "authentication_failed")],
)
def test_revoked_expired_and_wrong_tokens_answer_401(admin_a, org_a, change, code):
    token, raw = api_token_create(
        actor=admin_a,
        organisation=org_a,
        name="Tracker",
        expires_at=timezone.now() + timedelta(days=1),
    )
    if change == "revoke":
        api_token_revoke(actor=admin_a, token=token)
    elif change == "garble":
        raw = raw[:-2] + "xx"
    travel = timedelta(days=2) if change == "expire" else timedelta(0)
    with time_machine.travel(timezone.now() + travel):
        response = bearer(raw).get("/api/v1/organisations/")
    body = assert_problem(response, 401, code)
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert org_a.name not in str(body)


def test_revoking_records_an_event_and_cannot_happen_twice(admin_a, org_a):
    token, _ = api_token_create(actor=admin_a, organisation=org_a, name="Tracker")
    api_token_revoke(actor=admin_a, token=token)
    assert Event.objects.filter(kind="api_token_revoked", organisation=org_a).count() == 1
    with pytest.raises(Exception, match="already revoked"):
        api_token_revoke(actor=admin_a, token=token)


def test_last_used_is_written_at_most_once_a_minute(admin_a, org_a):
    token, raw = api_token_create(actor=admin_a, organisation=org_a, name="Tracker")
    client = bearer(raw)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.get("/api/v1/organisations/")
        token.refresh_from_db()
        first = token.last_used_at
        assert first == start
    with time_machine.travel(start + timedelta(seconds=30), tick=False):
        client.get("/api/v1/organisations/")
        token.refresh_from_db()
        assert token.last_used_at == first
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        client.get("/api/v1/organisations/")
        token.refresh_from_db()
        assert token.last_used_at == start + timedelta(seconds=61)


def test_the_expiry_must_be_in_the_future(admin_a, org_a):
    with pytest.raises(ValidationFailed):
        api_token_create(actor=admin_a, organisation=org_a, name="Old", expires_at=timezone.now())


def test_a_staff_token_sees_only_its_body():
    from tests.factories import OrganisationFactory, StaffAssignmentFactory

    both = staff("reviewer", "BSC", email="both@bodies.test")
    StaffAssignmentFactory(user=both, duty="reviewer", body="REC")
    smart = OrganisationFactory(name="Smart Metering Co")  # MEM roles: REC + DIP, not BSC
    QualificationFactory(organisation=smart, market_role=market_role("MEM_SMART"))
    supplier = OrganisationFactory(name="Supplier Co")
    QualificationFactory(organisation=supplier, market_role=market_role("SUPPLIER"))
    names = {}
    for body in ("BSC", "REC"):
        _, raw = api_token_create(actor=both, name=f"{body} sync", body=body)
        rows = bearer(raw).get("/api/v1/organisations/").json()["results"]
        names[body] = {row["name"] for row in rows}
    assert "Smart Metering Co" not in names["BSC"] and "Supplier Co" in names["BSC"]
    assert "Smart Metering Co" in names["REC"]


def test_staff_may_not_take_a_token_for_a_body_they_do_not_serve(bsc_reviewer, admin_a):
    with pytest.raises(ValidationFailed):
        api_token_create(actor=bsc_reviewer, name="REC", body="REC")
    with pytest.raises(NotPermitted):
        api_token_create(actor=admin_a, name="No org", body="BSC")


def test_each_token_has_its_own_rate(admin_a, org_a, settings):
    settings.API_TOKEN_RATE = "3/minute"
    from django.core.cache import cache

    cache.clear()
    _, first = api_token_create(actor=admin_a, organisation=org_a, name="One")
    _, second = api_token_create(actor=admin_a, organisation=org_a, name="Two")
    client = bearer(first)
    statuses = [client.get("/api/v1/organisations/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/organisations/")
    assert_problem(response, 429, "throttled")
    assert int(response["Retry-After"]) > 0
    assert bearer(second).get("/api/v1/organisations/").status_code == 200
