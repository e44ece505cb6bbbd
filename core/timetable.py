"""Turning regular schedules into dated sessions and plain words, in UK wall-clock time.

A session at 10am on a Tuesday is at 10am whether it is GMT or BST: dates and times are combined in
the site's time zone (Europe/London), never by adding hours to a UTC instant.
"""

import dataclasses
import datetime as dt
import functools
import heapq
from collections.abc import Iterable, Iterator

import holidays
from django.utils import timezone

from core.choices import WEEKDAY_INDEX, Repeat, Weekday


def local_zone():
    return timezone.get_default_timezone()


def wall_clock(day: dt.date, time: dt.time) -> dt.datetime:
    """The aware moment a UK clock shows `time` on `day`."""
    return dt.datetime.combine(day, time, tzinfo=local_zone())


def local_now() -> dt.datetime:
    return timezone.localtime(timezone.now(), local_zone())


# -- bank holidays and closures -----------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _bank_holidays_in(year: int) -> dict[dt.date, str]:
    # England and Wales share their bank holidays; the library lists them under England ("ENG").
    return dict(holidays.country_holidays("GB", subdiv="ENG", years=year))


def bank_holiday(day: dt.date) -> str:
    """The bank holiday's name in England and Wales, or "" if `day` is not one."""
    return _bank_holidays_in(day.year).get(day, "")


def bank_holidays_between(first: dt.date, last: dt.date) -> dict[dt.date, str]:
    found: dict[dt.date, str] = {}
    for year in range(first.year, last.year + 1):
        found.update({day: name for day, name in _bank_holidays_in(year).items() if first <= day <= last})
    return dict(sorted(found.items()))


def date_range_words(first: dt.date, last: dt.date, with_years: bool = False) -> str:
    """ "22 December to 2 January", "Friday 25 December": how a closure is written for residents."""
    year = " %Y" if with_years else ""
    if first == last:
        return f"{first:%A} {first.day} {first:%B{year}}"
    return f"{first.day} {first:%B{year}} to {last.day} {last:%B{year}}"


@dataclasses.dataclass(frozen=True, order=True)
class Closed:
    """Dates on which a regular time does not run (a closure at the listing or at the venue)."""

    first: dt.date
    last: dt.date
    note: str = dataclasses.field(default="", compare=False)

    def covers(self, day: dt.date) -> bool:
        return self.first <= day <= self.last

    def describe(self, with_years: bool = False) -> str:
        """ "Closed 22 December to 2 January: Christmas". Residents read it within the coming months,
        so the year is left out unless asked for (open data, read at any time, has it)."""
        text = f"Closed {date_range_words(self.first, self.last, with_years)}"
        return f"{text}: {self.note}" if self.note else text


@dataclasses.dataclass(frozen=True, order=True)
class Session:
    """One dated occurrence of a regular schedule; `starts` and `ends` are aware (UTC) datetimes."""

    starts: dt.datetime
    ends: dt.datetime
    schedule: object = dataclasses.field(compare=False, default=None)

    @property
    def day(self) -> dt.date:
        return timezone.localtime(self.starts, local_zone()).date()

    @property
    def starts_iso(self) -> str:
        """The start in UK time, for a `<time datetime>`."""
        return timezone.localtime(self.starts, local_zone()).isoformat()

    @property
    def words(self) -> str:
        """When it is, as a resident reads it: "Tuesday 3 March, 10am to 12 noon". (The same as the
        `day_words` and `clock` filters together, in one step for the twenty cards of a results page.)"""
        ends = timezone.localtime(self.ends, local_zone())
        return f"{day_and_time_words(self.starts)} to {format_time(ends.time())}"


def day_and_time_words(moment: dt.datetime) -> str:
    """An aware datetime as the result cards and the map write when a session starts, in UK time:
    "Tuesday 3 March, 10am"."""
    local = timezone.localtime(moment, local_zone())
    return f"{local:%A %-d %B}, {format_time(local.time())}"


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


MONTHLY_POSITION = {
    Repeat.MONTHLY_1: 1,
    Repeat.MONTHLY_2: 2,
    Repeat.MONTHLY_3: 3,
    Repeat.MONTHLY_4: 4,
    Repeat.MONTHLY_LAST: -1,
}
ORDINAL_WORDS = {1: "First", 2: "Second", 3: "Third", 4: "Fourth", -1: "Last"}


@dataclasses.dataclass(frozen=True)
class TimeFields:
    """What every regular time has, wherever it is kept (the schedule models, RegularTime and the
    importer's Times): a weekday, how often, wall-clock start and end times, and the dates it runs
    between."""

    day: str
    repeat: str
    opens_at: dt.time
    closes_at: dt.time
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


TIME_FIELDS = tuple(field.name for field in dataclasses.fields(TimeFields))


def time_fields(schedule) -> dict:
    """A schedule's weekday, rule, wall-clock times and dates, by field name."""
    return {name: getattr(schedule, name) for name in TIME_FIELDS}


@dataclasses.dataclass(frozen=True)
class RegularTime(TimeFields):
    """One regular time: a weekday, how often (an RFC 5545 rule), and wall-clock start and end times.

    Pure date logic, shared by the schedule models, the search engines and the open-data API.
    """

    # Most venues shut on bank holidays, so regular times skip them unless told otherwise.
    skip_bank_holidays: bool = False
    closed: tuple[Closed, ...] = ()

    # -- RFC 5545 ---------------------------------------------------------------------------

    @property
    def freq(self) -> str:
        return "WEEKLY" if self.repeat in (Repeat.WEEKLY, Repeat.FORTNIGHTLY) else "MONTHLY"

    @property
    def interval(self) -> int:
        return 2 if self.repeat == Repeat.FORTNIGHTLY else 1

    @property
    def byday(self) -> str:
        position = MONTHLY_POSITION.get(self.repeat)
        return f"{position}{self.day}" if position else self.day

    @property
    def rrule(self) -> str:
        parts = [f"FREQ={self.freq}"]
        if self.interval != 1:
            parts.append(f"INTERVAL={self.interval}")
        parts.append(f"BYDAY={self.byday}")
        if self.valid_to:
            until = wall_clock(self.valid_to, dt.time(23, 59, 59)).astimezone(dt.UTC)
            parts.append(f"UNTIL={until:%Y%m%dT%H%M%SZ}")
        return ";".join(parts)

    @property
    def runs_past_midnight(self) -> bool:
        return self.closes_at <= self.opens_at

    # -- dates ------------------------------------------------------------------------------

    def occurs_on(self, day: dt.date) -> bool:
        """Whether a session starts on this date: the rule falls on it and nothing closes it."""
        return self.rule_falls_on(day) and not self.closed_on(day)

    def closed_on(self, day: dt.date) -> str:
        """Why there is no session on `day` (a closure's words, or the bank holiday), or ""."""
        for closure in self.closed:
            if closure.covers(day):
                return closure.note or "Closed"
        if self.skip_bank_holidays:
            return bank_holiday(day)
        return ""

    def skipped_between(self, first: dt.date, last: dt.date) -> dict[dt.date, str]:
        """Dates the rule falls on but that are closed, with why: for EXDATEs and notes."""
        return {
            day: reason
            for day in days(first, last)
            if self.rule_falls_on(day) and (reason := self.closed_on(day))
        }

    def rule_falls_on(self, day: dt.date) -> bool:
        """Whether the rule alone (ignoring closures and bank holidays) has a session on this date."""
        if day.weekday() != WEEKDAY_INDEX[self.day]:
            return False
        if (self.valid_from and day < self.valid_from) or (self.valid_to and day > self.valid_to):
            return False
        if self.repeat == Repeat.WEEKLY:
            return True
        if self.repeat == Repeat.FORTNIGHTLY:
            return self.valid_from is None or ((day - self.valid_from).days // 7) % 2 == 0
        position = MONTHLY_POSITION[self.repeat]
        if position == -1:
            return (day + dt.timedelta(days=7)).month != day.month
        return (day.day - 1) // 7 + 1 == position

    def session_on(self, day: dt.date, source=None) -> Session:
        # Held in UTC so that comparing and subtracting sessions is exact across clock changes.
        starts = wall_clock(day, self.opens_at).astimezone(dt.UTC)
        end_day = day + dt.timedelta(days=1) if self.runs_past_midnight else day
        ends = wall_clock(end_day, self.closes_at).astimezone(dt.UTC)
        return Session(starts=starts, ends=ends, schedule=source)

    def sessions_between(self, start: dt.date, end: dt.date, source=None) -> Iterator[Session]:
        """Sessions starting on dates from start to end inclusive, in order."""
        for day in days(start, end):
            if self.occurs_on(day):
                yield self.session_on(day, source)

    def upcoming_sessions(self, after: dt.datetime | None = None, horizon_days: int = 120, source=None):
        """Sessions that have not yet finished, soonest first (looking `horizon_days` ahead)."""
        after = after or local_now()
        today = after.astimezone(local_zone()).date()
        window = (today - dt.timedelta(days=1), today + dt.timedelta(days=horizon_days))
        for session in self.sessions_between(*window, source=source):
            if session.ends > after:
                yield session

    def is_open_at(self, moment: dt.datetime) -> bool:
        """Whether a session is under way at `moment`, including one that began the evening before."""
        local_day = moment.astimezone(local_zone()).date()
        for day in (local_day - dt.timedelta(days=1), local_day):
            if self.occurs_on(day):
                session = self.session_on(day)
                if session.starts <= moment < session.ends:
                    return True
        return False

    # -- words ------------------------------------------------------------------------------

    def describe_day(self) -> str:
        weekday = Weekday(self.day).label
        if self.repeat == Repeat.WEEKLY:
            return f"Every {weekday}"
        if self.repeat == Repeat.FORTNIGHTLY:
            return f"Every other {weekday}"
        return f"{ORDINAL_WORDS[MONTHLY_POSITION[self.repeat]]} {weekday} of the month"

    def describe(self) -> str:
        text = f"{self.describe_day()}, {format_time_range(self.opens_at, self.closes_at)}"
        if self.valid_from and self.valid_from > local_now().date():
            text += f", starting {self.valid_from:%-d %B %Y}"
        if self.valid_to:
            text += f", until {self.valid_to:%-d %B %Y}"
        # Skipping bank holidays is the usual case (and the default), so it is not spelled out on every
        # time; the dates shown leave them out, and the open data and calendar feeds say so.
        return text
