"""A small directory with everything the open data has to carry: two organisations, listings at
several venues with weekly, fortnightly and monthly times, a phone-only listing, and the vocabularies.

The `client` here checks every successful API answer against the shipped specification, so each test
that reads the API also tests that what it read is valid Open Referral UK.
"""

import datetime as dt
import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from core.choices import Cost, HowToTakePart, Repeat, ServiceStatus, SkillLevel
from directory.models import (
    AccessFacility,
    Audience,
    Format,
    HelpTopic,
    Language,
    ServiceAtLocation,
    ServicePage,
    ServiceSchedule,
    Venue,
    VenueSchedule,
)
from open_data.validation import load, problems, response_validator
from search.places import forget_place_names
from tests import factories
from tests.builders import organisations_from
from tests.tables import data, places, records

API = "/api/oruk"
# The specification's paths as patterns: "/services/{id}" matches "/services/<anything but a slash>".
SPEC_PATHS = {
    template: re.compile(re.sub(r"\{[^/}]+\}", "[^/]+", template))
    for template in load("openapi-3.0.json")["paths"]
}


def spec_path(address: str) -> str | None:
    """The specification's path for an address in the API ("/api/oruk/services/1a2b/" is
    "/services/{id}"), or None when the specification has no such path."""
    rest = address.removeprefix(API).rstrip("/") or "/"
    return next((template for template, pattern in SPEC_PATHS.items() if pattern.fullmatch(rest)), None)


def assert_matches_specification(response) -> None:
    """A 200 answer from the API is JSON that validates against the schema the OpenAPI document gives
    for its path. Other answers, and addresses outside the API, are left to the test."""
    address = response.request["PATH_INFO"]
    in_api = address == API or address.startswith(f"{API}/")
    if not in_api or response.status_code != 200 or address.rstrip("/") == f"{API}/openapi.json":
        return
    assert response["Content-Type"].startswith("application/json"), (address, response["Content-Type"])
    template = spec_path(address)
    assert template is not None, f"{address} answered 200 but the specification has no such path"
    found = problems(response_validator(template), response.json(), limit=20)
    assert not found, f"{address} does not match the specification for {template}: {found}"


class SpecCheckingClient(Client):
    """Django's test client, checking each GET answer from the API against the specification."""

    def get(self, *args, **kwargs):
        response = super().get(*args, **kwargs)
        assert_matches_specification(response)
        return response


@pytest.fixture
def client():
    """Replaces pytest-django's client for the open data tests (see the module docstring)."""
    return SpecCheckingClient()


@pytest.fixture
def vocabularies(db):
    topics = {
        "email": HelpTopic.objects.create(
            name="Email",
            slug="email",
            description="Sending and reading email.",
            synonyms="e-mail, gmail, inbox",
        ),
        "nhs-app": HelpTopic.objects.create(
            name="NHS App and health online",
            slug="nhs-app",
            description="",
            synonyms="nhs, gp, prescriptions",
        ),
        "banking": HelpTopic.objects.create(
            name="Online banking and paying bills", slug="online-banking", synonyms="bank, bills"
        ),
    }
    formats = {
        "drop-in": Format.objects.create(name="Drop-in session", slug="drop-in"),
        "phone": Format.objects.create(name="Help by phone", slug="phone"),
    }
    facilities = {
        "step-free": AccessFacility.objects.create(name="Step-free access", slug="step-free"),
        "hearing-loop": AccessFacility.objects.create(name="Hearing loop", slug="hearing-loop"),
    }
    languages = {
        "english": Language.objects.create(name="English", slug="english", code="en"),
        "urdu": Language.objects.create(name="Urdu", slug="urdu", code="ur"),
    }
    audiences = {"older-people": Audience.objects.create(name="Older people", slug="older-people")}
    return {
        "topics": topics,
        "formats": formats,
        "facilities": facilities,
        "languages": languages,
        "audiences": audiences,
    }


@pytest.fixture
def gazetteer(db):
    """A few full postcodes and districts around Stockport, as the ONSPD import would load them."""
    factories.add_places(*places(__file__, "gazetteer.csv"))
    # Place names are cached for suggestions; other tests' gazetteers must not see these.
    forget_place_names()
    yield
    forget_place_names()


def add_listing(organisation, title, *, topics, venues=(), remote=(), publish=True, **fields):
    """A listing under `organisation`, built the way the admin builds it: children set, then published."""
    service = ServicePage(
        title=title,
        summary=fields.pop("summary", f"Help with {title.lower()}."),
        levels=fields.pop("levels", [SkillLevel.FOUNDATION, SkillLevel.LIFE]),
        last_checked=fields.pop("last_checked", dt.date(2026, 2, 1)),
        **fields,
    )
    service.topics = topics
    service.locations = [
        ServiceAtLocation(
            venue=venue,
            note=note,
            sort_order=order,
            schedules=[VenueSchedule(sort_order=index, **times) for index, times in enumerate(schedules)],
        )
        for order, (venue, note, schedules) in enumerate(venues)
    ]
    service.remote_schedules = [
        ServiceSchedule(sort_order=index, **times) for index, times in enumerate(remote)
    ]
    organisation.add_child(instance=service)
    revision = service.save_revision()
    if publish:
        revision.publish()
    return ServicePage.objects.get(pk=service.pk)


