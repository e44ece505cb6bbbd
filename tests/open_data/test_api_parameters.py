"""The API's parameters filter as the specification describes, and every bad value is a 400 with a
plain JSON message. (The `client` also checks each API answer against the specification: conftest.py.)"""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from open_data.taxonomies import TAXONOMY_BY_KEY, skill_level_id

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [
        item["name"] if "name" in item else item["service"]["name"] for item in response.json()["contents"]
    ]


def services(client, **query):
    return names(client.get("/api/oruk/services", query))


def bad_request(client, path, **query) -> str:
    response = client.get(path, query)
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/json")
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()["error"]


# -- search and taxonomies ----------------------------------------------------------------


def test_services_are_listed_a_to_z(client, directory):
    assert services(client) == ["Banking with confidence", "Email drop-in", "Phone help line", "Tablet club"]


def test_search_finds_words_in_the_name(client, directory):
    assert services(client, search="tablet") == ["Tablet club"]


def test_search_finds_listings_by_a_help_topic_synonym(client, directory):
    assert services(client, search="gmail") == ["Email drop-in", "Tablet club"]


def test_search_needs_every_word(client, directory):
    assert services(client, search="email phone") == ["Email drop-in"]


def test_a_help_topic_term_id_finds_listings_with_that_topic(client, directory):
    topic = directory["topics"]["banking"]
    assert services(client, taxonomy_term_id=str(topic.uuid)) == [
        "Banking with confidence",
        "Phone help line",
    ]


def test_a_skill_level_term_id_finds_listings_at_that_level(client, directory):
    assert services(client, taxonomy_term_id=skill_level_id("work")) == ["Banking with confidence"]


def test_an_access_facility_term_id_finds_listings_at_venues_that_have_it(client, directory):
    facility = directory["facilities"]["hearing-loop"]
    assert services(client, taxonomy_term_id=str(facility.uuid)) == ["Email drop-in"]


def test_a_taxonomy_id_finds_listings_with_any_term_from_it(client, directory):
    assert services(client, taxonomy_id=TAXONOMY_BY_KEY["formats"].id) == ["Email drop-in", "Phone help line"]


def test_an_unknown_term_id_finds_nothing(client, directory):
    assert services(client, taxonomy_term_id="3f7b145d-84af-42d7-8fae-eaca714b02b2") == []


def test_a_term_id_that_is_not_an_id_is_a_bad_request(client, directory):
    assert "taxonomy_term_id must be an id" in bad_request(
        client, "/api/oruk/services", taxonomy_term_id="email"
    )


# -- days and times -----------------------------------------------------------------------


def test_day_finds_listings_with_a_regular_time_that_day(client, directory):
    assert services(client, day="TU") == ["Email drop-in"]


def test_day_can_be_written_in_full(client, directory):
    assert services(client, day="monday") == ["Phone help line", "Tablet club"]


def test_start_time_finds_times_starting_at_or_after_it(client, directory):
    assert services(client, start_time="17:00") == ["Banking with confidence", "Email drop-in"]


def test_end_time_finds_times_finishing_by_it(client, directory):
    assert services(client, end_time="12:00") == ["Email drop-in"]


def test_day_and_times_must_all_fit_the_same_regular_time(client, directory):
    # The phone line runs on Monday 9am to 5pm; nothing on a Monday starts after noon except the tablet club.
    assert services(client, day="MO", start_time="12:00") == ["Tablet club"]


def test_a_time_that_has_ended_is_not_counted(client, directory):
    with time_machine.travel(dt.datetime(2027, 1, 5, 12, tzinfo=dt.UTC)):
        # The last-Friday evening session ended on 25 December 2026: only the Wednesday one is left.
        assert services(client, day="FR") == []


def test_service_at_locations_filter_by_the_day_at_that_venue(client, directory):
    response = client.get("/api/oruk/service_at_locations", {"day": "TH"})
    assert [item["location"]["name"] for item in response.json()["contents"]] == ["Reddish Community Hall"]


@pytest.mark.parametrize(
    ("name", "value"),
    [("day", "Funday"), ("day", "1MO"), ("start_time", "25:00"), ("start_time", "10am"), ("end_time", "9")],
)
def test_bad_days_and_times_are_bad_requests(client, directory, name, value):
    message = bad_request(client, "/api/oruk/services", **{name: value})
    assert message.startswith(name)


# -- places -------------------------------------------------------------------------------


def distances(client, **query):
    response = client.get("/api/oruk/service_at_locations", query)
    assert response.status_code == 200, response.content
    return [(item["service"]["name"], item["location"]["name"]) for item in response.json()["contents"]]


def test_proximity_finds_venues_within_that_many_metres_nearest_first(client, directory):
    assert distances(client, postcode="SK1 3XE", proximity="5000") == [
        ("Email drop-in", "Central Library"),
        ("Banking with confidence", "Reddish Community Hall"),
        ("Email drop-in", "Reddish Community Hall"),
    ]


def test_a_small_proximity_finds_only_the_nearest_venue(client, directory):
    assert distances(client, postcode="sk13xe", proximity="1000") == [("Email drop-in", "Central Library")]


def test_a_postcode_alone_sorts_every_venue_by_distance(client, directory):
    found = distances(client, postcode="SK1 3XE")
    assert len(found) == 4 and found[-1] == ("Tablet club", "Wilmslow Hub")


def test_a_postcode_we_do_not_know_uses_its_district(client, directory):
    assert distances(client, postcode="SK1 9ZZ", proximity="1000") == [("Email drop-in", "Central Library")]


