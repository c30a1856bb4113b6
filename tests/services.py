"""Guards for tests that need a real component (PostgreSQL, Redis, Chromium,
pdftotext).

Locally a missing component skips the test. Under CI (CI=true) it fails, so a
broken install step cannot turn the suite green by skipping. One exception:
PostgreSQL and Redis left out *by configuration* (DATABASE_URL not a
PostgreSQL URL, REDIS_URL unset) still skip under CI, because `.ci/run`
deliberately runs the whole suite once on the SQLite/eager defaults and once
with both configured; only a configured component that does not work fails.

Import the fixtures explicitly into a conftest.py to activate them.
"""

import os
import shutil
from pathlib import Path

import pytest

__all__ = [
    "chromium_path",
    "pdftotext",
    "postgres",
    "redis_url",
    "require_binary",
    "require_chromium",
    "require_file",
    "require_pdftotext",
    "require_postgres",
    "require_redis",
]

CHROMIUM = Path("/usr/bin/chromium")
POSTGRES_URL_SCHEMES = ("postgres://", "postgresql://", "pgsql://", "postgis://")


def _unavailable(component: str, reason: str) -> None:
    message = f"{component} unavailable: {reason}"
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def _not_configured(component: str, reason: str) -> None:
    pytest.skip(f"{component} unavailable: {reason}")


def require_postgres():
    """Return the default connection if it is PostgreSQL."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return connection
    if os.environ.get("DATABASE_URL", "").startswith(POSTGRES_URL_SCHEMES):
        _unavailable(
            "PostgreSQL",
            f"DATABASE_URL names PostgreSQL but Django uses {connection.vendor}",
        )
    _not_configured(
        "PostgreSQL", f"DATABASE_URL is not a PostgreSQL URL, Django uses {connection.vendor}"
    )


def require_redis() -> str:
    """Return REDIS_URL once a PING through it has succeeded."""
    url = os.environ.get("REDIS_URL", "")
    if not url:
        _not_configured("Redis", "REDIS_URL is not set")
    try:
        import redis
    except ImportError as exc:
        _unavailable("Redis", f"redis client not installed ({exc})")
    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        _unavailable("Redis", f"PING to {url} failed: {exc}")
    finally:
        client.close()
    return url


def require_binary(component: str, name: str) -> str:
    """The path of a program a test starts itself (redis-server, initdb, pg_dump...)."""
    path = shutil.which(name)
    if path is None:
        _unavailable(component, f"{name} not installed")
    return path


def require_file(component: str, path):
    """A file a test reads from beside the checkout (CI always provides it)."""
    if not path.exists():
        _unavailable(component, f"{path.name} not found beside the checkout")
    return path


def require_chromium() -> str:
    """Return the Debian Chromium path Playwright should drive.

    Playwright's own browser download cannot run on these machines, so tests
    use the distribution's build.
    """
    if not CHROMIUM.exists():
        _unavailable("Chromium", f"{CHROMIUM} not installed (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        _unavailable("Chromium", f"playwright not installed ({exc})")
    return str(CHROMIUM)


def require_pdftotext() -> str:
    path = shutil.which("pdftotext")
    if path is None:
        _unavailable("pdftotext", "not installed (apt-get install poppler-utils)")
    return path


# Session scope: availability does not change during a run, and session-scoped
# fixtures such as a Celery worker must be able to depend on these.
@pytest.fixture(scope="session")
def postgres():
    return require_postgres()


@pytest.fixture(scope="session")
def redis_url() -> str:
    return require_redis()


@pytest.fixture(scope="session")
def chromium_path() -> str:
    return require_chromium()


@pytest.fixture(scope="session")
def pdftotext() -> str:
    return require_pdftotext()
