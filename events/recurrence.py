"""When an event happens: one start date, wall-clock times and (optionally) one RFC 5545 rule.

The rule is expanded with dateutil over the dates asked for only. Rules are expanded on naive dates
and each date is then given its UK wall-clock time (`core.timetable.wall_clock`), so a 10am
session stays at 10am on both sides of a clock change.

Expanding a rule from its first date to show next week would walk years of a weekly series, so
`dates_between` starts the rule at the first aligned week (or month) on or before the window: the
same dates, a handful of steps. A course "for 6 sessions" (COUNT) is turned into its last date once,
when it is saved, so it can be expanded the same way.
"""

import dataclasses
import datetime as dt
import functools
from collections.abc import Iterator

from dateutil import rrule as du

from core.choices import WEEKDAY_INDEX, Weekday
from core.timetable import bank_holiday, bank_holidays_between, format_time_range

from .choices import Ends, Repeat, WeekOfMonth

MAX_COUNT = 200
# MO..SU in the order date.weekday() counts them (Weekday.values builds a new list on each use).
WEEKDAY_CODES = tuple(Weekday.values)
MAX_INTERVAL = 12
WEEKDAYS = (du.MO, du.TU, du.WE, du.TH, du.FR, du.SA, du.SU)
# Weeks of "every few weeks" rules are counted from this Monday, to tell which weeks a rule is in.
PATTERN_EPOCH = dt.date(2000, 1, 3)
PATTERN_EPOCH_ORDINAL = PATTERN_EPOCH.toordinal()
ONE_DAY = dt.timedelta(days=1)
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}


# -- words -------------------------------------------------------------------------------------------


