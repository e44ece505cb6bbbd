"""When the page being built stops being right because the clock moved on.

A listing's "next session", an event's next date and "today" are only right until a session starts
or ends, or until midnight. Code that shows such a thing calls `changes_at(moment)` while the page is
built; the page cache (caching/middleware.py) then keeps the page only until the earliest of those
moments, so a cached page is never stale on time. Outside a page being built (a management command,
a test calling a model) the calls do nothing.
"""

import datetime as dt

from django.utils import timezone

from .notes import PageNotes

_until = PageNotes("page_valid_until")
start = _until.start
stop = _until.stop


def changes_at(moment: dt.datetime | None) -> None:
    """What is being shown changes at `moment` (an aware datetime)."""
    if moment is not None:
        _until.add(moment)


def changes_with(sessions) -> None:
    """A list of the next sessions, soonest first, changes when the first of them starts (it is then
    on now) and when it ends (it is then gone)."""
    for session in sessions[:1]:
        if session.starts > timezone.now():
            changes_at(session.starts)
        changes_at(session.ends)


def never_cache_page() -> None:
    """What is being shown changes at any moment (for example 'open now' across every listing)."""
    changes_at(dt.datetime.min.replace(tzinfo=dt.UTC))
