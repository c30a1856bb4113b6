"""The deadline sweep on the production components: a real Celery worker on a
real Redis broker writing to PostgreSQL, and two sweeps racing on PostgreSQL."""

import threading
from datetime import date

import celery.exceptions
import pytest
from django.db import connections

from mhhs_portal.celery import app
from qualification.models import Event
from tests.waves.deadline_helpers import allocated, happened
from waves.models import Deadline, DeadlineNotice
from waves.sweep import deadlines_sweep
from waves.tasks import sweep_deadlines

# A flush after each transactional test drops the migrations' reference data,
# so the reference_data fixture puts it back.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]

NOTICE_EVENTS = ["deadline_reminder", "deadline_escalated"]


def test_sweep_through_a_real_worker_writes_the_rows(postgres, celery_worker_process):
    q = allocated("wave_1")
    happened(q, "initial_qad_submitted", date(2025, 5, 20))
    # send_task never runs eagerly: the worker process does the sweep.
    result = app.send_task(sweep_deadlines.name, kwargs={"as_of": "2025-06-01"})
    try:
        summary = result.get(timeout=30)
    except celery.exceptions.TimeoutError:
        pytest.fail(f"no result in 30s; worker log:\n{celery_worker_process.log()}")
    finally:
        result.forget()
    rows = Deadline.objects.filter(qualification=q)
    # The event above may already have queued a sweep of its own qualification
    # (waves.receivers), so the rows may come from either task: count them.
    assert summary["qualifications"] == 1
    assert rows.count() == 26
    assert rows.get(activity__key="initial_qad_submission").status == "met_on_time"
    assert rows.get(activity__key="qt_entry_checkpoint_1").status == "due_soon"
    reminder = Event.objects.get(
        kind="deadline_reminder", payload__activity="qt_entry_checkpoint_1"
    )
    assert reminder.qualification_id == q.pk


def test_two_sweeps_at_once_record_each_notice_once(postgres):
    for _ in range(6):
        allocated("wave_1")
    barrier = threading.Barrier(2)
    errors = []

    def sweep():
        try:
            barrier.wait(timeout=10)
            deadlines_sweep(as_of=date(2025, 6, 1), batch_size=2)
        except Exception as exc:  # the assertion below reports it
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    notices = DeadlineNotice.objects.count()
    assert notices == Deadline.objects.filter(status__in=["due_soon", "overdue"]).count() > 0
    assert Event.objects.filter(kind__in=NOTICE_EVENTS).count() == notices
    assert Deadline.objects.count() == 6 * 26