def run(source, *options) -> list[str]:
    """What `manage.py import_listings` says, a line each."""
    out = io.StringIO()
    call_command("import_listings", source, *options, stdout=out)
    return out.getvalue().splitlines()


def run_failing(source, *options) -> tuple[list[str], str]:
    """What `manage.py import_listings` says, and the error it stops with."""
    out = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_listings", source, *options, stdout=out)
    return out.getvalue().splitlines(), str(failure.value)


def weekly(day, opens, closes, **extra):
    return {"day": day, "repeat": Repeat.WEEKLY, "opens_at": opens, "closes_at": closes, **extra}


@pytest.fixture
def directory(organisation_index, vocabularies, gazetteer):
    """Two organisations, three venues, four listings (one phone-only, one temporarily closed)."""
    topics, formats, facilities = vocabularies["topics"], vocabularies["formats"], vocabularies["facilities"]
    languages = vocabularies["languages"]
    venues = {}
    for row in records(__file__, "venues.csv"):  # key, then the venue's name, kind, address and position
        key = row.pop("key")
        position = {"latitude": float(row.pop("latitude")), "longitude": float(row.pop("longitude"))}
        venues[key] = Venue.objects.create(**row, **position)
    library, hall, far = venues["library"], venues["hall"], venues["far"]
    library.public_computers, library.free_wifi = 12, True
    library.phone, library.accessibility_notes = "0161 474 4000", "Lift to all floors."
    library.save()
    library.access_facilities.set([facilities["step-free"], facilities["hearing-loop"]])
    organisations = organisations_from(data(__file__, "organisations.json"), organisation_index)
    age, tech = organisations["age"], organisations["tech"]
    email_help = add_listing(
        age,
        "Email drop-in",
        topics=[topics["email"], topics["nhs-app"]],
        formats=[formats["drop-in"]],
        languages=[languages["english"], languages["urdu"]],
        audiences=[vocabularies["audiences"]["older-people"]],
        description="<p>Bring your phone.</p><ul><li>Email</li><li>NHS App</li></ul>",
        cost=Cost.FREE,
        how_to_take_part=HowToTakePart.DROP_IN,
        offers_free_wifi=True,
        contact_name="Sam Jones",
        contact_email="sam@age.example.org",
        venues=[
            (
                library,
                "Community room, first floor",
                [
                    weekly("TU", dt.time(10), dt.time(12)),
                    {
                        "day": "SA",
                        "repeat": Repeat.MONTHLY_1,
                        "opens_at": dt.time(10),
                        "closes_at": dt.time(12, 30),
                        "note": "Not in August",
                    },
                ],
            ),
            (
                hall,
                "",
                [
                    {
                        "day": "TH",
                        "repeat": Repeat.FORTNIGHTLY,
                        "opens_at": dt.time(13, 30),
                        "closes_at": dt.time(15, 30),
                        "valid_from": dt.date(2026, 1, 8),
                    },
                    {
                        "day": "FR",
                        "repeat": Repeat.MONTHLY_LAST,
                        "opens_at": dt.time(18),
                        "closes_at": dt.time(20),
                        "valid_to": dt.date(2026, 12, 25),
                    },
                ],
            ),
        ],
    )
    phone_help = add_listing(
        age,
        "Phone help line",
        topics=[topics["banking"]],
        formats=[formats["phone"]],
        levels=[SkillLevel.FOUNDATION],
        cost=Cost.FREE,
        how_to_take_part=HowToTakePart.BOOK,
        booking_details="Ring us to book a call back.",
        remote=[weekly("MO", dt.time(9), dt.time(17)), weekly("WE", dt.time(9), dt.time(17))],
    )
    banking = add_listing(
        tech,
        "Banking with confidence",
        topics=[topics["banking"]],
        levels=[SkillLevel.LIFE, SkillLevel.WORK],
        cost=Cost.LOW_COST,
        cost_note="£2 a session",
        status=ServiceStatus.TEMPORARILY_CLOSED,
        status_note="Closed over the summer.",
        venues=[(hall, "", [weekly("WE", dt.time(18), dt.time(20))])],
    )
    wilmslow = add_listing(
        tech,
        "Tablet club",
        topics=[topics["email"]],
        venues=[(far, "", [weekly("MO", dt.time(14), dt.time(16))])],
    )
    return {
        "organisations": organisations,
        "venues": venues,
        "listings": {"email": email_help, "phone": phone_help, "banking": banking, "wilmslow": wilmslow},
        **vocabularies,
    }
