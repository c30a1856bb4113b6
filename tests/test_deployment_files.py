"""The deployment files, checked without a container engine (none runs on the
development and CI machines): a broken compose file or CI script would
otherwise only show on the day of a deploy."""

import importlib
import os
import re
import shlex
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml
from celery import Celery
from celery.app.utils import find_app

ROOT = Path(__file__).resolve().parent.parent
APP_SERVICES = ("web", "worker", "beat")
SERVICES = ("postgres", "redis", *APP_SERVICES)


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def command_line(service) -> str:
    command = service.get("command") or service.get("entrypoint") or ""
    return command if isinstance(command, str) else shlex.join(command)


def test_compose_defines_the_five_services(compose):
    assert set(SERVICES) <= set(compose["services"])


@pytest.mark.parametrize("name", SERVICES)
def test_every_service_has_a_healthcheck(compose, name):
    healthcheck = compose["services"][name].get("healthcheck")
    assert healthcheck, f"{name} has no healthcheck"
    assert not healthcheck.get("disable")
    assert healthcheck.get("test") and healthcheck["test"] != ["NONE"]


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_wait_for_healthy_postgres_and_redis(compose, name):
    depends_on = compose["services"][name].get("depends_on")
    assert isinstance(depends_on, dict), f"{name}: depends_on needs the long form with conditions"
    for dependency in ("postgres", "redis"):
        assert depends_on.get(dependency, {}).get("condition") == "service_healthy", (
            f"{name} must wait for {dependency} to be healthy"
        )


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_require_the_production_variables(compose, name):
    environment = compose["services"][name]["environment"]
    for variable in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY"):
        assert f"${{{variable}:?" in str(environment.get(variable)), f"{name}: {variable}"
    assert str(environment["DJANGO_DEBUG"]) == "0"


def test_evidence_volume_is_shared_by_web_and_worker(compose):
    for name in ("web", "worker"):
        environment = compose["services"][name]["environment"]
        assert environment["MEDIA_ROOT"] == "/app/var/media"
        assert "media:/app/var/media" in compose["services"][name]["volumes"]
    assert "media" in compose["volumes"]
    assert "postgres-data:/var/lib/postgresql/data" in compose["services"]["postgres"]["volumes"]


def test_web_migrates_and_collects_static_before_gunicorn(compose):
    command = command_line(compose["services"]["web"])
    steps = ["manage.py migrate", "manage.py collectstatic --noinput", "gunicorn"]
    positions = [command.find(step) for step in steps]
    assert -1 not in positions and positions == sorted(positions), command


# Building the WSGI handler warns about the not yet collected static folder.
@pytest.mark.filterwarnings("ignore:No directory at:UserWarning")
def test_web_command_names_an_importable_wsgi_application(compose):
    command = command_line(compose["services"]["web"])
    match = re.search(r"gunicorn\s+([\w.]+):(\w+)", command)
    assert match, command
    module, attribute = match.groups()
    assert module == "mhhs_portal.wsgi"
    assert callable(getattr(importlib.import_module(module), attribute))


@pytest.mark.parametrize("name, subcommand", [("worker", "worker"), ("beat", "beat")])
def test_celery_commands_name_an_importable_app(compose, name, subcommand):
    command = command_line(compose["services"][name])
    match = re.search(r"celery\s+-A\s+(\S+)\s+(\w+)", command)
    assert match, command
    assert match.group(2) == subcommand
    # find_app is how the celery command itself resolves -A.
    assert isinstance(find_app(match.group(1)), Celery)
    importlib.import_module("mhhs_portal.celery")


def test_dockerfile_runs_gunicorn_as_a_non_root_user():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11-slim", dockerfile, re.M)
    cmd = [line for line in dockerfile.splitlines() if line.startswith(("CMD", "ENTRYPOINT"))]
    assert cmd and "gunicorn" in cmd[-1]
    users = re.findall(r"^USER\s+(\S+)", dockerfile, re.M)
    assert users and users[-1] not in ("root", "0")
    assert "pip install" in dockerfile and "collectstatic" in dockerfile


def test_image_dependencies_include_what_the_containers_run():
    # The image installs [project] dependencies only, not the dev extra.
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    names = {re.split(r"[\s<>=!~\[;]", dep, maxsplit=1)[0].lower() for dep in dependencies}
    assert {"gunicorn", "celery", "redis"} <= names
    assert names & {"psycopg2-binary", "psycopg2", "psycopg"}


def test_dockerignore_keeps_local_state_and_secrets_out():
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".git", ".venv", "var", ".env"} <= set(ignored)


def test_ci_script_is_an_executable_strict_bash_script_running_make_test():
    script = ROOT / ".ci" / "run"
    assert os.access(script, os.X_OK)
    text = script.read_text()
    assert "set -e" in text
    assert "make test" in text
    subprocess.run(["bash", "-n", str(script)], check=True)


def test_compose_config_when_the_compose_plugin_exists():
    docker = shutil.which("docker")
    probe = docker and subprocess.run([docker, "compose", "version"], capture_output=True)
    if not probe or probe.returncode != 0:
        pytest.skip("docker compose not installed; the YAML checks above still ran")
    env = dict(
        os.environ,
        DATABASE_URL="postgres://mhhs:x@postgres:5432/mhhs",
        REDIS_URL="redis://redis:6379/0",
        SECRET_KEY="x",
        POSTGRES_PASSWORD="x",
    )
    result = subprocess.run(
        [docker, "compose", "-f", str(ROOT / "docker-compose.yml"), "config", "--quiet"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0, result.stderr
