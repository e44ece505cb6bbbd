"""Spam protection for the public forms, with no third-party service: a honeypot field and rate limits.

Rate limits are fixed-window counters in Django's cache. A submission counts once it is accepted (or
caught by the honeypot); a genuine person correcting a mistake in the form is never counted. With
several web server processes the cache must be shared (database or Redis cache) for the limits to
hold across processes; with the default in-memory cache each process counts on its own.
"""

import hashlib
from dataclasses import dataclass

from django import forms
from django.core.cache import cache
from django.utils import timezone

HONEYPOT_FIELD = "fax_number"


@dataclass(frozen=True)
class Limit:
    """At most `count` submissions per `seconds` from one value of `key` (an IP or an email address)."""

    form: str
    key: str
    count: int
    seconds: int

    def cache_key(self, value: str) -> str:
        window = int(timezone.now().timestamp()) // self.seconds
        digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
        return f"alliance-rate:{self.form}:{self.key}:{digest}:{window}"


HOUR = 60 * 60
DAY = 24 * HOUR

# The limits, and why: an Alliance group applies once; three tries a day covers mistakes and a second
# contact. A library's public computers share one address, so the per-address limits leave room for a
# busy afternoon of residents while stopping a script.
JOIN_LIMITS = (
    Limit("join", "email", count=3, seconds=DAY),
    Limit("join", "ip", count=10, seconds=HOUR),
)
REPORT_LIMITS = (
    Limit("report", "contact", count=5, seconds=DAY),
    Limit("report", "ip", count=10, seconds=HOUR),
)


def client_ip(request) -> str:
    """The address the request came from. Behind a proxy, the proxy must set REMOTE_ADDR (for example
    gunicorn with --forwarded-allow-ips and a proxy that rewrites it), never a header a client can forge."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def is_limited(limits, values: dict[str, str]) -> bool:
    """Whether any limit is already used up for the given values (`{"ip": ..., "email": ...}`)."""
    for limit in limits:
        value = values.get(limit.key)
        if value and cache.get(limit.cache_key(value), 0) >= limit.count:
            return True
    return False


def count_submission(limits, values: dict[str, str]) -> None:
    for limit in limits:
        value = values.get(limit.key)
        if not value:
            continue
        key = limit.cache_key(value)
        cache.add(key, 0, timeout=limit.seconds)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=limit.seconds)


class HoneypotMixin(forms.Form):
    """A field people never see or hear (hidden by CSS, `aria-hidden`, out of the tab order) and
    software that fills in every box does. A form with it filled in is thrown away quietly."""

    fax_number = forms.CharField(
        required=False,
        label="Leave this box empty",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def caught_in_honeypot(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())
