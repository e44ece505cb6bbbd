"""Building a large synthetic directory quickly, for benchmarks: listings spread over Greater Manchester.

Pages are written straight into the page tree (paths worked out here, no revisions), then Wagtail's
search index and ours are built once at the end, as `rebuild_directory_index` would after an import.
"""

import datetime as dt
import random
import time

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import transaction
from wagtail.models import Page, Site

from core.choices import Cost, HowToTakePart, Repeat, SkillLevel, Weekday
from directory.models import (
    Format,
    HelpTopic,
    Language,
    OrganisationIndexPage,
    OrganisationPage,
    ServiceAtLocation,
    ServicePage,
    Venue,
    VenueSchedule,
)
from home.demo import directory as demo
from search.indexing import rebuild_database_index
from search.models import Place, PlaceKind

# Greater Manchester, roughly: Wigan to Saddleworth, Bolton to Hazel Grove.
SOUTH, NORTH, WEST, EAST = 53.35, 53.65, -2.70, -1.95
TOWNS = [
    ("Manchester", 53.4794, -2.2453),
    ("Salford", 53.4875, -2.2901),
    ("Stockport", 53.4083, -2.1494),
    ("Oldham", 53.5409, -2.1114),
    ("Rochdale", 53.6097, -2.1561),
    ("Bolton", 53.5769, -2.4282),
    ("Bury", 53.5933, -2.2966),
    ("Wigan", 53.5450, -2.6325),
    ("Ashton-under-Lyne", 53.4897, -2.0952),
    ("Altrincham", 53.3838, -2.3547),
    ("Sale", 53.4250, -2.3220),
    ("Hyde", 53.4514, -2.0787),
    ("Leigh", 53.4970, -2.5190),
    ("Stretford", 53.4460, -2.3080),
    ("Prestwich", 53.5330, -2.2830),
    ("Cheadle", 53.3933, -2.2119),
    ("Didsbury", 53.4167, -2.2310),
    ("Eccles", 53.4824, -2.3390),
]
WORDS = ["friendly", "drop-in", "digital", "help", "computer", "club", "course", "support", "tablet", "phone"]


def ensure_taxonomies() -> None:
    demo.load_taxonomies()


def ensure_places() -> None:
    """Outward codes and town names for the benchmark's queries."""
    rows = []
    for number, (town, lat, lng) in enumerate(TOWNS, start=1):
        rows.append(
            Place(kind=PlaceKind.OUTWARD, key=f"GM{number}", name=f"GM{number}", latitude=lat, longitude=lng)
        )
        rows.append(
            Place(
                kind=PlaceKind.PLACE,
                key=town.lower().replace("-", " "),
                name=town,
                latitude=lat,
                longitude=lng,
            )
        )
    Place.objects.bulk_create(rows, ignore_conflicts=True)


def _child_path(parent: Page, number: int) -> str:
    return Page._get_path(parent.path, parent.depth + 1, number)


def insert_pages(services: list[ServicePage], batch: int = 500) -> None:
    """Save new listing pages many at a time. Django's bulk_create refuses a model with a parent table,
    so the pages' Page rows are inserted first, which gives their ids, then the listings' own rows."""
    page_fields = [field.attname for field in Page._meta.local_concrete_fields if not field.primary_key]
    service_fields = ServicePage._meta.local_concrete_fields  # the link to the Page row, then its own
    for start in range(0, len(services), batch):
        chunk = services[start : start + batch]
        pages = Page.objects.bulk_create(
            [Page(**{name: getattr(service, name) for name in page_fields}) for service in chunk]
        )
        for service, page in zip(chunk, pages, strict=True):
            service.id = service.page_ptr_id = page.pk
        ServicePage._base_manager._insert(chunk, fields=service_fields)


