import os
from types import SimpleNamespace

import pytest

from tests.factories import OrganisationFactory, QualificationFactory, member, staff
from tests.services import chromium_path, pdftotext, postgres, redis_url  # noqa: F401

# Playwright's sync API runs an event loop in the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _fresh_dashboard_cache():
    """Each test starts a new deadlines version: figures cached by an earlier
    test (whose rows were rolled back) are never read again."""
    from django.core.cache import cache

    from waves.dashboard_cache import VERSION_KEY

    cache.delete(VERSION_KEY)


@pytest.fixture
def org_a(db):
    return OrganisationFactory(name="Alpha Energy Test Ltd")


@pytest.fixture
def org_b(db):
    return OrganisationFactory(name="Bravo Power Test Ltd")


@pytest.fixture
def admin_a(org_a):
    return member(org_a, "admin", email="admin@alpha.test")


@pytest.fixture
def contributor_a(org_a):
    return member(org_a, "contributor", email="contributor@alpha.test")


@pytest.fixture
def director_a(org_a):
    return member(org_a, "director", email="director@alpha.test")


@pytest.fixture
def viewer_a(org_a):
    return member(org_a, "viewer", email="viewer@alpha.test")


@pytest.fixture
def admin_b(org_b):
    return member(org_b, "admin", email="admin@bravo.test")


@pytest.fixture
def supplier_qualification_a(org_a):
    return QualificationFactory(organisation=org_a)


@pytest.fixture
def bsc_reviewer(db):
    return staff("reviewer", "BSC", email="reviewer@bsc.test")


@pytest.fixture
def rec_reviewer(db):
    return staff("reviewer", "REC", email="reviewer@rec.test")


@pytest.fixture
def test_manager(db):
    return staff("test_manager", email="manager@qt.test")


@pytest.fixture
def programme_viewer(db):
    return staff("programme_viewer", email="viewer@programme.test")


def load_reference_data() -> None:
    """Replay the project's data migrations (market roles, cohorts and their
    Appendix C timelines) if the tables are empty.

    A transactional test (django_db(transaction=True), e.g. with live_server)
    ends with a flush that empties every table, the migrations' reference rows
    included, so tests after it would find no market roles or cohorts.
    `serialized_rollback=True` is not used instead: after a flush by a
    transactional test without it, post_migrate recreates content types and
    the deserialisation then fails on their unique constraint.
    """
    from django.apps import apps
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations import RunPython

    from qualification.models import MarketRole

    if MarketRole.objects.exists():
        return
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    own_apps = {c.label for c in apps.get_app_configs() if c.path.startswith(root)}
    loader = MigrationLoader(connection)
    ordered = []
    for leaf in sorted(loader.graph.leaf_nodes()):
        ordered += [key for key in loader.graph.forwards_plan(leaf) if key not in ordered]
    # Loaders only reach the connection through the editor (`.connection.alias`).
    schema_editor = SimpleNamespace(connection=connection)
    for key in ordered:
        if key[0] not in own_apps:
            continue
        for operation in loader.graph.nodes[key].operations:
            if isinstance(operation, RunPython):
                operation.code(apps, schema_editor)


@pytest.fixture
def reference_data(transactional_db):
    """The migrations' reference rows, present in a transactional test too."""
    load_reference_data()
