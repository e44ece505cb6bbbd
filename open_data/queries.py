"""What the open data may show, and loading a page of it in a fixed number of queries.

Only live, public listings whose organisation is also live and public are published. Everything a
page of results needs is fetched up front: organisations by their tree paths (one query), taxonomy
terms, venues and schedules by prefetching, so the query count does not grow with the page size.
"""

import datetime as dt

from django.db.models import F, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Length, Substr
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from core.geo import bounding_box, haversine_miles, metres_to_miles, miles_to_metres
from directory.models import (
    OrganisationPage,
    ServiceAtLocation,
    ServicePage,
    ServiceSchedule,
    Venue,
    VenueSchedule,
)
from directory.models.schedules import closure_prefetches

from .params import Point
from .taxonomies import SKILL_LEVEL_BY_ID, TAXONOMY_BY_ID, Taxonomy, find_term

STEP = Page.steplen
# Up to this many unpublished organisations are left out by path; beyond it, by a subquery.
HIDDEN_LIMIT = 20
# Venues near a point are looked up by id up to this many; beyond it, every listing is measured.
MAX_VENUE_IDS = 2000


def parent_path(path: str) -> str:
    return path[:-STEP]


def _under(paths, field: str = "path") -> Q:
    """Pages at or under any of `paths` (tree paths are prefixes of their descendants' paths)."""
    q = Q()
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


def _private_paths() -> list[str]:
    """Pages in a private section of the site start with these paths (one query for them all)."""
    return list(PageViewRestriction.objects.values_list("page__path", flat=True))


def _hidden_organisation_paths() -> list[str]:
    """Organisations that are not live: usually none, so their listings are left out by path."""
    return list(
        OrganisationPage.objects.filter(live=False).values_list("path", flat=True)[: HIDDEN_LIMIT + 1]
    )


def published_organisations() -> QuerySet:
    private = _private_paths()
    queryset = OrganisationPage.objects.filter(live=True)
    return queryset.exclude(_under(private)) if private else queryset


def with_parent_path(services: QuerySet) -> QuerySet:
    return services.annotate(parent_path=Substr("path", 1, Length("path") - STEP))


def published_services() -> QuerySet:
    """Live, public listings of live, public organisations.

    Organisations that are not live are few (usually none), so their listings are left out by path
    prefix, which keeps the common query a plain filter on `live` that the database plans well.
    """
    private, hidden = _private_paths(), _hidden_organisation_paths()
    services = ServicePage.objects.filter(live=True)
    if private:
        services = services.exclude(_under(private))
    if len(hidden) > HIDDEN_LIMIT:
        organisation_paths = published_organisations().values("path")
        return with_parent_path(services).filter(parent_path__in=Subquery(organisation_paths))
    return services.exclude(_under(hidden)) if hidden else services


def published_service_locations(services: QuerySet | None = None) -> QuerySet:
    """Listings at venues, of `services` if given, otherwise of every published listing.

    Without `services` the conditions are joins on the listing rather than a subquery, so that a
    search near a point can start from the venues' index.
    """
    if services is not None:
        return ServiceAtLocation.objects.filter(service_id__in=services.values("pk"))
    private, hidden = _private_paths(), _hidden_organisation_paths()
    if len(hidden) > HIDDEN_LIMIT:
        return published_service_locations(published_services())
    links = ServiceAtLocation.objects.filter(service__live=True)
    if private or hidden:
        links = links.exclude(_under(private + hidden, "service__path"))
    return links


# -- filters --------------------------------------------------------------------------------


def _through(field: str):
    return ServicePage._meta.get_field(field).remote_field.through


def _services_with_terms(taxonomy: Taxonomy, **lookups) -> Q:
    """A filter on listings: those with a term of `taxonomy` matching `lookups` (on the term)."""
    if taxonomy.applies_to == "location":
        venues = Venue.access_facilities.through.objects.filter(
            **{f"accessfacility__{key}": value for key, value in lookups.items()}
        ).values("venue_id")
        return Q(pk__in=ServiceAtLocation.objects.filter(venue_id__in=venues).values("service_id"))
    through = _through(taxonomy.field)
    target = taxonomy.model._meta.model_name
    rows = through.objects.filter(**{f"{target}__{key}": value for key, value in lookups.items()})
    return Q(pk__in=rows.values("servicepage_id"))


def filter_by_term(services: QuerySet, term_id: str) -> QuerySet:
    if term_id in SKILL_LEVEL_BY_ID:
        return services.filter(levels__has=SKILL_LEVEL_BY_ID[term_id].value)
    term = find_term(term_id)
    if term is None:
        return services.none()
    return services.filter(_services_with_terms(term.taxonomy, pk=term.pk))


def filter_by_taxonomy(services: QuerySet, taxonomy_id: str) -> QuerySet:
    taxonomy = TAXONOMY_BY_ID.get(taxonomy_id)
    if taxonomy is None:
        return services.none()
    if taxonomy.model is None:
        return services.exclude(levels="")
    return services.filter(_services_with_terms(taxonomy, pk__isnull=False))


