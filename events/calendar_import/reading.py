"""Reading an iCalendar feed into what Signpost can show: one record per series or one-off event.

Feeds come from Google Calendar, Outlook and Eventbrite, which write the same things differently
(time zones as TZID=Europe/London, as Outlook's "GMT Standard Time" with its own VTIMEZONE, or as UTC;
"the second Tuesday" as BYDAY=2TU or as BYDAY=TU;BYSETPOS=2). Everything is turned into UK wall-clock
dates and times, as events are stored.

What fits and what does not:

- A series' RRULE becomes one of our repeats (weekly on chosen days, every N weeks, the Nth or last
  weekday of the month) only if it makes exactly the same sessions: the feed's rule is expanded with
  dateutil in its own time zone, and compared, date and UK time, with ours. A rule that does not fit
  (daily with gaps, the 15th of each month, yearly, a UTC series whose UK time moves with the clocks)
  is not imported, and the report says why.
- EXDATE: a date with no session, stored as a cancelled date ("No session on this date").
- RECURRENCE-ID overrides: one session of a series changed in the calendar. Our events have one time
  for every session, so a session *moved* (another date, time or place) is stored as the series'
  date cancelled with "Moved to ..." and a separate one-off event for the new time, keyed by the
  series' UID and the date it replaces; residents see both, and the one-off can be found again on
  the next fetch. A session *cancelled* (STATUS:CANCELLED) is a cancelled date. A session whose time
  and place are unchanged (only its notes differ) is left as part of the series.
- All-day events, and events running over more than one day, are not imported: a session here has a
  start and finish time on one day, and an all-day entry in a group's calendar is more often a note
  ("Library closed") than something to go to.
- Events whose last session has finished are left out (a Google calendar holds years of them).
"""

import dataclasses
import datetime as dt
import re
from html import escape

from dateutil import rrule as du
from django.utils.html import strip_tags
from django.utils.text import Truncator
from icalendar import Calendar

from core.choices import Weekday
from core.timetable import format_time_range, local_zone

from ..choices import Ends, Repeat
from ..recurrence import MAX_COUNT, MAX_INTERVAL, Recurrence, long_date
from .fetch import FeedProblem

WEEKDAY_CODES = tuple(Weekday.values)
BYDAY_RE = re.compile(r"^([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)$")
SUPPORTED_RULE_PARTS = {"FREQ", "INTERVAL", "BYDAY", "BYSETPOS", "COUNT", "UNTIL", "WKST"}
# How far ahead a series' rule is compared with ours (beyond today, or its first date).
CHECK_DAYS = 400
MAX_EVENTS = 5000
NO_SESSION = "No session on this date"
CANCELLED = "Cancelled"


@dataclasses.dataclass
class FeedEvent:
    """One thing to import: a series or one-off (`recurrence_id` empty), or a moved session."""

    uid: str
    recurrence_id: str = ""
    title: str = ""
    description: str = ""
    location: str = ""
    url: str = ""
    cancelled: bool = False
    problem: str = ""
    finished: bool = False
    rule: Recurrence | None = None
    cancelled_dates: dict = dataclasses.field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str]:
        return (self.uid, self.recurrence_id)

    @property
    def when(self) -> str:
        return self.rule.describe() if self.rule else ""


# -- reading the file ---------------------------------------------------------------------------


def parse_calendar(body: bytes) -> Calendar:
    try:
        calendar = Calendar.from_ical(body.decode("utf-8-sig", errors="replace"))
    except (ValueError, KeyError, IndexError, TypeError) as error:
        raise FeedProblem(
            f"The calendar file is damaged and could not be read ({error}). Nothing was changed."
        ) from None
    if isinstance(calendar, list):  # several VCALENDARs in one file: read the first
        calendar = calendar[0]
    return calendar


