"""Builds the Stockport demo directory from the data in this package. Idempotent: a second run
finds what the first made (by slug or name) and leaves it as it is."""

import csv
import datetime as dt
import random
from pathlib import Path

from django.utils.text import slugify

from directory.choices import Repeat, Weekday
from directory.models import (
    AccessFacility,
    Audience,
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

from . import taxonomy

DATA_DIR = Path(__file__).parent
FACILITY_COLUMNS = {
    "step_free": "step-free",
    "accessible_toilet": "accessible-toilet",
    "hearing_loop": "hearing-loop",
    "parking": "parking",
}
# Fortnightly sessions count their weeks from the first such weekday of this date's week onwards.
FORTNIGHT_ANCHOR = dt.date(2026, 1, 5)


def paragraphs(text: str) -> str:
    """Plain demo text as rich text: one <p> per paragraph."""
    from django.utils.html import escape

    return "".join(f"<p>{escape(part.strip())}</p>" for part in text.split("\n\n") if part.strip())


def load_taxonomies() -> None:
    for order, (slug, name, description, synonyms) in enumerate(taxonomy.HELP_TOPICS):
        HelpTopic.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "description": description, "synonyms": synonyms, "sort_order": order},
        )
    for model, rows in (
        (Format, taxonomy.FORMATS),
        (AccessFacility, taxonomy.ACCESS_FACILITIES),
        (Audience, taxonomy.AUDIENCES),
    ):
        for order, (slug, name, description) in enumerate(rows):
            model.objects.get_or_create(
                slug=slug, defaults={"name": name, "description": description, "sort_order": order}
            )
    for order, (slug, name, code) in enumerate(taxonomy.LANGUAGES):
        Language.objects.get_or_create(slug=slug, defaults={"name": name, "code": code, "sort_order": order})


def load_venues() -> dict[str, Venue]:
    facilities = {facility.slug: facility for facility in AccessFacility.objects.all()}
    venues = {}
    with open(DATA_DIR / "venues.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
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
                    [
                        facilities[slug]
                        for column, slug in FACILITY_COLUMNS.items()
                        if row.get(column) == "yes"
                    ]
                )
            venues[venue.name] = venue
    return venues


def first_weekday_on_or_after(day: dt.date, weekday: str) -> dt.date:
    return day + dt.timedelta(days=(Weekday(weekday).index - day.weekday()) % 7)


def schedule_fields(session: dict) -> dict:
    fields = {
        "day": session["day"],
        "repeat": session["repeat"],
        "opens_at": dt.time.fromisoformat(session["start"]),
        "closes_at": dt.time.fromisoformat(session["end"]),
    }
    if session["repeat"] == Repeat.FORTNIGHTLY:
        fields["valid_from"] = first_weekday_on_or_after(FORTNIGHT_ANCHOR, session["day"])
    return fields


def build_service(
    organisation: OrganisationPage, spec: dict, venues: dict[str, Venue], rng: random.Random
) -> ServicePage:
    service = ServicePage(
        title=spec["title"],
        slug=slugify(spec["title"])[:80],
        summary=spec["summary"],
        description=paragraphs(spec["description"]),
        levels=spec["levels"],
        cost=spec["cost"],
        cost_note=spec.get("cost_note", ""),
        how_to_take_part=spec["take_part"],
        booking_details=spec.get("booking", ""),
        what_to_bring=spec.get("what_to_bring", ""),
        offers_devices=spec.get("offers_devices", False),
        offers_free_wifi=spec.get("offers_free_wifi", False),
        offers_free_data=spec.get("offers_free_data", False),
        status=spec.get("status", "active"),
        status_note="Closed for now while we find new volunteers."
        if spec.get("status") == "temporarily_closed"
        else "",
        last_checked=demo_last_checked(rng),
    )
    service.topics = list(HelpTopic.objects.filter(slug__in=spec["topics"]))
    service.formats = list(Format.objects.filter(slug__in=spec["formats"]))
    service.audiences = list(Audience.objects.filter(slug__in=spec.get("audiences", [])))
    service.languages = list(Language.objects.filter(slug__in=spec.get("languages", [])))

    by_venue: dict[str, list[dict]] = {}
    remote = []
    for session in spec["sessions"]:
        if session["venue"] is None:
            remote.append(session)
        else:
            by_venue.setdefault(session["venue"], []).append(session)
    # Each row is given its place, as the admin's form and the importer do.
    service.locations = [
        ServiceAtLocation(
            venue=venues[name],
            sort_order=order,
            schedules=[VenueSchedule(sort_order=row, **schedule_fields(s)) for row, s in enumerate(sessions)],
        )
        for order, (name, sessions) in enumerate(by_venue.items())
    ]
    service.remote_schedules = [
        ServiceSchedule(sort_order=row, **schedule_fields(s)) for row, s in enumerate(remote)
    ]
    organisation.add_child(instance=service)
    service.save_revision().publish()
    return service


def demo_last_checked(rng: random.Random) -> dt.date:
    """Most listings were checked recently; some are going stale, a few are over a year old."""
    today = dt.date.today()
    roll = rng.random()
    if roll < 0.75:
        return today - dt.timedelta(days=rng.randint(1, 120))
    if roll < 0.9:
        return today - dt.timedelta(days=rng.randint(190, 330))
    return today - dt.timedelta(days=rng.randint(370, 500))


def load_organisations(index: OrganisationIndexPage, venues: dict[str, Venue]) -> list[OrganisationPage]:
    from .content import ORGANISATIONS

    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    organisations = []
    for spec in ORGANISATIONS:
        slug = slugify(spec["name"])[:80]
        organisation = OrganisationPage.objects.child_of(index).filter(slug=slug).first()
        if organisation is None:
            organisation = OrganisationPage(
                title=spec["name"],
                slug=slug,
                summary=spec["summary"],
                description=paragraphs(spec["description"]),
                website=spec.get("website", ""),
                email=spec.get("email", ""),
                phone=spec.get("phone", ""),
                charity_number=spec.get("charity_number", ""),
                company_number=spec.get("company_number", ""),
            )
            index.add_child(instance=organisation)
            organisation.save_revision().publish()
        existing = set(ServicePage.objects.child_of(organisation).values_list("slug", flat=True))
        for listing in spec["listings"]:
            if slugify(listing["title"])[:80] not in existing:
                build_service(organisation, listing, venues, rng)
        organisations.append(organisation)
    return organisations
