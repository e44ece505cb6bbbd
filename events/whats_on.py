"""What's on: reading the filters from the query string, finding the sessions, and the page's context.

Every parameter is checked; a value we cannot use is dropped (or put right) with a plain-English
message, never an error page. The window of dates is what makes the answer cheap: only events that
may run in it are fetched, and only the window is expanded (events/occurrences.py).
"""

import dataclasses
import datetime as dt
import re

from django.db.models import Q
from django.http import QueryDict

from caching import clock
from caching.generation import fragment
from core.choices import Cost, SkillLevel
from core.geo import bounding_box, haversine_miles
from core.querystrings import link, page_count, page_links, without
from core.timetable import local_now, local_zone, wall_clock
from directory import vocabulary
from directory.models import HelpTopic
from search.facets import BY_NAME, TERM_FACETS, Facet
from search.places import Location, PlaceResult, find_place
from search.query import DEFAULT_RADIUS, RADIUS_CHOICES

from .choices import Attendance, EventStatus
from .occurrences import Occurrence, SessionRow, find_sessions_between, mark_cancelled
from .sessions import ListingSession, attach_listings, listing_sessions_between, matching_entries

PER_PAGE = 30
MAX_PAGE = 500
MAX_SPAN_DAYS = 31
MAX_DAYS_AHEAD = 366
DEFAULT_WHEN = "next_7_days"
WHEN_CHOICES = (
    ("today", "Today"),
    ("tomorrow", "Tomorrow"),
    ("this_week", "This week"),
    ("weekend", "This weekend"),
    ("next_7_days", "The next 7 days"),
    ("dates", "Choose dates"),
)
WHEN_WORDS = {
    "today": "today",
    "tomorrow": "tomorrow",
    "this_week": "this week",
    "weekend": "this weekend",
    "next_7_days": "in the next 7 days",
}
HOW_CHOICES = (("", "Any way"), ("in_person", "In person"), ("online", "Online"))
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d %B %Y", "%d %b %Y")
# Find help's vocabulary filters besides topics (search.facets), which What's on offers as they are.
OTHER_TERM_FACETS = tuple(facet for facet in TERM_FACETS if facet.name != "topic")
ONLINE_CAPABLE = Q(attendance__in=[Attendance.ONLINE, Attendance.MIXED]) | Q(status=EventStatus.MOVED_ONLINE)


# -- windows of time ---------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Window:
    """From `start` (aware) up to, not including, `end`; `first_day` to `last_day` are its UK dates."""

    start: dt.datetime
    end: dt.datetime

    @property
    def first_day(self) -> dt.date:
        return self.start.astimezone(local_zone()).date()

    @property
    def last_day(self) -> dt.date:
        return (self.end - dt.timedelta(microseconds=1)).astimezone(local_zone()).date()


def days_window(now: dt.datetime, first: dt.date, last: dt.date) -> Window:
    """Whole UK days from `first` to `last`, less whatever of them is already past."""
    return Window(max(now, wall_clock(first, dt.time())), wall_clock(last + dt.timedelta(days=1), dt.time()))


def window_for(
    when: str, now: dt.datetime, first: dt.date | None = None, last: dt.date | None = None
) -> Window:
    """The dates a "when" choice means at `now`. A week runs Monday to Sunday, as on UK calendars."""
    today = now.astimezone(local_zone()).date()
    if when == "today":
        return days_window(now, today, today)
    if when == "tomorrow":
        tomorrow = today + dt.timedelta(days=1)
        return days_window(now, tomorrow, tomorrow)
    if when == "this_week":
        return days_window(now, today, today + dt.timedelta(days=6 - today.weekday()))
    if when == "weekend":
        saturday = today + dt.timedelta(days=5 - today.weekday()) if today.weekday() < 6 else today
        if today.weekday() == 6:
            saturday = today - dt.timedelta(days=1)
        return days_window(now, saturday, saturday + dt.timedelta(days=1))
    if when == "dates" and first and last:
        return days_window(now, first, last)
    return days_window(now, today, today + dt.timedelta(days=6))


# -- reading the query string ----------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class WhatsOnQuery:
    when: str = DEFAULT_WHEN
    window: Window | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    where: str = ""
    location: Location | None = None
    radius: int | None = None
    topics: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    # Find help's other filters. Events record none of format or language (only their venue's access),
    # so choosing a format or a language shows listings' sessions only.
    formats: tuple[str, ...] = ()
    access: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    free: bool = False
    how: str = ""
    page: int = 1


