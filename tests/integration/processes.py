"""Throwaway servers for fault, backup and load tests.

A test that stops or restarts a server starts its own: a redis-server or a
PostgreSQL cluster on a free loopback port, in a directory of its own, so
the shared services (and CI's) are never touched. Also the portal's own
processes (gunicorn, a Celery worker) pointed at whichever servers the test
chooses. Every start is bounded in time; every process is stopped by its pid.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from tests.services import require_binary

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PG_BIN = Path("/usr/lib/postgresql/15/bin")
START_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check, *, timeout: float = START_TIMEOUT, what: str, step: float = 0.05) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(step)


def stop_process(process: subprocess.Popen, *, timeout: float = 15) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


class RedisServer:
    """A redis-server of its own; stop() and start() again keep the port."""

    def __init__(self, directory: Path):
        self.binary = require_binary("redis-server", "redis-server")
        self.directory = directory
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start(self) -> "RedisServer":
        self.process = subprocess.Popen(
            [
                self.binary,
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self.ping, what=f"redis-server on port {self.port}")
        return self

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process)
            self.process = None


def _as_postgres(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    # initdb refuses to run as root; start from / so postgres can read where it stands.
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--", *args]
    return subprocess.run(args, cwd="/", check=True, capture_output=True, timeout=60, **kwargs)


class PostgresCluster:
    """A PostgreSQL 15 cluster of its own, password auth over TCP like production."""

    user = "portal"
    password = "throwaway-password"

    def __init__(self):
        for tool in ("initdb", "pg_ctl", "psql"):
            require_binary("PostgreSQL", str(PG_BIN / tool))
        self.port = free_port()
        # mkdtemp gives 0700; the postgres user must reach its data directory.
        self.root = Path(tempfile.mkdtemp(prefix="mhhs-pg-"))
        self.root.chmod(0o711)
        self.data = self.root / "data"
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        self.started = False

    def url(self, database: str = "portal") -> str:
        return f"postgres://{self.user}:{self.password}@127.0.0.1:{self.port}/{database}"

    def init(self) -> "PostgresCluster":
        pwfile = self.root / "pw"
        pwfile.write_text(self.password)
        if os.geteuid() == 0:
            shutil.chown(pwfile, "postgres", "postgres")
        _as_postgres(
            [
                str(PG_BIN / "initdb"),
                "-D",
                str(self.data),
                "-U",
                self.user,
                f"--pwfile={pwfile}",
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "-E",
                "UTF8",
                "--no-locale",
            ]
        )
        return self.start()

    def start(self) -> "PostgresCluster":
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} "
            f"-c unix_socket_directories={self.root} -c fsync=off -c full_page_writes=off"
        )
        _as_postgres(
            [
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(self.data),
                "-l",
                str(self.root / "server.log"),
                "-w",
                "-t",
                "30",
                "-o",
                options,
                "start",
            ]
        )
        self.started = True
        return self

    def stop(self, mode: str = "fast") -> None:
        if self.started:
            _as_postgres(
                [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "-t", "30", "stop"]
            )
            self.started = False

    def restart(self) -> None:
        self.stop()
        self.start()

    def psql(self, sql: str, database: str = "postgres") -> str:
        result = _as_postgres(
            [
                str(PG_BIN / "psql"),
                "-h",
                str(self.root),
                "-p",
                str(self.port),
                "-U",
                self.user,
                "-d",
                database,
                "-qAtX",
                "-v",
                "ON_ERROR_STOP=1",
                "-c",
                sql,
            ]
        )
        return result.stdout.decode().strip()

    def destroy(self) -> None:
        try:
            self.stop(mode="immediate")
        finally:
            pid_file = self.data / "postmaster.pid"
            if pid_file.exists():
                with contextlib.suppress(OSError, ValueError):
                    os.kill(int(pid_file.read_text().split()[0]), signal.SIGKILL)
            shutil.rmtree(self.root, ignore_errors=True)


def run_pg_tool(tool: str, *args: str) -> None:
    """pg_dump / pg_restore of the server's major version, against URLs."""
    path = require_binary("PostgreSQL", str(PG_BIN / tool))
    result = subprocess.run([path, *args], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def run_database_url() -> str:
    """The URL of the database this test run uses (pytest-django's test_<name>)."""
    from django.db import connection

    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + connection.settings_dict["NAME"]))


def portal_env(*, database_url: str, redis_url: str | None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="mhhs_portal.settings",
        DJANGO_DEBUG="1",
        DATABASE_URL=database_url,
        PYTHONUNBUFFERED="1",
        **extra,
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def healthy(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/healthz/", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def spawn(args: list[str], env: dict, log_path: Path) -> subprocess.Popen:
    """A portal process (python -m ...) from the project root, its output in log_path.

    Same process group as pytest: if CI's timeout kills the run, the process
    goes with it instead of lingering.
    """
    with log_path.open("ab") as log:
        return subprocess.Popen(
            [sys.executable, "-m", *args],
            cwd=PROJECT_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )


def start_gunicorn(env: dict, log_path: Path, *, workers: int = 1, threads: int = 4):
    """gunicorn serving the portal; returns (process, base URL) once /healthz/ answers."""
    port = free_port()
    process = spawn(
        [
            "gunicorn",
            "mhhs_portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--timeout",
            "30",
            "--graceful-timeout",
            "5",
        ],
        env,
        log_path,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: process.poll() is None and healthy(base_url), what="gunicorn")
    except AssertionError:
        stop_process(process)
        raise AssertionError(f"gunicorn did not start:\n{log_path.read_text()[-3000:]}") from None
    return process, base_url


def start_worker(
    env: dict, log_path: Path, *, hostname: str, loglevel: str = "info"
) -> subprocess.Popen:
    """A Celery worker with one process (solo pool: a SIGKILL kills the task with it)."""
    return spawn(
        # Mingle and gossip wait for answers from other workers; none are expected.
        [
            *("celery", "-A", "mhhs_portal", "worker", "--pool=solo", "--concurrency=1"),
            *("-l", loglevel, "-n", hostname),
            *("--without-mingle", "--without-gossip", "--without-heartbeat"),
        ],
        env,
        log_path,
    )


def manage(env: dict, *args: str, timeout: float = 60) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout
