"""Dated sessions of events, worked out on the fly for the dates asked for.

`find_sessions_between` is the fast path What's on uses: one cheap, indexed query picks the events
that may run in the window (their first date is before its end, their last possible date after its
start), fetching only the columns a rule needs; each distinct pattern is expanded over the window
once (events/recurrence.py); each event keeps the pattern's dates within its own first and last.
It gives plain tuples, so thousands of sessions cost no objects; `occurrences_between` turns them
into Occurrence objects with cancelled dates marked, for pages that show them all.
"""

import collections
import dataclasses
import datetime as dt
import functools
import hashlib
import typing

from django.core.exceptions import EmptyResultSet
from django.db import models
from django.db.models import ExpressionWrapper, F
from django.db.models.functions import Cast

from caching import generation
from core.timetable import local_zone, wall_clock

from .choices import Repeat
from .recurrence import WEEKDAY_CODES, Recurrence, bank_holidays_between, pattern_key, week_of_month


class Stored(Cast):
    """A date, time or true/false column read as SQLite stores it (ISO text, or 0 and 1), without
    Django's converters: for thousands of events they cost more than the rest of the query. Other
    databases' drivers convert these columns themselves, cheaply, so there it is just the column.
    `stored_date` and `stored_time` read either."""

    def as_sql(self, compiler, connection, **extra_context):
        return compiler.compile(self.source_expressions[0])

    def as_sqlite(self, compiler, connection, **extra_context):
        return Cast.as_sql(self, compiler, connection, **extra_context)


@functools.lru_cache(maxsize=4096)
def stored_date(value) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


@functools.lru_cache(maxsize=1024)
def stored_time(value) -> dt.time:
    return dt.time.fromisoformat(value) if isinstance(value, str) else value


# The columns expanding a rule needs, fetched with values_list (each named for what it stands for,
# as an annotation may not take a field's name). The stored last date stands in for how the series
# ends. The days are read as the stored text (",MO,TH,"), which is much cheaper than the field's own
# conversion for each of thousands of rows, and so are the dates and times (`Stored`).
RULE_COLUMNS = {
    "rule_start_date": Stored("start_date", output_field=models.CharField()),
    "rule_start_time": Stored("start_time", output_field=models.CharField()),
    "rule_end_time": Stored("end_time", output_field=models.CharField()),
    "rule_repeat": F("repeat"),
    "days_text": ExpressionWrapper(F("days"), output_field=models.CharField()),
    "rule_interval": F("interval"),
    "rule_week_of_month": F("week_of_month"),
    "rule_skip_bank_holidays": Stored("skip_bank_holidays", output_field=models.IntegerField()),
    "rule_last_date": Stored("last_date", output_field=models.CharField()),
}


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


class SessionRow(typing.NamedTuple):
    """A session found by `find_sessions_between`, before it becomes an Occurrence (a tuple: thousands
    are made for each window, and a dataclass costs several times as much to make)."""

    starts: dt.datetime
    event_id: int
    day: dt.date
    end_time: dt.time

    @property
    def ends(self) -> dt.datetime:
        # As a listing's session (events/sessions.py) has it, so What's on reads either kind alike.
        return wall_clock(self.day, self.end_time)

    def occurrence(self) -> Occurrence:
        return Occurrence(event_id=self.event_id, starts=self.starts, ends=self.ends)


@functools.lru_cache(maxsize=256)
def days_from_text(text: str) -> tuple[str, ...]:
    return tuple(code for code in (text or "").split(",") if code)


def recurrence_from_row(row) -> Recurrence:
    """The rule of a row of `RULE_COLUMNS` (after the id), its dates and times already read."""
    return Recurrence(
        start_date=row[0],
        start_time=row[1],
        end_time=row[2],
        repeat=row[3],
        days=days_from_text(row[4]),
        interval=row[5] or 1,
        week_of_month=row[6],
        skip_bank_holidays=bool(row[7]),
    )


def local_dates(start: dt.datetime, end: dt.datetime) -> tuple[dt.date, dt.date]:
    """The UK dates a window [start, end) touches."""
    zone = local_zone()
    return start.astimezone(zone).date(), (end - dt.timedelta(microseconds=1)).astimezone(zone).date()


def session(event_id: int, rule: Recurrence, day: dt.date) -> Occurrence:
    return Occurrence(
        event_id=event_id, starts=wall_clock(day, rule.start_time), ends=wall_clock(day, rule.end_time)
    )


