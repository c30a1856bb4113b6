"""ETags with If-None-Match, and Idempotency-Key on POSTs."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from qualification.models import Event, IdempotencyRecord, Mpid
from tests.api.helpers import assert_problem, bearer
from tests.api_tokens import token_for
from tests.factories import QualificationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/api/v1/organisations/", "/api/v1/qualifications/", "detail"])
def test_an_unchanged_resource_answers_304(admin_a, org_a, path):
    q = QualificationFactory(organisation=org_a)
    path = f"/api/v1/qualifications/{q.pk}/" if path == "detail" else path
    client = bearer(token_for(admin_a, org_a))
    first = client.get(path)
    etag = first["ETag"]
    assert etag.startswith('W/"') and "Authorization" in first["Vary"]
    again = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag and not again.content


def test_a_change_gives_a_new_etag(admin_a, org_a):
    from qualification.services import qualification_transition

    q = QualificationFactory(organisation=org_a)
    client = bearer(token_for(admin_a, org_a))
    etag = client.get(f"/api/v1/qualifications/{q.pk}/")["ETag"]
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        qualification_transition(
            actor=admin_a, qualification=q, transition="withdraw", reason="Leaving the market"
        )
    response = client.get(f"/api/v1/qualifications/{q.pk}/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response["ETag"] != etag


def test_two_users_never_share_an_etag(org_a, admin_a, viewer_a):
    a = bearer(token_for(admin_a, org_a)).get("/api/v1/organisations/")
    b = bearer(token_for(viewer_a, org_a))
    assert a.content == b.get("/api/v1/organisations/").content
    assert b.get("/api/v1/organisations/", HTTP_IF_NONE_MATCH=a["ETag"]).status_code == 200


def _post_mpid(client, org, code="IDM1", key="key-1"):
    return client.post(
        f"/api/v1/organisations/{org.pk}/mpids/",
        {"code": code, "market_role": "SUPPLIER"},
        format="json",
        HTTP_IDEMPOTENCY_KEY=key,
    )


def test_a_replayed_post_returns_the_first_response_and_writes_once(admin_a, org_a):
    QualificationFactory(organisation=org_a)
    client = bearer(token_for(admin_a, org_a, scope="write"))
    first = _post_mpid(client, org_a)
    second = _post_mpid(client, org_a)
    assert first.status_code == second.status_code == 201
    assert first.content == second.content
    assert second["Idempotent-Replayed"] == "true"
    assert Mpid.objects.filter(code="IDM1").count() == 1
    assert Event.objects.filter(kind="mpid_registered").count() == 1


def test_the_same_key_with_another_body_is_422(admin_a, org_a):
    QualificationFactory(organisation=org_a)
    client = bearer(token_for(admin_a, org_a, scope="write"))
    _post_mpid(client, org_a)
    assert_problem(_post_mpid(client, org_a, code="IDM2"), 422, "idempotency_key_reused")
    assert not Mpid.objects.filter(code="IDM2").exists()


def test_keys_belong_to_one_credential(admin_a, org_a):
    QualificationFactory(organisation=org_a)
    one = bearer(token_for(admin_a, org_a, scope="write"))
    two = bearer(token_for(admin_a, org_a, scope="write"))
    assert _post_mpid(one, org_a).status_code == 201
    # Same key, another token: a request of its own, refused by the rules (duplicate MPID).
    response = _post_mpid(two, org_a)
    assert response.status_code == 400 and "Idempotent-Replayed" not in response


def test_an_error_answer_is_replayed_too(admin_a, org_a):
    client = bearer(token_for(admin_a, org_a, scope="write"))
    first = _post_mpid(client, org_a, code="bad")
    assert_problem(first, 400)
    assert _post_mpid(client, org_a, code="bad").content == first.content


def test_keys_expire_after_a_day(admin_a, org_a):
    QualificationFactory(organisation=org_a)
    client = bearer(token_for(admin_a, org_a, scope="write"))
    _post_mpid(client, org_a)
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        response = _post_mpid(client, org_a, code="IDM9")
    assert response.status_code == 201
    assert IdempotencyRecord.objects.count() == 1


def test_a_post_in_progress_is_409(admin_a, org_a):
    client = bearer(token_for(admin_a, org_a, scope="write"))
    first = _post_mpid(client, org_a, code="bad")
    record = IdempotencyRecord.objects.get()
    record.status_code = None
    record.save()
    assert first.status_code == 400
    assert_problem(_post_mpid(client, org_a, code="bad"), 409, "idempotency_request_in_progress")


def test_an_unauthenticated_post_is_not_kept(org_a):
    from rest_framework.test import APIClient

    response = _post_mpid(APIClient(), org_a)
    assert response.status_code in {401, 403}
    assert not IdempotencyRecord.objects.exists()
