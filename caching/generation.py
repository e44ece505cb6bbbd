"""The site's content "generation": one value in the shared cache that changes whenever anything a
public page shows changes (caching/signals.py). Cached pages and fragments are stored with the
generation they were built in and are only used while it is still current, so one cheap write
invalidates everything at once, on every app server sharing the cache, with no list of keys to purge.

A page built while content was changing keeps the generation it started with, so it is never served
as new: a race can only cost a miss, never a stale page.
"""

import contextlib
import logging
import threading
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, transaction

logger = logging.getLogger("signpost")

KEY = "signpost:generation"
# Long enough to outlive any cached page; if the cache evicts it, a new generation starts (all miss).
TIMEOUT = 60 * 60 * 24 * 30
# What this thread's current request has read: the generation and each fragment (`request_memo()`).
_request = threading.local()
# The shared keys this process's requests read (fragments, vocabularies): each request reads them all
# from the shared cache in one round trip (`prefetch()`) instead of one at a time. Only keys every
# page can share are learned (not a page's own route), and only so many.
_usual_keys: dict[str, None] = {}
USUAL_KEYS_MAX = 40
# The keys a path's last request read that are not usual keys (a page's listings, its events): the
# next request for that path reads them with the rest, in the same round trip. Paths are forgotten
# oldest first beyond PATH_KEYS_MAX.
_path_keys: dict[str, tuple[str, ...]] = {}
_path_keys_lock = threading.Lock()  # a threaded worker's requests finish at once (gunicorn.conf.py)
PATH_KEYS_MAX = 2000
_PATH = "signpost:path"
_READ_FOR_PATH = "signpost:read-for-path"


def cache():
    return caches["default"]


def shared_cache_is_redis() -> bool:
    """Whether the shared cache is Redis (CACHE_URL or REDIS_URL), which can count atomically for
    every app server; otherwise it is the database cache."""
    return settings.CACHES["default"]["BACKEND"].endswith("RedisCache")


def current() -> str:
    return per_request(KEY, _read_current)


def _read_current() -> str:
    value = shared_get(KEY, learn=False)
    if value is None:
        # add() keeps another app server's value if it got there first.
        cache().add(KEY, uuid.uuid4().hex, TIMEOUT)
        value = cache().get(KEY) or ""
    return value


def bump() -> str:
    """Start a new generation: every cached page and fragment is out of date from now on."""
    value = uuid.uuid4().hex
    _forget_request_memo()
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
    from django.core.cache.backends.db import DatabaseCache

    return transaction.atomic() if isinstance(cache(), DatabaseCache) else contextlib.nullcontext()


def fragment(name: str, build, timeout: int = 3600, learn: bool = True):
    """A value built by `build()` and kept in the shared cache until the content changes: the menus and
    site settings every page shows, read once per change instead of on every request.

    Within a request (`request_memo()`) each fragment is read from the shared cache once: a page asks
    for the site settings or "are there any closures?" many times, and each read is a round trip (a
    query, with the database cache)."""
    key = f"signpost:fragment:{name}"
    return per_request(key, lambda: _read_fragment(key, build, timeout, learn))


def _read_fragment(key: str, build, timeout: int, learn: bool = True):
    generation = current()
    stored = shared_get(key, learn=learn)
    if stored is not None and stored[0] == generation:
        return stored[1]
    value = build()
    cache().set(key, (generation, value), timeout)
    return value


def per_request(name: str, read):
    """`read()` once per request, for values kept elsewhere that a page asks for many times (Wagtail's
    site root paths, the vocabularies); outside a request, every call reads. Content changes in the
    request forget it, as they do fragments."""
    memo = getattr(_request, "memo", None)
    if memo is None:
        return read()
    if name not in memo:
        memo[name] = read()
    return memo[name]


def shared_get(key: str, learn: bool = True):
    """`cache().get(key)`, answered from this request's `prefetch()` when it read the key already."""
    memo = getattr(_request, "memo", None)
    if memo is not None and not learn and key != KEY and memo.get(_PATH) is not None:
        memo.setdefault(_READ_FOR_PATH, []).append(key)
    prefetched = memo.get(_PREFETCHED) if memo is not None else None
    if prefetched is not None and key in prefetched:
        return prefetched.pop(key)
    if learn and memo is not None and len(_usual_keys) < USUAL_KEYS_MAX:
        _usual_keys[key] = None
    return cache().get(key)


_PREFETCHED = "signpost:prefetched"


def prefetch(*keys: str, usual: bool = True, path: str | None = None) -> dict:
    """Read `keys` and (with `usual`) the keys this process's requests usually read, in one round trip
    to the shared cache; `shared_get()` then answers from what came back. Keys the cache does not hold
    are remembered as absent, so reading them does not ask again. Returns what was read.

    With `path` (the request's host and path), the keys its last request read that are not usual keys
    are read too, and this request's are remembered for the next: an organisation's page reads its
    listings and its events with everything else, in one round trip."""
    memo = getattr(_request, "memo", None)
    if memo is not None and path is not None:
        memo[_PATH] = path
    page_keys = _path_keys.get(path, ()) if path is not None else ()
    wanted = list(dict.fromkeys([*keys, *(_usual_keys if usual else ()), *page_keys]))
    if memo is None or not wanted:
        return {}
    found = cache().get_many(wanted)
    prefetched = memo.setdefault(_PREFETCHED, {})
    for key in wanted:
        prefetched.setdefault(key, found.get(key))
    return found


@contextlib.contextmanager
def request_memo():
    """Remember fragments for the length of one request (caching/middleware.py). A change to content
    in the same request (an editor's save) forgets them at once: see `bump()`."""
    _request.memo = {}
    try:
        yield
    finally:
        _remember_path_keys(_request.memo)
        _request.memo = None


def _remember_path_keys(memo: dict | None) -> None:
    """Keep the keys this request read for its path alone (see `prefetch(path=...)`): yesterday's
    events are not read again."""
    path = (memo or {}).get(_PATH)
    if path is None:
        return
    read = memo.get(_READ_FOR_PATH)
    with _path_keys_lock:
        _path_keys.pop(path, None)
        if read:
            _path_keys[path] = tuple(dict.fromkeys(read))[:USUAL_KEYS_MAX]
        while len(_path_keys) > PATH_KEYS_MAX:
            del _path_keys[next(iter(_path_keys))]


def remember_current(value: str) -> None:
    """The generation this request already read (with its page, in one round trip)."""
    memo = getattr(_request, "memo", None)
    if memo is not None:
        memo.setdefault(KEY, value)


def _forget_request_memo() -> None:
    if getattr(_request, "memo", None) is not None:
        _request.memo = {}


def forget_prefetched(*keys: str) -> None:
    """A write to a key in this request: later reads must not get what was prefetched before it."""
    prefetched = (getattr(_request, "memo", None) or {}).get(_PREFETCHED)
    if prefetched:
        for key in keys:
            prefetched.pop(key, None)
