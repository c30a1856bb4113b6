"""The production task path: broker, a separate worker process, result backend."""

import celery.exceptions
import pytest

from mhhs_portal.celery import app
from mhhs_portal.tasks import ping


def test_worker_has_registered_the_project_tasks(celery_worker_process):
    registered = app.control.inspect([celery_worker_process.hostname], timeout=5).registered()
    assert registered, f"no inspect reply from {celery_worker_process.hostname}"
    assert ping.name in registered[celery_worker_process.hostname]


def test_task_round_trip_through_redis_and_worker(celery_worker_process):
    # send_task, unlike delay(), never runs eagerly: the result must come back
    # from the worker process.
    result = app.send_task(ping.name)
    try:
        assert result.get(timeout=20) == "pong"
    except celery.exceptions.TimeoutError:
        pytest.fail(f"no result in 20s; worker log:\n{celery_worker_process.log()}")
    finally:
        result.forget()
