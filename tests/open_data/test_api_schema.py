"""Every endpoint's answer matches the Open Referral UK v3 specification we ship (open_data/schema/)."""

import hashlib
import re

import pytest
from django.conf import settings

from directory.models import VenueSchedule
from open_data import oruk
from open_data.taxonomies import TAXONOMY_BY_KEY, skill_level_id
from open_data.validation import SCHEMA_DIR, SCHEMA_FILES, problems, response_validator
from tests.open_data.conftest import spec_path

pytestmark = pytest.mark.django_db

API = "/api/oruk"
SOURCES = (SCHEMA_DIR / "SOURCES.md").read_text(encoding="utf-8")


def get_valid(client, path: str, spec_path: str, **query):
    response = client.get(f"{API}{path}", query)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    found = problems(response_validator(spec_path), data, limit=20)
    assert not found, f"{path} does not match the specification: {found}"
    return data


def test_the_api_root_describes_the_version_and_points_to_the_openapi_document(client, directory):
    data = get_valid(client, "/", "/")
    assert data["version"] == "3.0"
    assert data["openapi_url"] == "http://testserver/api/oruk/openapi.json"
    assert client.get("/api/oruk/openapi.json").json()["info"]["title"] == "Open Referral UK Profile"


def test_the_services_list_matches_the_specification(client, directory):
    data = get_valid(client, "/services", "/services", per_page=50)
    assert data["total_items"] == 4
    assert {item["name"] for item in data["contents"]} == {
        "Email drop-in",
        "Phone help line",
        "Banking with confidence",
        "Tablet club",
    }


def test_a_fully_nested_service_matches_the_specification(client, directory):
    listing = directory["listings"]["email"]
    data = get_valid(client, f"/services/{listing.uuid}", "/services/{id}")
    assert data["id"] == str(listing.uuid)
    assert len(data["service_at_locations"]) == 2
    assert len(data["schedules"]) == 4
    assert data["organization"]["name"] == "Age Friendly Stockport"


RFC_5545_FIELDS = ("freq", "interval", "byday", "dtstart", "valid_from", "valid_to", "opens_at", "closes_at")


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        # First Saturday of the month, 10:00 to 12:30
        ("SA", ("MONTHLY", 1, "1SA", None, None, None, "10:00", "12:30")),
        # Last Friday of the month, 18:00 to 20:00, until 25 December 2026
        ("FR", ("MONTHLY", 1, "-1FR", None, None, "2026-12-25", "18:00", "20:00")),
        # Every other Thursday from 8 January 2026: the first session fixes which weeks
        ("TH", ("WEEKLY", 2, "TH", "2026-01-08", "2026-01-08", None, "13:30", "15:30")),
    ],
)
def test_regular_times_are_published_as_rfc_5545_rules(client, directory, day, expected):
    listing = directory["listings"]["email"]
    row = VenueSchedule.objects.get(service_location__service=listing, day=day)
    data = get_valid(client, f"/services/{listing.uuid}", "/services/{id}")
    published = next(item for item in data["schedules"] if item["id"] == str(row.uuid))
    assert tuple(published.get(field) for field in RFC_5545_FIELDS) == expected
    assert published["service_at_location_id"] == str(row.service_location.uuid)


def test_a_phone_only_service_matches_the_specification(client, directory):
    listing = directory["listings"]["phone"]
    data = get_valid(client, f"/services/{listing.uuid}", "/services/{id}")
    assert data["service_at_locations"] == []
    assert [schedule["byday"] for schedule in data["schedules"]] == ["MO", "WE"]


def test_the_service_at_locations_list_matches_the_specification(client, directory):
    data = get_valid(client, "/service_at_locations", "/service_at_locations")
    assert data["total_items"] == 4  # two venues for email help, one each for banking and the tablet club


def test_a_nearby_service_at_locations_list_matches_the_specification(client, directory):
    data = get_valid(
        client, "/service_at_locations", "/service_at_locations", postcode="SK1 3XE", proximity=5000
    )
    assert data["total_items"] == 3


def test_a_service_at_location_matches_the_specification(client, directory):
    link = directory["listings"]["email"].locations.get(venue=directory["venues"]["hall"])
    data = get_valid(client, f"/service_at_locations/{link.uuid}", "/service_at_locations/{id}")
    assert [item["id"] for item in data["service_at_locations"]] == [str(link.uuid)]


def test_the_taxonomies_list_matches_the_specification(client, directory):
    data = get_valid(client, "/taxonomies", "/taxonomies")
    assert {item["name"] for item in data["contents"]} >= {
        "Signpost help topics",
        "Essential Digital Skills levels",
        "Signpost formats",
        "Signpost access facilities",
    }


