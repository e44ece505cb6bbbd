"""What's on: reading the filters from the query string, finding the sessions, and the page's context.

Every parameter is checked; a value we cannot use is dropped (or put right) with a plain-English
message, never an error page. The window of dates is what makes the answer cheap: only events that
may run in it are fetched, and only the window is expanded (events/occurrences.py).
"""

import collections
import dataclasses
import datetime as dt
import functools
import operator
import re

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.http import QueryDict
from django.utils.text import capfirst

from caching import clock
from caching.generation import fragment
from core.choices import Cost, cost_sentence
from core.geo import bounding_box, miles_from
from core.querystrings import link, page_count, page_links, without
from core.timetable import local_now, local_zone, wall_clock
from directory.models import HelpTopic, ServicePage
from directory.vocabulary import attach_terms
from search.engines.base import Hit
from search.facets import BY_NAME, FACETS
from search.filters import PlaceAndFacetsFilterSet, place_from, read_filters
from search.places import Location, PlaceResult
from search.query import DEFAULT_RADIUS, RADIUS_CHOICES
from search.results import hydrate
from search.views import term_labels

from .choices import Attendance, EventStatus
from .occurrences import Occurrence, find_sessions_between, mark_cancelled
from .sessions import (
    ListingRow,
    ListingSession,
    listing_groups,
    listing_rows_with,
    listing_session,
    matching_entries,
    nearby_listing_groups,
)

PER_PAGE = 30
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

# "free=1" is What's on's shortcut for Find help's "cost=free" (links written before cost was a facet).
FREE_YES = ("1", "yes", "true", "on")
FREE_NO = ("0", "no", "false", "off")
# What's on asks what a session is about first, then the rest of Find help's filters in their order.
FACETS_SHOWN = (BY_NAME["topic"], *(facet for facet in FACETS if facet.name != "topic"))

# Find help's FilterSet (place and distance, every facet in search.facets, page) with What's on's
# "when" part and its way of taking part. "from" and "to" are Python keywords, hence type().
WhatsOnFilterSet = type(
    "WhatsOnFilterSet",
    (PlaceAndFacetsFilterSet,),
    {
        "__doc__": "The parameters of What's on: Find help's filters, and when and how.",
        "__module__": __name__,
        "when": django_filters.ChoiceFilter(label="When", choices=WHEN_CHOICES),
        "from": django_filters.CharFilter(label="From"),
        "to": django_filters.CharFilter(label="To"),
        "how": django_filters.ChoiceFilter(label="How you take part", choices=HOW_CHOICES[1:]),
        "free": django_filters.ChoiceFilter(label="Free only", choices=[(v, v) for v in FREE_YES + FREE_NO]),
    },
)


@dataclasses.dataclass(frozen=True)
class WhatsOnQuery:
    when: str = DEFAULT_WHEN
    window: Window | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    where: str = ""
    location: Location | None = None
    radius: int | None = None
    # Find help's facets (search.facets), by name: the values chosen. Events record no format or
    # language (only their venue's access), so choosing a format or a language shows listings only.
    facets: dict = dataclasses.field(default_factory=dict)
    free: bool = False
    how: str = ""
    page: int = 1

    def chosen(self, name: str) -> tuple[str, ...]:
        return self.facets.get(name, ())

    @property
    def topics(self) -> tuple[str, ...]:
        return self.chosen("topic")

    @property
    def levels(self) -> tuple[str, ...]:
        return self.chosen("level")

    @property
    def costs(self) -> frozenset[str]:
        """The costs allowed: those chosen, and free for "free=1"; empty for any cost."""
        return frozenset(self.chosen("cost")) | ({Cost.FREE} if self.free else set())


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


CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def without_control_characters(data) -> QueryDict:
    """The query string with control characters (a NUL byte, say) taken out of every value: they
    mean nothing here, and PostgreSQL refuses them in a query."""
    cleaned = QueryDict(mutable=True)
    for name, values in data.lists():
        cleaned.setlist(name, [CONTROL_CHARACTERS.sub("", value) for value in values])
    return cleaned


def _shown(value: str) -> str:
    return value[:40]