def join_words(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def long_date(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def week_of_month(day: dt.date) -> int:
    """1 for the first Tuesday of a month, 2 for the second... 5 for a fifth."""
    return (day.day - 1) // 7 + 1


def is_last_of_month(day: dt.date) -> bool:
    return (day + dt.timedelta(days=7)).month != day.month


def last_weekday_of_month(day: dt.date) -> dt.date:
    """The last date in `day`'s month that is the same weekday as `day`."""
    while not is_last_of_month(day):
        day += dt.timedelta(days=7)
    return day


# -- the rule ----------------------------------------------------------------------------------------


def pattern_key(
    repeat: str, days: tuple, week: int | None, interval: int | None, start_date: dt.date
) -> tuple:
    """What a repeating rule's dates depend on, apart from where the series starts and stops.

    Events that share a pattern (every Tuesday; the second Wednesday of the month; every other
    Thursday in the same weeks) make the same dates in any window, so a window can be expanded once
    per pattern rather than once per event. Kept cheap: What's on works it out for every event.
    """
    interval = interval or 1
    phase = week_number(start_date) % interval if interval > 1 else 0
    return (repeat, days, week, interval, phase)


def week_number(day: dt.date) -> int:
    """The week `day` is in (weeks from Monday), counted from PATTERN_EPOCH: "every few weeks" rules
    are in step with their interval from there."""
    return (day.toordinal() - day.weekday() - PATTERN_EPOCH_ORDINAL) // 7


@dataclasses.dataclass(frozen=True)
class Recurrence:
    """An event's dates. Pure: built from an EventPage, a form or a database row alike."""

    start_date: dt.date
    start_time: dt.time
    end_time: dt.time
    repeat: str = Repeat.NONE
    days: tuple[str, ...] = ()
    interval: int = 1
    week_of_month: int | None = None
    ends: str = Ends.NEVER
    until_date: dt.date | None = None
    count: int | None = None
    skip_bank_holidays: bool = False

    # -- normalising and checking (the editor's form) -----------------------------------------

    def normalised(self) -> "Recurrence":
        """The same rule with unused answers cleared and omitted ones filled in from the first date.

        Days default to the first date's weekday, and "once a month in the same week" to the first
        date's week, so the simplest form ("Every week", a first date) is enough.
        """
        changes: dict = {}
        start = self.start_date
        days = tuple(code for code in WEEKDAY_CODES if code in (self.days or ()))
        if self.repeat == Repeat.NONE:
            return dataclasses.replace(
                self, days=(), interval=1, week_of_month=None, ends=Ends.NEVER, until_date=None, count=None
            )
        if not days and start:
            days = (WEEKDAY_CODES[start.weekday()],)
        changes["days"] = days
        if self.repeat != Repeat.EVERY_N_WEEKS:
            changes["interval"] = 1
        if self.repeat == Repeat.MONTHLY_NTH:
            if self.week_of_month is None and start:
                changes["week_of_month"] = week_of_month(start)
        else:
            changes["week_of_month"] = None
        if self.ends != Ends.ON_DATE:
            changes["until_date"] = None
        if self.ends != Ends.AFTER:
            changes["count"] = None
        return dataclasses.replace(self, **changes)

    def problems(self) -> dict[str, str]:
        """What is wrong with this rule, as {field name: plain-English message}. Call on a normalised rule."""
        errors: dict[str, str] = {}
        start = self.start_date
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = "The finishing time must be after the starting time."
        if self.repeat in (Repeat.WEEKLY, Repeat.EVERY_N_WEEKS):
            if start and self.days and WEEKDAY_CODES[start.weekday()] not in self.days:
                errors["start_date"] = (
                    f"{long_date(start)} is a {start:%A}, but the sessions are on "
                    f"{join_words([Weekday(code).label for code in self.days])}. "
                    "Make the first date one of those days."
                )
            if self.repeat == Repeat.EVERY_N_WEEKS:
                if not self.interval or self.interval < 2:
                    errors["interval"] = (
                        "Say how many weeks apart the sessions are: 2 for every other week, 3 for every "
                        "third week."
                    )
                elif self.interval > MAX_INTERVAL:
                    errors["interval"] = (
                        f"Sessions can be up to {MAX_INTERVAL} weeks apart. For less often, add each "
                        "date as a one-off event."
                    )
        if self.repeat in (Repeat.MONTHLY_NTH, Repeat.MONTHLY_LAST):
            errors.update(self._monthly_problems())
        if self.repeat != Repeat.NONE and self.ends == Ends.ON_DATE:
            if not self.until_date:
                errors["until_date"] = "Give the date of the last session."
            elif start and self.until_date < start:
                errors["until_date"] = "The last date must be on or after the first date."
        if self.repeat != Repeat.NONE and self.ends == Ends.AFTER:
            if not self.count:
                errors["count"] = "Say how many sessions there are, for example 6."
            elif not 1 <= self.count <= MAX_COUNT:
                errors["count"] = f"A course can have from 1 to {MAX_COUNT} sessions."
        if not errors and start and self.start_time and self.end_time and self.skip_bank_holidays:
            message = self._bank_holiday_problem()
            if message:
                errors["skip_bank_holidays"] = message
        return errors

    def _monthly_problems(self) -> dict[str, str]:
        start = self.start_date
        if len(self.days) > 1:
            return {"days": "A monthly session is on one day of the week. Choose just one day."}
        if not start or not self.days:
            return {}
        weekday = Weekday(self.days[0]).label
        if WEEKDAY_INDEX[self.days[0]] != start.weekday():
            return {"start_date": f"The first date must be a {weekday}: {long_date(start)} is a {start:%A}."}
        position = week_of_month(start)
        if self.repeat == Repeat.MONTHLY_LAST:
            if not is_last_of_month(start):
                last = last_weekday_of_month(start)
                return {
                    "start_date": f"{long_date(start)} is not the last {weekday} of {start:%B}. "
                    f"The last one is {long_date(last)}."
                }
            return {}
        if position == 5 and self.week_of_month in (None, 5):
            return {
                "start_date": f"{long_date(start)} is the fifth {weekday} of {start:%B}, and not every month "
                f"has one. Choose 'Once a month, on the last one', or another first date."
            }
        if self.week_of_month not in WeekOfMonth.values:
            return {"week_of_month": "Choose the first, second, third or fourth week of the month."}
        if position != self.week_of_month:
            wanted = ORDINALS[self.week_of_month]
            return {
                "start_date": f"{long_date(start)} is the {ORDINALS[position]} {weekday} of {start:%B}, "
                f"not the {wanted}. Make the first date a {wanted} {weekday}, or change the week."
            }
        return {}

    def _bank_holiday_problem(self) -> str:
        if self.repeat == Repeat.NONE:
            name = bank_holiday(self.start_date)
            if name:
                return (
                    f"{long_date(self.start_date)} is a bank holiday ({name}), so there would be no session. "
                    "Untick 'Skip bank holidays', or choose another date."
                )
            return ""
        if (
            self.ends == Ends.ON_DATE
            and self.until_date
            and not self.dates_between(self.start_date, self.until_date)
        ):
            return (
                "Every session falls on a bank holiday, so there would be none. "
                "Untick 'Skip bank holidays', or change the dates."
            )
        return ""

    # -- RFC 5545 -------------------------------------------------------------------------------

    @property
    def is_repeating(self) -> bool:
        return self.repeat != Repeat.NONE

    @property
    def freq(self) -> int:
        return du.MONTHLY if self.repeat in (Repeat.MONTHLY_NTH, Repeat.MONTHLY_LAST) else du.WEEKLY

    @property
    def _byweekday(self):
        if self.repeat == Repeat.MONTHLY_NTH:
            return (WEEKDAYS[WEEKDAY_INDEX[self.days[0]]](self.week_of_month),)
        if self.repeat == Repeat.MONTHLY_LAST:
            return (WEEKDAYS[WEEKDAY_INDEX[self.days[0]]](-1),)
        return tuple(WEEKDAYS[WEEKDAY_INDEX[code]] for code in self.days)

    @property
    def _byday_text(self) -> str:
        if self.repeat == Repeat.MONTHLY_NTH:
            return f"{self.week_of_month}{self.days[0]}"
        if self.repeat == Repeat.MONTHLY_LAST:
            return f"-1{self.days[0]}"
        return ",".join(self.days)

    def rrule_string(self, zone) -> str:
        """The RFC 5545 RRULE value (without "RRULE:"), or "" for a one-off.

        UNTIL is in UTC, as RFC 5545 requires when DTSTART has a time zone. COUNT counts the dates the
        rule makes, so a course of 6 that skips a bank holiday says COUNT=7 with that holiday as an
        EXDATE: six sessions, in any calendar.
        """
        if not self.is_repeating:
            return ""
        parts = ["FREQ=WEEKLY" if self.freq == du.WEEKLY else "FREQ=MONTHLY"]
        if self.interval > 1:
            parts += [f"INTERVAL={self.interval}", "WKST=MO"]
        parts.append(f"BYDAY={self._byday_text}")
        if self.ends == Ends.AFTER and self.count:
            parts.append(f"COUNT={self._course_plan[0]}")
        elif self.ends == Ends.ON_DATE and self.until_date:
            until = dt.datetime.combine(self.until_date, dt.time(23, 59, 59), tzinfo=zone).astimezone(dt.UTC)
            parts.append(f"UNTIL={until:%Y%m%dT%H%M%SZ}")
        return ";".join(parts)

    def _rule(self, dtstart: dt.date, *, until: dt.date | None = None, count: int | None = None):
        return du.rrule(
            self.freq,
            dtstart=dt.datetime.combine(dtstart, dt.time()),
            interval=self.interval or 1,
            wkst=du.MO,
            byweekday=self._byweekday,
            until=dt.datetime.combine(until, dt.time()) if until else None,
            count=count,
        )

    @functools.cached_property
    def _course_plan(self) -> tuple[int, dt.date]:
        """For a course of N sessions: how many dates the rule makes (N plus any bank holidays skipped),
        and the date of the last session."""
        held, made, last = 0, 0, self.start_date
        for moment in self._rule(self.start_date, count=self.count + 400):
            made += 1
            if self.skip_bank_holidays and bank_holiday(moment.date()):
                continue
            held, last = held + 1, moment.date()
            if held >= self.count:
                break
        return made, last

    @property
    def last_date(self) -> dt.date | None:
        """The last date a session could be on; None if it carries on for ever."""
        if not self.is_repeating:
            return self.start_date
        if self.ends == Ends.ON_DATE:
            return self.until_date
        if self.ends == Ends.AFTER and self.count:
            return self._course_plan[1]
        return None

    # -- dates -------------------------------------------------------------------------------------

    def _aligned_start(self, first: dt.date) -> dt.date:
        """The latest date on or before `first` from which the rule makes the same dates as from its
        true start: the first day of a week in step with the interval, or the first of the month."""
        if first <= self.start_date:
            return self.start_date
        if self.freq == du.MONTHLY:
            return max(first.replace(day=1), self.start_date)
        first_week = self.start_date - dt.timedelta(days=self.start_date.weekday())
        weeks = (first - first_week).days // 7
        aligned = first_week + dt.timedelta(weeks=weeks - weeks % (self.interval or 1))
        return max(aligned, self.start_date)

    @property
    def _pattern(self) -> tuple:
        return pattern_key(self.repeat, self.days, self.week_of_month, self.interval, self.start_date)

    def pattern_dates(self, first: dt.date, last: dt.date) -> list[dt.date]:
        """The dates this rule's pattern makes from `first` to `last`, expanded from a start in step with
        it just before `first`: the first of the month, or the Monday of a week in the right phase."""
        if self.freq == du.MONTHLY:
            start = first.replace(day=1)
            return [moment.date() for moment in self._rule(start, until=last) if moment.date() >= first]
        # Weekly: a day is in the pattern if it is one of the rule's weekdays in a week in step with
        # its interval, counted (with wkst=MO) from the epoch. Worked out directly: building a
        # dateutil rule for each of a window's hundreds of patterns costs more than the rest.
        *_rule, interval, phase = self._pattern
        weekdays = {WEEKDAY_INDEX[code] for code in self.days}
        found, day = [], first
        while day <= last:
            if day.weekday() in weekdays and (week_number(day) - phase) % interval == 0:
                found.append(day)
            day += ONE_DAY
        return found

    def rule_dates_between(
        self, first: dt.date, last: dt.date, *, last_date: dt.date | None = None, patterns: dict | None = None
    ) -> list[dt.date]:
        """Dates the rule makes from `first` to `last` inclusive, bank holidays included.

        `last_date` may be passed when it is already known (a stored course end) to save working it out.
        `patterns` is a dict shared by the rules expanded over one window: each pattern is expanded once.
        """
        series_end = last_date if last_date is not None else self.last_date
        if last < self.start_date or (series_end and first > series_end):
            return []
        if not self.is_repeating:
            return [self.start_date] if first <= self.start_date <= last else []
        low, high = max(first, self.start_date), min(last, series_end) if series_end else last
        if patterns is None:
            dates = self.pattern_dates(low, high)
        else:
            key = (self._pattern, first, last)
            dates = patterns.get(key)
            if dates is None:
                dates = patterns[key] = self.pattern_dates(first, last)
        return [day for day in dates if low <= day <= high]

    def dates_between(
        self, first: dt.date, last: dt.date, *, last_date: dt.date | None = None, patterns: dict | None = None
    ) -> list[dt.date]:
        """Dates with a session from `first` to `last` inclusive (skipped bank holidays left out)."""
        dates = self.rule_dates_between(first, last, last_date=last_date, patterns=patterns)
        if self.skip_bank_holidays:
            dates = [day for day in dates if not bank_holiday(day)]
        return dates

    def dates_from(self, first: dt.date, *, last_date: dt.date | None = None) -> Iterator[dt.date]:
        """Session dates from `first` onwards, lazily, soonest first."""
        series_end = last_date if last_date is not None else self.last_date
        if not self.is_repeating:
            if self.start_date >= first and not (self.skip_bank_holidays and bank_holiday(self.start_date)):
                yield self.start_date
            return
        for moment in self._rule(self._aligned_start(first), until=series_end):
            day = moment.date()
            if day >= first and not (self.skip_bank_holidays and bank_holiday(day)):
                yield day

    def occurs_on(self, day: dt.date) -> bool:
        """Whether the rule makes a session on `day` (before any bank holiday is skipped).

        Worked out by arithmetic rather than by expanding, since feeds ask it of every bank holiday
        and cancelled date of every event; a test checks it against dateutil's expansion.
        """
        if day < self.start_date:
            return False
        if not self.is_repeating:
            return day == self.start_date
        series_end = self.last_date
        if series_end is not None and day > series_end:
            return False
        if WEEKDAY_CODES[day.weekday()] not in self.days:
            return False
        if self.repeat == Repeat.MONTHLY_NTH:
            return week_of_month(day) == self.week_of_month
        if self.repeat == Repeat.MONTHLY_LAST:
            return is_last_of_month(day)
        interval = self.interval or 1
        weeks = (
            day.toordinal() - day.weekday() - self.start_date.toordinal() + self.start_date.weekday()
        ) // 7
        return weeks % interval == 0

    def skipped_bank_holidays(self, first: dt.date, last: dt.date) -> dict[dt.date, str]:
        """Bank holidays from `first` to `last` that the rule lands on and that are skipped."""
        if not self.skip_bank_holidays:
            return {}
        # A handful of bank holidays a year, each checked against the rule: cheaper than expanding
        # years of a weekly series to find them.
        return {day: name for day, name in bank_holidays_between(first, last).items() if self.occurs_on(day)}

    # -- words --------------------------------------------------------------------------------------

    def describe_pattern(self) -> str:
        """'Every Tuesday and Thursday', 'The last Friday of every month', 'Tuesday 3 March 2026'."""
        if not self.is_repeating:
            return long_date(self.start_date)
        days = join_words([Weekday(code).label for code in self.days])
        if self.repeat == Repeat.WEEKLY:
            return f"Every {days}"
        if self.repeat == Repeat.EVERY_N_WEEKS:
            return (
                f"Every other week on {days}"
                if self.interval == 2
                else f"Every {self.interval} weeks on {days}"
            )
        position = self.week_of_month if self.repeat == Repeat.MONTHLY_NTH else -1
        return f"The {ORDINALS[position]} {days} of every month"

    def describe(self, today: dt.date | None = None) -> str:
        """The whole rule in plain words, for residents and for the editor's check."""
        text = f"{self.describe_pattern()}, {format_time_range(self.start_time, self.end_time)}"
        if self.is_repeating:
            if self.ends == Ends.AFTER and self.count:
                sessions = f"{self.count} session{'s' if self.count != 1 else ''}"
                text += f". {sessions}, from {long_date(self.start_date)} to {long_date(self.last_date)}"
            elif self.ends == Ends.ON_DATE and self.until_date:
                text += f", from {long_date(self.start_date)} to {long_date(self.until_date)}"
            elif today is None or self.start_date > today:
                text += f", starting {long_date(self.start_date)}"
            if self.skip_bank_holidays:
                text += ". Not on bank holidays"
        return text + "."
