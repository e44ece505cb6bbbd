"""Benchmark: the Open Referral UK API with 10,000 listings across Greater Manchester.

    .venv/bin/python bench/api.py                      # SQLite file var/bench-api.sqlite3
    DATABASE_URL=postgres://... .venv/bin/python bench/api.py
    .venv/bin/python bench/api.py --listings 2000 --runs 100 --rebuild

Builds the directory once (kept for later runs), then times the two calls the issue names with
Django's test client, in-process, and prints p50/p95 and the number of queries each one runs.
Target: under 100 ms at the 95th percentile for both. A figure to read, not a test.
"""

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Greater Manchester, roughly: Wigan to Saddleworth, Bolton to Hazel Grove.
SOUTH, NORTH, WEST, EAST = 53.35, 53.65, -2.70, -1.95
MANCHESTER = ("M1 1AE", "M11AE", 53.4776, -2.2309)
VENUES = 2000
ORGANISATIONS = 200
BATCH = 500


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "signpost.settings.test")
    if not os.environ.get("DATABASE_URL"):
        (ROOT / "var").mkdir(exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'var' / 'bench-api.sqlite3'}"
    import django

    django.setup()


def insert_pages(pages) -> None:
    """Bulk-insert listing pages: the wagtailcore_page rows, then the ServicePage rows that extend them.

    Django refuses bulk_create for multi-table models, so the two tables are filled one after the other,
    in batches; the tree paths are worked out beforehand exactly as treebeard would.
    """
    from django.db import connection
    from wagtail.models import Page

    from directory.models import ServicePage

    own_fields = list(ServicePage._meta.local_concrete_fields)
    for start in range(0, len(pages), BATCH):
        chunk = pages[start : start + BATCH]
        Page.objects.bulk_create(chunk)
        for page in chunk:
            page.page_ptr_id = page.id
        ServicePage._base_manager._insert(chunk, fields=own_fields, using=connection.alias)


