"""Listings' regular sessions as dated sessions, beside events' (events/occurrences.py), for What's on.

A listing's regular times are read from the search index's table (search.DirectoryEntry): one row per
listing at a venue, already limited to live, public listings that are not closed, with its regular
times, bank holiday choice and closed dates as plain values. So one indexed query gives every
listing What's on may show, and each regular time is expanded over the window by the one rule
every page uses (core.timetable.RegularTime), closures and bank holidays included.

Phone and online help (a listing with no venue) is shown only when "Online" is chosen: "open 9 to 5
on weekdays" is not a session to go to, and it would bury the ones that are.
"""

import dataclasses
import datetime as dt
import functools
import json
import typing

from django.db.models import Count, TextField
from django.db.models.functions import Cast

from caching.generation import fragment
from core.choices import ServiceStatus
from core.geo import bounding_box, miles_from
from core.timetable import local_zone
from search.documents import regular_time_of
from search.facets import FACETS
from search.models import ENTRY_COLUMNS, SchedulesText, has_any

from .occurrences import query_key


@dataclasses.dataclass
class ListingSession:
    """One session of a listing's regular time. `starts` and `ends` are aware datetimes."""

    starts: dt.datetime
    ends: dt.datetime
    service_id: int
    title: str
    venue_id: int | None
    service_location_id: int | None = None
    distance: float | None = None
    happening_now: bool = False
    cancelled: bool = False  # closed dates are left out, never shown as cancelled
    # Find help's result for the listing at this venue (search.results.Result), attached for the page shown
    result: object = None

    is_listing = True

    @property
    def day(self) -> dt.date:
        return self.starts.astimezone(local_zone()).date()

    def is_happening_at(self, moment: dt.datetime) -> bool:
        return self.starts <= moment < self.ends


def matching_entries(*, facets=None, how="", location=None, radius=None):
    """The search index's rows for listings the What's on filters allow, before dates are looked at.
    `facets` maps a facet's name (search.facets) to the values chosen: as in Find help, a listing
    matches a filter if it has any of them."""
    from search.models import DirectoryEntry

    entries = DirectoryEntry.objects.filter(status=ServiceStatus.ACTIVE).exclude(schedules=[])
    facets = facets or {}
    for facet in FACETS:
        chosen = facets.get(facet.name)
        if chosen:
            entries = entries.filter(has_any(facet, chosen))
    entries = entries.filter(venue__isnull=how == "online")  # see the note above on phone and online help
    if location and how != "online":
        south, west, north, east = bounding_box(location.latitude, location.longitude, radius)
        entries = entries.filter(latitude__range=(south, north), longitude__range=(west, east))
    return entries


# The rules as the stored JSON text: thousands of listings share the same few hundred texts, so each
# is read and expanded once per window, and the rows need no JSON conversion each.
SCHEDULES_TEXT = SchedulesText()
# The index's own columns (which listing at which venue, and where) in its order, then the rules.
ROW_FIELDS = (*(column for column in ENTRY_COLUMNS if column != "organisation"), "schedules_text")


class ListingRow(typing.NamedTuple):
    """A listing's session found by `listing_session_rows`, before it becomes a ListingSession."""

    ends: dt.datetime
    venue_id: int | None
    service_location_id: int | None
    distance: float | None


@functools.lru_cache(maxsize=4096)
def _day_sessions(text: str, first: dt.date, last: dt.date) -> tuple[tuple[dt.datetime, dt.datetime], ...]:
    """(starts, ends) in UK time of each session of the rules stored as `text` on the dates from `first`
    to `last`. They are the same all day for every request, so each set is worked out once a day."""
    zone = local_zone()
    return tuple(
        (session.starts.astimezone(zone), session.ends.astimezone(zone))
        for rule in json.loads(text)
        for session in regular_time_of(rule).sessions_between(first, last)
    )


def _window_sessions(text: str, first: dt.date, last: dt.date, start, end) -> list[tuple]:
    """(starts, ends) in UK time of each session of the rules stored as `text` overlapping [start, end)."""
    return [
        (starts, ends) for starts, ends in _day_sessions(text, first, last) if ends > start and starts < end
    ]


def window_days(start: dt.datetime, end: dt.datetime) -> tuple[dt.date, dt.date]:
    """The UK dates whose regular sessions may overlap [start, end): from the day before, as a session
    that began the evening before the window may still be under way at its start."""
    zone = local_zone()
    first = start.astimezone(zone).date() - dt.timedelta(days=1)
    return first, (end - dt.timedelta(microseconds=1)).astimezone(zone).date()


