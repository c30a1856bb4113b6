"""Fault injection on loopback: Redis stopped, a worker killed mid-task, two beats.

Each test starts its own redis-server (and its own worker and gunicorn where
it needs them) so stopping it cannot disturb the shared services or CI's.
The portal processes use this run's PostgreSQL test database, which is why
the tests need PostgreSQL and are transactional.
"""

import threading
import time
from contextlib import contextmanager
from datetime import UTC, date, datetime

import psycopg2
import pytest
import requests
from celery import Celery
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection, connections, transaction
from django.urls import reverse
from django.utils import timezone

from mhhs_portal.models import OutboxMessage, ScheduledRun
from qad.models import Notification
from qualification.events import event_record
from qualification.models import Event, Mpid
from tests.factories import OrganisationFactory, QualificationFactory, allocate, market_role, member
from waves.models import Deadline

from .processes import (
    PostgresCluster,
    RedisServer,
    manage,
    portal_env,
    run_database_url,
    run_pg_tool,
    start_gunicorn,
    start_worker,
    stop_process,
    wait_for,
)
from .scenarios import race

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-password-1"
# A request that has to queue work may spend the broker timeout (2 s) trying;
# it must never hang for the length of the outage.
REQUEST_BUDGET_SECONDS = 5.0


@contextmanager
def celery_broker(url: str):
    """This process sends tasks to `url` instead of running them in-process."""
    from mhhs_portal.celery import app

    saved = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager, app.conf.broker_url = False, url
    app._pool = app.amqp._producer_pool = None
    try:
        yield app
    finally:
        app.conf.task_always_eager, app.conf.broker_url = saved
        app._pool = app.amqp._producer_pool = None


def pending() -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(done_at__isnull=True))


def post_form(session: requests.Session, url: str, data: dict) -> requests.Response:
    """A form POST as a browser sends it: the CSRF token and a same-origin Referer."""
    return session.post(
        url,
        data={**data, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        headers={"Referer": url},
        timeout=REQUEST_BUDGET_SECONDS,
    )


def sign_in(base_url: str, email: str) -> requests.Session:
    session = requests.Session()
    login = f"{base_url}{reverse('account_login')}"
    page = session.get(login, timeout=REQUEST_BUDGET_SECONDS)
    assert page.status_code == 200
    response = post_form(session, login, {"login": email, "password": PASSWORD})
    assert response.status_code == 200 and response.url.rstrip("/") != login.rstrip("/"), (
        response.status_code,
        response.url,
    )
    return session


def test_with_redis_stopped_pages_work_and_queued_work_waits_in_the_outbox(
    postgres, reference_data, tmp_path
):
    redis = RedisServer(tmp_path).start()
    organisation = OrganisationFactory()
    admin = member(organisation, "admin", email="admin@outage.test")
    # The portal's own hasher: the test settings' fast one is unknown to gunicorn.
    admin.password = PBKDF2PasswordHasher().encode(PASSWORD, "outagesalt")
    admin.save(update_fields=["password"])
    qualification = QualificationFactory(
        organisation=organisation, market_role=market_role("SUPPLIER")
    )
    allocate(qualification, "wave_1")
    env = portal_env(database_url=run_database_url(), redis_url=redis.url)
    server, base_url = start_gunicorn(env, tmp_path / "gunicorn.log")
    worker = None
    try:
        redis.stop()

        # Pages and sign-in need no Redis (sessions live in the database).
        started = time.monotonic()
        browser = sign_in(base_url, admin.email)
        home = browser.get(f"{base_url}/organisations/{organisation.pk}/", timeout=5)
        assert home.status_code == 200
        # An action that queues work (the event's announcement) answers at once.
        add_url = f"{base_url}{reverse('qualification:mpid_add', args=[organisation.pk])}"
        response = post_form(
            browser, add_url, {"code": "OUT1", "market_role": market_role("SUPPLIER").pk}
        )
        assert response.status_code == 200 and "OUT1" in response.text
        assert time.monotonic() - started < 3 * REQUEST_BUDGET_SECONDS
        assert Mpid.objects.filter(code="OUT1").exists()

        # A service in this process during the outage: it commits, and the
        # dispatch gives up quickly instead of hanging.
        with celery_broker(redis.url):
            started = time.monotonic()
            with transaction.atomic():
                event_record(
                    kind="initial_qad_submitted",
                    qualification=qualification,
                    occurred_at=datetime(2025, 6, 20, 12, tzinfo=UTC),
                )
            assert time.monotonic() - started < REQUEST_BUDGET_SECONDS
        waiting = pending()
        assert len(waiting) == 2, waiting
        assert all(m.dispatched_at is None and m.last_error for m in waiting)
        assert not Deadline.objects.filter(qualification=qualification).exists()

        # Redis is back: the drain hands everything over, a worker runs it,
        # and the sweep the event asked for brings the deadlines up to date.
        redis.start()
        assert "dispatched 2" in manage(env, "drain_outbox")
        worker = start_worker(env, tmp_path / "worker.log", hostname="outage@localhost")
        wait_for(lambda: not pending(), timeout=60, what="the outbox to drain", step=0.2)
        deadline = Deadline.objects.get(
            qualification=qualification, activity__key="initial_qad_submission"
        )
        assert deadline.completed_on == date(2025, 6, 20)
        assert Event.objects.filter(kind="mpid_registered", organisation=organisation).count() == 1
    finally:
        if worker is not None:
            stop_process(worker)
        stop_process(server)
        redis.stop()
        connections.close_all()


def _wait_for_blocked_update(timeout: float = 30) -> int:
    """The pid of the worker's session once it waits on the outbox table lock."""
    found = []

    def blocked():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                " AND query LIKE 'UPDATE \"mhhs_portal_outboxmessage\"%%'"
            )
            found[:] = [row[0] for row in cursor.fetchall()]
        return bool(found)

    wait_for(blocked, timeout=timeout, what="the task to reach its last write", step=0.1)
    return found[0]