@dataclasses.dataclass(frozen=True)
class ParsedWhatsOn:
    query: WhatsOnQuery
    messages: tuple[str, ...]
    place: PlaceResult | None
    params: dict  # the filters as understood, for links that change one of them


def parse_date(text: str) -> dt.date | None:
    text = " ".join(text.split())[:30]
    for date_format in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, date_format).date()  # noqa: DTZ007 - a date, not a moment
        except ValueError:
            continue
    return None


def _values(data, name: str) -> list[str]:
    values = []
    for raw in data.getlist(name):
        values.extend(part.strip() for part in raw.split(",") if part.strip())
    return list(dict.fromkeys(values))[:20]


CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
SLUG = re.compile(r"^[-\w]{1,100}$")


def without_control_characters(data) -> QueryDict:
    """The query string with control characters (a NUL byte, say) taken out of every value: they
    mean nothing here, and PostgreSQL refuses them in a query."""
    cleaned = QueryDict(mutable=True)
    for name, values in data.lists():
        cleaned.setlist(name, [CONTROL_CHARACTERS.sub("", value) for value in values])
    return cleaned


def _shown(value: str) -> str:
    return value[:40]


def _parse_dates(data, now: dt.datetime, messages: list[str]) -> tuple[dt.date | None, dt.date | None]:
    today = now.astimezone(local_zone()).date()
    parsed = {}
    for name, words in (("from", "start"), ("to", "end")):
        raw = data.get(name, "").strip()
        if not raw:
            parsed[name] = None
            continue
        parsed[name] = parse_date(raw)
        if parsed[name] is None:
            messages.append(
                f"We don't understand the {words} date '{_shown(raw)}'. Write it like "
                f"{today:%d/%m/%Y}, so we left it out."
            )
    first, last = parsed["from"], parsed["to"]
    if first is None and last is None:
        return None, None
    first = first or today
    last = last or first + dt.timedelta(days=6)
    if last < first:
        first, last = last, first
        messages.append("The end date was before the start date, so we swapped them.")
    if last < today:
        messages.append("Those dates have passed, so we are showing the next 7 days.")
        return None, None
    if first < today:
        first = today
        messages.append("We can only show sessions from today on, so we started from today.")
    latest = today + dt.timedelta(days=MAX_DAYS_AHEAD)
    if first > latest:
        messages.append("We can only show sessions up to a year ahead, so we are showing the next 7 days.")
        return None, None
    if last > latest:
        last = latest
        messages.append("We can only show sessions up to a year ahead.")
    if (last - first).days + 1 > MAX_SPAN_DAYS:
        last = first + dt.timedelta(days=MAX_SPAN_DAYS - 1)
        messages.append(
            f"We can show up to {MAX_SPAN_DAYS} days at a time, so we are showing "
            f"{first.day} {first:%B} to {last.day} {last:%B}."
        )
    return first, last


def _known_terms(data, facet: Facet, messages: list[str]) -> list[str]:
    """The slugs given for one of Find help's vocabulary filters that we have, in the order given; a
    message (in Find help's words) for each we don't."""
    given = _values(data, facet.parameter)
    known = set(
        facet.model.objects.filter(slug__in=[slug for slug in given if SLUG.match(slug)]).values_list(
            "slug", flat=True
        )
    )
    for slug in given:
        if slug not in known:
            messages.append(facet.unknown(slug))
    return [slug for slug in given if slug in known]


