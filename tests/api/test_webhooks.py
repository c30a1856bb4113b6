"""Webhooks: signed deliveries to a real loopback receiver, retries, the log, replays, scope."""

import hashlib
import hmac
import json
import time

import pytest

from examples.sync_client import verify_signature
from mhhs_portal.api.webhooks import (
    webhook_endpoint_register,
    webhook_endpoint_remove,
    webhook_replay,
)
from mhhs_portal.exceptions import NotPermitted, ValidationFailed
from qualification.models import Event, WebhookDelivery
from qualification.services import mpid_register
from tests.factories import QualificationFactory, market_role
from tests.webhook_receiver import webhook_receiver

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_backoff(settings):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 0


def _register_mpid(admin, org, code, on_commit):
    with on_commit(execute=True):
        mpid_register(actor=admin, organisation=org, code=code, market_role=market_role("SUPPLIER"))


def test_a_delivery_is_signed_and_logged(admin_a, org_a, django_capture_on_commit_callbacks):
    QualificationFactory(organisation=org_a)
    with webhook_receiver() as receiver:
        _, secret = webhook_endpoint_register(
            actor=admin_a, organisation=org_a, url=receiver.url, event_kinds=["mpid_registered"]
        )
        _register_mpid(admin_a, org_a, "HOOK", django_capture_on_commit_callbacks)
    [(headers, body)] = receiver.received
    timestamp, signature = (p.split("=", 1)[1] for p in headers["X-MHHS-Signature"].split(","))
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    assert signature == expected.hexdigest()
    assert abs(int(timestamp) - time.time()) < 60
    event = json.loads(body)["event"]
    assert event["kind"] == "mpid_registered" and event["payload"]["mpid"] == "HOOK"
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status_code, delivery.attempt, delivery.succeeded) == (200, 1, True)
    assert delivery.response_excerpt == "thanks"
    assert verify_signature(secret, headers["X-MHHS-Signature"], body)


def test_a_failed_delivery_is_retried_and_each_attempt_logged(
    admin_a, org_a, django_capture_on_commit_callbacks
):
    QualificationFactory(organisation=org_a)
    with webhook_receiver(fail_first=2) as receiver:
        webhook_endpoint_register(actor=admin_a, organisation=org_a, url=receiver.url)
        _register_mpid(admin_a, org_a, "RTRY", django_capture_on_commit_callbacks)
    attempts = WebhookDelivery.objects.order_by("id").values_list("attempt", "status_code")
    assert list(attempts) == [(1, 503), (2, 503), (3, 200)]
    assert len({body for _, body in receiver.received}) == 1


def test_an_unreachable_endpoint_gives_up_after_the_last_attempt(
    admin_a, org_a, django_capture_on_commit_callbacks
):
    QualificationFactory(organisation=org_a)
    with webhook_receiver() as receiver:
        url = receiver.url
    webhook_endpoint_register(actor=admin_a, organisation=org_a, url=url)
    _register_mpid(admin_a, org_a, "DEAD", django_capture_on_commit_callbacks)
    deliveries = WebhookDelivery.objects.order_by("id")
    assert [d.attempt for d in deliveries] == [1, 2, 3, 4, 5, 6]
    assert all(d.status_code is None and d.error for d in deliveries)


def test_only_events_the_owner_may_see_are_delivered(
    admin_a, org_a, admin_b, org_b, django_capture_on_commit_callbacks
):
    QualificationFactory(organisation=org_b)
    with webhook_receiver() as receiver:
        webhook_endpoint_register(actor=admin_a, organisation=org_a, url=receiver.url)
        _register_mpid(admin_b, org_b, "BRV9", django_capture_on_commit_callbacks)
    assert receiver.received == []


def test_a_body_endpoint_gets_events_of_organisations_it_governs(
    bsc_reviewer, rec_reviewer, admin_a, org_a, django_capture_on_commit_callbacks
):
    QualificationFactory(organisation=org_a, market_role=market_role("SUPPLIER"))  # BSC + REC
    with webhook_receiver() as bsc, webhook_receiver() as rec:
        webhook_endpoint_register(actor=bsc_reviewer, body="BSC", url=bsc.url)
        webhook_endpoint_register(actor=rec_reviewer, body="REC", url=rec.url)
        _register_mpid(admin_a, org_a, "GOVN", django_capture_on_commit_callbacks)
    assert len(bsc.received) == 1 and len(rec.received) == 1


def test_a_replay_sends_the_event_again(admin_a, org_a, django_capture_on_commit_callbacks):
    QualificationFactory(organisation=org_a)
    with webhook_receiver() as receiver:
        webhook_endpoint_register(actor=admin_a, organisation=org_a, url=receiver.url)
        _register_mpid(admin_a, org_a, "RPLY", django_capture_on_commit_callbacks)
        with django_capture_on_commit_callbacks(execute=True):
            webhook_replay(actor=admin_a, delivery=WebhookDelivery.objects.get())
    assert len(receiver.received) == 2
    assert WebhookDelivery.objects.filter(is_replay=True).count() == 1


def test_rights_and_validation(admin_a, org_a, admin_b, contributor_a, bsc_reviewer):
    with pytest.raises(NotPermitted):
        webhook_endpoint_register(actor=contributor_a, organisation=org_a, url="https://x.test")
    with pytest.raises(NotPermitted):
        webhook_endpoint_register(actor=admin_b, organisation=org_a, url="https://x.test")
    with pytest.raises(NotPermitted):
        webhook_endpoint_register(actor=bsc_reviewer, body="REC", url="https://x.test")
    with pytest.raises(ValidationFailed):
        webhook_endpoint_register(actor=admin_a, organisation=org_a, url="ftp://x.test")
    with pytest.raises(ValidationFailed):
        webhook_endpoint_register(
            actor=admin_a, organisation=org_a, url="https://x.test", event_kinds=["nope"]
        )
    endpoint, _ = webhook_endpoint_register(actor=admin_a, organisation=org_a, url="https://x.test")
    with pytest.raises(NotPermitted):
        webhook_endpoint_remove(actor=admin_b, endpoint=endpoint)
    webhook_endpoint_remove(actor=admin_a, endpoint=endpoint)
    assert Event.objects.filter(kind="webhook_endpoint_removed").count() == 1


def test_a_removed_endpoint_gets_nothing(admin_a, org_a, django_capture_on_commit_callbacks):
    QualificationFactory(organisation=org_a)
    with webhook_receiver() as receiver:
        endpoint, _ = webhook_endpoint_register(actor=admin_a, organisation=org_a, url=receiver.url)
        webhook_endpoint_remove(actor=admin_a, endpoint=endpoint)
        _register_mpid(admin_a, org_a, "GONE", django_capture_on_commit_callbacks)
    assert receiver.received == []


def test_verify_signature_refuses_tampering_and_old_timestamps():
    body, secret = b'{"event": {}}', "whsec_test"
    from mhhs_portal.api.webhooks import webhook_signature

    header = webhook_signature(secret, int(time.time()), body)
    assert verify_signature(secret, header, body)
    assert not verify_signature(secret, header, body + b" ")
    assert not verify_signature("whsec_other", header, body)
    old = webhook_signature(secret, int(time.time()) - 3600, body)
    assert not verify_signature(secret, old, body)
    assert not verify_signature(secret, "garbage", body)
