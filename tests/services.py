"""Real services in tests: a missing one skips its tests, or fails them when REQUIRE_SERVICES=1 (CI)."""

import os

import pytest


def services_required() -> bool:
    return os.environ.get("REQUIRE_SERVICES", "").strip().lower() in {"1", "true", "yes", "on"}


def need(available: bool, what: str) -> None:
    """Skip (locally) or fail (in CI) when `what` is not available."""
    if available:
        return
    if services_required():
        pytest.fail(f"{what} is required (REQUIRE_SERVICES=1) but is not available.")
    pytest.skip(f"{what} is not available; `make services` starts it.")


def postgresql_only() -> None:
    """For a test of what only PostgreSQL does (it cannot store NUL; worker processes share it): the
    SQLite pass of `make test` skips it and the PostgreSQL pass (`make test-postgres`) runs it."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: runs in make test-postgres")


def redis_reachable(url: str) -> bool:
    import redis

    try:
        return bool(url) and redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


def use_redis_cache(settings) -> None:
    """Make the shared cache the Redis server at REDIS_TEST_URL (`scripts/redis`), under keys of this
    test's own; skip (or fail in CI) without one. `settings` is pytest-django's fixture."""
    import uuid

    url = settings.REDIS_TEST_URL
    need(redis_reachable(url), f"Redis (REDIS_URL={url or 'not set'})")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex[:10]}",
        }
    }
