"""Turning an engine's hits into what the results page and results.json show: plain values read in a
fixed number of queries per page, however many results there are (no page objects to build)."""

import dataclasses
from collections import defaultdict

from django.db.models import F, OuterRef, Subquery, Value
from django.db.models.functions import Length, Substr
from django.utils.functional import cached_property
from django.utils.text import Truncator
from wagtail.models import Page

from caching import clock
from caching.sites import site_for_request, site_root_paths
from core.choices import Cost, HowToTakePart, ServiceStatus, SkillLevel, cost_sentence
from core.timetable import TIME_FIELDS, Closed, RegularTime, Session, local_now, merge_sessions
from directory import vocabulary
from directory.fields import ChoiceSetField
from directory.models import (
    ServiceLocationClosure,
    ServicePage,
    ServiceSchedule,
    Venue,
    VenueClosure,
    VenueSchedule,
)
from directory.models.schedules import any_closures

from .engines.base import Hit

SCHEDULE_FIELDS = (*TIME_FIELDS, "skip_bank_holidays")
CLOSURE_FIELDS = ("first_date", "last_date", "note")
SUMMARY_CHARACTERS = 160  # a card's summary is cut to this


def distance_words(miles: float | None) -> str:
    if miles is None:
        return ""
    if miles < 0.1:
        return "less than 0.1 miles"
    rounded = round(miles, 1)
    if rounded == 1:
        return "1 mile"
    return f"{rounded:g} miles"


@dataclasses.dataclass
class Place:
    name: str
    town: str
    postcode: str
    latitude: float
    longitude: float


@dataclasses.dataclass
class Result:
    service_id: int
    title: str
    url: str
    organisation: str
    cost: str
    how_to_take_part: str
    status: str
    level_values: list[str]
    topics: list[str]
    formats: list[str]
    venue: Place | None
    distance_miles: float | None
    regular_times: list[RegularTime]
    summary: str = ""
    cost_note: str = ""
    # The help topics to show on the card, set by the view: [{"name": ..., "matched": bool}].
    topic_terms: list[dict] = dataclasses.field(default_factory=list)

    @property
    def short_summary(self) -> str:
        """The summary as a card shows it: cut to 160 characters (most are shorter, and are not read
        through Django's Truncator, a tenth of a millisecond a card)."""
        return (
            self.summary
            if len(self.summary) <= SUMMARY_CHARACTERS
            else Truncator(self.summary).chars(SUMMARY_CHARACTERS)
        )

    @property
    def distance_text(self) -> str:
        return distance_words(self.distance_miles)

    @property
    def cost_label(self) -> str:
        return Cost(self.cost).label

    @property
    def cost_text(self) -> str:
        """The cost as a sentence: "Free. Printing is 10p a page.", "Low cost: £2 a session."."""
        return cost_sentence(self.cost, self.cost_note)

    @property
    def take_part_label(self) -> str:
        return HowToTakePart(self.how_to_take_part).label

    @property
    def status_label(self) -> str:
        return ServiceStatus(self.status).label

    @property
    def is_running(self) -> bool:
        return self.status == ServiceStatus.ACTIVE

    @property
    def levels(self) -> list[SkillLevel]:
        return [SkillLevel(level) for level in self.level_values]

    @cached_property
    def next_session(self) -> Session | None:
        if not self.is_running:
            return None
        after = local_now()
        streams = [time.upcoming_sessions(after, horizon_days=62) for time in self.regular_times]
        sessions = merge_sessions(streams, 1)
        clock.changes_with(sessions)
        return sessions[0] if sessions else None

    def as_json(self) -> dict:
        venue = self.venue
        return {
            "title": self.title,
            "url": self.url,
            "summary": self.summary,
            "organisation": self.organisation,
            "venue": venue.name if venue else None,
            "postcode": venue.postcode if venue else None,
            "lat": venue.latitude if venue else None,
            "lng": venue.longitude if venue else None,
            "distance_miles": round(self.distance_miles, 2) if self.distance_miles is not None else None,
            "topics": self.topics,
            "levels": self.level_values,
            "formats": self.formats,
            "cost": self.cost,
            "next_session": self.next_session.starts.isoformat() if self.next_session else None,
        }


def page_urls(request=None):
    """Pages' URLs from their url_paths, as Wagtail's routing would give them, without loading the pages:
    `page_urls(request)(url_path)`. The request's site comes from the shared cache (as for Wagtail's
    pages), not a query, and it and the sites' root paths are looked up once for all the results."""
    site = site_for_request(request) if request else None
    roots = [
        (root.root_path, root.root_url, site is not None and site.pk == root.site_id)
        for root in site_root_paths()
    ]

    def url(url_path: str) -> str:
        for root_path, root_url, on_this_site in roots:
            if url_path.startswith(root_path):
                path = url_path[len(root_path) - 1 :]
                return path if on_this_site else root_url + path
        return ""

    return url


def _regular_time(values: dict, closed: tuple[Closed, ...] = ()) -> RegularTime:
    return RegularTime(**{field: values[field] for field in SCHEDULE_FIELDS}, closed=closed)


def _closed(values: dict) -> Closed:
    return Closed(values["first_date"], values["last_date"] or values["first_date"], values["note"])


