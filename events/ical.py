"""iCalendar (RFC 5545) for events: one event's file, and subscribable feeds for the whole site, an
organisation and a venue, built with the icalendar library.

Each event is one VEVENT for the whole series: DTSTART and DTEND in UK time with TZID, its RRULE,
and EXDATEs for cancelled dates and skipped bank holidays, so a calendar shows exactly the sessions
the site shows. A cancelled or postponed event stays in the feed with STATUS:CANCELLED, so that
subscribers' calendars take it away rather than keep a stale copy.
"""

import datetime as dt
import hashlib

from django.core.cache import cache
from django.db.models import Count, Max, Q
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vCalAddress, vRecur

from core.timetable import TIME_FIELDS, local_now, local_zone, wall_clock

from .choices import Booking, EventStatus
from .recurrence import long_date

PRODID = "-//Signpost//What's on//EN"
# Endless series list the bank holidays they skip this far ahead; subscribers re-read the feed, so
# the list moves on with it.
BANK_HOLIDAY_HORIZON = dt.timedelta(days=2 * 366)
# Events that finished this long ago are still in feeds, so they do not vanish from calendars at once.
FEED_HISTORY = dt.timedelta(days=90)
REFRESH = dt.timedelta(hours=6)
FEED_CACHE_SECONDS = 60 * 60


