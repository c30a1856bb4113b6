import pytest
from django.core.cache import cache

# The sign-off and decision tests reuse the QAD and governance fixtures.
from tests.governance.conftest import deciders, signed_off  # noqa: F401
from tests.qad.conftest import (  # noqa: F401
    dip_reviewer,
    final_accepted_qad,
    qad_a,
    reviewers,
    supplier_in_testing,
)


@pytest.fixture(autouse=True)
def fresh_cache():
    """Used TOTP codes and rate-limit counters live in the cache, keyed by user
    id; ids repeat between tests, so each test starts with an empty cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