def read_calendar(body: bytes, today: dt.date) -> list[FeedEvent]:
    """Every series and one-off in the feed, with the sessions moved out of series as one-offs."""
    calendar = parse_calendar(body)
    masters: dict[str, object] = {}
    overrides: dict[str, list] = {}
    components = calendar.walk("VEVENT")
    if len(components) > MAX_EVENTS:
        raise FeedProblem(f"The calendar has more than {MAX_EVENTS} events, more than we can bring in.")
    for component in components:
        uid = str(component.get("UID", "")).strip()[:255]  # as stored: EventPage.calendar_uid
        if not uid:
            continue
        if component.get("RECURRENCE-ID") is not None:
            overrides.setdefault(uid, []).append(component)
        else:
            masters.setdefault(uid, component)
    events = []
    for uid, component in masters.items():
        series = read_event(component, uid, today)
        events.append(series)
        for override in overrides.pop(uid, []):
            moved = apply_override(series, override, today)
            if moved is not None:
                events.append(moved)
    # A session with no series in the feed (an invitation to one occurrence): a one-off of its own.
    for uid, components in overrides.items():
        for component in components:
            events.append(read_event(component, uid, today, recurrence_id=recurrence_key(component)))
    return events


def read_event(component, uid: str, today: dt.date, recurrence_id: str = "") -> FeedEvent:
    event = FeedEvent(uid=uid, recurrence_id=recurrence_id)
    event.title = text(component.get("SUMMARY")) or "Event"
    event.description = description_text(component)
    # With no place, Google and Teams give the meeting's link in their own properties.
    event.location = (
        text(component.get("LOCATION"))
        or text(component.get("X-GOOGLE-CONFERENCE"))
        or text(component.get("X-MICROSOFT-SKYPETEAMSMEETINGURL"))
    )
    event.url = text(component.get("URL"))
    event.cancelled = text(component.get("STATUS")).upper() == "CANCELLED"
    times, problem = session_times(component)
    if problem:
        event.problem = problem
        return event
    start, end = times
    rrule = component.get("RRULE") if not recurrence_id else None
    if isinstance(rrule, list):
        event.problem = "it has more than one repeat rule, which Signpost cannot show"
        return event
    if rrule is None:
        event.rule = Recurrence(start_date=start.date(), start_time=start.time(), end_time=end.time())
    else:
        source_start = component.decoded("DTSTART")
        event.rule, event.problem = map_rule(rrule, start, end, source_start, today)
        if event.problem:
            return event
        for day in exdates(component):
            if event.rule.occurs_on(day):
                event.cancelled_dates[day] = NO_SESSION
    last = event.rule.last_date
    event.finished = last is not None and last < today
    return event


def apply_override(series: FeedEvent, component, today: dt.date) -> FeedEvent | None:
    """One changed session of `series`: cancel its date, and return the moved session as a one-off
    (None if it was only cancelled, or keeps its time and place)."""
    original = as_local(component.decoded("RECURRENCE-ID"))
    day = original.date() if isinstance(original, dt.datetime) else original
    in_series = series.rule is not None and series.rule.occurs_on(day)
    if text(component.get("STATUS")).upper() == "CANCELLED":
        if in_series:
            series.cancelled_dates[day] = CANCELLED
        return None
    moved = read_event(component, series.uid, today, recurrence_id=day.isoformat())
    moved.title = text(component.get("SUMMARY")) or series.title
    moved.description = moved.description or series.description
    moved.url = moved.url or series.url
    if component.get("LOCATION") is None:
        moved.location = series.location
    rule = moved.rule
    if (
        in_series
        and rule is not None
        and rule.start_date == day
        and (rule.start_time, rule.end_time) == (series.rule.start_time, series.rule.end_time)
        and moved.location == series.location
    ):
        return None
    if in_series:
        series.cancelled_dates[day] = (
            f"Moved to {long_date(rule.start_date)}, {format_time_range(rule.start_time, rule.end_time)}"
            if rule is not None
            else "Moved: see the group's calendar"
        )
    return moved


def recurrence_key(component) -> str:
    value = as_local(component.decoded("RECURRENCE-ID"))
    return (value.date() if isinstance(value, dt.datetime) else value).isoformat()


# -- times --------------------------------------------------------------------------------------------


