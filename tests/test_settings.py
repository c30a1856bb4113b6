"""Settings come from the environment: production variables pass Django's
deployment checks, a missing secret stops the start, REDIS_URL switches
Celery and the cache to Redis.

Each case runs in a fresh interpreter, because settings are read once at import.
"""

import json
import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Variables the settings (or Django's checks) read; the parent's values must
# not leak into a case. tests/conftest.py sets DJANGO_ALLOW_ASYNC_UNSAFE for
# Playwright, which the deployment check rightly refuses (async.E001).
SETTINGS_VARIABLES = (
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DJANGO_DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL",
    "REDIS_URL",
    "EMAIL_HOST",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
)


def random_secret(length: int = 60) -> str:
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    return "".join(secrets.choice(alphabet) for _ in range(length))


@pytest.fixture
def production_env(tmp_path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    env.update(
        DJANGO_SETTINGS_MODULE="mhhs_portal.settings",
        DJANGO_DEBUG="0",
        SECRET_KEY=random_secret(),
        ALLOWED_HOSTS="portal.example.com",
        DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}",
        VAR_DIR=str(tmp_path),
    )
    return env


def run(args, env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def check_deploy(env) -> subprocess.CompletedProcess:
    return run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)


def test_deploy_check_passes_with_production_variables(production_env):
    result = check_deploy(production_env)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output
    assert "no issues" in output


def test_deploy_check_would_catch_a_weakened_setting(production_env):
    """The check above can fail: switching HTTPS redirection off is reported."""
    result = check_deploy({**production_env, "SECURE_SSL_REDIRECT": "0"})
    assert result.returncode != 0
    assert "security.W008" in result.stdout + result.stderr


def test_without_a_secret_key_production_settings_refuse_to_load(production_env):
    env = {k: v for k, v in production_env.items() if k != "SECRET_KEY"}
    result = run(["-c", "from django.conf import settings; settings.SECRET_KEY"], env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY must be set" in result.stderr


def test_debug_gets_a_development_secret(production_env):
    env = {k: v for k, v in production_env.items() if k != "SECRET_KEY"}
    env["DJANGO_DEBUG"] = "1"
    result = run(["-c", "from django.conf import settings; print(bool(settings.SECRET_KEY))"], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


PRINT_SETTINGS = """
import json
from django.conf import settings
print(json.dumps({
    "eager": settings.CELERY_TASK_ALWAYS_EAGER,
    "broker": settings.CELERY_BROKER_URL,
    "result_backend": settings.CELERY_RESULT_BACKEND,
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_location": settings.CACHES["default"].get("LOCATION", ""),
}))
"""


def settings_with(env) -> dict:
    result = run(["-c", PRINT_SETTINGS], env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_with_redis_url_celery_uses_the_broker_and_the_cache_is_redis(production_env):
    url = "redis://127.0.0.1:6390/3"
    values = settings_with({**production_env, "REDIS_URL": url})
    assert values["eager"] is False
    assert values["broker"] == url
    assert values["result_backend"] == url
    # Redis, degrading to "nothing cached" while Redis is down (mhhs_portal.cache).
    assert values["cache"] == "mhhs_portal.cache.TolerantRedisCache"
    assert values["cache_location"] == url


def test_without_redis_url_celery_is_eager_and_the_cache_is_local(production_env):
    values = settings_with(production_env)
    assert values["eager"] is True
    assert values["broker"] == "memory://"
    assert values["cache"] == "django.core.cache.backends.locmem.LocMemCache"