def whats_on_message(name: str, value: str) -> str:
    """The words for a bad value of What's on's own parameters; Find help's words for the rest."""
    shown = _shown(value)
    return {
        "when": f"We can't show '{shown}', so we are showing the next 7 days.",
        "free": f"'{shown}' is not a choice for cost, so we left it out.",
        "how": f"'{shown}' is not a way of taking part we know, so we left it out.",
    }.get(name, "")


def _parse_dates(
    values: dict, now: dt.datetime, messages: list[str]
) -> tuple[dt.date | None, dt.date | None]:
    today = now.astimezone(local_zone()).date()
    parsed = {}
    for name, words in (("from", "start"), ("to", "end")):
        raw = (values.get(name) or "").strip()
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


def parse_whats_on(data, now: dt.datetime | None = None) -> ParsedWhatsOn:
    """What's on's query string read through Find help's FilterSet (with "when" added): the same
    values are refused with the same messages on both pages."""
    now = now or local_now()
    data = without_control_characters(data)
    if "free" in data:
        data.setlist("free", [value.strip().lower() for value in data.getlist("free")])
    messages: list[str] = []
    params: dict = {}
    values = read_filters(WhatsOnFilterSet, data, messages, whats_on_message)

    when = values.get("when") or ""
    date_from, date_to = _parse_dates(values, now, messages)
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

    where = " ".join((values.get("where") or "").split())
    place = place_from(where, messages)
    location = place.location if place else None
    radius = None
    if location:
        params["where"] = where
        radius = values.get("radius") or DEFAULT_RADIUS
        if values.get("radius"):
            params["radius"] = str(radius)

    facets = {}
    for facet in FACETS_SHOWN:
        chosen = tuple(sorted(values.get(facet.parameter) or ()))
        if chosen:
            facets[facet.name] = chosen
            params[facet.parameter] = list(chosen)

    free = values.get("free") in FREE_YES
    if free:
        params["free"] = "1"
    how = values.get("how") or ""
    if how:
        params["how"] = how

    query = WhatsOnQuery(
        when=when,
        window=window,
        date_from=date_from,
        date_to=date_to,
        where=where,
        location=location,
        radius=radius,
        facets=facets,
        free=free,
        how=how,
        page=int(values.get("page") or 1),
    )
    return ParsedWhatsOn(query=query, messages=tuple(messages), place=place, params=params)


# -- answering -----------------------------------------------------------------------------------------


def _event_filter(facet_name: str, values) -> Q | None:
    """How an event matches one of Find help's facets; None for a facet events do not record."""
    if facet_name == "topic":
        return Q(topics__slug__in=values)
    if facet_name == "level":
        any_level = Q()
        for level in values:
            any_level |= Q(levels__has=level)
        return any_level
    if facet_name == "cost":
        return Q(cost__in=values)
    if facet_name == "access":
        return Q(venue__access_facilities__slug__in=values)
    return None


def matching_events(query: WhatsOnQuery):
    """The events the filters allow, before dates are looked at."""
    from .models import EventPage

    events = EventPage.objects.live().public().going_ahead()
    chosen = {**query.facets, "cost": tuple(sorted(query.costs))}
    for facet in FACETS:
        values = chosen.get(facet.name)
        if not values:
            continue
        condition = _event_filter(facet.name, values)
        if condition is None:  # format, language: events don't say, so only listings can match
            return events.none()
        events = events.filter(condition)
        if facet.name in ("topic", "access"):
            events = events.distinct()
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
        miles = miles_from(query.location.latitude, query.location.longitude)
        far: set[int] = set()
        for event_id, (_title, latitude, longitude, attendance, status) in extras.items():
            online = attendance in (Attendance.ONLINE, Attendance.MIXED) or status == EventStatus.MOVED_ONLINE
            if latitude is None or attendance == Attendance.ONLINE or status == EventStatus.MOVED_ONLINE:
                continue
            distance = miles(latitude, longitude)
            if distance <= query.radius:
                distances[event_id] = distance
            elif query.how == "in_person" or not online:
                far.add(event_id)
        rows = [row for row in rows if row.event_id not in far]
    entries = matching_entries(
        facets={**query.facets, "cost": tuple(query.costs)},
        how=query.how,
        location=query.location,
        radius=query.radius,
    )
    # (starts, title, kind, id, row): sorted as tuples, and only the page's become objects.
    found = [(row.starts, extras[row.event_id][0], EVENT, row.event_id, row) for row in rows]
    if query.location is None:
        # Listings at any distance: counted by their rules, and only the page's rows are fetched.
        narrowed = any(query.facets.values()) or bool(query.costs)
        groups = listing_groups(entries, query.window.start, query.window.end, narrowed=narrowed)
        return GroupedSessions(found, groups, functools.partial(listing_rows_with, entries)), distances
    # Listings near a place: the few thousand rows within the distance are read at once, with how far.
    groups, nearby = nearby_listing_groups(
        entries, query.window.start, query.window.end, location=query.location, radius=query.radius
    )
    return GroupedSessions(found, groups, lambda texts: [row for row in nearby if row[0] in texts]), distances


