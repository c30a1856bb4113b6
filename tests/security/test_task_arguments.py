"""Identifiers of another tenant passed to a task are refused, as in a URL."""

import pytest

from governance.services import meeting_create
from governance.tasks import generate_pack
from mhhs_portal.api import tasks
from mhhs_portal.api.webhooks import webhook_endpoint_register
from mhhs_portal.exceptions import NotPermitted
from qualification.events import event_record
from qualification.models import WebhookDelivery
from tests.factories import staff

pytestmark = pytest.mark.django_db


def test_a_webhook_task_refuses_another_tenants_event(monkeypatch, org_a, org_b, admin_a, admin_b):
    attempts = []

    class Delivered:
        succeeded = True

    def attempt(**kwargs):
        attempts.append(kwargs)
        return Delivered()

    monkeypatch.setattr(tasks, "webhook_attempt", attempt)
    endpoint_b, _ = webhook_endpoint_register(
        actor=admin_b, organisation=org_b, url="https://hooks.bravo.test/in"
    )
    endpoint_a, _ = webhook_endpoint_register(
        actor=admin_a, organisation=org_a, url="https://hooks.alpha.test/in"
    )
    event_a = event_record(kind="member_added", actor=admin_a, organisation=org_a)
    assert tasks.deliver_webhook.apply(args=(endpoint_b.pk, event_a.pk)).result is False
    assert attempts == [] and not WebhookDelivery.objects.exists()
    # The same task with the owner's own endpoint goes ahead.
    tasks.deliver_webhook.apply(args=(endpoint_a.pk, event_a.pk))
    assert [a["endpoint"] for a in attempts] == [endpoint_a]


def test_the_pack_task_checks_the_person_it_is_given(admin_a):
    secretariat = staff("pab_secretariat", email="secretariat@pab.test")
    meeting = meeting_create(actor=secretariat, title="BSC PAB 500", starts_at="2026-06-01T10:00Z")
    with pytest.raises(NotPermitted):
        generate_pack.apply(args=(meeting.pk, admin_a.pk), throw=True)