def build(listings: int, rng: random.Random) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone
    from wagtail.models import Locale, Page, Site

    from directory.choices import Cost, Repeat, SkillLevel, VenueKind
    from directory.models import (
        AccessFacility,
        Format,
        HelpTopic,
        Language,
        OrganisationIndexPage,
        OrganisationPage,
        ServiceAtLocation,
        ServicePage,
        ServiceSchedule,
        Venue,
        VenueSchedule,
    )
    from search.models import Place, PlaceKind

    started = time.perf_counter()
    now = timezone.now()
    with transaction.atomic():
        for organisation in OrganisationPage.objects.all():
            organisation.delete()
        Venue.objects.all().delete()
        for model in (HelpTopic, Format, AccessFacility, Language):
            model.objects.all().delete()

        topics = HelpTopic.objects.bulk_create(
            HelpTopic(name=f"Topic {n}", slug=f"topic-{n}", synonyms=f"word{n}, thing{n}") for n in range(16)
        )
        formats = Format.objects.bulk_create(Format(name=f"Format {n}", slug=f"format-{n}") for n in range(6))
        facilities = AccessFacility.objects.bulk_create(
            AccessFacility(name=f"Facility {n}", slug=f"facility-{n}") for n in range(4)
        )
        languages = Language.objects.bulk_create(
            Language(name=f"Language {n}", slug=f"language-{n}", code=f"l{n}") for n in range(4)
        )
        Place.objects.update_or_create(
            kind=PlaceKind.POSTCODE,
            key=MANCHESTER[1],
            defaults={"name": MANCHESTER[0], "latitude": MANCHESTER[2], "longitude": MANCHESTER[3]},
        )

        venues = Venue.objects.bulk_create(
            Venue(
                name=f"Venue {n}",
                slug=f"venue-{n}",
                kind=rng.choice(VenueKind.values),
                address=f"{n} High Street",
                town="Greater Manchester",
                postcode=f"M{1 + n % 40} {1 + n % 9}AA",
                latitude=rng.uniform(SOUTH, NORTH),
                longitude=rng.uniform(WEST, EAST),
            )
            for n in range(VENUES)
        )
        Venue.access_facilities.through.objects.bulk_create(
            Venue.access_facilities.through(venue_id=venue.pk, accessfacility_id=facility.pk)
            for venue in venues
            for facility in rng.sample(facilities, 2)
        )

        home = Site.objects.get(is_default_site=True).root_page
        index = OrganisationIndexPage.objects.first()
        if index is None:
            index = home.add_child(
                instance=OrganisationIndexPage(title="Organisations", slug="organisations")
            )
        organisations = [
            index.add_child(
                instance=OrganisationPage(title=f"Group {n:03d}", slug=f"group-{n}", summary="A group.")
            )
            for n in range(ORGANISATIONS)
        ]
        for organisation in organisations:
            organisation.last_published_at = now
        OrganisationPage.objects.bulk_update(organisations, ["last_published_at"])

        content_type = ContentType.objects.get_for_model(ServicePage)
        locale = Locale.get_default()
        per_organisation = -(-listings // ORGANISATIONS)
        pages = []
        for organisation in organisations:
            for number in range(1, per_organisation + 1):
                if len(pages) == listings:
                    break
                title = f"Listing {len(pages):05d}"
                slug = f"listing-{number}"
                pages.append(
                    ServicePage(
                        title=title,
                        draft_title=title,
                        slug=slug,
                        path=Page._get_path(organisation.path, organisation.depth + 1, number),
                        depth=organisation.depth + 1,
                        numchild=0,
                        url_path=f"{organisation.url_path}{slug}/",
                        content_type=content_type,
                        locale=locale,
                        translation_key=uuid.uuid4(),
                        live=True,
                        first_published_at=now,
                        last_published_at=now,
                        summary="Friendly help with phones, tablets and computers.",
                        description="<p>Come along and bring your device.</p>",
                        levels=rng.sample(SkillLevel.values, rng.randint(1, 3)),
                        cost=rng.choice(Cost.values),
                        last_checked=dt.date(2026, 1, 1),
                        uuid=uuid.uuid4(),
                    )
                )
            organisation.numchild = per_organisation
        Page.objects.filter(pk__in=[o.pk for o in organisations]).update(numchild=per_organisation)
        insert_pages(pages)

        for field, terms, most in (
            ("topics", topics, 3),
            ("formats", formats, 2),
            ("languages", languages, 2),
        ):
            through = ServicePage._meta.get_field(field).remote_field.through
            target = f"{through._meta.get_field(terms[0]._meta.model_name).attname}"
            through.objects.bulk_create(
                (
                    through(servicepage_id=page.pk, **{target: term.pk})
                    for page in pages
                    for term in rng.sample(terms, rng.randint(1, most))
                ),
                batch_size=BATCH,
            )

        links = ServiceAtLocation.objects.bulk_create(
            (
                ServiceAtLocation(service_id=page.pk, venue_id=venue.pk, sort_order=order)
                for page in pages
                for order, venue in enumerate(rng.sample(venues, rng.choice((1, 1, 2))))
            ),
            batch_size=BATCH,
        )
        days = ["MO", "TU", "WE", "TH", "FR", "SA"]
        VenueSchedule.objects.bulk_create(
            (
                VenueSchedule(
                    service_location_id=link.pk,
                    day=rng.choice(days),
                    repeat=rng.choice([Repeat.WEEKLY, Repeat.WEEKLY, Repeat.MONTHLY_1, Repeat.MONTHLY_LAST]),
                    opens_at=dt.time(rng.randint(9, 17)),
                    closes_at=dt.time(rng.randint(18, 21)),
                    sort_order=order,
                )
                for link in links
                for order in range(rng.randint(1, 2))
            ),
            batch_size=BATCH,
        )
        ServiceSchedule.objects.bulk_create(
            (
                ServiceSchedule(service_id=page.pk, day="MO", opens_at=dt.time(9), closes_at=dt.time(17))
                for page in pages[::10]
            ),
            batch_size=BATCH,
        )
    print(
        f"Built {len(pages):,} listings in {ORGANISATIONS} organisations, "
        f"{len(links):,} listing-venue links at {VENUES:,} venues in {time.perf_counter() - started:.1f} s."
    )


def measure(client, path: str, runs: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(5):
        client.get(path)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, response.content
    data = response.json()
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * len(timings)) - 1)]
    print(
        f"{path}\n    {data['total_items']:,} found, {data['size']} on the page; "
        f"p50 {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms, max {timings[-1]:.1f} ms; "
        f"{len(queries)} queries"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--listings", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--rebuild", action="store_true", help="Build the directory again even if it exists.")
    options = parser.parse_args()

    setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from directory.models import ServicePage

    call_command("migrate", verbosity=0)
    if options.rebuild or ServicePage.objects.count() != options.listings:
        build(options.listings, random.Random(2026))  # noqa: S311 - benchmark data
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"Database: {engine}; {ServicePage.objects.count():,} listings; {options.runs} timed runs each.")
    client = Client()
    measure(client, "/api/oruk/services?per_page=50", options.runs)
    measure(client, f"/api/oruk/service_at_locations?postcode={MANCHESTER[1]}&proximity=5000", options.runs)


if __name__ == "__main__":
    main()
