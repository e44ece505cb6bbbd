"""A limit on emailing shortlists, so the form cannot be used to send spam.

Senders are counted by session and by network address, each reduced to a keyed hash: the table never
holds an address of any kind, and rows are deleted after a day.
"""

import datetime as dt
import hashlib
import hmac

from django.conf import settings
from django.utils import timezone

from .models import ShortlistEmail

WINDOW = dt.timedelta(hours=1)
PER_SESSION = 3
PER_NETWORK_ADDRESS = 10
KEEP = dt.timedelta(days=1)


def _hash(kind: str, value: str) -> str:
    message = f"{kind}:{value}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def sender_keys(request) -> dict[str, str]:
    if not request.session.session_key:
        request.session.save()
    return {
        "session": _hash("session", request.session.session_key),
        "address": _hash("address", request.META.get("REMOTE_ADDR", "")),
    }


def may_send(request) -> bool:
    keys = sender_keys(request)
    since = timezone.now() - WINDOW
    recent = ShortlistEmail.objects.filter(sent_at__gte=since)
    return (
        recent.filter(sender=keys["session"]).count() < PER_SESSION
        and recent.filter(sender=keys["address"]).count() < PER_NETWORK_ADDRESS
    )


def record_send(request) -> None:
    now = timezone.now()
    ShortlistEmail.objects.filter(sent_at__lt=now - KEEP).delete()
    ShortlistEmail.objects.bulk_create(
        [ShortlistEmail(sender=key, sent_at=now) for key in sender_keys(request).values()]
    )
