"""The load scenario in a short, bounded form: zero errors under concurrent use.

The full run (`make load`) writes throughput and p95 latency to
docs/benchmarks.md; here the same scenario runs for 15 seconds against
gunicorn on this run's PostgreSQL test database.
"""

import importlib.util

import pytest
from django.test.utils import override_settings

from benchmarks.load.run import run_locust, seed

from .processes import portal_env, run_database_url, start_gunicorn, stop_process

pytestmark = pytest.mark.django_db(transaction=True)

SECONDS = 15
USERS = 6


@pytest.fixture
def locust():
    if importlib.util.find_spec("locust") is None:
        from tests.services import _unavailable

        _unavailable("locust", "not installed (pip install -e '.[dev]')")


def test_participants_reviewers_and_api_clients_together_get_no_errors(
    postgres, reference_data, locust, tmp_path
):
    with override_settings(MEDIA_ROOT=tmp_path / "media"):
        plan = seed(organisations=3, tag="ci-load")
    env = portal_env(database_url=run_database_url(), redis_url=None, MEDIA_ROOT=str(tmp_path))
    server, base_url = start_gunicorn(env, tmp_path / "gunicorn.log", workers=2, threads=4)
    try:
        stats = run_locust(
            base_url=base_url, plan=plan, users=USERS, seconds=SECONDS, workdir=tmp_path
        )
    finally:
        stop_process(server)
    assert stats["failures"] == [], stats["failures"]
    total = stats["total"]
    assert total["failures"] == 0
    names = set(stats["by_name"])
    assert {"qad answer save", "review comment", "api events feed"} <= names, names
    assert total["requests"] >= 50, total