def test_a_taxonomy_with_its_terms_matches_the_specification(client, directory):
    taxonomy = TAXONOMY_BY_KEY["help-topics"]
    data = get_valid(client, f"/taxonomies/{taxonomy.id}", "/taxonomies/{id}")
    assert {term["name"] for term in data["taxonomy_terms"]} == {
        "Email",
        "NHS App and health online",
        "Online banking and paying bills",
    }


def test_the_taxonomy_terms_list_matches_the_specification(client, directory):
    data = get_valid(client, "/taxonomy_terms", "/taxonomy_terms", per_page=200)
    # 3 topics, 3 skill levels, 2 formats, 1 audience, 2 access facilities
    assert data["total_items"] == 11


def test_a_skill_level_term_matches_the_specification(client, directory):
    data = get_valid(client, f"/taxonomy_terms/{skill_level_id('life')}", "/taxonomy_terms/{id}")
    assert data["name"] == "Life"


def test_a_help_topic_term_matches_the_specification(client, directory):
    topic = directory["topics"]["email"]
    data = get_valid(client, f"/taxonomy_terms/{topic.uuid}", "/taxonomy_terms/{id}")
    assert data["name"] == "Email"
    assert data["taxonomy_id"] == TAXONOMY_BY_KEY["help-topics"].id


def test_an_empty_list_matches_the_specification(client, directory):
    data = get_valid(client, "/services", "/services", search="nothing-matches-this")
    assert data["contents"] == [] and data["empty"] is True


# -- the checking client that every open data test uses (conftest.py) ----------------------------


@pytest.mark.parametrize(
    ("address", "template"),
    [
        ("/api/oruk", "/"),
        ("/api/oruk/", "/"),
        ("/api/oruk/services", "/services"),
        ("/api/oruk/services/", "/services"),
        ("/api/oruk/services/3f7b145d-84af-42d7-8fae-eaca714b02b2", "/services/{id}"),
        ("/api/oruk/service_at_locations/abc/", "/service_at_locations/{id}"),
        ("/api/oruk/taxonomy_terms", "/taxonomy_terms"),
        ("/api/oruk/organizations", None),
        ("/api/oruk/services/abc/schedules", None),
    ],
)
def test_each_api_address_is_checked_against_its_path_in_the_specification(address, template):
    assert spec_path(address) == template


def test_the_checking_client_fails_a_test_when_an_answer_breaks_the_specification(
    client, directory, monkeypatch
):
    real = oruk.service_summary
    monkeypatch.setattr(oruk, "service_summary", lambda service, urls: {**real(service, urls), "name": 12})
    with pytest.raises(AssertionError, match=r"does not match the specification for /services: .*name"):
        client.get("/api/oruk/services")


# -- the notes on where the specification files come from (open_data/schema/SOURCES.md) ------------


def test_the_source_notes_name_only_project_files_that_exist():
    named = set(re.findall(r"`((?:open_data|tests)/[\w/.-]+\.py)`", SOURCES))
    assert "open_data/validation.py" in named
    assert [path for path in sorted(named) if not (settings.BASE_DIR / path).is_file()] == []


SOURCE_BLOBS = dict(re.findall(r"^\| `([^`]+)` \| .* \| ([0-9a-f]{40}) \|$", SOURCES, re.MULTILINE))


def test_the_source_notes_list_every_specification_file_we_use():
    assert set(SOURCE_BLOBS) == {"openapi-3.0.json", *SCHEMA_FILES}


@pytest.mark.parametrize(("name", "blob"), SOURCE_BLOBS.items())
def test_each_specification_file_is_the_unchanged_copy_the_notes_list(name, blob):
    """The blob id is what `git hash-object FILE` prints for the file."""
    data = (SCHEMA_DIR / name).read_bytes()
    assert hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest() == blob


def test_schedule_notes_say_it_skips_bank_holidays_and_when_it_is_closed(client, directory):
    import datetime as dt

    import time_machine

    from directory.models import ServiceLocationClosure, VenueClosure

    listing = directory["listings"]["email"]
    row = VenueSchedule.objects.filter(service_location__service=listing).first()
    ServiceLocationClosure.objects.create(
        service_location=row.service_location,
        first_date=dt.date(2026, 12, 22),
        last_date=dt.date(2027, 1, 2),
        note="Christmas",
    )
    VenueClosure.objects.create(venue=row.service_location.venue, first_date=dt.date(2026, 11, 2))  # over
    with time_machine.travel(dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC), tick=False):
        data = get_valid(client, f"/services/{listing.uuid}", "/services/{id}")
    published = next(item for item in data["schedules"] if item["id"] == str(row.uuid))
    assert "Not on bank holidays in England and Wales." in published["notes"]
    assert "Closed 22 December 2026 to 2 January 2027: Christmas." in published["notes"]
    assert "2 November" not in published["notes"]
