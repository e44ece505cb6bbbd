import dataclasses
import datetime as dt

from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET
from wagtail.views import serve

from core.choices import Cost, cost_in_words
from core.timetable import local_now, local_zone, wall_clock
from directory.models import Venue

from .choices import Booking
from .ical import venue_calendar_response, venue_regular_times
from .models import EventPage, with_organisations
from .occurrences import occurrences_between


@dataclasses.dataclass
class SheetEntry:
    """One line of the printed sheet: an event's session or a listing's regular session."""

    starts: dt.datetime
    ends: dt.datetime
    title: str
    organisation: str
    how: str
    cost: str = ""
    free: bool = False
    what_to_bring: str = ""
    phone: str = ""
    cancelled: bool = False
    reason: str = ""

    @property
    def day(self) -> dt.date:
        return self.starts.astimezone(local_zone()).date()

    @classmethod
    def of(cls, page, starts: dt.datetime, ends: dt.datetime, how: str, **more) -> "SheetEntry":
        """A session of an event or a listing: both pages carry the same title, organisation, cost,
        what-to-bring and phone fields, read here the same way."""
        return cls(
            starts=starts,
            ends=ends,
            title=page.title,
            organisation=page.organisation.title if page.organisation else "",
            how=how,
            cost=cost_in_words(page.cost, page.cost_note),
            free=page.cost == Cost.FREE,
            what_to_bring=page.what_to_bring,
            phone=page.phone,
            **more,
        )


@require_GET
def page_calendar(request, path):
    """Serve a page's calendar route through Wagtail, so that its privacy and publishing rules apply.
    Wagtail only routes addresses that end in a slash, so add one (see models.calendar_url)."""
    return serve(request, path + "/")


@require_GET
def venue_feed(request, slug):
    venue = get_object_or_404(Venue, slug=slug)
    return venue_calendar_response(request, venue)


def event_entries(venue, start, end) -> list[SheetEntry]:
    events = EventPage.objects.live().public().going_ahead().at_venue(venue)
    occurrences, _ = occurrences_between(events, start, end)
    by_id = {
        event.pk: event
        for event in with_organisations(
            EventPage.objects.filter(pk__in={o.event_id for o in occurrences}).select_related("venue")
        )
    }
    entries = []
    for occurrence in occurrences:
        event = by_id[occurrence.event_id]
        how = event.get_booking_display()
        if event.booking == Booking.PHONE:
            how = f"Book by phone: {event.booking_phone}"
        elif event.booking == Booking.LINK:  # on paper a link needs its address
            how = f"Book online at {event.booking_url}"
        entries.append(
            SheetEntry.of(
                event,
                occurrence.starts,
                occurrence.ends,
                how,
                cancelled=occurrence.cancelled,
                reason=occurrence.reason,
            )
        )
    return entries


def listing_entries(venue, first: dt.date, last: dt.date) -> list[SheetEntry]:
    """The regular sessions of listings at the venue (drop-ins and the like), for the same days."""
    schedules = list(venue_regular_times(venue))
    with_organisations([schedule.service_location.service for schedule in schedules])
    entries = []
    for schedule in schedules:
        service = schedule.service_location.service
        for session in schedule.sessions_between(first, last):
            entries.append(
                SheetEntry.of(service, session.starts, session.ends, service.get_how_to_take_part_display())
            )
    return entries


@require_GET
def venue_sheet(request, slug):
    """What's on this week (or next) at a venue, as an A4 sheet for a noticeboard."""
    venue = get_object_or_404(Venue, slug=slug)
    today = local_now().date()
    week = request.GET.get("week", "this")
    message = ""
    if week not in ("this", "next"):
        message = "We can show this week or next week, so here is this week."
        week = "this"
    monday = today - dt.timedelta(days=today.weekday())
    if week == "next":
        monday += dt.timedelta(days=7)
    sunday = monday + dt.timedelta(days=6)
    start, end = wall_clock(monday, dt.time()), wall_clock(sunday + dt.timedelta(days=1), dt.time())

    entries = event_entries(venue, start, end) + listing_entries(venue, monday, sunday)
    entries.sort(key=lambda entry: (entry.starts, entry.title))
    days = []
    for entry in entries:
        if not days or days[-1]["day"] != entry.day:
            days.append({"day": entry.day, "entries": []})
        days[-1]["entries"].append(entry)
    context = {
        "venue": venue,
        "week": week,
        "monday": monday,
        "sunday": sunday,
        "days": days,
        "all_free": bool(entries) and all(entry.free for entry in entries),
        "message": message,
        "venue_url": request.build_absolute_uri(venue.get_absolute_url()),
    }
    return TemplateResponse(request, "events/venue_sheet.html", context)