def find_sessions_between(
    events, start: dt.datetime, end: dt.datetime, *, extra_fields=()
) -> tuple[list[SessionRow], dict[int, tuple]]:
    """Every session of `events` (an EventPage queryset) that overlaps [start, end), in no order.

    Returns (sessions, extras): extras maps each event's id to the values of `extra_fields` (for
    example its title, or its venue's latitude and longitude), fetched in the same query.
    """
    zone = local_zone()
    first, last = local_dates(start, end)
    rows = (
        events.order_by()  # the caller sorts sessions; sorting events by tree path would be wasted
        .overlapping(first, last)
        .annotate(**RULE_COLUMNS)
        .values_list("pk", *RULE_COLUMNS, *extra_fields)
    )
    by_day, extras = sessions_on_days(rows, first, last)
    found: list[SessionRow] = []
    combine = dt.datetime.combine
    for day, sessions in by_day.items():
        if day == first:
            # Only sessions on the window's first day can have finished before it starts.
            sessions = [row for row in sessions if combine(day, row.end_time, tzinfo=zone) > start]
        if day == last:
            sessions = [row for row in sessions if row.starts < end]
        found += sessions
    return found, extras


def query_key(queryset) -> str | None:
    """A short key for what `queryset` asks the database, to keep its answer by; None for a queryset
    that needs no query (`none()`, or a filter on an empty list)."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return None
    return hashlib.sha256(repr((sql, params)).encode()).hexdigest()


# Events' sessions on whole days, by the query that found them, while the content is unchanged
# (caching.generation): the dates of every event are most of What's on's time, and they change only
# with the content and the date. Kept in each process, for the last few queries asked.
_days_kept: collections.OrderedDict = collections.OrderedDict()
DAYS_KEPT = 8  # each is about 1 MB for a week of 2,000 events


def sessions_on_days(rows, first: dt.date, last: dt.date) -> tuple[dict[dt.date, list[SessionRow]], dict]:
    """The sessions of the events in `rows` (a values_list of RULE_COLUMNS after the id, then any other
    fields) on each day from `first` to `last`, and the other fields by event id."""
    asked = query_key(rows)
    if asked is None:
        return _work_out_days(rows, first, last)
    key = (generation.current(), asked)
    kept = _days_kept.get(key)
    if kept is None:
        kept = _days_kept[key] = _work_out_days(rows, first, last)
        while len(_days_kept) > DAYS_KEPT:
            _days_kept.popitem(last=False)
    return kept


def _work_out_days(rows, first: dt.date, last: dt.date) -> tuple[dict[dt.date, list[SessionRow]], dict]:
    zone = local_zone()
    holidays = bank_holidays_between(first, last)
    patterns: dict[tuple, list[dt.date]] = {}
    by_day: dict[dt.date, list[SessionRow]] = {}
    extras: dict[int, tuple] = {}
    combine = dt.datetime.combine
    for row in rows:
        pk, start_date, start_time, end_time, repeat, days_text, interval, week, skip, last_date = row[:10]
        start_date, last_date = stored_date(start_date), stored_date(last_date)
        start_time, end_time = stored_time(start_time), stored_time(end_time)
        extras[pk] = row[10:]
        if repeat == Repeat.NONE:
            dates = [start_date] if first <= start_date <= last else []
        else:
            # Days and week left empty by the editor mean the first date's (Recurrence.normalised).
            days = days_from_text(days_text) or (WEEKDAY_CODES[start_date.weekday()],)
            if week is None and repeat == Repeat.MONTHLY_NTH:
                week = week_of_month(start_date)
            key = pattern_key(repeat, days, week, interval, start_date)
            pattern = patterns.get(key)
            if pattern is None:
                rule = (start_date, start_time, end_time, repeat, days_text, interval, row[7], skip)
                pattern = patterns[key] = recurrence_from_row(rule).normalised().pattern_dates(first, last)
            low = start_date if start_date > first else first
            high = last_date if last_date is not None and last_date < last else last
            dates = [day for day in pattern if low <= day <= high]
        for day in dates:
            if skip and day in holidays:
                continue
            by_day.setdefault(day, []).append(
                SessionRow(combine(day, start_time, tzinfo=zone), pk, day, end_time)
            )
    return by_day, extras


def occurrences_between(
    events, start: dt.datetime, end: dt.datetime, *, extra_fields=()
) -> tuple[list[Occurrence], dict[int, tuple]]:
    """Every session of `events` that overlaps [start, end) as Occurrences, soonest first, with
    cancelled dates marked. Returns (occurrences, extras) as `find_sessions_between` does."""
    rows, extras = find_sessions_between(events, start, end, extra_fields=extra_fields)
    rows.sort(key=lambda row: (row.starts, row.event_id))
    occurrences = [row.occurrence() for row in rows]
    mark_cancelled(occurrences)
    return occurrences, extras


def mark_cancelled(occurrences: list[Occurrence]) -> None:
    """Flag the occurrences whose date was cancelled, with the reason given (one query)."""
    from .models import EventCancellation

    if not occurrences:
        return
    days = [occurrence.day for occurrence in occurrences]
    cancellations = EventCancellation.objects.filter(
        date__range=(min(days), max(days)), page_id__in={occurrence.event_id for occurrence in occurrences}
    ).values_list("page_id", "date", "reason")
    reasons = {(page_id, day): reason for page_id, day, reason in cancellations}
    for occurrence, day in zip(occurrences, days, strict=True):
        reason = reasons.get((occurrence.event_id, day))
        if reason is not None:
            occurrence.cancelled, occurrence.reason = True, reason
