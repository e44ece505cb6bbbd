"""Builds the Stockport demo directory from the data files in this folder.

The directory itself (organisations, listings, where and when) is `directory.csv`, in the import
template's columns, and goes in through the same importer a council uses for its own spreadsheet:
so the demo also proves the import. What the template does not carry is in small files beside it:
the vocabularies (`help_topics.csv`, `formats.csv`, `access_facilities.csv`, `audiences.csv`,
`languages.csv`) and every venue with its access and computers (`venues.csv`), including venues that
only events use.

Group names, people and contact details are invented: web and email addresses use the reserved
.example domain and phone numbers are in Ofcom's drama range (0161 496 0000 to 0999).

Idempotent: a second run finds what the first made (terms by slug, venues by name, organisations and
listings by their ids in the file) and the importer reports nothing to change.
"""

import csv
import datetime as dt
import random
from pathlib import Path

from django.core.management.base import CommandError

from directory.models import (
    AccessFacility,
    Audience,
    Format,
    HelpTopic,
    Language,
    OrganisationPage,
    ServicePage,
    Venue,
)
from open_data.importer import Options, import_listings

DATA_DIR = Path(__file__).parent / "data"
DIRECTORY_FILE = DATA_DIR / "directory.csv"
FACILITY_COLUMNS = {
    "step_free": "step-free",
    "accessible_toilet": "accessible-toilet",
    "hearing_loop": "hearing-loop",
    "parking": "parking",
}
VOCABULARIES = (
    (HelpTopic, "help_topics.csv"),
    (Format, "formats.csv"),
    (AccessFacility, "access_facilities.csv"),
    (Audience, "audiences.csv"),
    (Language, "languages.csv"),
)


def read_rows(name: str) -> list[dict]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_taxonomies() -> None:
    for model, name in VOCABULARIES:
        for order, row in enumerate(read_rows(name)):
            slug = row.pop("slug")
            model.objects.get_or_create(slug=slug, defaults={**row, "sort_order": order})


def load_venues() -> dict[str, Venue]:
    facilities = {facility.slug: facility for facility in AccessFacility.objects.all()}
    venues = {}
    for row in read_rows("venues.csv"):
        venue = Venue.objects.filter(name=row["name"]).first()
        if venue is None:
            venue = Venue.objects.create(
                name=row["name"],
                kind=row["kind"],
                address=row["address"].replace(", ", "\n"),
                town=row["town"],
                postcode=row["postcode"],
                latitude=float(row["latitude"]),
                longitude=float(row["longitude"]),
                public_computers=8 if row.get("public_computers") == "yes" else 0,
                free_wifi=row.get("free_wifi") == "yes",
            )
            venue.access_facilities.set(
                [facilities[slug] for column, slug in FACILITY_COLUMNS.items() if row.get(column) == "yes"]
            )
        venues[venue.name] = venue
    return venues


def load_organisations() -> list[OrganisationPage]:
    """Import `directory.csv` and return its organisations in the file's order."""
    new_listings = not ServicePage.objects.exists()
    report = import_listings(str(DIRECTORY_FILE), Options(commit=True))
    if report.has_errors:
        problems = "\n".join(str(line) for line in report.lines if line.status == "error")
        raise CommandError(f"The demo directory did not import:\n{problems}")
    order = list(dict.fromkeys(row["organisation_id"] for row in read_rows(DIRECTORY_FILE.name)))
    by_uuid = {str(org.uuid): org for org in OrganisationPage.objects.filter(uuid__in=order)}
    organisations = [by_uuid[uuid] for uuid in order]
    if new_listings:
        spread_last_checked(organisations)
    return organisations


def spread_last_checked(organisations: list[OrganisationPage]) -> None:
    """A spreadsheet's listings were all checked the day they were imported; the demo's were not.

    Dates relative to today (not fixed in the file), so the demo never goes stale as a whole: most
    listings checked recently, some going stale, a few over a year old. Seeded, so each fresh demo is
    the same, and only on the first load, so a second load changes nothing.
    """
    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    today = dt.date.today()
    for organisation in organisations:
        for listing in ServicePage.objects.child_of(organisation).order_by("path"):
            roll = rng.random()
            if roll < 0.75:
                days = rng.randint(1, 120)
            elif roll < 0.9:
                days = rng.randint(190, 330)
            else:
                days = rng.randint(370, 500)
            # Not a new revision: "checked" is a fact about the listing, not an edit of it. The live
            # revision says the same, so the admin shows the date the site does.
            checked = today - dt.timedelta(days=days)
            ServicePage.objects.filter(pk=listing.pk).update(last_checked=checked)
            revision = listing.latest_revision
            revision.content["last_checked"] = checked.isoformat()
            revision.save(update_fields=["content"])