def parse_whats_on(data, now: dt.datetime | None = None) -> ParsedWhatsOn:
    now = now or local_now()
    data = without_control_characters(data)
    messages: list[str] = []
    params: dict = {}

    when = data.get("when", "").strip()
    if when and when not in dict(WHEN_CHOICES):
        messages.append(f"We can't show '{_shown(when)}', so we are showing the next 7 days.")
        when = ""
    date_from, date_to = _parse_dates(data, now, messages)
    if date_from and when in ("", "dates"):
        when = "dates"
    elif when == "dates":
        if not (data.get("from") or data.get("to")):
            messages.append("Choose the dates you want, or one of the other options.")
        when = ""
    when = when or DEFAULT_WHEN
    if when == "dates":
        params.update({"when": "dates", "from": date_from.isoformat(), "to": date_to.isoformat()})
    elif when != DEFAULT_WHEN:
        params["when"] = when
    window = window_for(when, now, date_from, date_to)

    where = " ".join(data.get("where", "").split())
    if len(where) > 100:
        where = where[:100]
        messages.append("The place you typed was very long, so we used the first 100 letters.")
    place, location, radius = None, None, None
    if where:
        place = find_place(where)
        location = place.location
        if place.message:
            messages.append(place.message)
    if location:
        params["where"] = where
        raw_radius = data.get("radius", "").strip()
        radius = DEFAULT_RADIUS
        if raw_radius:
            if raw_radius in {str(miles) for miles in RADIUS_CHOICES}:
                radius = int(raw_radius)
                params["radius"] = raw_radius
            else:
                messages.append(
                    f"'{_shown(raw_radius)}' is not a distance we can search, "
                    f"so we used {DEFAULT_RADIUS} miles."
                )

    topics = _known_terms(data, BY_NAME["topic"], messages)
    levels = _values(data, "level")
    for level in levels:
        if level not in SkillLevel.values:
            messages.append(BY_NAME["level"].unknown(level))
    levels = [level for level in SkillLevel.values if level in levels]
    if topics:
        params["topic"] = sorted(topics)
    if levels:
        params["level"] = levels
    terms = {}
    for facet in OTHER_TERM_FACETS:
        terms[facet.name] = sorted(_known_terms(data, facet, messages))
        if terms[facet.name]:
            params[facet.parameter] = terms[facet.name]

    free_value = data.get("free", "").strip().lower()
    free = free_value in {"1", "yes", "true", "on"}
    if free_value and not free and free_value not in {"0", "no", "false", "off"}:
        messages.append(f"'{_shown(free_value)}' is not a choice for cost, so we left it out.")
    if free:
        params["free"] = "1"

    how = data.get("how", "").strip()
    if how and how not in dict(HOW_CHOICES):
        messages.append(f"'{_shown(how)}' is not a way of taking part we know, so we left it out.")
        how = ""
    if how:
        params["how"] = how

    page = 1
    raw_page = data.get("page", "").strip()
    if raw_page:
        if raw_page.isdigit() and 1 <= int(raw_page) <= MAX_PAGE:
            page = int(raw_page)
        else:
            messages.append(f"There is no page '{_shown(raw_page)}', so we showed the first page.")

    query = WhatsOnQuery(
        when=when,
        window=window,
        date_from=date_from,
        date_to=date_to,
        where=where,
        location=location,
        radius=radius,
        topics=tuple(sorted(topics)),
        levels=tuple(levels),
        **{facet.query_field: tuple(terms[facet.name]) for facet in OTHER_TERM_FACETS},
        free=free,
        how=how,
        page=page,
    )
    return ParsedWhatsOn(query=query, messages=tuple(messages), place=place, params=params)


# -- answering -----------------------------------------------------------------------------------------


def matching_events(query: WhatsOnQuery):
    """The events the filters allow, before dates are looked at."""
    from .models import EventPage

    events = EventPage.objects.live().public().going_ahead()
    if query.topics:
        events = events.filter(topics__slug__in=query.topics).distinct()
    if query.levels:
        any_level = Q()
        for level in query.levels:
            any_level |= Q(levels__has=level)
        events = events.filter(any_level)
    if query.free:
        events = events.filter(cost=Cost.FREE)
    if query.formats or query.languages:
        return events.none()
    if query.access:
        events = events.filter(venue__access_facilities__slug__in=query.access).distinct()
    in_person = (
        Q(venue__isnull=False) & ~Q(attendance=Attendance.ONLINE) & ~Q(status=EventStatus.MOVED_ONLINE)
    )
    if query.how == "in_person":
        events = events.filter(in_person)
    elif query.how == "online":
        events = events.filter(ONLINE_CAPABLE)
    if query.location:
        south, west, north, east = bounding_box(
            query.location.latitude, query.location.longitude, query.radius
        )
        nearby = in_person & Q(venue__latitude__range=(south, north), venue__longitude__range=(west, east))
        events = events.filter(nearby if query.how == "in_person" else nearby | ONLINE_CAPABLE)
    return events


