import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_cache():
    """Used TOTP codes and rate-limit counters live in the cache, keyed by user
    id; ids repeat between tests, so each test starts with an empty cache."""
    cache.clear()
    yield
    cache.clear()
