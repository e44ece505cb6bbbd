"""What a printed handout or an email says about each shortlisted page: plain values, one shape for
listings and events, so the print view and both kinds of email read the same."""

import dataclasses
import datetime as dt

from core.choices import cost_sentence
from directory.models import ServicePage

from .qr import qr_svg

SESSIONS_SHOWN = 3


@dataclasses.dataclass
class Place:
    name: str
    address_lines: list[str]
    times: list[str]
    note: str = ""


@dataclasses.dataclass
class When:
    starts: dt.datetime
    ends: dt.datetime
    where: str = ""


@dataclasses.dataclass
class HandoutItem:
    page_id: int
    kind: str
    title: str
    url: str
    organisation: str = ""
    summary: str = ""
    warning: str = ""
    places: list[Place] = dataclasses.field(default_factory=list)
    remote_times: list[str] = dataclasses.field(default_factory=list)
    sessions: list[When] = dataclasses.field(default_factory=list)
    cost: str = ""
    how_to_take_part: str = ""
    phone: str = ""
    email: str = ""
    what_to_bring: str = ""

    @property
    def qr_code(self) -> str:
        return qr_svg(self.url, f"QR code: scan it with a phone camera to open the web page for {self.title}")


def absolute_url(page, request) -> str:
    return request.build_absolute_uri(page.get_url(request))


def shared_fields(page, request) -> dict:
    """What a listing's and an event's handout entries say alike: name, group, link, cost, contact."""
    return {
        "page_id": page.pk,
        "title": page.title,
        "url": absolute_url(page, request),
        "organisation": page.organisation.title if page.organisation else "",
        "summary": page.summary,
        "cost": cost_sentence(page.cost, page.cost_note),
        "phone": page.phone,
        "email": page.email,
        "what_to_bring": page.what_to_bring,
    }


def service_item(page: ServicePage, request) -> HandoutItem:
    locations = list(page.locations.select_related("venue").prefetch_related("schedules"))
    take_part = page.get_how_to_take_part_display()
    if page.booking_details:
        take_part = f"{take_part}. {page.booking_details}"
    warning = ""
    if not page.is_running:
        warning = page.get_status_display() + (f": {page.status_note}" if page.status_note else "")
    sessions = [
        When(
            session.starts,
            session.ends,
            session.schedule.service_location.venue.name
            if getattr(session.schedule, "service_location", None)
            else "",
        )
        for session in page.upcoming_sessions(SESSIONS_SHOWN)
    ]
    return HandoutItem(
        **shared_fields(page, request),
        kind="Help",
        warning=warning,
        places=[
            Place(
                name=location.venue.name,
                address_lines=location.venue.address_lines,
                times=[schedule.describe() for schedule in location.schedules.all()],
                note=location.note,
            )
            for location in locations
        ],
        remote_times=[schedule.describe() for schedule in page.remote_schedules.all()],
        sessions=sessions,
        how_to_take_part=take_part,
    )


def event_item(page, request) -> HandoutItem:
    """An event: when it runs, where (a venue, online or both), its next sessions and how to book."""
    from events.choices import EventStatus

    warning = ""
    if page.status not in (EventStatus.SCHEDULED,):
        warning = page.get_status_display() + (f": {page.status_note}" if page.status_note else "")
    places = []
    if page.is_in_person:
        venue = page.venue
        places.append(
            Place(
                name=venue.name,
                address_lines=venue.address_lines,
                times=[page.schedule_words],
                note=page.venue_note,
            )
        )
    remote_times = [f"Online: {page.schedule_words}"] if page.is_online else []
    sessions = [
        When(occurrence.starts, occurrence.ends, page.venue.name if page.is_in_person else "Online")
        for occurrence in page.next_occurrences(limit=SESSIONS_SHOWN * 2)
        if not occurrence.cancelled
    ][:SESSIONS_SHOWN]
    if page.booking == "phone":
        booking = f"You need to book. Ring {page.booking_phone}."
    elif page.booking == "link":
        booking = f"You need to book online: {page.booking_url}"
    else:
        booking = "No need to book: just turn up."
    return HandoutItem(
        **shared_fields(page, request),
        kind="Event",
        warning=warning,
        places=places,
        remote_times=remote_times,
        sessions=sessions,
        how_to_take_part=booking,
    )


def generic_item(page, request) -> HandoutItem:
    return HandoutItem(
        page_id=page.pk,
        kind="Page",
        title=page.title,
        url=absolute_url(page, request),
        summary=getattr(page, "summary", ""),
    )


def builders() -> dict:
    from events.models import EventPage

    return {ServicePage: service_item, EventPage: event_item}


def handout_item(page, request) -> HandoutItem:
    builder = builders().get(type(page), generic_item)
    return builder(page, request)


def handout_items(pages, request) -> list[HandoutItem]:
    return [handout_item(page, request) for page in pages]
