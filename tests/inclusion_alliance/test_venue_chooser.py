"""The venue chooser: address and postcode shown and searched, and a new venue added in place."""

import json

import pytest
from bs4 import BeautifulSoup

from directory.models import Venue
from search.models import Place, PlaceKind
from tests import factories

pytestmark = pytest.mark.django_db
CHOOSE = "/admin/snippets/choose/directory/venue/"


def modal_html(response) -> BeautifulSoup:
    return BeautifulSoup(json.loads(response.content)["html"], "html.parser")


def test_the_chooser_shows_each_venues_address_and_postcode(editor_a_client, member_a):
    factories.VenueFactory(name="Marple Library", address="Memorial Park", town="Marple", postcode="SK6 6BA")
    soup = modal_html(editor_a_client.get(CHOOSE))
    headings = [th.get_text(strip=True) for th in soup.select("table thead th")]
    assert "Address" in headings and "Postcode" in headings
    row = next(tr for tr in soup.select("table tbody tr") if "Marple Library" in tr.get_text())
    assert "Memorial Park" in row.get_text() and "SK6 6BA" in row.get_text()


def test_the_chooser_finds_a_venue_by_its_postcode_or_street(editor_a_client, member_a):
    factories.VenueFactory(name="Marple Library", address="Memorial Park", town="Marple", postcode="SK6 6BA")
    factories.VenueFactory(name="Edgeley Hub", address="Castle Street", town="Stockport", postcode="SK3 9AB")
    for query in ("SK6 6BA", "Memorial"):
        soup = BeautifulSoup(editor_a_client.get(CHOOSE + "results/", {"q": query}).content, "html.parser")
        names = soup.select("table tbody tr")
        assert any("Marple Library" in row.get_text() for row in names), query
        assert not any("Edgeley Hub" in row.get_text() for row in names), query


def test_an_editor_adds_a_venue_from_the_chooser_placed_by_its_postcode(editor_a_client, member_a):
    Place.objects.create(
        name="SK6 6BA", key="SK66BA", kind=PlaceKind.POSTCODE, latitude=53.39, longitude=-2.06
    )
    soup = modal_html(editor_a_client.get(CHOOSE))
    assert "Add a venue" in soup.get_text()
    response = editor_a_client.post(
        CHOOSE + "create/",
        {
            "name": "Marple Library",
            "kind": "library",
            "address": "Memorial Park",
            "town": "Marple",
            "postcode": "SK6 6BA",
        },
    )
    result = json.loads(response.content)
    assert result["step"] == "chosen", result
    venue = Venue.objects.get(name="Marple Library")
    assert (venue.latitude, venue.longitude) == (53.39, -2.06)
    assert venue.created_by_group == member_a.group
    assert result["result"]["id"] == str(venue.pk) or result["result"]["id"] == venue.pk


def test_a_venue_whose_postcode_is_unknown_is_refused_with_a_message(editor_a_client, member_a):
    response = editor_a_client.post(
        CHOOSE + "create/",
        {
            "name": "Nowhere Hall",
            "kind": "library",
            "address": "1 Road",
            "town": "Marple",
            "postcode": "ZZ9 9ZZ",
        },
    )
    result = json.loads(response.content)
    assert result["step"] != "chosen"
    assert "We could not find this postcode on the map" in result["htmlFragment"]
    assert not Venue.objects.filter(name="Nowhere Hall").exists()


def test_the_add_a_venue_tab_has_a_map_between_the_postcode_and_the_position_boxes(editor_a_client, member_a):
    soup = modal_html(editor_a_client.get(CHOOSE))
    form = soup.select_one("form[data-chooser-modal-creation-form]")
    names = [element["name"] for element in form.select("input[name], select[name], textarea[name]")]
    assert names[names.index("postcode") :] == ["postcode", "latitude", "longitude"]
    pin_map = form.select_one("[data-controller='venue-pin-map']")
    assert pin_map is not None
    assert pin_map["data-venue-pin-map-leaflet-value"] == "/static/vendor/leaflet/"  # ours, not a CDN
    assert pin_map["data-venue-pin-map-lookup-url-value"] == "/admin/postcode-position/"
    # The map sits after the postcode box and before the position boxes it fills in.
    html = str(form)
    assert html.index('name="postcode"') < html.index("venue-pin-map") < html.index('name="latitude"')
    # Its script and style come with the modal, from our static files.
    assert soup.find("script", src="/static/js/venue-pin-map.js") is not None
    assert soup.find("link", href="/static/css/venue-pin-map.css") is not None


def test_the_postcode_lookup_gives_an_exact_postcodes_position_and_nothing_for_a_district(editor_a_client):
    Place.objects.create(
        name="SK6 6BA", key="SK66BA", kind=PlaceKind.POSTCODE, latitude=53.39, longitude=-2.06
    )
    Place.objects.create(name="SK7", key="SK7", kind=PlaceKind.OUTWARD, latitude=53.36, longitude=-2.15)
    lookup = "/admin/postcode-position/"
    assert editor_a_client.get(lookup, {"postcode": "sk66ba"}).json() == {
        "postcode": "SK6 6BA",
        "latitude": 53.39,
        "longitude": -2.06,
    }
    # Only known to its district: the middle of SK7 could be miles from the door.
    assert editor_a_client.get(lookup, {"postcode": "SK7 1AA"}).json()["latitude"] is None


def test_the_postcode_lookup_is_for_signed_in_editors_only(client):
    response = client.get("/admin/postcode-position/", {"postcode": "SK6 6BA"})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
