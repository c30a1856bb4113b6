import os

import pytest

from tests.factories import OrganisationFactory, QualificationFactory, member, staff
from tests.services import chromium_path, pdftotext, postgres, redis_url  # noqa: F401

# Playwright's sync API runs an event loop in the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


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
