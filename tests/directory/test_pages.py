import datetime as dt
import json

import pytest
import time_machine
from bs4 import BeautifulSoup
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from directory.models import (
    OrganisationIndexPage,
    OrganisationPage,
    ServicePage,
    Venue,
)
from events.models import EventIndexPage, EventPage
from home.models import HomePage, StandardPage
from inclusion_alliance.models import JoinPage
from open_data.models import OpenDataPage
from tests import factories
from tests.test_accessibility_markup import assert_accessible_structure


class PageTreeRulesTests(WagtailPageTestCase):
    def test_home_page_sits_at_the_root_only(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_home_page_holds_the_sections_of_the_site(self):
        self.assertAllowedSubpageTypes(
            HomePage, {StandardPage, OrganisationIndexPage, EventIndexPage, JoinPage, OpenDataPage}
        )

    def test_organisations_live_under_the_organisation_index(self):
        self.assertAllowedParentPageTypes(OrganisationPage, {OrganisationIndexPage})
        self.assertAllowedParentPageTypes(OrganisationIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(OrganisationIndexPage, {OrganisationPage})

    def test_an_organisation_holds_its_listings_and_events(self):
        self.assertAllowedSubpageTypes(OrganisationPage, {ServicePage, EventPage})

    def test_listings_live_under_an_organisation(self):
        self.assertAllowedParentPageTypes(ServicePage, {OrganisationPage})
        self.assertAllowedSubpageTypes(ServicePage, set())

    def test_content_pages_nest_under_home_and_each_other(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})


class AdminCreationTests(WagtailPageTestCase):
    def setUp(self):
        self.user = self.login()
        self.home = HomePage.objects.get()
        self.index = factories.OrganisationIndexPageFactory(parent=self.home)
        self.organisation = factories.OrganisationPageFactory(parent=self.index)
        self.topic = factories.HelpTopicFactory(name="Email", slug="email")
        self.venue = factories.VenueFactory()

    def listing_form(self, **overrides):
        return factories.listing_form_data(self.venue, **overrides)  # topics: self.topic, Email

    def test_can_create_a_standard_page(self):
        self.assertCanCreate(
            self.home,
            StandardPage,
            nested_form_data(
                {
                    "title": "About",
                    "slug": "about",
                    "summary": "",
                    "body": streamfield([("paragraph", rich_text("<p>Who we are.</p>"))]),
                }
            ),
        )

    def test_can_create_an_organisation_index(self):
        home = HomePage.objects.get()
        self.index.delete()
        self.assertCanCreate(
            home,
            OrganisationIndexPage,
            nested_form_data({"title": "Groups", "slug": "groups", "intro": rich_text("")}),
        )

    def test_can_create_an_organisation(self):
        self.assertCanCreate(
            self.index,
            OrganisationPage,
            nested_form_data(
                {
                    "title": "Reddish Tech Friends",
                    "slug": "reddish-tech-friends",
                    "summary": "Tech help.",
                    "description": rich_text("<p>We help.</p>"),
                    "charity_number": "1234567",
                    "company_number": "",
                }
            ),
        )

    def test_can_create_a_listing_with_a_venue_and_times(self):
        self.assertCanCreate(self.organisation, ServicePage, self.listing_form())
        listing = ServicePage.objects.get(slug="email-drop-in")
        location = listing.locations.get()
        assert location.venue == self.venue
        assert location.schedules.get().rrule == "FREQ=WEEKLY;BYDAY=TU"

    def test_a_listing_with_impossible_times_is_not_saved_and_says_why(self):
        form = self.listing_form(
            locations=inline_formset(
                [
                    {
                        "venue": self.venue.pk,
                        "note": "",
                        "schedules": inline_formset(
                            [{"day": "TU", "repeat": "weekly", "opens_at": "10:00", "closes_at": "10:00"}]
                        ),
                    }
                ]
            )
        )
        response = self.client.post(f"/admin/pages/add/directory/servicepage/{self.organisation.pk}/", form)
        assert response.status_code == 200
        self.assertContains(response, "The finishing time must be different from the starting time.")
        assert not ServicePage.objects.filter(slug="email-drop-in").exists()

    def test_publishing_a_listing_without_a_level_is_refused(self):
        # Drafts may be incomplete (Wagtail defers required fields to publishing); publishing may not.
        form = self.listing_form(levels=[])
        form["action-publish"] = "action-publish"
        response = self.client.post(f"/admin/pages/add/directory/servicepage/{self.organisation.pk}/", form)
        assert response.status_code == 200
        self.assertContains(response, "This field is required")
        assert not ServicePage.objects.filter(slug="email-drop-in").exists()

    def test_an_organisation_with_a_bad_charity_number_is_not_saved(self):
        response = self.client.post(
            f"/admin/pages/add/directory/organisationpage/{self.index.pk}/",
            nested_form_data(
                {
                    "title": "Bad Number Group",
                    "slug": "bad",
                    "summary": "",
                    "description": rich_text(""),
                    "charity_number": "12",
                }
            ),
        )
        assert response.status_code == 200
        self.assertContains(response, "Enter a charity number")
        assert not OrganisationPage.objects.filter(slug="bad").exists()


@pytest.mark.django_db
def test_a_venue_with_a_bad_postcode_is_not_saved(admin_client):
    response = admin_client.post(
        "/admin/snippets/directory/venue/add/",
        factories.venue_form_data(name="Nowhere Hall", postcode="NOT A CODE"),
    )
    assert response.status_code == 200
    assert "Enter a full UK postcode" in response.content.decode()
    assert not Venue.objects.filter(name="Nowhere Hall").exists()


@pytest.mark.django_db
def test_a_venue_placed_on_the_map_takes_its_position_from_the_map(admin_client):
    response = factories.add_reddish_library(
        admin_client,
        postcode="sk5 6ub",
        latitude="",
        longitude="",
        location="SRID=4326;POINT(-2.1601 53.4359)",
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    venue = Venue.objects.get(name="Reddish Library")
    assert (venue.latitude, venue.longitude, venue.postcode) == (53.4359, -2.1601, "SK5 6UB")


@pytest.mark.django_db
def test_listing_page_shows_next_sessions_in_uk_time_across_the_clock_change(client, organisation):
    listing = factories.ServicePageFactory(parent=organisation, title="Tuesday drop-in")
    factories.VenueScheduleFactory(service_location__service=listing)
    # Saturday 21 March 2026; the clocks go forward on Sunday 29 March.
    with time_machine.travel(dt.datetime(2026, 3, 21, 9, 0, tzinfo=dt.UTC), tick=False):
        html = client.get(listing.url).content.decode()
    assert "Tuesday 24 March, 10am to 12 noon" in html
    assert "Tuesday 31 March, 10am to 12 noon" in html
    assert "Tuesday 7 April, 10am to 12 noon" in html
    assert 'datetime="2026-03-24T10:00:00+00:00"' in html
    assert 'datetime="2026-03-31T10:00:00+01:00"' in html


def test_listing_page_shows_exactly_the_next_three_sessions_across_its_venues_in_order(client, organisation):
    listing = factories.ServicePageFactory(parent=organisation, title="Two-venue help")
    tuesdays = factories.ServiceAtLocationFactory(service=listing, venue__name="Hall A")
    thursdays = factories.ServiceAtLocationFactory(service=listing, venue__name="Library B", sort_order=1)
    factories.VenueScheduleFactory(service_location=tuesdays, day="TU")
    factories.VenueScheduleFactory(
        service_location=thursdays, day="TH", opens_at=dt.time(14), closes_at=dt.time(16)
    )

    def sessions_shown_at(hour):  # on Tuesday 24 March 2026, still GMT
        with time_machine.travel(dt.datetime(2026, 3, 24, hour, 0, tzinfo=dt.UTC), tick=False):
            soup = BeautifulSoup(client.get(listing.url).content, "html.parser")
        return [" ".join(item.get_text().split()) for item in soup.select("ul.sessions li")]

    # At 11am the Tuesday session is under way: a resident can still go, so it is shown first.
    assert sessions_shown_at(11) == [
        "Tuesday 24 March, 10am to 12 noon at Hall A",
        "Thursday 26 March, 2pm to 4pm at Library B",
        "Tuesday 31 March, 10am to 12 noon at Hall A",
    ]
    # Once it has finished, the next three follow from both venues in time order.
    assert sessions_shown_at(13) == [
        "Thursday 26 March, 2pm to 4pm at Library B",
        "Tuesday 31 March, 10am to 12 noon at Hall A",
        "Thursday 2 April, 2pm to 4pm at Library B",
    ]


@pytest.mark.django_db
def test_a_venue_without_a_position_takes_its_postcodes(admin_client):
    from search.models import Place

    Place.objects.create(kind="postcode", key="SK76EL", name="SK7 6EL", latitude=53.3700, longitude=-2.1200)
    response = admin_client.post(
        "/admin/snippets/directory/venue/add/",
        factories.venue_form_data(town="Hazel Grove", postcode="sk7 6el", latitude="", longitude=""),
    )
    assert response.status_code == 302
    assert Venue.objects.get(name="Hall").latitude == 53.37


@pytest.mark.django_db
def test_a_venue_with_no_position_and_an_unknown_postcode_is_not_saved(admin_client):
    response = admin_client.post(
        "/admin/snippets/directory/venue/add/",
        factories.venue_form_data(town="Hazel Grove", postcode="SK7 6EL", latitude="", longitude=""),
    )
    assert response.status_code == 200
    assert "Show where the venue is" in response.content.decode()
    assert not Venue.objects.exists()


# -- What residents read on organisation, listing and venue pages ---------------------------------

SCRIPT_TITLE = "Tea </script><script>alert(1)</script> and tablets"


def json_ld_of_type(html: str, schema_type: str) -> dict:
    """The one JSON-LD block of `schema_type` on the page; it must parse, so escaping must hold."""
    soup = BeautifulSoup(html, "html.parser")
    blocks = [json.loads(script.string) for script in soup.find_all("script", type="application/ld+json")]
    matching = [block for block in blocks if block.get("@type") == schema_type]
    assert len(matching) == 1, blocks
    return matching[0]


def text_of(tag) -> str:
    return " ".join(tag.get_text().split())


def summary_row(soup, term: str) -> str:
    """The text of a listing page's summary-list row whose label is `term`."""
    label = soup.find("dt", string=term)
    assert label is not None, f"no row called {term!r}"
    return text_of(label.find_next_sibling("dd"))


@pytest.mark.django_db
def test_organisation_page_json_ld_is_an_organization_with_its_name_url_and_contacts(
    client, organisation_index
):
    organisation = factories.OrganisationPageFactory(
        parent=organisation_index, title=SCRIPT_TITLE, email="hello@example.org", phone="0161 496 0100"
    )
    html = client.get(organisation.url).content.decode()
    assert "</script><script>alert(1)" not in html
    data = json_ld_of_type(html, "Organization")
    assert data["@context"] == "https://schema.org"
    assert data["name"] == SCRIPT_TITLE
    assert data["url"] == organisation.full_url
    assert data["url"].startswith("http")
    assert (data["email"], data["telephone"]) == ("hello@example.org", "0161 496 0100")


@pytest.mark.django_db
def test_listing_page_json_ld_is_a_service_with_its_provider_and_the_venue_position(client, organisation):
    listing = factories.ServicePageFactory(parent=organisation, title=SCRIPT_TITLE)
    venue = factories.VenueFactory(name="Reddish Library", latitude=53.4359, longitude=-2.1601)
    factories.ServiceAtLocationFactory(service=listing, venue=venue)
    html = client.get(listing.url).content.decode()
    assert "</script><script>alert(1)" not in html
    data = json_ld_of_type(html, "Service")
    assert data["name"] == SCRIPT_TITLE
    assert data["url"] == listing.full_url
    assert data["provider"] == {
        "@type": "Organization",
        "name": organisation.title,
        "url": organisation.full_url,
    }
    place = data["availableChannel"][0]["serviceLocation"]
    assert place["@type"] == "Place"
    assert place["name"] == "Reddish Library"
    assert place["geo"] == {"@type": "GeoCoordinates", "latitude": 53.4359, "longitude": -2.1601}
    assert place["url"].endswith(venue.get_absolute_url())


@pytest.mark.django_db
def test_venue_page_json_ld_is_a_place_with_its_url_address_and_position(client):
    venue = factories.VenueFactory(
        name="Hall </script><script>alert(1)</script>",
        postcode="SK5 6UB",
        latitude=53.4359,
        longitude=-2.1601,
    )
    html = client.get(venue.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in html
    data = json_ld_of_type(html, "Place")
    assert data["name"] == venue.name
    assert data["url"] == f"http://testserver{venue.get_absolute_url()}"
    assert data["address"]["postalCode"] == "SK5 6UB"
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 53.4359, "longitude": -2.1601}


DIRECTIONS = "https://directions.example/?to={lat},{lng}"


def test_listing_page_shows_what_a_resident_needs(client, organisation, settings):
    settings.DIRECTIONS_URL = DIRECTIONS
    step_free = factories.AccessFacilityFactory(name="Step-free access", slug="step-free-access")
    venue = factories.VenueFactory(name="Reddish Library", latitude=53.4359, longitude=-2.1601)
    venue.access_facilities.add(step_free)
    listing = factories.ServicePageFactory(
        parent=organisation,
        levels=["foundation"],
        cost="low_cost",
        cost_note="£2 a session, tea included",
        how_to_take_part="book",
        booking_details="Ring the library to book a place.",
        contact_phone="0161 496 0123",
        contact_email="help@example.org",
        last_checked=dt.date(2026, 2, 10),
    )
    factories.VenueScheduleFactory(service_location__service=listing, service_location__venue=venue)

    soup = BeautifulSoup(client.get(listing.url).content, "html.parser")

    assert "I'm new to this" in summary_row(soup, "Who it is for")
    # The note names the price, so it is the cost: no "Low cost: £2..." (see core.choices.cost_sentence).
    assert summary_row(soup, "Cost") == "£2 a session, tea included."
    assert summary_row(soup, "How to take part") == "You need to book. Ring the library to book a place."
    assert soup.find(string=lambda text: text and "Access: Step-free access." in text)
    directions = soup.find("a", href="https://directions.example/?to=53.4359,-2.1601")
    assert text_of(directions) == "Get directions to Reddish Library"
    markers = json.loads(soup.find("script", id="service-map-data").string)
    assert markers == [
        {"lat": 53.4359, "lng": -2.1601, "title": "Reddish Library", "url": venue.get_absolute_url()}
    ]
    assert text_of(soup.find("a", href="tel:01614960123")) == "0161 496 0123"
    assert text_of(soup.find("a", href="mailto:help@example.org")) == "help@example.org"
    assert text_of(soup.find(class_="last-checked")) == "Last checked 10 February 2026."
    assert soup.find(class_="last-checked").time["datetime"] == "2026-02-10"


@pytest.fixture
def organisation_with_two_venues(organisation):
    """Two listings sharing a library, one also at a hall; a draft and a closed listing elsewhere."""
    step_free = factories.AccessFacilityFactory(name="Step-free access", slug="step-free-access")
    library = factories.VenueFactory(
        name="Reddish Library", address="Gorton Road", town="Reddish", postcode="SK5 6UB",
        latitude=53.4359, longitude=-2.1601,
    )  # fmt: skip
    library.access_facilities.add(step_free)
    hall = factories.VenueFactory(
        name="Brinnington Hall", address="1 Brinnington Road", town="Brinnington", postcode="SK5 8AA",
        latitude=53.4310, longitude=-2.1290,
    )  # fmt: skip
    email = factories.ServicePageFactory(
        parent=organisation,
        title="Email help",
        levels=["foundation"],
        cost="low_cost",
        cost_note="£2 a session",
    )
    tablets = factories.ServicePageFactory(parent=organisation, title="Tablet club", levels=["life"])
    factories.VenueScheduleFactory(service_location__service=email, service_location__venue=library)
    factories.VenueScheduleFactory(
        service_location__service=email,
        service_location__venue=hall,
        service_location__sort_order=1,
        day="TH",
    )
    factories.VenueScheduleFactory(
        service_location__service=tablets, service_location__venue=library, day="WE"
    )
    draft = factories.ServicePageFactory(parent=organisation, title="Not yet", live=False)
    factories.ServiceAtLocationFactory(service=draft, venue__name="Secret Venue")
    closed = factories.ServicePageFactory(parent=organisation, title="Old club", status="closed")
    factories.ServiceAtLocationFactory(service=closed, venue__name="Former Venue")
    return organisation, library, hall


def test_organisation_page_lists_each_venue_once_with_address_access_and_directions(
    client, organisation_with_two_venues, settings
):
    settings.DIRECTIONS_URL = DIRECTIONS
    organisation, library, hall = organisation_with_two_venues
    soup = BeautifulSoup(client.get(organisation.url).content, "html.parser")

    section = soup.find("section", attrs={"aria-labelledby": "where-heading"})
    assert text_of(section.find("h2")) == "Where we help"
    blocks = section.find_all(class_="venue-block")
    assert [text_of(block.h3) for block in blocks] == ["Brinnington Hall", "Reddish Library"]
    hall_block, library_block = blocks
    assert list(hall_block.address.stripped_strings) == [
        "Brinnington Hall",
        "1 Brinnington Road",
        "Brinnington",
        "SK5 8AA",
    ]
    assert hall_block.h3.a["href"] == hall.get_absolute_url()
    assert "Access: Step-free access." in text_of(library_block)
    assert "Access:" not in text_of(hall_block)
    assert text_of(library_block.find("a", href="https://directions.example/?to=53.4359,-2.1601")) == (
        "Get directions to Reddish Library"
    )
    assert hall_block.find("a", href="https://directions.example/?to=53.431,-2.129") is not None
    assert "Secret Venue" not in text_of(soup)
    assert "Former Venue" not in text_of(section)


def test_organisation_page_maps_its_venues(client, organisation_with_two_venues):
    organisation, library, hall = organisation_with_two_venues
    soup = BeautifulSoup(client.get(organisation.url).content, "html.parser")
    section = soup.find("section", attrs={"aria-labelledby": "where-heading"})
    markers = json.loads(section.find("script", id="organisation-map-data").string)
    assert markers == [
        {"lat": 53.431, "lng": -2.129, "title": "Brinnington Hall", "url": hall.get_absolute_url()},
        {"lat": 53.4359, "lng": -2.1601, "title": "Reddish Library", "url": library.get_absolute_url()},
    ]
    assert soup.find("script", src="/static/js/map.js") is not None


def test_organisation_page_cards_show_next_session_level_and_cost(client, organisation_with_two_venues):
    organisation, _, _ = organisation_with_two_venues
    # Monday 23 March 2026: email help is next on Tuesday at the library, the tablet club on Wednesday.
    with time_machine.travel(dt.datetime(2026, 3, 23, 9, 0, tzinfo=dt.UTC), tick=False):
        soup = BeautifulSoup(client.get(organisation.url).content, "html.parser")
    cards = {text_of(card.h3): card for card in soup.select("article.card")}
    assert set(cards) == {"Email help", "Tablet club", "Old club"}
    email, tablets = cards["Email help"], cards["Tablet club"]
    assert (
        text_of(email.find(class_="card__next"))
        == "Next session: Tuesday 24 March, 10am to 12 noon at Reddish Library"
    )
    assert email.find(class_="card__next").time["datetime"] == "2026-03-24T10:00:00+00:00"
    assert text_of(tablets.find(class_="card__next")) == (
        "Next session: Wednesday 25 March, 10am to 12 noon at Reddish Library"
    )
    assert text_of(email.find(class_="badge--cost")) == "Cost: £2 a session."
    assert text_of(tablets.find(class_="badge--cost")) == "Cost: free."
    assert [text_of(badge) for badge in email.select(".badge--level")] == ["I'm new to this"]
    assert [text_of(badge) for badge in tablets.select(".badge--level")] == ["I know the basics"]


def test_organisation_page_with_venues_keeps_landmarks_and_heading_order(
    client, organisation_with_two_venues
):
    organisation, _, _ = organisation_with_two_venues
    soup = BeautifulSoup(client.get(organisation.url).content, "html.parser")
    assert_accessible_structure(soup)
    main = soup.find("main")
    headings = [(tag.name, text_of(tag)) for tag in main.find_all(["h2", "h3"])][:7]
    assert headings == [
        ("h2", f"Help from {organisation.title}"),
        ("h3", "Email help"),
        ("h3", "Old club"),
        ("h3", "Tablet club"),
        ("h2", "Where we help"),
        ("h3", "Brinnington Hall"),
        ("h3", "Reddish Library"),
    ]


def test_organisation_page_without_venues_has_no_where_section_or_empty_map(client, organisation):
    factories.ServicePageFactory(parent=organisation, title="Phone help")
    soup = BeautifulSoup(client.get(organisation.url).content, "html.parser")
    assert soup.find(id="where-heading") is None
    assert soup.find(attrs={"data-map": True}) is None


def breadcrumbs(client, url: str) -> list[str]:
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    return [link.get_text() for link in soup.select(".breadcrumbs__list a")]


def test_breadcrumbs_lead_home_through_the_organisation_on_listings_and_organisations(client, organisation):
    listing = factories.ServicePageFactory(parent=organisation)
    index = organisation.get_parent()
    # A listing's page gives its ancestors (read with its organisation); an organisation's reads them.
    assert breadcrumbs(client, listing.url) == ["Home", index.title, organisation.title]
    assert breadcrumbs(client, organisation.url) == ["Home", index.title]
    assert breadcrumbs(client, index.url) == ["Home"]