def _session_gone(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
        return cursor.fetchone()[0] == 0


def test_a_worker_killed_mid_task_is_redelivered_and_its_effects_happen_once(
    postgres, reference_data, tmp_path
):
    redis = RedisServer(tmp_path).start()
    organisation = OrganisationFactory()
    people = [member(organisation, "contributor", email=f"p{i}@kill.test") for i in range(3)]
    message = OutboxMessage.objects.create(
        task="qad.tasks.deliver_notifications",
        args=[[p.pk for p in people], "Delivered once", "/somewhere/"],
        available_at=timezone.now(),
    )
    # A short visibility timeout: the broker hands an unacknowledged message
    # to another worker after 1 s instead of an hour.
    env = portal_env(
        database_url=run_database_url(), redis_url=redis.url, CELERY_VISIBILITY_TIMEOUT="1"
    )
    # set_as_current=False: shared tasks in this process keep the portal's app.
    sender = Celery(broker=redis.url, backend=redis.url, set_as_current=False)
    # A second session holds the outbox table in SHARE mode: the worker can
    # lock its row and write the notifications, but its final "done" update
    # waits, so it is caught mid-task with its effects written, uncommitted.
    blocker = psycopg2.connect(**connection.get_connection_params())
    first = second = None
    try:
        with blocker.cursor() as cursor:
            cursor.execute("LOCK TABLE mhhs_portal_outboxmessage IN SHARE MODE")
        sender.send_task("mhhs_portal.tasks.outbox_run", (message.pk,))
        first = start_worker(env, tmp_path / "first.log", hostname="first@localhost")
        orphan = _wait_for_blocked_update()
        first.kill()  # SIGKILL: no warm shutdown, no acknowledgement
        first.wait(timeout=10)
        blocker.rollback()
        # PostgreSQL rolls the dead worker's transaction back.
        wait_for(lambda: _session_gone(orphan), what="the killed worker's session to end")
        assert not Notification.objects.exists()
        message.refresh_from_db()
        assert message.done_at is None

        second = start_worker(env, tmp_path / "second.log", hostname="second@localhost")
        wait_for(
            lambda: OutboxMessage.objects.get(pk=message.pk).done_at is not None,
            timeout=60,
            what=f"redelivery; worker log:\n{(tmp_path / 'second.log').read_text()[-2000:]}",
            step=0.2,
        )
        # The same message once more (a drain racing the first dispatch):
        # the worker finds it done and writes nothing.
        sender.send_task("mhhs_portal.tasks.outbox_run", (message.pk,))
        assert sender.send_task("mhhs_portal.tasks.ping").get(timeout=30) == "pong"
        assert Notification.objects.count() == 3
        assert sorted(Notification.objects.values_list("recipient_id", flat=True)) == sorted(
            p.pk for p in people
        )
    finally:
        blocker.close()
        for process in (first, second):
            if process is not None:
                stop_process(process)
        redis.stop()
        connections.close_all()


def test_two_beats_firing_the_daily_sweep_at_once_sweep_once(postgres, reference_data):
    from waves.tasks import sweep_deadlines_daily

    qualification = QualificationFactory(market_role=market_role("SUPPLIER"))
    allocate(qualification, "wave_1")
    results, errors = race(sweep_deadlines_daily.run, threads=2)
    assert len(results) == 2 and not errors
    assert sum("skipped" in result for result in results) == 1
    [run] = ScheduledRun.objects.all()
    assert run.name == "sweep-deadlines" and run.finished_at is not None
    assert run.result["qualifications"] == 1
    # A later tick the same day skips too.
    assert "skipped" in sweep_deadlines_daily.run()


def copy_test_database(cluster: PostgresCluster, tmp_path) -> str:
    """The test database (schema and rows) copied into the throwaway cluster."""
    dump = tmp_path / "portal.dump"
    run_pg_tool("pg_dump", "-Fc", "-f", str(dump), run_database_url())
    cluster.psql("CREATE DATABASE portal")
    run_pg_tool("pg_restore", "--no-owner", "--no-acl", "-d", cluster.url("portal"), str(dump))
    return cluster.url("portal")


def test_a_postgresql_restart_under_traffic_costs_a_few_requests_and_no_commits(
    postgres, reference_data, tmp_path
):
    organisation = OrganisationFactory()
    QualificationFactory(organisation=organisation, market_role=market_role("SUPPLIER"))
    admin = member(organisation, "admin", email="admin@restart.test")
    admin.password = PBKDF2PasswordHasher().encode(PASSWORD, "restartsalt")
    admin.save(update_fields=["password"])
    cluster = PostgresCluster().init()
    server = None
    try:
        database_url = copy_test_database(cluster, tmp_path)
        # Persistent connections, as in production: each must survive the restart.
        env = portal_env(database_url=database_url, redis_url=None, DB_CONN_MAX_AGE="600")
        server, base_url = start_gunicorn(env, tmp_path / "gunicorn.log", threads=2)
        browser = sign_in(base_url, admin.email)
        add_url = f"{base_url}{reverse('qualification:mpid_add', args=[organisation.pk])}"
        supplier = market_role("SUPPLIER").pk
        outcomes: list[tuple[str, bool]] = []

        def register(code: str) -> None:
            try:
                response = post_form(browser, add_url, {"code": code, "market_role": supplier})
                ok = response.status_code == 200 and code in response.text
            except requests.RequestException:
                ok = False
            outcomes.append((code, ok))

        for i in range(10):
            register(f"A{i:03d}")
        restarter = threading.Thread(target=cluster.restart)
        restarter.start()
        i = 0
        while restarter.is_alive() and i < 200:
            register(f"B{i:03d}")
            i += 1
        restarter.join(timeout=60)
        for i in range(10):
            register(f"C{i:03d}")
        # A restart while idle: every persistent connection is now dead, and
        # the health check must replace it before a request uses it.
        cluster.restart()
        for i in range(10):
            register(f"D{i:03d}")

        failed = [code for code, ok in outcomes if not ok]
        # Requests that arrive while the server is down fail; nothing after.
        assert all(ok for code, ok in outcomes if code[0] in "ACD"), failed
        assert len(failed) <= 5, failed
        committed = {code for code, ok in outcomes if ok}
        stored = set(cluster.psql("SELECT code FROM qualification_mpid", database="portal").split())
        assert committed <= stored, committed - stored
    finally:
        if server is not None:
            stop_process(server)
        cluster.destroy()