EVENT, LISTING = 0, 1


sort_key = operator.itemgetter(0, 1, 2, 3)


def ends_of(item: tuple) -> dt.datetime:
    return item[4].ends


def day_of(starts: dt.datetime) -> dt.date:
    return starts.astimezone(local_zone()).date()


class GroupedSessions:
    """Every session found, soonest first: events' as (starts, title, kind, id, row) tuples, and
    listings' counted by their rules (events.sessions.listing_groups): thousands of listings share a
    few hundred sets of rules, so the total, the order of start times and the page are worked out from
    those, and only a page's listing rows are asked for (`rows_with`, given the rules texts: one query,
    or the rows near a place read already). Read with len(), a slice, first_change and day_at."""

    def __init__(self, events: list[tuple], groups: dict, rows_with):
        self.groups, self.rows_with = groups, rows_with
        self.events_at: dict[dt.datetime, list[tuple]] = {}
        for item in events:
            self.events_at.setdefault(item[0], []).append(item)
        self.listings_at: dict[dt.datetime, int] = {}
        self.texts_at: dict[dt.datetime, list[str]] = {}
        self.ends: dict[tuple[str, dt.datetime], dt.datetime] = {}
        for text, (count, times) in groups.items():
            for starts, ends in times:
                self.listings_at[starts] = self.listings_at.get(starts, 0) + count
                self.texts_at.setdefault(starts, []).append(text)
                self.ends[(text, starts)] = ends
        self.starts = sorted(self.events_at.keys() | self.listings_at.keys())
        self.total = len(events) + sum(self.listings_at.values())

    def __len__(self) -> int:
        return self.total

    def _count_at(self, starts: dt.datetime) -> int:
        return len(self.events_at.get(starts, ())) + self.listings_at.get(starts, 0)

    def first_change(self, now: dt.datetime) -> dt.datetime | None:
        moments = [starts for starts in self.starts if starts > now]
        for item in (
            item for starts in self.starts if starts <= now for item in self.events_at.get(starts, ())
        ):
            moments.append(ends_of(item))
        moments += [ends for (_text, starts), ends in self.ends.items() if starts <= now]
        return min(moments, default=None)

    def day_at(self, position: int) -> dt.date:
        for starts in self.starts:
            position -= self._count_at(starts)
            if position < 0:
                return day_of(starts)
        raise IndexError(position)

    def __getitem__(self, page: slice) -> list[tuple]:
        first, stop = page.start or 0, page.stop
        # The start times the page covers, and where the page begins in the first of them.
        covered, position = [], 0
        for starts in self.starts:
            count = self._count_at(starts)
            if position + count > first and position < stop:
                covered.append((starts, position))
            position += count
            if position >= stop:
                break
        texts = {text for starts, _ in covered for text in self.texts_at.get(starts, ())}
        rows = self.rows_with(texts) if texts else []
        items = []
        for starts, position in covered:
            here = list(self.events_at.get(starts, ()))
            # A text with two rules starting at once (a duplicate) counts its rows twice, as listed.
            wanted = collections.Counter(self.texts_at.get(starts, ()))
            for text, title, service_id, location_id, venue_id, distance in rows:
                if text in wanted:
                    row = ListingRow(self.ends[(text, starts)], venue_id, location_id, distance)
                    here += [(starts, title, LISTING, service_id, row)] * wanted[text]
            here.sort(key=sort_key)
            items += here[max(0, first - position) : stop - position]
        return items