def closures_for(hits: list[Hit]) -> dict[int, tuple[Closed, ...]]:
    """Each listing-at-venue's closed dates and its venue's, in two queries."""
    if not any_closures():
        return {}
    location_venues = {hit.service_location_id: hit.venue_id for hit in hits if hit.service_location_id}
    here, at_venue = defaultdict(list), defaultdict(list)
    for row in ServiceLocationClosure.objects.filter(service_location_id__in=location_venues).values(
        "service_location_id", *CLOSURE_FIELDS
    ):
        here[row["service_location_id"]].append(_closed(row))
    for row in VenueClosure.objects.filter(venue_id__in=set(location_venues.values())).values(
        "venue_id", *CLOSURE_FIELDS
    ):
        at_venue[row["venue_id"]].append(_closed(row))
    return {
        location_id: tuple(sorted(here[location_id] + at_venue[venue_id]))
        for location_id, venue_id in location_venues.items()
    }


def hydrate(
    hits: list[Hit], request=None, *, for_sessions: bool = False, with_formats: bool = False
) -> list[Result]:
    return hydrate_lists([hits], request, for_sessions=for_sessions, with_formats=with_formats)[0]


def hydrate_lists(
    hit_lists: list[list[Hit]], request=None, *, for_sessions: bool = False, with_formats: bool = False
) -> list[list[Result]]:
    """Several lists of hits (the results near a place and those by phone or online) turned into
    results with one set of queries for them all. `for_sessions` leaves out what What's on's cards
    do not show (two queries fewer): the regular times (and so "Next:"), since each card there is a
    session with its own day and time. Only results.json gives the formats (`with_formats`): no card
    shows them."""
    hits = [hit for hit_list in hit_lists for hit in hit_list]
    if not hits:
        return [[] for _ in hit_lists]
    service_ids = [hit.service_id for hit in hits]
    location_ids = [hit.service_location_id for hit in hits if hit.service_location_id]
    # The organisation is the listing's parent: its title by tree path, in the same query.
    parent_path = Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen)
    services = {
        row["id"]: row
        # Only pages live and public now, whichever engine found them: an index that missed an unpublish
        # (the cluster was down) must not send a resident to a page that is gone or private.
        for row in (
            ServicePage.objects.live()
            .public()
            .filter(pk__in=service_ids)
            .annotate(organisation=Subquery(Page.objects.filter(path=parent_path).values("title")[:1]))
            .values(
                "id",
                "title",
                "url_path",
                "summary",
                "cost",
                "cost_note",
                "how_to_take_part",
                "status",
                "levels",
                "organisation",
            )
        )
    }
    # Topics (and formats) from one query over both link tables and the cached vocabularies.
    terms = vocabulary.term_slugs(
        ServicePage, ("topics", "formats") if with_formats else ("topics",), services
    )
    topics, formats = terms["topics"], terms.get("formats", {})
    times = defaultdict(list)
    if not for_sessions:
        closures = closures_for(hits)
        # Times at venues and by phone or online, in one query (the two tables have the same columns).
        at_venues = VenueSchedule.objects.filter(service_location_id__in=location_ids).values(
            "sort_order", *SCHEDULE_FIELDS, kind=Value("location"), owner=F("service_location_id")
        )
        remote = ServiceSchedule.objects.filter(service_id__in=service_ids).values(
            "sort_order", *SCHEDULE_FIELDS, kind=Value("service"), owner=F("service_id")
        )
        for row in at_venues.order_by().union(remote.order_by(), all=True).order_by("sort_order"):
            closed = closures.get(row["owner"], ()) if row["kind"] == "location" else ()
            times[(row["kind"], row["owner"])].append(_regular_time(row, closed))
    venues = {
        row["id"]: Place(row["name"], row["town"], row["postcode"], row["latitude"], row["longitude"])
        for row in Venue.objects.filter(pk__in=[hit.venue_id for hit in hits if hit.venue_id]).values(
            "id", "name", "town", "postcode", "latitude", "longitude"
        )
    }
    levels_field: ChoiceSetField = ServicePage._meta.get_field("levels")
    url = page_urls(request)

    lists = []
    for hit_list in hit_lists:
        results = []
        lists.append(results)
        for hit in hit_list:
            service = services.get(hit.service_id)
            if service is None:  # unpublished, deleted or made private since it was indexed
                continue
            key = (
                ("location", hit.service_location_id)
                if hit.service_location_id
                else ("service", hit.service_id)
            )
            results.append(
                Result(
                    service_id=hit.service_id,
                    title=service["title"],
                    url=url(service["url_path"]),
                    organisation=service["organisation"] or "",
                    cost=service["cost"],
                    how_to_take_part=service["how_to_take_part"],
                    status=service["status"],
                    level_values=levels_field.to_python(service["levels"]),
                    topics=sorted(topics.get(hit.service_id, ())),
                    formats=sorted(formats.get(hit.service_id, ())),
                    venue=venues.get(hit.venue_id),
                    distance_miles=hit.distance_miles,
                    regular_times=times[key],
                    summary=service["summary"],
                    cost_note=service["cost_note"],
                )
            )
    return lists