def build(listings: int, seed: int = 7, venues_per_listing=(1, 2)) -> dict:
    """Add `listings` synthetic listings (and their organisations and venues). Returns timings."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data
    started = time.perf_counter()
    ensure_taxonomies()
    ensure_places()
    topics = list(HelpTopic.objects.all())
    formats = list(Format.objects.all())
    languages = list(Language.objects.all())
    home = Site.objects.get(is_default_site=True).root_page
    service_type = ContentType.objects.get_for_model(ServicePage)

    with transaction.atomic():
        index = OrganisationIndexPage.objects.child_of(home).first()
        if index is None:
            index = OrganisationIndexPage(title="Organisations", slug="organisations")
            home.add_child(instance=index)

        venue_count = max(25, listings // 5)
        venues = Venue.objects.bulk_create(
            [
                Venue(
                    name=f"Bench venue {number}",
                    slug=f"bench-venue-{number}-{seed}",
                    address=f"{number} High Street",
                    town=rng.choice(TOWNS)[0],
                    postcode="M1 1AE",
                    latitude=rng.uniform(SOUTH, NORTH),
                    longitude=rng.uniform(WEST, EAST),
                )
                for number in range(venue_count)
            ]
        )

        per_organisation = 25
        organisations = []
        for number in range((listings + per_organisation - 1) // per_organisation):
            organisation = OrganisationPage(
                title=f"Bench group {seed}-{number}", slug=f"bench-group-{seed}-{number}"
            )
            index.add_child(instance=organisation)
            organisations.append(organisation)

        made = 0
        services, links = [], []
        for organisation in organisations:
            count = min(per_organisation, listings - made)
            if count <= 0:
                break
            for number in range(1, count + 1):
                slug = f"listing-{number}"
                services.append(
                    ServicePage(
                        title=f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} {made + number}",
                        slug=slug,
                        summary=" ".join(rng.choice(WORDS) for _ in range(8)),
                        levels=rng.sample(SkillLevel.values, rng.randint(1, 2)),
                        cost=rng.choice([Cost.FREE, Cost.FREE, Cost.FREE, Cost.LOW_COST, Cost.PAID]),
                        how_to_take_part=rng.choice(HowToTakePart.values),
                        last_checked=dt.date.today(),
                        path=_child_path(organisation, number),
                        depth=organisation.depth + 1,
                        numchild=0,
                        url_path=f"{organisation.url_path}{slug}/",
                        live=True,
                        has_unpublished_changes=False,
                        first_published_at=dt.datetime.now(dt.UTC),
                        last_published_at=dt.datetime.now(dt.UTC),
                        content_type=service_type,
                        locale_id=organisation.locale_id,
                        draft_title=slug,
                    )
                )
                links.append(
                    (
                        rng.sample(topics, rng.randint(1, 3)),
                        rng.choice(formats),
                        rng.sample(venues, rng.randint(*venues_per_listing)),
                    )
                )
            organisation.numchild = count
            made += count
        OrganisationPage.objects.bulk_update(organisations, ["numchild"])
        insert_pages(services)
        topic_links, format_links, language_links, locations = [], [], [], []
        for service, (service_topics, service_format, service_venues) in zip(services, links, strict=True):
            topic_links += [
                ServicePage.topics.through(servicepage_id=service.pk, helptopic_id=topic.pk)
                for topic in service_topics
            ]
            format_links.append(
                ServicePage.formats.through(servicepage_id=service.pk, format_id=service_format.pk)
            )
            language_links.append(
                ServicePage.languages.through(servicepage_id=service.pk, language_id=languages[0].pk)
            )
            for order, venue in enumerate(service_venues):
                locations.append(ServiceAtLocation(service_id=service.pk, venue=venue, sort_order=order))
        ServicePage.topics.through.objects.bulk_create(topic_links)
        ServicePage.formats.through.objects.bulk_create(format_links)
        ServicePage.languages.through.objects.bulk_create(language_links)
        locations = ServiceAtLocation.objects.bulk_create(locations)
        schedules = []
        for location in locations:
            opens = rng.choice([9, 10, 13, 18])
            schedules.append(
                VenueSchedule(
                    service_location=location,
                    day=rng.choice(Weekday.values),
                    repeat=rng.choice([Repeat.WEEKLY, Repeat.WEEKLY, Repeat.MONTHLY_1, Repeat.MONTHLY_LAST]),
                    opens_at=dt.time(opens),
                    closes_at=dt.time(opens + rng.choice([2, 3])),
                )
            )
        VenueSchedule.objects.bulk_create(schedules)
    built = time.perf_counter()
    call_command("update_index", verbosity=0)
    wagtail_indexed = time.perf_counter()
    rebuild_database_index()
    finished = time.perf_counter()
    return {
        "build_seconds": built - started,
        "wagtail_index_seconds": wagtail_indexed - built,
        "directory_index_seconds": finished - wagtail_indexed,
        "listings": ServicePage.objects.count(),
    }
