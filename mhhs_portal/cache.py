"""A Redis cache that degrades to "nothing cached" while Redis is down.

The cache holds only what can be recomputed (rate-limit counters, throttle
history, short-lived locks), so losing Redis must not take pages or sign-in
down with it: reads miss, writes are dropped, and a warning is logged once a
minute at most. Rate limits and cache locks fail open for the length of
the outage (what must happen once is made so by the database, not by a
cache lock).
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
WARN_EVERY_SECONDS = 60


class TolerantRedisCache(RedisCache):
    _last_warning = 0.0

    def _failed(self, operation: str, exc: Exception, fallback):
        now = time.monotonic()
        if now - TolerantRedisCache._last_warning > WARN_EVERY_SECONDS:
            TolerantRedisCache._last_warning = now
            logger.warning("Cache unavailable (%s): %s", operation, exc)
        return fallback

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except RedisError as exc:
            # "Added": a short lock (allauth's rate-limit lock) is taken, not
            # waited for until it gives up and refuses the sign-in.
            return self._failed("add", exc, True)

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as exc:
            return self._failed("get", exc, default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set(key, value, timeout, version)
        except RedisError as exc:
            return self._failed("set", exc, None)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except RedisError as exc:
            return self._failed("touch", exc, False)

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except RedisError as exc:
            return self._failed("delete", exc, False)

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except RedisError as exc:
            return self._failed("get_many", exc, {})

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except RedisError as exc:
            return self._failed("has_key", exc, False)

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except RedisError as exc:
            # As for a missing key: the caller (a counter) starts again.
            raise ValueError(f"Key '{key}' not found (cache unavailable)") from exc

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except RedisError as exc:
            return self._failed("set_many", exc, list(data))

    def delete_many(self, keys, version=None):
        try:
            return super().delete_many(keys, version)
        except RedisError as exc:
            return self._failed("delete_many", exc, None)