def find_sessions(query: WhatsOnQuery) -> tuple[list, dict[int, float]]:
    """Every session the query asks for, events' and listings' regular ones together, soonest first
    (then by title), and the distance to each event's venue if a place was given. Listings' sessions
    (events.sessions.ListingSession) carry their own distance.

    An event at a venue beyond the distance asked for is still shown if people can also join it
    online (unless "In person" was chosen), without a distance.
    """
    place_fields = ("venue__latitude", "venue__longitude", "attendance", "status") if query.location else ()
    rows, extras = find_sessions_between(
        matching_events(query), query.window.start, query.window.end, extra_fields=("title", *place_fields)
    )
    distances: dict[int, float] = {}
    if query.location:
        origin = (query.location.latitude, query.location.longitude)
        far: set[int] = set()
        for event_id, (_title, latitude, longitude, attendance, status) in extras.items():
            online = attendance in (Attendance.ONLINE, Attendance.MIXED) or status == EventStatus.MOVED_ONLINE
            if latitude is None or attendance == Attendance.ONLINE or status == EventStatus.MOVED_ONLINE:
                continue
            distance = haversine_miles(*origin, latitude, longitude)
            if distance <= query.radius:
                distances[event_id] = distance
            elif query.how == "in_person" or not online:
                far.add(event_id)
        rows = [row for row in rows if row.event_id not in far]
    entries = matching_entries(
        topics=query.topics,
        levels=query.levels,
        formats=query.formats,
        access=query.access,
        languages=query.languages,
        free=query.free,
        how=query.how,
        location=query.location,
        radius=query.radius,
    )
    listing_rows = listing_sessions_between(
        entries, query.window.start, query.window.end, location=query.location, radius=query.radius
    )
    found = [(row.starts, extras[row.event_id][0], 0, row.event_id, row) for row in rows]
    found += [(row.starts, row.title, 1, row.service_id, row) for row in listing_rows]
    found.sort(key=lambda item: item[:4])
    return [item[-1] for item in found], distances


def page_of_occurrences(rows: list, distances: dict[int, float], now: dt.datetime) -> list:
    """The sessions on one page: events' as Occurrences (cancelled dates marked, events and distances
    attached) and listings' with their listing's details, in the order given."""
    occurrences = [row.occurrence() for row in rows if isinstance(row, SessionRow)]
    mark_cancelled(occurrences)
    attach_events(occurrences)
    for occurrence in occurrences:
        occurrence.distance = distances.get(occurrence.event_id)
        occurrence.happening_now = occurrence.is_happening_at(now)
    listings = [row for row in rows if isinstance(row, ListingSession)]
    attach_listings(listings)
    for session in listings:
        session.happening_now = session.is_happening_at(now)
    by_event = iter(occurrences)
    shown = [next(by_event) if isinstance(row, SessionRow) else row for row in rows]
    return [item for item in shown if not isinstance(item, ListingSession) or item.listing]


def attach_events(occurrences: list[Occurrence]) -> None:
    """Load the events (with venue, topics and organisation) for the occurrences on one page."""
    from .models import EventPage, with_organisations

    ids = {occurrence.event_id for occurrence in occurrences}
    events = with_organisations(EventPage.objects.filter(pk__in=ids).select_related("venue"))
    by_id = {event.pk: event for event in events}
    for occurrence in occurrences:
        occurrence.event = by_id[occurrence.event_id]


# -- the page ----------------------------------------------------------------------------------------------


def day_heading(day: dt.date, today: dt.date) -> str:
    words = f"{day:%A} {day.day} {day:%B}"
    if day == today:
        return f"Today, {words}"
    if day == today + dt.timedelta(days=1):
        return f"Tomorrow, {words}"
    return words


def window_words(query: WhatsOnQuery) -> str:
    if query.when == "dates":
        first, last = query.window.first_day, query.window.last_day
        if first == last:
            return f"on {first:%A} {first.day} {first:%B}"
        return f"from {first:%A} {first.day} {first:%B} to {last:%A} {last.day} {last:%B}"
    return WHEN_WORDS[query.when]


