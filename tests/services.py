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
