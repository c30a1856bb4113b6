"""The task outbox: written with the change, dispatched after commit, run once."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from mhhs_portal import outbox
from mhhs_portal.models import OutboxMessage, ScheduledRun
from mhhs_portal.schedule import scheduled_run_claim, scheduled_run_finish
from mhhs_portal.tasks import outbox_run
from qad.models import Notification
from tests.factories import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def not_eager():
    """Celery as in production: tasks go to a broker instead of running here."""
    from mhhs_portal.celery import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = eager


@pytest.fixture
def broker(monkeypatch, not_eager):
    """A broker whose answers the test scripts."""
    sent, state = [], {"down": False}

    def apply_async(args, **options):
        if state["down"]:
            raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
        sent.append(args[0])

    monkeypatch.setattr(outbox_run, "apply_async", apply_async)
    return type("Broker", (), {"sent": sent, "state": state})


def notify_message(people, text="Hello"):
    return outbox.enqueue("qad.tasks.deliver_notifications", [p.pk for p in people], text, "/x/")


def test_work_is_recorded_with_the_change_and_runs_after_commit(
    org_a, django_capture_on_commit_callbacks
):
    person = member(org_a, "contributor")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        message = notify_message([person])
        assert OutboxMessage.objects.filter(pk=message.pk, done_at__isnull=True).exists()
        assert not Notification.objects.exists()
    assert len(callbacks) == 1
    message.refresh_from_db()
    assert message.done_at is not None and message.dispatch_count == 1
    assert Notification.objects.get().recipient == person


def test_rolled_back_work_is_neither_recorded_nor_run(org_a, django_capture_on_commit_callbacks):
    person = member(org_a, "contributor")
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify_message([person])
        raise RuntimeError("the change is refused")
    assert callbacks == []
    assert not OutboxMessage.objects.exists() and not Notification.objects.exists()


def test_a_broker_outage_leaves_the_work_pending_and_the_drain_sends_it(
    org_a, broker, django_capture_on_commit_callbacks
):
    person = member(org_a, "contributor")
    broker.state["down"] = True
    with django_capture_on_commit_callbacks(execute=True):
        message = notify_message([person])
    message.refresh_from_db()
    assert message.dispatched_at is None and message.dispatch_count == 0
    assert "Connection refused" in message.last_error
    assert broker.sent == []

    broker.state["down"] = False
    out = io.StringIO()
    call_command("drain_outbox", stdout=out)
    assert "dispatched 1; pending 1" in out.getvalue()
    assert broker.sent == [message.pk]
    message.refresh_from_db()
    assert message.dispatched_at is not None and message.dispatch_count == 1


def test_the_drain_stops_at_the_first_broker_error(org_a, broker):
    person = member(org_a, "contributor")
    for text in ("one", "two", "three"):
        notify_message([person], text)
    broker.state["down"] = True
    assert outbox.outbox_drain() == 0
    assert OutboxMessage.objects.exclude(last_error="").count() == 1


def test_the_drain_leaves_done_recent_future_and_exhausted_messages(org_a, broker):
    person = member(org_a, "contributor")
    now = timezone.now()
    done = notify_message([person], "done")
    recent = notify_message([person], "recent")
    future = notify_message([person], "future")
    exhausted = notify_message([person], "exhausted")
    stale = notify_message([person], "stale")
    OutboxMessage.objects.filter(pk=done.pk).update(done_at=now)
    OutboxMessage.objects.filter(pk=recent.pk).update(dispatched_at=now - timedelta(minutes=1))
    OutboxMessage.objects.filter(pk=future.pk).update(available_at=now + timedelta(minutes=5))
    OutboxMessage.objects.filter(pk=exhausted.pk).update(dispatch_count=outbox.MAX_DISPATCHES)
    OutboxMessage.objects.filter(pk=stale.pk).update(
        dispatched_at=now - outbox.REDISPATCH_AFTER - timedelta(seconds=1)
    )
    assert outbox.outbox_drain() == 1
    assert broker.sent == [stale.pk]


def test_a_message_runs_once_however_often_it_is_delivered(org_a):
    person = member(org_a, "contributor")
    message = OutboxMessage.objects.create(
        task="qad.tasks.deliver_notifications",
        args=[[person.pk], "Once", "/x/"],
        available_at=timezone.now(),
    )
    assert outbox.outbox_run_message(message_id=message.pk) is True
    assert outbox.outbox_run_message(message_id=message.pk) is False
    assert Notification.objects.count() == 1


def test_a_failing_task_rolls_its_effects_back_and_stays_pending(org_a, monkeypatch, not_eager):
    person = member(org_a, "contributor")
    message = OutboxMessage.objects.create(
        task="qad.tasks.deliver_notifications",
        args=[[person.pk], "x" * 10, "/x/"],
        available_at=timezone.now(),
    )

    def half_done(*args, **kwargs):
        Notification.objects.create(recipient=person, text="half", link="/")
        raise ConnectionResetError("mail server went away")

    monkeypatch.setattr("qad.tasks.notifications_deliver", half_done)
    assert outbox.outbox_run_message(message_id=message.pk) is False
    message.refresh_from_db()
    assert message.done_at is None and "mail server went away" in message.last_error
    assert not Notification.objects.exists()


def test_a_scheduled_slot_is_claimed_once_and_taken_over_when_its_run_died():
    first = scheduled_run_claim(name="sweep-deadlines", slot="2026-03-02")
    assert first is not None
    assert scheduled_run_claim(name="sweep-deadlines", slot="2026-03-02") is None
    assert scheduled_run_claim(name="sweep-deadlines", slot="2026-03-03") is not None
    ScheduledRun.objects.filter(pk=first.pk).update(started_at=timezone.now() - timedelta(hours=1))
    taken_over = scheduled_run_claim(name="sweep-deadlines", slot="2026-03-02")
    assert taken_over is not None and taken_over.pk == first.pk
    scheduled_run_finish(run=taken_over, result={"qualifications": 0})
    ScheduledRun.objects.filter(pk=first.pk).update(started_at=timezone.now() - timedelta(hours=2))
    assert scheduled_run_claim(name="sweep-deadlines", slot="2026-03-02") is None


def test_the_cache_answers_as_empty_while_redis_is_down():
    from mhhs_portal.cache import TolerantRedisCache

    # Nothing listens on port 9 (discard) on loopback.
    cache = TolerantRedisCache(
        "redis://127.0.0.1:9/0", {"OPTIONS": {"socket_connect_timeout": 0.2}}
    )
    assert cache.get("key", "default") == "default"
    assert cache.set("key", "value") is None
    assert cache.add("lock", True) is True  # a lock taken, not waited for
    assert cache.get_many(["a", "b"]) == {}
    assert cache.delete("key") is False
    with pytest.raises(ValueError):
        cache.incr("counter")
