"""Turning regular schedules into dated sessions and plain words, in UK wall-clock time.

A session at 10am on a Tuesday is at 10am whether it is GMT or BST: dates and times are combined in
the site's time zone (Europe/London), never by adding hours to a UTC instant.
"""

import dataclasses
import datetime as dt
import heapq
from collections.abc import Iterable, Iterator

from django.utils import timezone


def local_zone():
    return timezone.get_default_timezone()


def wall_clock(day: dt.date, time: dt.time) -> dt.datetime:
    """The aware moment a UK clock shows `time` on `day`."""
    return dt.datetime.combine(day, time, tzinfo=local_zone())


def local_now() -> dt.datetime:
    return timezone.localtime(timezone.now(), local_zone())


@dataclasses.dataclass(frozen=True, order=True)
class Session:
    """One dated occurrence of a regular schedule; `starts` and `ends` are aware (UTC) datetimes."""

    starts: dt.datetime
    ends: dt.datetime
    schedule: object = dataclasses.field(compare=False, default=None)

    @property
    def day(self) -> dt.date:
        return timezone.localtime(self.starts, local_zone()).date()


def format_time(value: dt.time) -> str:
    """10am, 10:30am, 12 noon, midnight: how times are written for residents (GOV.UK style)."""
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    if value.hour == 12 and value.minute == 0:
        return "12 noon"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def format_time_range(opens: dt.time, closes: dt.time) -> str:
    return f"{format_time(opens)} to {format_time(closes)}"


def days(start: dt.date, end: dt.date) -> Iterator[dt.date]:
    """Each date from start to end inclusive."""
    day = start
    while day <= end:
        yield day
        day += dt.timedelta(days=1)


def merge_sessions(sources: Iterable[Iterable[Session]], limit: int | None = None) -> list[Session]:
    """Merge already-sorted session streams into one sorted list, stopping at `limit`."""
    merged = heapq.merge(*sources)
    result = []
    for session in merged:
        result.append(session)
        if limit is not None and len(result) >= limit:
            break
    return result
