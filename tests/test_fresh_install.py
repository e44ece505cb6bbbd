"""`make run` on a fresh machine: a new database migrates with the default settings (database cache)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def migrate(database_url: str) -> subprocess.CompletedProcess:
    """`manage.py migrate` as `make run` does it: development settings, no Redis (the database cache)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "signpost.settings.dev", "DATABASE_URL": database_url}
    env.pop("REDIS_URL", None)
    env.pop("CACHE_URL", None)
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_a_new_database_migrates_with_the_development_settings(tmp_path):
    result = migrate(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    assert result.returncode == 0, result.stderr[-3000:]


def test_a_new_postgresql_database_migrates_with_the_development_settings():
    """On PostgreSQL a failed statement aborts the transaction around it: renewing the page cache
    before its table exists must not take a migration down with it."""
    import psycopg
    from django.db import connection

    from tests.services import postgresql_only

    postgresql_only()
    server = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    name = f"{connection.settings_dict['NAME']}_fresh"[:60]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        result = migrate(f"{server}/{name}")
        assert result.returncode == 0, result.stderr[-3000:]
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
