"""Listing page views, counted without a database write on every view.

Every listing page served counts one view. With Redis as the shared cache (CACHE_URL or REDIS_URL) a
view is one HINCRBY on a Redis hash, a field per listing and day, and the counts are moved into
`DailyCount` ("folded") whenever the insights screens are opened and by `manage.py update_insights`:
a listing page costs no database write, and the screens still show every view up to the moment they
are opened. Without Redis (the database cache), or if Redis cannot be reached, a view is written
straight to `DailyCount`, as before.

The hash has no expiry, so Redis evicts it only under `allkeys-*` eviction: docs/scaling.md asks for
`volatile-lru`, which evicts only keys with a timeout (every cached page and piece has one).
"""

import datetime as dt
import functools
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from caching.generation import shared_cache_is_redis

from .choices import Measure
from .models import DailyCount

logger = logging.getLogger(__name__)


def _redis():
    """A client for the shared cache's Redis, or None when the shared cache is not Redis."""
    return _client(settings.CACHES["default"]["LOCATION"]) if shared_cache_is_redis() else None


@functools.cache
def _client(url: str):
    """One connection pool per Redis, made in each worker the first time it counts."""
    import redis

    return redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)


def _key() -> str:
    # Under the cache's key prefix and version, like every other key the site keeps in Redis.
    return cache.make_key("insights:listing-views")


def count(listing_pk: int) -> None:
    """One more view of a listing today."""
    client = _redis()
    if client is not None:
        import redis

        try:
            client.hincrby(_key(), f"{timezone.localdate().isoformat()}:{listing_pk}", 1)
            return
        except redis.RedisError:
            logger.warning("Could not count a listing view in Redis; counting it in the database")
    DailyCount.add(Measure.VIEW, str(listing_pk))


def fold() -> int:
    """Move the views counted in Redis into `DailyCount`; returns how many views were moved. The hash
    is read and emptied in one transaction, so a view counted meanwhile is kept for the next fold; if
    the database write fails, the counts are put back."""
    client = _redis()
    if client is None:
        return 0
    pipeline = client.pipeline(transaction=True)
    pipeline.hgetall(_key())
    pipeline.delete(_key())
    counts, _deleted = pipeline.execute()
    counts = {field.decode(): int(views) for field, views in counts.items()}
    try:
        with transaction.atomic():
            for field, views in counts.items():
                day, listing_pk = field.split(":")
                DailyCount.add(Measure.VIEW, listing_pk, count=views, day=dt.date.fromisoformat(day))
    except BaseException:
        putting_back = client.pipeline(transaction=True)
        for field, views in counts.items():
            putting_back.hincrby(_key(), field, views)
        putting_back.execute()
        raise
    return sum(counts.values())
