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

from core.choices import Cost, HowToTakePart, ServiceStatus
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
    distance: float | None = None
    happening_now: bool = False
    cancelled: bool = False  # closed dates are left out, never shown as cancelled
    listing: dict | None = None  # the listing's page values, attached for the page shown

    is_listing = True

    @property
    def day(self) -> dt.date:
        return self.starts.astimezone(local_zone()).date()

    def is_happening_at(self, moment: dt.datetime) -> bool:
        return self.starts <= moment < self.ends


def matching_entries(
    *,
    topics=(),
    levels=(),
    free=False,
    how="",
    location=None,
    radius=None,
    formats=(),
    access=(),
    languages=(),
):
    """The search index's rows for listings the What's on filters allow, before dates are looked at.
    As in Find help, a listing matches a filter if it has any of the values chosen."""
    from search.models import DirectoryEntry

    entries = DirectoryEntry.objects.filter(status=ServiceStatus.ACTIVE).exclude(schedules=[])
    chosen = {"level": levels, "topic": topics, "format": formats, "access": access, "language": languages}
    for facet in FACETS:
        if chosen.get(facet.name):
            entries = entries.filter(any_of(facet.index_field, chosen[facet.name]))
    if free:
        entries = entries.filter(cost=Cost.FREE)
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
    for service_id, _location_id, venue_id, latitude, longitude, title, organisation, rules in (
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
                            distance=distance,
                        )
                    )
    return found


def attach_listings(sessions: list[ListingSession], request=None) -> None:
    """The listing's address, venue and badges for the sessions on one page (three queries)."""
    from directory.models import ServicePage, Venue
    from search.results import page_url

    service_ids = {session.service_id for session in sessions}
    pages = {
        row["id"]: row
        for row in ServicePage.objects.filter(pk__in=service_ids).values(
            "id", "url_path", "cost", "how_to_take_part", "levels"
        )
    }
    venues = Venue.objects.in_bulk({session.venue_id for session in sessions if session.venue_id})
    levels_field = ServicePage._meta.get_field("levels")
    for session in sessions:
        page = pages.get(session.service_id)
        if page is None:  # unpublished a moment ago
            continue
        venue = venues.get(session.venue_id)
        session.listing = {
            "url": page_url(page["url_path"], request),
            "free": page["cost"] == Cost.FREE,
            "cost": Cost(page["cost"]).label,
            "take_part": HowToTakePart(page["how_to_take_part"]).label,
            "levels": levels_field.to_python(page["levels"]),
            "where": f"{venue.name}, {venue.town}" if venue else "By phone or online",
        }
