"""Events on other pages: an organisation's, a venue's and a listing's upcoming events, and the
"Add to your calendar" links."""

from urllib.parse import quote

from django import template
from django.urls import reverse

from caching.generation import fragment
from core.timetable import local_now

register = template.Library()
CARDS_SHOWN = 10


def upcoming_cards(events, limit: int = CARDS_SHOWN, organisation=None, kept_as: str = "") -> list[dict]:
    """Each event that still has a session to come, with its next session, soonest first.
    `events`: a function giving the events' queryset, made only when they are not kept already.
    `organisation`: the group all the events belong to, if known (saves looking it up).
    `kept_as`: a name for these events (the page showing them): the events still to come today are
    then kept in the shared cache until content changes or the day ends, and each request works out
    only their next sessions (which change with the clock)."""
    from ..models import with_organisations

    now = local_now()

    def read() -> list:
        upcoming = (
            events()
            .live()
            .public()
            .going_ahead()
            .upcoming(now.date())
            .select_related("venue")
            .prefetch_related("cancelled_dates")
        )
        return with_organisations(upcoming) if organisation is None else list(upcoming)

    found = (
        fragment(f"upcoming-events:{kept_as}:{now.date().isoformat()}", read, learn=False)
        if kept_as
        else read()
    )
    if organisation is not None:
        for event in found:
            event.organisation = organisation
    cards = []
    for event in found:
        sessions = event.next_occurrences(limit=30, after=now)
        following = next((session for session in sessions if not session.cancelled), None)
        if following is None:
            continue
        cancelled_first = sessions[0] if sessions[0].cancelled else None
        cards.append({"event": event, "next": following, "cancelled_first": cancelled_first})
    cards.sort(key=lambda card: (card["next"].starts, card["event"].title))
    return cards[:limit]


def calendar_links_context(request, path: str, name: str) -> dict:
    address = request.build_absolute_uri(path)
    webcal = "webcal://" + address.split("://", 1)[1]
    return {
        "download_url": path,
        "webcal_url": webcal,
        "google_url": "https://calendar.google.com/calendar/render?cid=" + quote(webcal, safe=""),
        "name": name,
    }


@register.inclusion_tag("events/includes/upcoming_events.html", takes_context=True)
def organisation_events(context, organisation):
    from ..models import EventPage, calendar_url

    request = context["request"]
    cards = upcoming_cards(
        lambda: EventPage.objects.descendant_of(organisation),
        organisation=organisation,
        kept_as=f"organisation:{organisation.pk}",
    )
    feed = calendar_url(organisation, "events_feed")
    return {
        "request": request,
        "cards": cards,
        "heading": f"Events and courses by {organisation.title}",
        "heading_id": "events-heading",
        "empty": f"{organisation.title} has no events coming up at the moment.",
        "calendar": calendar_links_context(request, feed, f"events by {organisation.title}")
        if feed
        else None,
        "show_where": True,
    }


@register.inclusion_tag("events/includes/upcoming_events.html", takes_context=True)
def venue_events(context, venue):
    from ..models import EventPage

    request = context["request"]
    return {
        "request": request,
        "cards": upcoming_cards(lambda: EventPage.objects.at_venue(venue), kept_as=f"venue:{venue.pk}"),
        "heading": f"Events and courses at {venue.name}",
        "heading_id": "events-heading",
        "empty": f"There are no events at {venue.name} coming up at the moment.",
        "calendar": calendar_links_context(
            request, reverse("events:venue_feed", kwargs={"slug": venue.slug}), f"events at {venue.name}"
        ),
        "sheet_url": reverse("events:venue_sheet", kwargs={"slug": venue.slug}),
        "venue": venue,
        "show_where": False,
    }


@register.inclusion_tag("events/includes/upcoming_events.html", takes_context=True)
def listing_events(context, service):
    """Events by the listing's organisation at the listing's venues: the same group, in the same
    building, which is what a resident reading the listing can most easily go to as well."""
    from ..models import EventPage

    request = context["request"]
    organisation = service.organisation
    venue_ids = [location.venue_id for location in service.locations.all()]
    cards = []
    if organisation and venue_ids:
        cards = upcoming_cards(
            lambda: (
                EventPage.objects.descendant_of(organisation)
                .filter(venue_id__in=venue_ids)
                .exclude(attendance="online")
            ),
            limit=3,
            organisation=organisation,
            kept_as=f"listing:{service.pk}",
        )
    return {
        "request": request,
        "cards": cards,
        "heading": f"Also from {organisation.title} here" if organisation else "",
        "heading_id": "listing-events-heading",
        "empty": "",
        "calendar": None,
        "show_where": True,
    }


@register.inclusion_tag("events/includes/calendar_links.html", takes_context=True)
def calendar_links(context, path: str, name: str):
    return calendar_links_context(context["request"], path, name)


@register.filter
def miles(value) -> str:
    """A distance for residents: 'less than 0.1 miles', '0.8 miles', '1 mile', '12 miles'."""
    if value is None:
        return ""
    if value < 0.1:
        return "less than 0.1 miles"
    if value < 10:
        rounded = round(value, 1)
        return "1 mile" if rounded == 1 else f"{rounded:g} miles"
    return f"{round(value)} miles"