def rows_in_window(entries, start: dt.datetime, end: dt.datetime, *, location=None, radius=None):
    """Each row of `entries` (DirectoryEntry rows) with a session overlapping [start, end), in no order,
    as (rules text, its sessions' (starts, ends), title, listing id, listing-at-venue id, venue id,
    distance), with the distance from `location` when one is given (rows beyond `radius` left out).
    One query; each distinct set of rules is expanded once."""
    first, last = window_days(start, end)
    expanded: dict[str, list[tuple]] = {}
    rows = entries.order_by().annotate(schedules_text=SCHEDULES_TEXT).values_list(*ROW_FIELDS)
    miles = miles_from(location.latitude, location.longitude) if location else None
    for service_id, location_id, venue_id, latitude, longitude, title, text in rows:
        times = expanded.get(text)
        if times is None:
            times = expanded[text] = _window_sessions(text, first, last, start, end)
        if not times:
            continue
        distance = None
        if location and venue_id is not None:
            distance = miles(latitude, longitude)
            if distance > radius:
                continue
        yield text, times, title, service_id, location_id, venue_id, distance


def listing_session_rows(
    entries, start: dt.datetime, end: dt.datetime, *, location=None, radius=None
) -> list[tuple]:
    """Every session of the listings in `entries` overlapping [start, end), in no order, as (starts,
    title, service id, ListingRow): what What's on would list if it made every session."""
    return [
        (starts, title, service_id, ListingRow(ends, venue_id, location_id, distance))
        for _text, times, title, service_id, location_id, venue_id, distance in rows_in_window(
            entries, start, end, location=location, radius=radius
        )
        for starts, ends in times
    ]


def nearby_listing_groups(
    entries, start: dt.datetime, end: dt.datetime, *, location, radius
) -> tuple[dict[str, tuple[int, list[tuple]]], list[tuple]]:
    """For listings near a place: their sets of rules counted as `listing_groups` counts them, and the
    rows within `radius` as `listing_rows_with` gives them, with their distances. A place leaves a few
    thousand rows at most, read in one query, so only the page's sessions are made from them."""
    groups: dict[str, tuple[int, list[tuple]]] = {}
    rows = []
    for text, times, *row in rows_in_window(entries, start, end, location=location, radius=radius):
        groups[text] = (groups[text][0] + 1 if text in groups else 1, times)
        rows.append((text, *row))
    rows.sort(key=lambda row: (row[1], row[2], row[3] or 0))
    return groups, rows


def listing_session(starts, title: str, service_id: int, row: ListingRow) -> ListingSession:
    return ListingSession(
        starts=starts,
        ends=row.ends,
        service_id=service_id,
        title=title,
        venue_id=row.venue_id,
        service_location_id=row.service_location_id,
        distance=row.distance,
    )


def listing_groups(
    entries, start: dt.datetime, end: dt.datetime, *, narrowed: bool = False
) -> dict[str, tuple[int, list[tuple]]]:
    """For listings at any distance: each distinct set of rules among `entries` (stored JSON text) with
    how many rows have it and its sessions' (starts, ends) overlapping [start, end). One query that
    returns a few hundred rows however many listings there are; `listing_rows_with` fetches the rows of
    a page's sessions.

    Every listing is grouped from the index entry_schedules alone. With filters on other columns
    (`narrowed`), going through the index would look up every row in its order, several times slower
    than reading the table and grouping the few rows that match, so the grouping is kept off it."""
    first, last = window_days(start, end)
    grouped = (
        entries.order_by()
        .annotate(schedules_text=Cast("schedules", output_field=TextField()) if narrowed else SCHEDULES_TEXT)
        .values_list("schedules_text")
        .annotate(rows=Count("pk"))
    )
    groups = {}
    for text, count in rule_counts(grouped, narrowed=narrowed):
        times = _window_sessions(text, first, last, start, end)
        if times:
            groups[text] = (count, times)
    return groups


def rule_counts(grouped, *, narrowed: bool) -> list[tuple[str, int]]:
    """The rows of the grouping query `grouped`, kept until content changes: they hold no dates, and on
    PostgreSQL reading every listing's rules as text to group them is most of What's on's time. Kept
    under the query's own SQL, so each set of filters has its own. Filtered groupings are remembered
    for What's on's path only, not read by every page (see caching.generation.prefetch)."""
    key = query_key(grouped)
    if key is None:
        return []
    return fragment(f"whats-on-rule-counts:{key}", lambda: list(grouped), learn=not narrowed)


def listing_rows_with(entries, texts) -> list[tuple]:
    """(rules text, title, listing id, listing-at-venue id, venue id, distance: None) of the rows of
    `entries` with any of the rules `texts`, in title order (one query)."""
    rows = (
        entries.order_by()
        .annotate(schedules_text=SCHEDULES_TEXT)
        .filter(schedules_text__in=sorted(texts))
        .order_by("title", "service_id", "service_location_id")
        .values_list("schedules_text", "title", "service_id", "service_location_id", "venue_id")
    )
    return [(*row, None) for row in rows]