def as_local(value):
    """A date stays a date; a date-time becomes UK wall-clock time (a floating one is taken as UK)."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=local_zone())
        return value.astimezone(local_zone())
    return value


def session_times(component) -> tuple[tuple | None, str]:
    """(start, end) in UK time, or a reason it cannot be a session here."""
    if component.get("DTSTART") is None:
        return None, "it has no start date"
    start = component.decoded("DTSTART")
    if not isinstance(start, dt.datetime):
        return None, "it is an all-day event with no start and finish times"
    start = as_local(start)
    if component.get("DTEND") is not None:
        end = as_local(component.decoded("DTEND"))
    elif component.get("DURATION") is not None:
        end = start + component.decoded("DURATION")
    else:
        end = start
    if not isinstance(end, dt.datetime):
        return None, "it is an all-day event with no start and finish times"
    if end.date() != start.date():
        if end.date() == start.date() + dt.timedelta(days=1) and end.time() == dt.time(0, 0):
            end = end.replace(hour=23, minute=59) - dt.timedelta(days=1)
        else:
            return None, "it runs over more than one day; a session here starts and finishes on the same day"
    if end <= start:
        return None, "it has no finishing time after its start"
    return (start.replace(tzinfo=None), end.replace(tzinfo=None)), ""


def exdates(component) -> list[dt.date]:
    """The UK dates of every EXDATE (written as one property or several, each with one or more dates)."""
    values = component.get("EXDATE")
    if values is None:
        return []
    days = []
    for prop in values if isinstance(values, list) else [values]:
        for item in prop.dts:
            value = as_local(item.dt)
            days.append(value.date() if isinstance(value, dt.datetime) else value)
    return days


# -- the repeat rule -------------------------------------------------------------------------------------


def map_rule(rrule, start: dt.datetime, end: dt.datetime, source_start, today: dt.date):
    """(Recurrence, "") for a rule that fits ours exactly, or (None, why not)."""
    parts = {key.upper(): value for key, value in rrule.items()}
    words = "its repeat (" + rrule.to_ical().decode() + ") is not one Signpost can show"
    if set(parts) - SUPPORTED_RULE_PARTS:
        return None, words
    freq = parts["FREQ"][0] if parts.get("FREQ") else ""
    interval = int(parts.get("INTERVAL", [1])[0] or 1)
    byday = [str(item).upper() for item in parts.get("BYDAY", [])]
    bysetpos = [int(item) for item in parts.get("BYSETPOS", [])]
    fields = repeat_fields(freq, interval, byday, bysetpos, start.date())
    if fields is None:
        return None, words
    fields.update(ending_fields(parts, start))
    if fields["ends"] == Ends.NEVER and parts.get("COUNT"):
        # More sessions than a course may have here: the series ends on the date of its last one.
        last = as_local(list(source_rule(rrule, source_start))[-1])
        fields.update(ends=Ends.ON_DATE, until_date=last.date())
    rule = Recurrence(start_date=start.date(), start_time=start.time(), end_time=end.time(), **fields)
    rule = rule.normalised()
    if rule.problems():
        return None, words + ": its first date is not one of its repeating dates"
    same, why = same_sessions(rrule, rule, source_start, today)
    if not same:
        return None, why or words
    return rule, ""


def repeat_fields(freq: str, interval: int, byday: list[str], bysetpos: list[int], start: dt.date):
    """Our repeat answers for the rule's frequency and days, or None if there are none."""
    parsed = [BYDAY_RE.match(item) for item in byday]
    if not all(parsed):
        return None
    ordinals = [int(match.group(1)) if match.group(1) else None for match in parsed]
    days = [match.group(2) for match in parsed]
    if freq == "DAILY":
        if byday and any(ordinals) or bysetpos:
            return None
        if interval == 1:
            return {"repeat": Repeat.WEEKLY, "days": tuple(days or WEEKDAY_CODES)}
        if interval % 7 or byday:
            return None
        freq, interval = "WEEKLY", interval // 7
    if freq == "WEEKLY":
        if any(ordinals) or bysetpos or interval > MAX_INTERVAL:
            return None
        days = days or [WEEKDAY_CODES[start.weekday()]]
        if interval == 1:
            return {"repeat": Repeat.WEEKLY, "days": tuple(days)}
        return {"repeat": Repeat.EVERY_N_WEEKS, "days": tuple(days), "interval": interval}
    if freq == "MONTHLY" and interval == 1 and len(days) == 1:
        position = ordinals[0]
        if position is None and len(bysetpos) == 1:
            position = bysetpos[0]
        elif bysetpos:
            return None
        if position == -1:
            return {"repeat": Repeat.MONTHLY_LAST, "days": tuple(days)}
        if position in (1, 2, 3, 4):
            return {"repeat": Repeat.MONTHLY_NTH, "days": tuple(days), "week_of_month": position}
    return None


