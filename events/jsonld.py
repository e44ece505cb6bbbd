"""schema.org Event structured data for an event page.

Search engines want one Event per date, so a series is described by its next few sessions (or,
once it is over, by its first). Each has its status, how people attend, where (a Place, a
VirtualLocation or both), when (with the UK offset of that date), who runs it and, if free, an offer
at no cost.
"""

from core.choices import Cost

from .choices import Attendance, EventStatus

SCHEMA = "https://schema.org/"
SESSIONS_DESCRIBED = 5
STATUS = {
    EventStatus.SCHEDULED: "EventScheduled",
    EventStatus.CANCELLED: "EventCancelled",
    EventStatus.POSTPONED: "EventPostponed",
    EventStatus.MOVED_ONLINE: "EventMovedOnline",
}


def attendance_mode(event) -> str:
    if event.status == EventStatus.MOVED_ONLINE or event.attendance == Attendance.ONLINE:
        return SCHEMA + "OnlineEventAttendanceMode"
    if event.attendance == Attendance.MIXED:
        return SCHEMA + "MixedEventAttendanceMode"
    return SCHEMA + "OfflineEventAttendanceMode"


def location(event, url: str):
    places = []
    if event.is_in_person:
        place = event.venue.json_ld()
        del place["@context"]
        places.append(place)
    if event.is_online:
        places.append({"@type": "VirtualLocation", "url": event.online_url or url})
    return places[0] if len(places) == 1 else places


def event_json_ld(event) -> dict:
    url = event.full_url
    sessions = event.next_occurrences(limit=SESSIONS_DESCRIBED)
    if not sessions:
        sessions = [event.occurrence_on(event.start_date)]
    common = {
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "url": url,
        "eventAttendanceMode": attendance_mode(event),
        "location": location(event, url),
    }
    organisation = event.organisation
    if organisation:
        common["organizer"] = {
            "@type": "Organization",
            "name": organisation.title,
            "url": organisation.full_url,
        }
    if event.cost == Cost.FREE:
        common["isAccessibleForFree"] = True
        common["offers"] = {
            "@type": "Offer",
            "price": "0",
            "priceCurrency": "GBP",
            "availability": SCHEMA + "InStock",
            "url": event.booking_url or url,
        }
    if event.capacity:
        common["maximumAttendeeCapacity"] = event.capacity
    graph = []
    for occurrence in sessions:
        status = STATUS[EventStatus(event.status)]
        if occurrence.cancelled:
            status = STATUS[EventStatus.CANCELLED]
        graph.append(
            {
                **common,
                "startDate": occurrence.starts.isoformat(),
                "endDate": occurrence.ends.isoformat(),
                "eventStatus": SCHEMA + status,
            }
        )
    return {"@context": "https://schema.org", "@graph": graph}
