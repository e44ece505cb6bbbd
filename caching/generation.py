"""The site's content "generation": one value in the shared cache that changes whenever anything a
public page shows changes (caching/signals.py). Cached pages and fragments are stored with the
generation they were built in and are only used while it is still current, so one cheap write
invalidates everything at once, on every app server sharing the cache, with no list of keys to purge.

A page built while content was changing keeps the generation it started with, so it is never served
as new: a race can only cost a miss, never a stale page.
"""

import logging
import uuid

from django.core.cache import caches
from django.db import DatabaseError, transaction

logger = logging.getLogger("signpost")

KEY = "signpost:generation"
# Long enough to outlive any cached page; if the cache evicts it, a new generation starts (all miss).
TIMEOUT = 60 * 60 * 24 * 30


def cache():
    return caches["default"]


def current() -> str:
    value = cache().get(KEY)
    if value is None:
        # add() keeps another app server's value if it got there first.
        cache().add(KEY, uuid.uuid4().hex, TIMEOUT)
        value = cache().get(KEY) or ""
    return value


def bump() -> str:
    """Start a new generation: every cached page and fragment is out of date from now on."""
    value = uuid.uuid4().hex
    try:
        with _savepoint_if_in_database():
            cache().set(KEY, value, TIMEOUT)
    except DatabaseError:
        # The database cache's table is made after the first migrate, and Wagtail's own migrations
        # already save pages: with no table nothing can have been cached, so there is nothing to renew.
        logger.warning("page cache: no cache table yet, so no generation to renew")
    return value


def _savepoint_if_in_database():
    """A savepoint around a write to the database cache: on PostgreSQL a failed statement aborts the
    transaction around it (a migration's, on a new database), and the migration with it. Other caches
    cannot touch a transaction, so they get no savepoint (and no extra queries)."""
    from contextlib import nullcontext

    from django.core.cache.backends.db import DatabaseCache

    return transaction.atomic() if isinstance(cache(), DatabaseCache) else nullcontext()


def fragment(name: str, build, timeout: int = 3600):
    """A value built by `build()` and kept in the shared cache until the content changes: the menus and
    site settings every page shows, read once per change instead of on every request."""
    generation = current()
    key = f"signpost:fragment:{name}"
    stored = cache().get(key)
    if stored is not None and stored[0] == generation:
        return stored[1]
    value = build()
    cache().set(key, (generation, value), timeout)
    return value