def ending_fields(parts: dict, start: dt.datetime) -> dict:
    """COUNT becomes "after N sessions"; UNTIL "on a date": the last UK date with a session by then."""
    if parts.get("COUNT"):
        count = int(parts["COUNT"][0])
        if count <= MAX_COUNT:
            return {"ends": Ends.AFTER, "count": count}
        return {"ends": Ends.NEVER}  # map_rule gives it the date of its last session
    if parts.get("UNTIL"):
        until = as_local(parts["UNTIL"][0])
        if isinstance(until, dt.datetime):
            last = until.date() if until.time() >= start.time() else until.date() - dt.timedelta(days=1)
        else:
            last = until
        return {"ends": Ends.ON_DATE, "until_date": max(last, start.date())}
    return {"ends": Ends.NEVER}


def source_rule(rrule, source_start):
    """The feed's own rule as dateutil expands it, in the feed's time zone."""
    parts = {key.upper(): value for key, value in rrule.items()}
    if isinstance(source_start, dt.datetime) and source_start.tzinfo is None:
        source_start = source_start.replace(tzinfo=local_zone())
    until = parts.get("UNTIL", [None])[0]
    if until is not None:
        if not isinstance(until, dt.datetime):
            until = dt.datetime.combine(until, dt.time(23, 59, 59), tzinfo=source_start.tzinfo)
        elif until.tzinfo is None:
            until = until.replace(tzinfo=source_start.tzinfo)
    freq = {"DAILY": du.DAILY, "WEEKLY": du.WEEKLY, "MONTHLY": du.MONTHLY}[parts["FREQ"][0]]
    byday = []
    for item in parts.get("BYDAY", []):
        match = BYDAY_RE.match(str(item).upper())
        weekday = getattr(du, match.group(2))
        byday.append(weekday(int(match.group(1))) if match.group(1) else weekday)
    wkst = str(parts.get("WKST", ["MO"])[0]).upper()
    return du.rrule(
        freq,
        dtstart=source_start,
        interval=int(parts.get("INTERVAL", [1])[0] or 1),
        wkst=getattr(du, wkst) if wkst in WEEKDAY_CODES else du.MO,
        byweekday=byday or None,
        bysetpos=[int(item) for item in parts.get("BYSETPOS", [])] or None,
        count=int(parts["COUNT"][0]) if parts.get("COUNT") else None,
        until=until.astimezone(dt.UTC) if isinstance(until, dt.datetime) else None,
    )


def same_sessions(rrule, rule: Recurrence, source_start, today: dt.date) -> tuple[bool, str]:
    """Whether our rule makes the same sessions (UK date and start time) as the feed's, from the first
    date to over a year ahead."""
    horizon = max(today, rule.start_date) + dt.timedelta(days=CHECK_DAYS)
    theirs = []
    for moment in source_rule(rrule, source_start):
        local = as_local(moment)
        if local.date() > horizon:
            break
        theirs.append(local)
    ours = rule.rule_dates_between(rule.start_date, horizon)
    if [moment.date() for moment in theirs] != ours:
        return False, ""
    if any(moment.time().replace(tzinfo=None) != rule.start_time for moment in theirs):
        return False, (
            "its time changes when the clocks change (it is set in another time zone), and Signpost "
            "keeps each session at the same UK time"
        )
    return True, ""


# -- words ---------------------------------------------------------------------------------------------


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0]
    return str(value).strip()


def description_text(component) -> str:
    """The description as plain text: Google writes HTML into DESCRIPTION, so tags are taken out."""
    raw = text(component.get("DESCRIPTION"))
    raw = re.sub(r"(?i)<br\s*/?>|</p>", "\n", raw)
    return strip_tags(raw).replace("\r\n", "\n").strip()


def description_html(description: str) -> str:
    """Plain text as rich text: a paragraph for each block of lines."""
    blocks = [block.strip() for block in re.split(r"\n\s*\n", description) if block.strip()]
    return "".join(
        "<p>" + "<br/>".join(escape(line) for line in block.splitlines()) + "</p>" for block in blocks
    )


def summary_text(description: str) -> str:
    """The first paragraph, up to 300 characters: the summary lists and search results show."""
    first = re.split(r"\n\s*\n", description.strip(), maxsplit=1)[0] if description.strip() else ""
    return Truncator(" ".join(first.split())).chars(300)