def page_of_occurrences(
    rows: list, distances: dict[int, float], now: dt.datetime, query: WhatsOnQuery | None = None, request=None
) -> list:
    """The sessions on one page, in the order given: events' as Occurrences (cancelled dates marked,
    events, their topics and distances attached) and listings' with Find help's result for their
    listing at that venue (search.results), so the page shows them with Find help's card."""
    topics = set(query.topics) if query else set()
    occurrences = [item[4].occurrence() for item in rows if item[2] == EVENT]
    mark_cancelled(occurrences)
    attach_events(occurrences)
    for occurrence in occurrences:
        occurrence.distance = distances.get(occurrence.event_id)
        occurrence.happening_now = occurrence.is_happening_at(now)
        occurrence.topic_terms = topic_terms([topic.slug for topic in occurrence.event.topics.all()], topics)
        occurrence.cost_text = cost_sentence(occurrence.event.cost, occurrence.event.cost_note)
    listings = [
        listing_session(starts, title, service_id, row)
        for starts, title, kind, service_id, row in rows
        if kind == LISTING
    ]
    results = listing_results(listings, request)
    for session in listings:
        session.happening_now = session.is_happening_at(now)
        session.result = results.get((session.service_id, session.service_location_id))
        if session.result is not None:
            session.result.topic_terms = topic_terms(session.result.topics, topics)
    by_event, by_listing = iter(occurrences), iter(listings)
    shown = [next(by_event) if item[2] == EVENT else next(by_listing) for item in rows]
    return [item for item in shown if not isinstance(item, ListingSession) or item.result is not None]


def topic_terms(slugs, searched: set[str]) -> list[dict]:
    """The help topics for a card, those the resident chose first and marked, as Find help's cards
    have them (search.views.explain)."""
    names = term_labels()["topic"]
    terms = [{"name": names[slug], "matched": slug in searched} for slug in slugs if slug in names]
    return sorted(terms, key=lambda term: not term["matched"])


def listing_results(sessions: list[ListingSession], request=None) -> dict[tuple, object]:
    """Find help's results (search.results.Result) for the listings at venues the sessions belong to,
    by (listing id, listing-at-venue id), read in a fixed number of queries however many sessions
    there are. A listing unpublished a moment ago has none."""
    hits: dict[tuple, Hit] = {}
    for session in sessions:
        hits.setdefault(
            (session.service_id, session.service_location_id),
            Hit(session.service_id, session.service_location_id, session.venue_id, session.distance),
        )
    # hydrate keeps the hits' order, leaving out those whose listing is no longer live.
    results = iter(hydrate(list(hits.values()), request, for_sessions=True))
    result = next(results, None)
    found = {}
    for key, hit in hits.items():
        if result is not None and result.service_id == hit.service_id:
            found[key] = result
            result = next(results, None)
    return found


def attach_events(occurrences: list[Occurrence]) -> None:
    """Load the events (with venue, topics and organisation) for the occurrences on one page."""
    from .models import EventPage, with_organisations

    ids = {occurrence.event_id for occurrence in occurrences}
    events = with_organisations(EventPage.objects.filter(pk__in=ids).select_related("venue"))
    attach_terms((events, ("topics",)))
    by_id = {event.pk: event for event in events}
    for occurrence in occurrences:
        occurrence.event = by_id[occurrence.event_id]


# -- the page ----------------------------------------------------------------------------------------------


def day_heading(day: dt.date, today: dt.date) -> str:
    words = day_words(day)
    if day == today:
        return f"Today, {words}"
    if day == today + dt.timedelta(days=1):
        return f"Tomorrow, {words}"
    return words


def window_words(query: WhatsOnQuery) -> str:
    """When the page's sessions are, for its count: "in the next 7 days (Sunday 6 to Saturday 12
    December)". A choice such as "this weekend" says its dates, which it cannot leave to the resident
    on a Sunday, when this weekend is today."""
    first, last = query.window.first_day, query.window.last_day
    if query.when == "dates":
        if first == last:
            return f"on {day_words(first)}"
        return f"from {day_words(first)} to {day_words(last)}"
    return f"{WHEN_WORDS[query.when]} ({days_words(first, last)})"


def day_words(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B}"


