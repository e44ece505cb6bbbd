"""Dated sessions of events, worked out on the fly for the dates asked for.

`occurrences_between` is what "What's on", the feeds' tests and the benchmark use: one cheap,
indexed query picks the events that may run in the window (their first date is before its end,
their last possible date after its start), fetching only the columns a rule needs; each rule is
then expanded over the window alone; cancellations in the window come from one more query.
"""

import dataclasses
import datetime as dt
import functools

from django.db import models
from django.db.models import ExpressionWrapper, F

from directory.timetable import local_zone, wall_clock

from .recurrence import Recurrence

# The columns expanding a rule needs, fetched with values_list so that thousands of events cost no model
# objects. The stored last date stands in for how the series ends. The days are read as the stored text
# (",MO,TH,"), which is much cheaper than the field's conversion for each of thousands of rows.
RULE_FIELDS = (
    "pk",
    "start_date",
    "start_time",
    "end_time",
    "repeat",
    "days_text",
    "interval",
    "week_of_month",
    "skip_bank_holidays",
    "last_date",
)
DAYS_TEXT = ExpressionWrapper(F("days"), output_field=models.CharField())


@dataclasses.dataclass
class Occurrence:
    """One session of an event. `starts` and `ends` are aware datetimes in UK time."""

    event_id: int
    starts: dt.datetime
    ends: dt.datetime
    cancelled: bool = False
    reason: str = ""
    distance: float | None = None
    happening_now: bool = False
    event: object = dataclasses.field(default=None, compare=False, repr=False)

    @property
    def day(self) -> dt.date:
        return self.starts.astimezone(local_zone()).date()

    def is_happening_at(self, moment: dt.datetime) -> bool:
        return self.starts <= moment < self.ends


@functools.lru_cache(maxsize=256)
def days_from_text(text: str) -> tuple[str, ...]:
    return tuple(code for code in (text or "").split(",") if code)


def recurrence_from_row(row) -> Recurrence:
    return Recurrence(
        start_date=row[1],
        start_time=row[2],
        end_time=row[3],
        repeat=row[4],
        days=days_from_text(row[5]),
        interval=row[6] or 1,
        week_of_month=row[7],
        skip_bank_holidays=row[8],
    )


def local_dates(start: dt.datetime, end: dt.datetime) -> tuple[dt.date, dt.date]:
    zone = local_zone()
    return start.astimezone(zone).date(), end.astimezone(zone).date()


def session(event_id: int, rule: Recurrence, day: dt.date) -> Occurrence:
    return Occurrence(
        event_id=event_id, starts=wall_clock(day, rule.start_time), ends=wall_clock(day, rule.end_time)
    )


def occurrences_between(
    events, start: dt.datetime, end: dt.datetime, *, extra_fields=()
) -> tuple[list[Occurrence], dict[int, tuple]]:
    """Every session of `events` (an EventPage queryset) that overlaps [start, end), soonest first.

    Returns (occurrences, extras) where extras maps each event's id to the values of `extra_fields`
    (for example the venue's latitude and longitude), fetched in the same query.
    """
    from .models import EventCancellation

    first, last = local_dates(start, end)
    rows = (
        events.overlapping(first, last).annotate(days_text=DAYS_TEXT).values_list(*RULE_FIELDS, *extra_fields)
    )
    found: list[Occurrence] = []
    extras: dict[int, tuple] = {}
    patterns: dict = {}
    for row in rows:
        rule = recurrence_from_row(row)
        for day in rule.dates_between(first, last, last_date=row[9], patterns=patterns):
            occurrence = session(row[0], rule, day)
            if occurrence.ends > start and occurrence.starts < end:
                found.append(occurrence)
        extras[row[0]] = row[len(RULE_FIELDS) :]
    mark_cancelled(
        found, EventCancellation.objects.filter(date__range=(first, last)).only("page_id", "date", "reason")
    )
    found.sort(key=lambda occurrence: (occurrence.starts, occurrence.event_id))
    return found, extras


def mark_cancelled(occurrences: list[Occurrence], cancellations) -> None:
    """Flag the occurrences whose date was cancelled, with the reason given."""
    reasons = {(row.page_id, row.date): row.reason for row in cancellations}
    if not reasons:
        return
    for occurrence in occurrences:
        key = (occurrence.event_id, occurrence.day)
        if key in reasons:
            occurrence.cancelled, occurrence.reason = True, reasons[key]
