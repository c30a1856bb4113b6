"""A real Celery worker process for tests that must cross the broker.

With REDIS_URL unset the settings run tasks eagerly in-process; these
fixtures exist to prove the production path (task -> Redis -> worker ->
result backend) works, so they need a configured Redis.
"""

import os
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from celery._state import _set_task_join_will_block

from tests.services import postgres, redis_url  # noqa: F401  (fixtures)

from .processes import start_worker, stop_process

STARTUP_TIMEOUT = 30.0


@pytest.fixture(autouse=True)
def _celery_join_flag():
    """Eager tasks run by parallel threads (the race tests) race on Celery's
    process-wide "inside a task" flag and can leave it set, after which
    result.get() refuses to wait."""
    yield
    _set_task_join_will_block(False)


@dataclass
class CeleryWorker:
    process: subprocess.Popen
    hostname: str
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def _worker_database_url(request) -> str | None:
    """The DATABASE_URL the worker needs to see the rows tests create.

    pytest-django renames the database to test_<name>; a worker on the
    original name would read another database. An SQLite test database lives
    in memory, out of the worker's reach, so SQLite keeps the URL as given.
    """
    url = os.environ.get("DATABASE_URL")
    from django.db import connection

    if not url or connection.vendor != "postgresql":
        return url
    request.getfixturevalue("django_db_setup")
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + connection.settings_dict["NAME"]))


@pytest.fixture(scope="session")
def celery_worker_process(request, redis_url, tmp_path_factory):  # noqa: F811
    """One worker for the session. On PostgreSQL it uses the test database, so
    tests whose rows the worker must read need django_db(transaction=True)."""
    from mhhs_portal.celery import app

    if not app.conf.broker_url.startswith("redis"):
        pytest.fail(
            f"REDIS_URL is set but the Celery broker is {app.conf.broker_url!r}: "
            "mhhs_portal.settings must use REDIS_URL as CELERY_BROKER_URL",
            pytrace=False,
        )

    env = dict(os.environ, REDIS_URL=redis_url)
    database_url = _worker_database_url(request)
    if database_url:
        env["DATABASE_URL"] = database_url
    # A unique node name, so a ping answered by some other worker on the same
    # Redis cannot pass for this one.
    hostname = f"pytest-{uuid.uuid4().hex[:8]}@localhost"
    log_path = tmp_path_factory.mktemp("celery") / "worker.log"
    process = start_worker(env, log_path, hostname=hostname, loglevel="warning")
    worker = CeleryWorker(process, hostname, log_path)
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not app.control.ping(destination=[worker.hostname], timeout=0.5):
            if process.poll() is not None:
                pytest.fail(
                    f"Celery worker exited with {process.returncode}:\n{worker.log()}",
                    pytrace=False,
                )
            if time.monotonic() > deadline:
                pytest.fail(
                    f"Celery worker gave no ping reply in {STARTUP_TIMEOUT:.0f}s:\n{worker.log()}",
                    pytrace=False,
                )
        yield worker
    finally:
        stop_process(process)
