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

from core.choices import ServiceStatus
from core.geo import bounding_box, haversine_miles
from core.timetable import local_zone
from search.documents import regular_time_of
from search.facets import FACETS
from search.models import ENTRY_COLUMNS, any_of

ENTRY_FIELDS = (*ENTRY_COLUMNS, "schedules")


@dataclasses.dataclass
class ListingSession:
    """One session of a listing's regular time. `starts` and `ends` are aware datetimes."""

    starts: dt.datetime
    ends: dt.datetime
    service_id: int
    title: str
    organisation: str
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
            if facet.many:
                entries = entries.filter(any_of(facet.index_field, chosen))
            else:
                entries = entries.filter(**{f"{facet.index_field}__in": sorted(chosen)})
    entries = entries.filter(venue__isnull=how == "online")  # see the note above on phone and online help
    if location and how != "online":
        south, west, north, east = bounding_box(location.latitude, location.longitude, radius)
        entries = entries.filter(latitude__range=(south, north), longitude__range=(west, east))
    return entries


def listing_sessions_between(
    entries, start: dt.datetime, end: dt.datetime, *, location=None, radius=None
) -> list[ListingSession]:
    """Every session of the listings in `entries` (DirectoryEntry rows) overlapping [start, end), in no
    order, with the distance from `location` when one is given (rows beyond `radius` left out)."""
    zone = local_zone()
    # A session that began the evening before the window may still be under way at its start.
    first = start.astimezone(zone).date() - dt.timedelta(days=1)
    last = (end - dt.timedelta(microseconds=1)).astimezone(zone).date()
    found = []
    for service_id, location_id, venue_id, latitude, longitude, title, organisation, rules in (
        entries.order_by().values_list(*ENTRY_FIELDS).iterator(chunk_size=2000)
    ):
        distance = None
        if location and venue_id is not None:
            distance = haversine_miles(location.latitude, location.longitude, latitude, longitude)
            if distance > radius:
                continue
        for rule in rules:
            for session in regular_time_of(rule).sessions_between(first, last):
                if session.ends > start and session.starts < end:
                    found.append(
                        ListingSession(
                            starts=session.starts.astimezone(zone),
                            ends=session.ends.astimezone(zone),
                            service_id=service_id,
                            title=title,
                            organisation=organisation,
                            venue_id=venue_id,
                            service_location_id=location_id,
                            distance=distance,
                        )
                    )
    return found
