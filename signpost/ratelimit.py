"""One rate limiter for every limit on the site: joining, reporting, emailing a shortlist, signing in,
password resets and the JSON and open-data APIs.

A limit allows `count` attempts per fixed window of `seconds` for one sender (a network address, an
email address, a session, an account). Taking an attempt is atomic, so twelve requests at the same
moment from one sender get exactly `count` through, and the counts are shared by every worker:

- in Redis when the default cache is Redis (CACHE_URL or REDIS_URL): INCR is atomic;
- otherwise in the database (signpost.RateLimitCounter): one conditional UPDATE per attempt. Django's
  database cache is not used for this because its `incr` reads, then writes: two workers could both
  read 2 and both write 3.

Senders are stored as keyed hashes (HMAC with SECRET_KEY), never as addresses.

    from signpost import ratelimit
    if not ratelimit.take(ratelimit.SHORTLIST_EMAIL_PER_SESSION, session_key):
        ...  # refuse, saying when to try again: ratelimit.retry_after(limit)
"""

import dataclasses
import datetime as dt
import hashlib
import hmac
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.db.models import F
from django.utils import timezone

from caching.generation import shared_cache_is_redis

MINUTE = 60
HOUR = 60 * MINUTE
DAY = 24 * HOUR


@dataclasses.dataclass(frozen=True)
class Limit:
    """At most `count` attempts in each window of `seconds` from one sender."""

    name: str
    count: int
    seconds: int

    def window(self, now: float | None = None) -> tuple[int, int]:
        """(this window's number, seconds until the next window starts)."""
        now = time.time() if now is None else now
        number = int(now // self.seconds)
        return number, max(1, math.ceil((number + 1) * self.seconds - now))

    def key(self, sender: str, now: float | None = None) -> str:
        digest = hmac.new(
            settings.SECRET_KEY.encode(), f"{self.name}:{sender.strip().lower()}".encode(), hashlib.sha256
        ).hexdigest()[:40]
        return f"ratelimit:{self.name}:{digest}:{self.window(now)[0]}"


# -- the limits, and why -----------------------------------------------------------------------
# A library's public computers share one network address, so limits per address leave room for a busy
# afternoon of residents while stopping a script.

# Joining the Alliance: a group applies once; three tries a day covers mistakes and a second contact.
JOIN_PER_EMAIL = Limit("join-email", count=3, seconds=DAY)
JOIN_PER_ADDRESS = Limit("join-address", count=10, seconds=HOUR)
# Reporting a wrong listing.
REPORT_PER_CONTACT = Limit("report-contact", count=5, seconds=DAY)
REPORT_PER_ADDRESS = Limit("report-address", count=10, seconds=HOUR)
# Emailing a shortlist: a visitor sends their list once or twice; the form must not become a spam relay.
SHORTLIST_EMAIL_PER_SESSION = Limit("shortlist-email-session", count=3, seconds=HOUR)
SHORTLIST_EMAIL_PER_ADDRESS = Limit("shortlist-email-address", count=10, seconds=HOUR)
# Signing in (admin and staff): wrong passwords, per account and per address. A locked-out person is
# told when to try again and can reset their password meanwhile.
SIGN_IN_FAILURES_PER_ACCOUNT = Limit("sign-in-account", count=5, seconds=15 * MINUTE)
SIGN_IN_FAILURES_PER_ADDRESS = Limit("sign-in-address", count=20, seconds=15 * MINUTE)
# Password reset emails, per account (email address typed) and per address.
PASSWORD_RESET_PER_ACCOUNT = Limit("password-reset-account", count=3, seconds=HOUR)
PASSWORD_RESET_PER_ADDRESS = Limit("password-reset-address", count=10, seconds=HOUR)
# The open data API and the JSON endpoints, per address: generous for a person or a map, but a handful
# of scrapers asking for 200 results a time cannot slow the site for residents.
# Settings, so the test suite (one address, thousands of requests) can raise them.
API_PER_ADDRESS = Limit("api-address", count=settings.API_REQUESTS_PER_MINUTE, seconds=MINUTE)
JSON_PER_ADDRESS = Limit("json-address", count=settings.JSON_REQUESTS_PER_MINUTE, seconds=MINUTE)


def client_address(request) -> str:
    """The address the request came from. Behind a proxy, the proxy must set REMOTE_ADDR (for example
    gunicorn with --forwarded-allow-ips and a proxy that rewrites it), never a header a client can forge."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


# -- where the counts live ---------------------------------------------------------------------


def _redis_take(key: str, limit: Limit, seconds_left: int) -> bool:
    cache.add(key, 0, timeout=seconds_left + 1)
    try:
        hits = cache.incr(key)
    except ValueError:  # expired between add and incr: this is the first attempt of a new window
        cache.add(key, 0, timeout=limit.seconds)
        hits = cache.incr(key)
    return hits <= limit.count


def _database_take(key: str, limit: Limit, seconds_left: int) -> bool:
    from .models import RateLimitCounter

    expires_at = timezone.now() + dt.timedelta(seconds=seconds_left)
    RateLimitCounter.objects.bulk_create(
        [RateLimitCounter(key=key, hits=0, expires_at=expires_at)], ignore_conflicts=True
    )
    # One statement: the database re-checks `hits < count` on the row it locks, so concurrent
    # attempts cannot both take the last place.
    taken = RateLimitCounter.objects.filter(key=key, hits__lt=limit.count).update(hits=F("hits") + 1)
    # Windows that are over are deleted by `manage.py delete_expired_rate_limits` (a scheduled job), not
    # here: a request costs the same queries every time, which is what the query-count tests check.
    return taken == 1


def delete_expired() -> int:
    """Forget the database's counters for windows that are over (Redis expires its own). Returns how
    many went."""
    from .models import RateLimitCounter

    deleted, _ = RateLimitCounter.objects.filter(expires_at__lt=timezone.now()).delete()
    return deleted


def _hits(key: str) -> int:
    if shared_cache_is_redis():
        return int(cache.get(key, 0))
    from .models import RateLimitCounter

    return RateLimitCounter.objects.filter(key=key).values_list("hits", flat=True).first() or 0


# -- the interface -----------------------------------------------------------------------------


def take(limit: Limit, sender: str) -> bool:
    """Count one attempt by `sender`; True if it is within the limit. An empty sender is not limited."""
    if not sender:
        return True
    now = time.time()
    _, seconds_left = limit.window(now)
    key = limit.key(sender, now)
    if shared_cache_is_redis():
        return _redis_take(key, limit, seconds_left)
    return _database_take(key, limit, seconds_left)


def take_all(attempts: list[tuple[Limit, str]]) -> bool:
    """Count one attempt against each (limit, sender); True only if every one is within its limit."""
    results = [take(limit, sender) for limit, sender in attempts]
    return all(results)


def used_up(limit: Limit, sender: str) -> bool:
    """Whether `sender` has no attempts left in this window (without counting one)."""
    return bool(sender) and _hits(limit.key(sender)) >= limit.count


def any_used_up(attempts: list[tuple[Limit, str]]) -> bool:
    return any(used_up(limit, sender) for limit, sender in attempts)


def retry_after(*limits: Limit) -> int:
    """Seconds until the longest of these limits' windows starts again: for a Retry-After header."""
    return max(limit.window()[1] for limit in limits)


def wait_words(seconds: int) -> str:
    """'2 minutes', 'an hour': how long to wait, for a message people read."""
    minutes = math.ceil(seconds / MINUTE)
    if minutes <= 1:
        return "a minute"
    if minutes < 60:
        return f"{minutes} minutes"
    hours = math.ceil(minutes / 60)
    return "an hour" if hours == 1 else f"{hours} hours"
