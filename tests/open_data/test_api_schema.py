"""Every endpoint's answer matches the Open Referral UK v3 specification we ship (open_data/schema/)."""

import pytest

from open_data.taxonomies import TAXONOMY_BY_KEY, skill_level_id
from open_data.validation import problems, response_validator

pytestmark = pytest.mark.django_db

API = "/api/oruk"


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