def days_words(first: dt.date, last: dt.date) -> str:
    """ "Sunday 6 December", "Sunday 6 to Saturday 12 December", "Monday 28 December to Sunday 3 January"."""
    if first == last:
        return day_words(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first:%A} {first.day} to {day_words(last)}"
    return f"{day_words(first)} to {day_words(last)}"


def active_filters(parsed: ParsedWhatsOn, labels: dict[str, dict[str, str]]) -> list[dict]:
    """The filters chosen, each with a link that removes it. `labels` is Find help's
    (search.views.term_labels): each facet's values and their names."""
    query, params = parsed.query, parsed.params
    chips = []
    if query.when != DEFAULT_WHEN:
        label = dict(WHEN_CHOICES)[query.when] if query.when != "dates" else capfirst(window_words(query))
        chips.append({"label": label, "remove": without(params, "when", None, "from", "to")})
    if query.location:
        chips.append(
            {
                "label": f"Within {query.radius} miles of {query.location.label}",
                "remove": without(params, "where", None, "radius"),
            }
        )
    for facet in FACETS_SHOWN:
        for value in query.chosen(facet.name):
            chips.append(
                {
                    "label": labels[facet.name].get(value, value),
                    "remove": without(params, facet.parameter, value),
                }
            )
    if query.free:
        chips.append({"label": "Free only", "remove": without(params, "free")})
    if query.how:
        chips.append({"label": f"{dict(HOW_CHOICES)[query.how]} only", "remove": without(params, "how")})
    return chips


def choice_options(choices, current: str) -> list[dict]:
    """A group of radio buttons, shaped like a facet's options (see facet_groups): one is chosen."""
    return [{"value": value, "label": label, "checked": value == current} for value, label in choices]


def topics_on_offer() -> set[str]:
    """The help topics some live event or listing has. Asked topic by topic: joining topics to events
    and to listings at once gave every topic's events times its listings, 20,000 rows to read."""
    from .models import EventPage

    return set(
        HelpTopic.objects.filter(
            Exists(EventPage.objects.filter(live=True, topics=OuterRef("pk")))
            | Exists(ServicePage.objects.filter(live=True, topics=OuterRef("pk")))
        ).values_list("slug", flat=True)
    )


def facet_groups(query: WhatsOnQuery, labels: dict[str, dict[str, str]]) -> list[dict]:
    """Find help's filters as groups of tick boxes, with Find help's legends and names. Help topics
    are those some live listing or event has (and any chosen); a facet with no values is left out."""
    offered = fragment("topics-on-offer", topics_on_offer)
    groups = []
    for facet in FACETS_SHOWN:
        chosen = query.costs if facet.name == "cost" else query.chosen(facet.name)
        options = [
            {"value": value, "label": label, "checked": value in chosen}
            for value, label in labels[facet.name].items()
            if facet.name != "topic" or value in offered or value in chosen
        ]
        if options:
            groups.append({"name": facet.parameter, "legend": facet.legend, "options": options})
    return groups


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
    clock.changes_at(rows.first_change(now))
    total = len(rows)
    pages = page_count(total, PER_PAGE)
    page = query.page
    if page > pages:
        there = "There is only 1 page" if pages == 1 else f"There are only {pages} pages"
        messages.append(f"{there}, so here is the last one.")
        page = pages
    offset = (page - 1) * PER_PAGE
    shown = page_of_occurrences(rows[offset : offset + PER_PAGE], distances, now, query, request)

    today = now.astimezone(local_zone()).date()
    days = []
    previous_day = rows.day_at(offset - 1) if offset and shown else None
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

    labels = term_labels()
    return {
        "parsed": parsed,
        "query": query,
        "messages_for_filters": messages,
        "now": now,
        "total": total,
        "days": days,
        "window_words": window_words(query),
        "pagination": page_links(parsed.params, page, pages, number_first_page=False),
        "active_filters": active_filters(parsed, labels),
        # Find help's filters, legends and names, so the two pages name each filter alike.
        "facets": facet_groups(query, labels),
        "later_link": later_link(parsed, now),
        "when_options": choice_options(WHEN_CHOICES, query.when),
        "how_options": choice_options(HOW_CHOICES, query.how),
        "radius_choices": RADIUS_CHOICES,
        "default_radius": DEFAULT_RADIUS,
        "has_filters": bool(request.GET),
    }