def uk_timezone() -> Timezone:
    """VTIMEZONE for Europe/London as yearly rules (the way most calendars publish it), so it stays
    right for an endless series; a test checks it against the tz database. Any other zone is built
    from the tz database by the library."""
    zone = local_zone()
    if getattr(zone, "key", "") != "Europe/London":
        return Timezone.from_tzinfo(zone)
    vtimezone = Timezone()
    vtimezone.add("tzid", "Europe/London")
    vtimezone.add("x-lic-location", "Europe/London")
    summer = TimezoneDaylight()
    summer.add("tzname", "BST")
    summer.add("tzoffsetfrom", dt.timedelta(0))
    summer.add("tzoffsetto", dt.timedelta(hours=1))
    summer.add("dtstart", dt.datetime(1996, 3, 31, 1, 0))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    winter = TimezoneStandard()
    winter.add("tzname", "GMT")
    winter.add("tzoffsetfrom", dt.timedelta(hours=1))
    winter.add("tzoffsetto", dt.timedelta(0))
    winter.add("dtstart", dt.datetime(1996, 10, 27, 2, 0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    vtimezone.add_component(summer)
    vtimezone.add_component(winter)
    return vtimezone


def new_calendar(name: str, description: str, source_url: str = "") -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("description", description)
    calendar.add("x-wr-caldesc", description)
    calendar.add("x-wr-timezone", getattr(local_zone(), "key", "Europe/London"))
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    if source_url:
        calendar.add("source", source_url, parameters={"VALUE": "URI"})
    calendar.add_component(uk_timezone())
    return calendar


def location_text(event) -> str:
    parts = []
    if event.is_in_person:
        venue = event.venue
        parts.append(", ".join([venue.name, *venue.address_lines]))
    if event.is_online:
        parts.append(f"Online: {event.online_url}" if event.online_url else "Online")
    return " and ".join(parts)


def summary_text(event, only_date_cancelled: bool) -> str:
    if event.status == EventStatus.CANCELLED or only_date_cancelled:
        return f"Cancelled: {event.title}"
    if event.status == EventStatus.POSTPONED:
        return f"Postponed: {event.title}"
    if event.status == EventStatus.MOVED_ONLINE:
        return f"{event.title} (now online)"
    return event.title


def description_text(event, url: str, cancellations, today: dt.date) -> str:
    lines = [event.summary] if event.summary else []
    if event.status_note:
        lines.append(f"{event.get_status_display()}: {event.status_note}")
    organisation = event.organisation
    if organisation:
        lines.append(f"Run by {organisation.title}.")
    lines.append(event.schedule_words)
    for row in cancellations:
        if row.date >= today:
            lines.append(f"No session on {long_date(row.date)}: {row.reason}")
    if event.is_online and event.online_details:
        lines.append(f"How to join online: {event.online_details}")
    lines.append(booking_words(event))
    if event.what_to_bring:
        lines.append(f"What to bring: {event.what_to_bring}")
    lines.append(f"More details: {url}")
    return "\n\n".join(line for line in lines if line)


def booking_words(event) -> str:
    if event.booking == Booking.PHONE:
        return f"Book by phone: {event.booking_phone}."
    if event.booking == Booking.LINK:
        return f"Book online: {event.booking_url}"
    return "No need to book: just turn up."


def event_component(event, request, today: dt.date) -> Event:
    """One VEVENT for the whole series."""
    rule = event.recurrence
    url = event.get_full_url(request)
    cancellations = sorted(event.cancelled_dates.all(), key=lambda row: row.date)
    only_date_cancelled = not rule.is_repeating and any(row.date == rule.start_date for row in cancellations)
    changed = event.last_published_at or event.latest_revision_created_at or timezone.now()

    component = Event()
    component.add("uid", f"{event.uuid}@signpost")
    component.add("dtstamp", changed.astimezone(dt.UTC))
    component.add("last-modified", changed.astimezone(dt.UTC))
    component.add("dtstart", wall_clock(rule.start_date, rule.start_time))
    component.add("dtend", wall_clock(rule.start_date, rule.end_time))
    if event.rrule:
        component.add("rrule", vRecur.from_ical(event.rrule))
        horizon = event.last_date or (today + BANK_HOLIDAY_HORIZON)
        excluded = {row.date for row in cancellations if rule.occurs_on(row.date)}
        excluded |= set(rule.skipped_bank_holidays(rule.start_date, horizon))
        if excluded:
            component.add("exdate", [wall_clock(day, rule.start_time) for day in sorted(excluded)])
    component.add("summary", summary_text(event, only_date_cancelled))
    component.add("location", location_text(event))
    if event.is_in_person:
        component.add("geo", (event.venue.latitude, event.venue.longitude))
    component.add("url", url, parameters={"VALUE": "URI"})
    component.add("description", description_text(event, url, cancellations, today))
    going_ahead = event.is_going_ahead and not only_date_cancelled
    component.add("status", "CONFIRMED" if going_ahead else "CANCELLED")
    topics = [topic.name for topic in event.topics.all()]
    if topics:
        component.add("categories", topics)
    organisation = event.organisation
    if organisation and organisation.email:
        organiser = vCalAddress(f"mailto:{organisation.email}")
        organiser.params["cn"] = organisation.title
        component.add("organizer", organiser)
    component.add("class", "PUBLIC")
    component.add("transp", "OPAQUE")
    return component


def first_session_day(regular, since: dt.date) -> dt.date | None:
    """The first date on or after `since` that the rule falls on (a valid DTSTART for its RRULE)."""
    day = max(since, regular.valid_from) if regular.valid_from else since
    for _ in range(400):
        if regular.valid_to and day > regular.valid_to:
            return None
        if regular.rule_falls_on(day):
            return day
        day += dt.timedelta(days=1)
    return None


def regular_time_component(schedule, request, today: dt.date) -> Event | None:
    """One VEVENT for a listing's regular time at a venue: its RRULE, and an EXDATE for each bank
    holiday it skips and each closed date, up to the same horizon as events'."""
    regular = schedule.regular_time
    service = schedule.service_location.service
    first = first_session_day(regular, today - FEED_HISTORY)
    if first is None:
        return None
    horizon = (
        min(regular.valid_to, today + BANK_HOLIDAY_HORIZON)
        if regular.valid_to
        else today + BANK_HOLIDAY_HORIZON
    )
    session = regular.session_on(first)
    url = service.get_full_url(request)
    venue = schedule.service_location.venue
    skipped = regular.skipped_between(first, horizon)
    changed = service.last_published_at or timezone.now()

    component = Event()
    component.add("uid", f"{schedule.uuid}@signpost")
    component.add("dtstamp", changed.astimezone(dt.UTC))
    component.add("last-modified", changed.astimezone(dt.UTC))
    component.add("dtstart", session.starts.astimezone(local_zone()))
    component.add("dtend", session.ends.astimezone(local_zone()))
    component.add("rrule", vRecur.from_ical(regular.rrule))
    if skipped:
        component.add("exdate", [wall_clock(day, regular.opens_at) for day in sorted(skipped)])
    component.add("summary", service.title)
    component.add("location", ", ".join([venue.name, *venue.address_lines]))
    component.add("geo", (venue.latitude, venue.longitude))
    component.add("url", url, parameters={"VALUE": "URI"})
    lines = [service.summary, regular.describe()]
    lines += [
        f"No session on {long_date(day)}: {reason}" for day, reason in sorted(skipped.items()) if day >= today
    ]
    lines.append(f"More details: {url}")
    component.add("description", "\n\n".join(line for line in lines if line))
    component.add("status", "CONFIRMED")
    component.add("class", "PUBLIC")
    component.add("transp", "OPAQUE")
    return component


def venue_regular_times(venue):
    """The regular times of live, running listings at a venue, with what their closures need."""
    from core.choices import ServiceStatus
    from directory.models import VenueSchedule

    return (
        VenueSchedule.objects.filter(
            service_location__venue=venue,
            service_location__service__live=True,
            service_location__service__status=ServiceStatus.ACTIVE,
        )
        .select_related("service_location__service", "service_location__venue")
        .prefetch_related("service_location__closures_here", "service_location__venue__closures")
        .order_by("pk")
    )


def feed_events(queryset, today: dt.date):
    """The live, public events a feed carries: all but those that finished a while ago."""
    since = today - FEED_HISTORY
    return (
        queryset.live()
        .public()
        .filter(Q(last_date__isnull=True) | Q(last_date__gte=since))
        .select_related("venue")
        .prefetch_related("cancelled_dates", "topics")
        .order_by("start_date", "start_time", "title")
    )


def calendar_for(events, request, name: str, description: str) -> Calendar:
    today = local_now().date()
    calendar = new_calendar(name, description, request.build_absolute_uri())
    from .models import with_organisations

    for event in with_organisations(events):
        calendar.add_component(event_component(event, request, today))
    return calendar


def calendar_response(calendar: Calendar, filename: str, *, download: bool) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def area_help_title(request) -> str:
    """ "Stockport digital help": what calendar apps show as the feed's owner, from the area's name."""
    from home.models import SiteSettings

    area = SiteSettings.for_request(request).area_name
    return f"{area} digital help" if area else "Digital help"


# -- the four calendars --------------------------------------------------------------------------------


def event_calendar_response(request, event) -> HttpResponse:
    calendar = calendar_for([event], request, event.title, event.summary or event.title)
    return calendar_response(calendar, f"{slugify(event.title) or 'event'}.ics", download=True)


def feed_response(
    request, events, name: str, description: str, filename: str, regular_times=None
) -> HttpResponse:
    """A subscription feed, kept in the cache for up to an hour.

    Calendar apps fetch feeds every few hours, and a feed of thousands of events takes a second to
    build, so the body is reused while nothing has changed: the key holds the day (descriptions and
    bank holiday EXDATEs depend on it), the number of events and their latest change, and their
    cancelled dates, so any change to an event gives a new feed at once. A change to a venue or an
    organisation shows within the hour. A venue's feed also carries its listings' regular times;
    their state (and their closures') is in the key too.
    """
    from .models import EventCancellation

    today = local_now().date()
    events = feed_events(events, today)
    state = (
        events.order_by().aggregate(count=Count("pk"), changed=Max("updated_at")),
        EventCancellation.objects.filter(page__in=events.order_by().values("pk")).aggregate(
            count=Count("pk"), last=Max("pk")
        ),
    )
    if regular_times is not None:
        state += (regular_times_state(regular_times),)
    key = (
        "events:feed:"
        + hashlib.sha256(f"{request.get_host()}{request.path}|{today}|{state}".encode()).hexdigest()
    )
    body = cache.get(key)
    if body is None:
        calendar = calendar_for(events, request, name, description)
        for schedule in regular_times or ():
            component = regular_time_component(schedule, request, today)
            if component is not None:
                calendar.add_component(component)
        body = calendar.to_ical()
        cache.set(key, body, FEED_CACHE_SECONDS)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def site_calendar_response(request, index_page) -> HttpResponse:
    from .models import EventPage

    return feed_response(
        request,
        EventPage.objects.all(),
        f"What's on: {area_help_title(request)}",
        "Free and low-cost help to get online, near you.",
        "whats-on.ics",
    )


def organisation_calendar_response(request, organisation) -> HttpResponse:
    from .models import EventPage

    events = EventPage.objects.descendant_of(organisation)
    return place_feed_response(
        request, events, f"{organisation.title}: events", f"run by {organisation.title}", organisation.slug
    )


def place_feed_response(
    request, events, name: str, phrase: str, slug: str, regular_times=None
) -> HttpResponse:
    """The feed of one organisation's or one venue's events, described and named alike: its
    description is "Sessions and courses <phrase>." and its file "<slug>-events.ics"."""
    return feed_response(
        request,
        events,
        name,
        f"Sessions and courses {phrase}.",
        f"{slug}-events.ics",
        regular_times=regular_times,
    )


def regular_times_state(regular_times) -> tuple:
    """What a feed of regular times depends on: the times themselves and every closure at the venue."""
    from directory.models import ServiceLocationClosure, VenueClosure

    schedules = regular_times.order_by()
    locations = schedules.values("service_location_id")
    return (
        tuple(schedules.values_list("pk", *TIME_FIELDS, "skip_bank_holidays")),
        tuple(schedules.aggregate(changed=Max("service_location__service__last_published_at")).values()),
        tuple(
            ServiceLocationClosure.objects.filter(service_location__in=locations).values_list(
                "pk", "first_date", "last_date", "note"
            )
        ),
        tuple(
            VenueClosure.objects.filter(venue__service_locations__in=locations)
            .distinct()
            .values_list("pk", "first_date", "last_date", "note")
        ),
    )


def venue_calendar_response(request, venue) -> HttpResponse:
    from .models import EventPage

    events = EventPage.objects.at_venue(venue)
    return place_feed_response(
        request,
        events,
        f"What's on at {venue.name}",
        f"at {venue.name}",
        venue.slug,
        venue_regular_times(venue),
    )