def active_filters(
    parsed: ParsedWhatsOn, topic_names: dict[str, str], term_names: dict | None = None
) -> list[dict]:
    query, params = parsed.query, parsed.params
    term_names = term_names or {}
    chips = []
    if query.when != DEFAULT_WHEN:
        label = dict(WHEN_CHOICES)[query.when] if query.when != "dates" else window_words(query).capitalize()
        chips.append({"label": label, "remove": without(params, "when", None, "from", "to")})
    if query.location:
        chips.append(
            {
                "label": f"Within {query.radius} miles of {query.location.label}",
                "remove": without(params, "where", None, "radius"),
            }
        )
    for slug in query.topics:
        chips.append({"label": topic_names.get(slug, slug), "remove": without(params, "topic", slug)})
    for level in query.levels:
        chips.append({"label": SkillLevel(level).label, "remove": without(params, "level", level)})
    for facet in OTHER_TERM_FACETS:
        for slug in getattr(query, facet.query_field):
            chips.append(
                {
                    "label": term_names.get((facet.name, slug), slug),
                    "remove": without(params, facet.parameter, slug),
                }
            )
    if query.free:
        chips.append({"label": "Free only", "remove": without(params, "free")})
    if query.how:
        chips.append({"label": f"{dict(HOW_CHOICES)[query.how]} only", "remove": without(params, "how")})
    return chips


def later_link(parsed: ParsedWhatsOn, now: dt.datetime) -> str:
    """The same filters for the 7 days after the ones shown, while that is within a year."""
    first = parsed.query.window.last_day + dt.timedelta(days=1)
    if first > now.astimezone(local_zone()).date() + dt.timedelta(days=MAX_DAYS_AHEAD - 7):
        return ""
    params = {key: value for key, value in parsed.params.items() if key not in ("page", "when", "from", "to")}
    return link(
        params, when="dates", **{"from": first.isoformat(), "to": (first + dt.timedelta(days=6)).isoformat()}
    )


def whats_on_context(request) -> dict:
    now = local_now()
    parsed = parse_whats_on(request.GET, now)
    query = parsed.query
    messages = list(parsed.messages)
    rows, distances = find_sessions(query)
    # The list changes when a session starts (it is then on now) and when one that is on now ends.
    clock.changes_at(min((row.starts if row.starts > now else row.ends for row in rows), default=None))
    total = len(rows)
    pages = page_count(total, PER_PAGE)
    page = query.page
    if page > pages:
        there = "There is only 1 page" if pages == 1 else f"There are only {pages} pages"
        messages.append(f"{there}, so here is the last one.")
        page = pages
    offset = (page - 1) * PER_PAGE
    shown = page_of_occurrences(rows[offset : offset + PER_PAGE], distances, now)

    today = now.astimezone(local_zone()).date()
    days = []
    previous_day = rows[offset - 1].day if offset and shown else None
    for occurrence in shown:
        if not days or days[-1]["day"] != occurrence.day:
            days.append(
                {
                    "day": occurrence.day,
                    "heading": day_heading(occurrence.day, today),
                    "continued": occurrence.day == previous_day and not days,
                    "sessions": [],
                }
            )
        days[-1]["sessions"].append(occurrence)

    # Topics some live help or event has, kept until content changes, and any the resident chose.
    offered = fragment(
        "topics-on-offer",
        lambda: set(
            HelpTopic.objects.filter(Q(events__live=True) | Q(services__live=True)).values_list(
                "slug", flat=True
            )
        ),
    )
    topics = [
        topic
        for topic in vocabulary.objects(HelpTopic).values()
        if topic.slug in offered or topic.slug in query.topics
    ]
    topic_names = {topic.slug: topic.name for topic in topics}
    term_choices = {facet.name: list(vocabulary.objects(facet.model).values()) for facet in OTHER_TERM_FACETS}
    term_names = {(name, term.slug): term.name for name, terms in term_choices.items() for term in terms}
    return {
        "parsed": parsed,
        "query": query,
        "messages_for_filters": messages,
        "now": now,
        "total": total,
        "days": days,
        "window_words": window_words(query),
        "pagination": page_links(parsed.params, page, pages, number_first_page=False),
        "active_filters": active_filters(parsed, topic_names, term_names),
        # Find help's legends, so the two pages name each filter alike.
        "term_filters": [
            (facet.parameter, facet.legend, term_choices[facet.name], getattr(query, facet.query_field))
            for facet in OTHER_TERM_FACETS
        ],
        "later_link": later_link(parsed, now),
        "when_choices": WHEN_CHOICES,
        "how_choices": HOW_CHOICES,
        "radius_choices": RADIUS_CHOICES,
        "default_radius": DEFAULT_RADIUS,
        "topic_choices": topics,
        "level_choices": list(SkillLevel),
        "has_filters": bool(request.GET),
    }