def filter_by_words(services: QuerySet, text: str) -> QuerySet:
    """Every word must appear in the name, summary, description or a help topic's name or synonyms.

    A plain database match rather than the site's search engine: the API gives the same answer on
    SQLite and PostgreSQL, with or without OpenSearch; ranking results is the public search's job.
    """
    topics = _through("topics").objects
    for word in text.split()[:10]:
        topic_rows = topics.filter(
            Q(helptopic__name__icontains=word) | Q(helptopic__synonyms__icontains=word)
        )
        services = services.filter(
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(description__icontains=word)
            | Q(pk__in=topic_rows.values("servicepage_id"))
        )
    return services


def schedule_q(day: str | None, start: dt.time | None, end: dt.time | None) -> Q | None:
    """Regular times on `day`, starting at or after `start`, finishing by `end`, not yet ended."""
    if not (day or start or end):
        return None
    today = timezone.localdate()
    q = Q(valid_to__isnull=True) | Q(valid_to__gte=today)
    if day:
        q &= Q(day=day)
    if start:
        q &= Q(opens_at__gte=start)
    if end:
        # A session that runs past midnight finishes the next day, so never "by" a time today.
        q &= Q(closes_at__lte=end, closes_at__gt=F("opens_at"))
    return q


def filter_services_by_schedule(services: QuerySet, q: Q) -> QuerySet:
    at_venues = VenueSchedule.objects.filter(q).values("service_location__service_id")
    remote = ServiceSchedule.objects.filter(q).values("service_id")
    return services.filter(Q(pk__in=at_venues) | Q(pk__in=remote))


def filter_locations_by_schedule(locations: QuerySet, q: Q) -> QuerySet:
    return locations.filter(pk__in=VenueSchedule.objects.filter(q).values("service_location_id"))


def filter_modified_after(services: QuerySet, moment: dt.datetime) -> QuerySet:
    """Listings published since `moment`, or whose organisation was (its details are part of each listing)."""
    changed_organisations = OrganisationPage.objects.filter(last_published_at__gte=moment).values("path")
    return with_parent_path(services).filter(
        Q(last_published_at__gte=moment) | Q(parent_path__in=Subquery(changed_organisations))
    )


def nearest(locations: QuerySet, point: Point, metres: float | None) -> list[tuple[int, float]]:
    """(listing-at-venue pk, distance in metres) nearest first, within `metres` if given.

    Venues come first: a box around the circle uses the index on latitude and longitude, the exact
    distance is measured for each venue in the box, and only then are their listings looked up.
    """
    venues = Venue.objects.all()
    if metres is not None:
        venues = venues.within_box(*bounding_box(point.latitude, point.longitude, metres_to_miles(metres)))
    distances = {}
    for pk, latitude, longitude in venues.values_list("pk", "latitude", "longitude"):
        distance = miles_to_metres(haversine_miles(point.latitude, point.longitude, latitude, longitude))
        if metres is None or distance <= metres:
            distances[pk] = distance
    if not distances:
        return []
    if metres is not None and len(distances) <= MAX_VENUE_IDS:
        locations = locations.filter(venue_id__in=list(distances))
    rows = locations.order_by().values_list("pk", "venue_id", "service__title")
    # Listings at the same venue are the same distance away: then A to Z.
    found = sorted((distances[venue], title, pk) for pk, venue, title in rows if venue in distances)
    return [(pk, distance) for distance, _title, pk in found]


# -- loading a page of results ---------------------------------------------------------------


def page_of_ids(ordered: QuerySet, offset: int, size: int, total: int) -> list[int]:
    """The primary keys on one page. Sorting narrow rows and then loading only the page's rows is
    several times quicker than sorting whole rows when there are thousands of them."""
    if offset >= total:
        return []
    return list(ordered.values_list("pk", flat=True)[offset : offset + size])


def in_order(queryset: QuerySet, ids: list[int]) -> list:
    found = queryset.in_bulk(ids) if ids else {}
    return [found[pk] for pk in ids if pk in found]


def attach_organisations(services) -> None:
    """Give each listing its organisation from one query (instead of one get_parent() each)."""
    services = list(services)
    paths = {parent_path(service.path) for service in services}
    organisations = {org.path: org for org in OrganisationPage.objects.filter(path__in=paths)}
    for service in services:
        # ServicePage.organisation is a cached_property: filling its cache is what it is for.
        service.__dict__["organisation"] = organisations.get(parent_path(service.path))


def full_service_prefetches(locations: QuerySet | None = None) -> list:
    locations = ServiceAtLocation.objects.all() if locations is None else locations
    return [
        "topics",
        "formats",
        "audiences",
        "languages",
        "remote_schedules",
        Prefetch(
            "locations",
            queryset=locations.select_related("venue").prefetch_related(
                "schedules", *closure_prefetches(prefix=""), "venue__access_facilities"
            ),
        ),
    ]


def load_full_services(services: QuerySet) -> list[ServicePage]:
    items = list(services.prefetch_related(*full_service_prefetches()))
    attach_organisations(items)
    return items
