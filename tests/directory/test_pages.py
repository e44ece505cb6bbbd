import datetime as dt

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
from home.models import HomePage, StandardPage
from tests import factories


class PageTreeRulesTests(WagtailPageTestCase):
    def test_home_page_sits_at_the_root_only(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_organisations_live_under_the_organisation_index(self):
        self.assertAllowedParentPageTypes(OrganisationPage, {OrganisationIndexPage})
        self.assertAllowedParentPageTypes(OrganisationIndexPage, {HomePage})

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

    def listing_form(self, *, topics=None, levels=("foundation",), **overrides):
        data = {
            "title": "Email drop-in",
            "slug": "email-drop-in",
            "summary": "Help with email.",
            "description": rich_text("<p>Bring your phone.</p>"),
            "cost": "free",
            "how_to_take_part": "drop_in",
            "status": "active",
            "last_checked": "2026-03-01",
            "locations": inline_formset(
                [
                    {
                        "venue": self.venue.pk,
                        "note": "",
                        "schedules": inline_formset(
                            [{"day": "TU", "repeat": "weekly", "opens_at": "10:00", "closes_at": "12:00"}]
                        ),
                    }
                ]
            ),
            "remote_schedules": inline_formset([]),
        }
        data.update(overrides)
        # Multiple-choice fields are posted as repeated keys, which nested_form_data would flatten.
        form = nested_form_data(data)
        form["topics"] = [self.topic.pk] if topics is None else topics
        form["levels"] = list(levels)
        return form

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
        {
            "name": "Nowhere Hall",
            "kind": "other",
            "address": "1 Road",
            "town": "Stockport",
            "postcode": "NOT A CODE",
            "latitude": "53.4",
            "longitude": "-2.15",
            "public_computers": "0",
            "location": "",
        },
    )
    assert response.status_code == 200
    assert "Enter a full UK postcode" in response.content.decode()
    assert not Venue.objects.filter(name="Nowhere Hall").exists()


@pytest.mark.django_db
def test_a_venue_placed_on_the_map_takes_its_position_from_the_map(admin_client):
    response = admin_client.post(
        "/admin/snippets/directory/venue/add/",
        {
            "name": "Reddish Library",
            "kind": "library",
            "address": "Gorton Road",
            "town": "Reddish",
            "postcode": "sk5 6ub",
            "latitude": "",
            "longitude": "",
            "public_computers": "6",
            "location": "SRID=4326;POINT(-2.1601 53.4359)",
        },
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
        {
            "name": "Hall",
            "kind": "other",
            "address": "1 Road",
            "town": "Hazel Grove",
            "postcode": "sk7 6el",
            "latitude": "",
            "longitude": "",
            "public_computers": "0",
            "location": "",
        },
    )
    assert response.status_code == 302
    assert Venue.objects.get(name="Hall").latitude == 53.37


@pytest.mark.django_db
def test_a_venue_with_no_position_and_an_unknown_postcode_is_not_saved(admin_client):
    response = admin_client.post(
        "/admin/snippets/directory/venue/add/",
        {
            "name": "Hall",
            "kind": "other",
            "address": "1 Road",
            "town": "Hazel Grove",
            "postcode": "SK7 6EL",
            "latitude": "",
            "longitude": "",
            "public_computers": "0",
            "location": "",
        },
    )
    assert response.status_code == 200
    assert "Show where the venue is" in response.content.decode()
    assert not Venue.objects.exists()