def test_an_unknown_postcode_is_a_bad_request_with_a_plain_message(client, directory):
    message = bad_request(client, "/api/oruk/service_at_locations", postcode="ZZ9 9ZZ", proximity="5000")
    assert message == "We couldn't find the postcode ZZ9 9ZZ. Check it, or try the name of your area."


def test_something_that_is_not_a_place_is_a_bad_request(client, directory):
    assert "couldn't find" in bad_request(client, "/api/oruk/service_at_locations", postcode="!!!")


def test_proximity_without_a_postcode_is_a_bad_request(client, directory):
    message = bad_request(client, "/api/oruk/service_at_locations", proximity="5000")
    assert message == "proximity needs a postcode to measure from, like postcode=SK1 3XE."


@pytest.mark.parametrize("value", ["-5", "0", "five", "1e3", "nan", "2000000"])
def test_bad_proximities_are_bad_requests(client, directory, value):
    message = bad_request(client, "/api/oruk/service_at_locations", postcode="SK1 3XE", proximity=value)
    assert message.startswith("proximity must be")


# -- modified_after -------------------------------------------------------------------------


def test_modified_after_finds_listings_published_since(client, directory):
    listing = directory["listings"]["banking"]
    later = timezone.now() + dt.timedelta(days=1)
    assert services(client, modified_after=later.isoformat()) == []
    with time_machine.travel(later + dt.timedelta(hours=1)):
        listing.save_revision().publish()
    assert services(client, modified_after=later.isoformat()) == ["Banking with confidence"]


def test_modified_after_includes_listings_whose_organisation_changed(client, directory):
    later = timezone.now() + dt.timedelta(days=1)
    with time_machine.travel(later + dt.timedelta(hours=1)):
        directory["organisations"]["tech"].save_revision().publish()
    assert services(client, modified_after=later.date().isoformat()) == [
        "Banking with confidence",
        "Tablet club",
    ]


@pytest.mark.parametrize("value", ["yesterday", "2026-13-01", "01/03/2026"])
def test_bad_modified_after_values_are_bad_requests(client, directory, value):
    assert bad_request(client, "/api/oruk/services", modified_after=value).startswith(
        "modified_after must be"
    )


@pytest.mark.parametrize("value", ["9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59"])
def test_modified_after_at_the_ends_of_time_is_a_bad_request(client, directory, value):
    message = bad_request(client, "/api/oruk/services", modified_after=value)
    assert message == "modified_after is too far in the past or the future."


# -- pages ----------------------------------------------------------------------------------


def test_the_envelope_describes_the_page(client, directory):
    data = client.get("/api/oruk/services", {"per_page": 3, "page": 2}).json()
    assert {key: value for key, value in data.items() if key != "contents"} == {
        "total_items": 4,
        "total_pages": 2,
        "page_number": 2,
        "size": 1,
        "first_page": False,
        "last_page": True,
        "empty": False,
    }
    assert names_of(data) == ["Tablet club"]


def names_of(data) -> list[str]:
    return [item["name"] for item in data["contents"]]


def test_a_page_after_the_last_is_empty_not_an_error(client, directory):
    data = client.get("/api/oruk/services", {"per_page": 3, "page": 5}).json()
    assert data["contents"] == [] and data["empty"] is True and data["last_page"] is True


def test_no_results_is_one_empty_page(client, directory):
    data = client.get("/api/oruk/services", {"search": "knitting"}).json()
    assert (data["total_items"], data["total_pages"], data["first_page"], data["last_page"]) == (
        0,
        1,
        True,
        True,
    )


@pytest.mark.parametrize("path", ["services", "service_at_locations", "taxonomies", "taxonomy_terms"])
@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("page", "0"),
        ("page", "-1"),
        ("page", "two"),
        ("page", "1.5"),
        ("page", "99999999999999999999"),
        ("per_page", "0"),
        ("per_page", "201"),
        ("per_page", "ten"),
    ],
)
def test_bad_page_numbers_and_sizes_are_bad_requests(client, directory, path, name, value):
    assert bad_request(client, f"/api/oruk/{path}", **{name: value}).startswith(
        f"{name} must be a whole number"
    )


# -- ids and addresses ----------------------------------------------------------------------


@pytest.mark.parametrize("path", ["services", "service_at_locations", "taxonomies", "taxonomy_terms"])
def test_an_id_that_is_not_an_id_is_a_bad_request(client, directory, path):
    assert bad_request(client, f"/api/oruk/{path}/email-drop-in").startswith("id must be an id")


@pytest.mark.parametrize("path", ["services", "service_at_locations", "taxonomies", "taxonomy_terms"])
def test_an_unknown_id_is_not_found_as_json(client, directory, path):
    response = client.get(f"/api/oruk/{path}/3f7b145d-84af-42d7-8fae-eaca714b02b2")
    assert response.status_code == 404
    assert response.json()["error"].startswith("There is no")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_an_unknown_address_in_the_api_is_not_found_as_json(client, directory):
    response = client.get("/api/oruk/organizations")
    assert response.status_code == 404 and "error" in response.json()


def test_answers_can_be_read_by_any_website(client, directory):
    assert client.get("/api/oruk/services")["Access-Control-Allow-Origin"] == "*"


def test_the_api_is_read_only(client, directory):
    response = client.post("/api/oruk/services", {"name": "Spam"})
    assert response.status_code == 405
    assert response.json() == {"error": "This API is read only: use GET."}


def test_a_browser_preflight_is_answered(client, directory):
    response = client.options("/api/oruk/services")
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"


def test_addresses_work_with_or_without_a_final_slash(client, directory):
    assert client.get("/api/oruk/services/").json()["total_items"] == 4
    assert client.get("/api/oruk").json()["version"] == "3.0"
