"""Event pages: where they sit, the editor's form (and what it refuses), what residents see, the
structured data, and events on organisation, venue and listing pages and the printed venue sheet."""

import datetime as dt
import html
import json

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from directory.models import OrganisationPage
from events.choices import Attendance, Ends, EventStatus, Repeat
from events.models import EventCancellation, EventIndexPage, EventPage
from home.models import HomePage
from inclusion_alliance.permissions import setup_organisation_group
from tests import factories
from tests.factories import EventCancellationFactory, EventIndexPageFactory, EventPageFactory
from tests.test_accessibility_markup import assert_accessible_structure

D = dt.date


def frozen(*args):
    from core.timetable import local_zone

    return time_machine.travel(dt.datetime(*args, tzinfo=local_zone()), tick=False)


def soup_of(client, url) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def text_of(soup) -> str:
    return " ".join(soup.get_text().split())


# -- where pages sit ------------------------------------------------------------------------------------


class PageTreeTests(WagtailPageTestCase):
    def test_events_live_under_an_organisation_so_its_group_edits_them(self):
        self.assertAllowedParentPageTypes(EventPage, {OrganisationPage})
        self.assertAllowedSubpageTypes(EventPage, set())
        self.assertCanCreateAt(OrganisationPage, EventPage)

    def test_whats_on_lives_under_the_home_page(self):
        self.assertAllowedParentPageTypes(EventIndexPage, {HomePage})
        self.assertCanCreateAt(HomePage, EventIndexPage)


@pytest.mark.django_db
def test_an_organisations_editors_can_add_events_to_their_own_organisation_only(
    organisation, organisation_index, django_user_model
):
    other = factories.OrganisationPageFactory(parent=organisation_index)
    editor = django_user_model.objects.create_user("editor", password="x")
    editor.groups.add(setup_organisation_group(organisation))
    assert organisation.permissions_for_user(editor).can_add_subpage()
    assert not other.permissions_for_user(editor).can_add_subpage()
    assert Group.objects.filter(name__startswith="Editors:").count() == 1


# -- the editor's form --------------------------------------------------------------------------------


class EventEditorTests(WagtailPageTestCase):
    def setUp(self):
        self.login()
        self.home = HomePage.objects.get()
        index = factories.OrganisationIndexPageFactory(parent=self.home)
        self.organisation = factories.OrganisationPageFactory(parent=index)
        self.topic = factories.HelpTopicFactory(name="Email", slug="email")
        self.venue = factories.VenueFactory()
        self.add_url = f"/admin/pages/add/events/eventpage/{self.organisation.pk}/"

    def event_form(self, *, skip=False, venue=None, **overrides):
        return factories.event_form_data(
            self.venue if venue is None else venue,
            topics=[self.topic.pk],
            skip_bank_holidays=skip,
            **overrides,
        )

    def test_can_create_a_weekly_event_and_the_rule_is_worked_out(self):
        self.assertCanCreate(self.organisation, EventPage, self.event_form(days=("TU", "TH")))
        event = EventPage.objects.get(slug="tablet-club")
        assert (event.rrule, event.last_date, event.venue) == ("FREQ=WEEKLY;BYDAY=TU,TH", None, self.venue)

    def test_can_create_a_course_that_skips_bank_holidays_with_a_cancelled_date(self):
        form = self.event_form(
            days=(), start_date="2026-03-30", ends="after", count="6", skip=True, cancelled=["2026-04-20"]
        )
        self.assertCanCreate(self.organisation, EventPage, form)
        event = EventPage.objects.get(slug="tablet-club")
        assert event.rrule == "FREQ=WEEKLY;BYDAY=MO;COUNT=8"
        assert event.last_date == D(2026, 5, 18)
        assert list(event.cancelled_dates.values_list("date", flat=True)) == [D(2026, 4, 20)]

    def test_can_create_a_monthly_event_on_the_last_friday(self):
        form = self.event_form(days=("FR",), repeat="monthly_last", start_date="2026-03-27")
        self.assertCanCreate(self.organisation, EventPage, form)
        assert EventPage.objects.get(slug="tablet-club").rrule == "FREQ=MONTHLY;BYDAY=-1FR"

    def test_the_editor_sees_the_saved_rule_in_plain_words_and_as_rrule(self):
        self.assertCanCreate(self.organisation, EventPage, self.event_form(ends="after", count="6"))
        event = EventPage.objects.get(slug="tablet-club")
        page = html.unescape(self.client.get(f"/admin/pages/{event.pk}/edit/").content.decode())
        assert "Every Tuesday, 10am to 12 noon. 6 sessions" in page
        assert "RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=6" in page

    def assert_refused(self, form, message):
        response = self.client.post(self.add_url, form)
        assert response.status_code == 200
        page = html.unescape(response.content.decode())
        assert "The page could not be created due to validation errors" in page
        assert message in page, page[page.find("error") - 200 : page.find("error") + 800]
        assert not EventPage.objects.filter(slug="tablet-club").exists()
        assert not EventCancellation.objects.exists()

    def test_a_last_date_before_the_first_is_refused(self):
        self.assert_refused(
            self.event_form(ends="on_date", until_date="2026-03-01"),
            "The last date must be on or after the first date.",
        )

    def test_a_finishing_time_before_the_starting_time_is_refused(self):
        self.assert_refused(
            self.event_form(end_time="09:00"), "The finishing time must be after the starting time."
        )

    def test_a_first_date_not_on_the_chosen_day_is_refused(self):
        self.assert_refused(self.event_form(days=("WE",)), "Make the first date one of those days.")

    def test_every_few_weeks_with_one_week_apart_is_refused(self):
        self.assert_refused(self.event_form(repeat="every_n_weeks", interval="1"), "Say how many weeks apart")

    def test_monthly_on_the_last_tuesday_from_the_first_tuesday_is_refused(self):
        self.assert_refused(
            self.event_form(repeat="monthly_last"),
            "Tuesday 3 March 2026 is not the last Tuesday of March. The last one is Tuesday 31 March 2026.",
        )

    def test_monthly_on_the_fifth_week_is_refused(self):
        self.assert_refused(self.event_form(repeat="monthly_nth", start_date="2026-03-31"), "fifth Tuesday")

    def test_monthly_on_two_days_is_refused(self):
        self.assert_refused(self.event_form(repeat="monthly_nth", days=("TU", "TH")), "Choose just one day.")

    def test_a_course_without_a_number_of_sessions_is_refused(self):
        self.assert_refused(self.event_form(ends="after"), "Say how many sessions there are")

    def test_a_course_of_too_many_sessions_is_refused(self):
        self.assert_refused(
            self.event_form(ends="after", count="500"), "A course can have up to 200 sessions."
        )

    def test_a_one_off_on_a_skipped_bank_holiday_is_refused(self):
        self.assert_refused(
            self.event_form(repeat="none", start_date="2026-04-06", skip=True),
            "is a bank holiday (Easter Monday)",
        )

    def test_cancelling_a_date_with_no_session_is_refused(self):
        self.assert_refused(
            self.event_form(cancelled=["2026-03-11"]),
            "There is no session on Wednesday 11 March 2026, so there is nothing to cancel.",
        )

    def test_cancelling_the_same_date_twice_is_refused(self):
        self.assert_refused(
            self.event_form(cancelled=["2026-03-10", "2026-03-10"]), "This date is in the list twice."
        )

    def test_an_in_person_event_without_a_venue_is_refused(self):
        self.assert_refused(self.event_form(venue=""), "Choose the venue")

    def test_an_online_event_without_joining_details_is_refused(self):
        self.assert_refused(self.event_form(attendance="online", venue=""), "Say how people join online")

    def test_booking_by_phone_without_a_number_is_refused(self):
        self.assert_refused(self.event_form(booking="phone"), "Give the phone number people ring to book.")


# -- what residents see -------------------------------------------------------------------------------


@pytest.fixture
def monday_class(organisation):
    topic = factories.HelpTopicFactory(slug="email", name="Email")
    event = EventPageFactory(
        parent=organisation,
        title="Monday email class",
        start_date=D(2026, 3, 2),
        days=["MO"],
        skip_bank_holidays=True,
        topics=[topic],
        what_to_bring="Your phone",
        booking="phone",
        booking_phone="0161 496 0123",
        capacity=8,
    )
    EventCancellationFactory(page=event, date=D(2026, 4, 20), reason="Room booked for voting")
    return event


def test_an_event_page_shows_the_right_next_three_sessions(client, monday_class):
    # Thursday 2 April: Easter Monday (6 April) is skipped, 20 April is cancelled but still listed.
    with frozen(2026, 4, 2, 12):
        soup = soup_of(client, monday_class.url)
    sessions = [item.get_text(" ", strip=True) for item in soup.select("#next-heading + ul li")]
    assert sessions == [
        "Monday 13 April, 10am to 12 noon",
        "Monday 20 April, 10am to 12 noon Cancelled: Room booked for voting",
        "Monday 27 April, 10am to 12 noon",
    ]


def test_an_event_page_says_when_where_and_how_to_book(client, monday_class):
    with frozen(2026, 4, 2, 12):
        soup = soup_of(client, monday_class.url)
    words = text_of(soup)
    assert "Every Monday, 10am to 12 noon. Not on bank holidays." in words
    assert "You need to book. Ring 0161 496 0123." in words
    assert "There are 8 places." in words
    assert "Monday 20 April 2026: Room booked for voting" in words
    assert "Monday 6 April 2026: Easter Monday (bank holiday)" in words
    assert "Monday 4 May 2026: May Day (bank holiday)" in words
    assert_accessible_structure(soup)


def test_a_cancelled_event_says_so_at_the_top(client, monday_class):
    monday_class.status = EventStatus.CANCELLED
    monday_class.status_note = "Our volunteer has moved away."
    monday_class.save()
    with frozen(2026, 4, 2, 12):
        soup = soup_of(client, monday_class.url)
    assert "Cancelled. Our volunteer has moved away." in text_of(soup.select_one(".warning-box"))
    assert soup.select("#next-heading + ul li") == []
    assert "There are no sessions: this has been cancelled." in text_of(soup)


# -- structured data -----------------------------------------------------------------------------------


def json_ld(client, url) -> dict:
    soup = soup_of(client, url)
    return json.loads(soup.find("script", type="application/ld+json").string)


def test_json_ld_describes_each_coming_session_as_an_event(client, monday_class):
    with frozen(2026, 4, 2, 12):
        data = json_ld(client, monday_class.url)
    graph = data["@graph"]
    assert data["@context"] == "https://schema.org" and len(graph) == 5
    first = graph[0]
    assert first["@type"] == "Event" and first["name"] == "Monday email class"
    assert (
        first["startDate"] == "2026-04-13T10:00:00+01:00" and first["endDate"] == "2026-04-13T12:00:00+01:00"
    )
    assert first["eventStatus"] == "https://schema.org/EventScheduled"
    assert first["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert first["location"]["@type"] == "Place" and first["location"]["address"]["postalCode"] == "SK1 3RS"
    assert first["organizer"]["name"] == monday_class.get_parent().title
    assert first["offers"] == {
        "@type": "Offer",
        "price": "0",
        "priceCurrency": "GBP",
        "availability": "https://schema.org/InStock",
        "url": first["url"],
    }
    assert first["isAccessibleForFree"] is True and first["maximumAttendeeCapacity"] == 8
    assert graph[1]["eventStatus"] == "https://schema.org/EventCancelled"


def test_json_ld_of_an_event_moved_online_has_a_virtual_location(client, monday_class):
    monday_class.status = EventStatus.MOVED_ONLINE
    monday_class.online_url = "https://meet.example.org/monday"
    monday_class.save()
    with frozen(2026, 4, 2, 12):
        first = json_ld(client, monday_class.url)["@graph"][0]
    assert first["eventStatus"] == "https://schema.org/EventMovedOnline"
    assert first["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert first["location"] == {"@type": "VirtualLocation", "url": "https://meet.example.org/monday"}


def test_json_ld_of_an_event_in_person_and_online_has_both_places(client, monday_class):
    monday_class.attendance = Attendance.MIXED
    monday_class.online_details = "We email the link."
    monday_class.cost = "paid"
    monday_class.save()
    with frozen(2026, 4, 2, 12):
        first = json_ld(client, monday_class.url)["@graph"][0]
    assert first["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert [place["@type"] for place in first["location"]] == ["Place", "VirtualLocation"]
    assert "offers" not in first


def test_json_ld_of_a_finished_event_describes_its_first_session(client, organisation):
    event = EventPageFactory(parent=organisation, repeat=Repeat.NONE, start_date=D(2026, 1, 13))
    with frozen(2026, 4, 2, 12):
        graph = json_ld(client, event.url)["@graph"]
    assert [item["startDate"] for item in graph] == ["2026-01-13T10:00:00+00:00"]


# -- events on other pages -----------------------------------------------------------------------------


def test_an_organisation_page_lists_its_coming_events_with_their_next_session(client, organisation):
    EventPageFactory(parent=organisation, title="Tuesday tablets")
    EventPageFactory(parent=organisation, title="Finished course", ends=Ends.AFTER, count=2)
    EventPageFactory(parent=organisation, title="Postponed club", status=EventStatus.POSTPONED)
    with frozen(2026, 4, 2, 12):
        soup = soup_of(client, organisation.url)
    section = soup.select_one("section.upcoming-events")
    assert [a.get_text() for a in section.select(".card__title a")] == ["Tuesday tablets"]
    assert "Next: Tuesday 7 April, 10am to 12 noon" in text_of(section)
    assert_accessible_structure(soup)


def test_a_venue_page_lists_events_there_and_links_to_its_printable_sheet(client, organisation, venue):
    EventPageFactory(parent=organisation, title="Tuesday tablets", venue=venue)
    EventPageFactory(parent=organisation, title="Elsewhere", venue=factories.VenueFactory())
    with frozen(2026, 4, 2, 12):
        soup = soup_of(client, venue.get_absolute_url())
    section = soup.select_one("section.upcoming-events")
    assert [a.get_text() for a in section.select(".card__title a")] == ["Tuesday tablets"]
    assert section.find("a", href=f"/venues/{venue.slug}/whats-on/")
    assert_accessible_structure(soup)


def test_a_listing_page_shows_its_groups_events_at_the_same_venue(
    client, organisation, organisation_index, venue
):
    listing = factories.ServicePageFactory(parent=organisation, title="Email drop-in")
    factories.VenueScheduleFactory(service_location__service=listing, service_location__venue=venue)
    EventPageFactory(parent=organisation, title="Same group, same venue", venue=venue)
    EventPageFactory(parent=organisation, title="Same group, elsewhere", venue=factories.VenueFactory())
    other = factories.OrganisationPageFactory(parent=organisation_index)
    EventPageFactory(parent=other, title="Other group, same venue", venue=venue)
    with frozen(2026, 4, 2, 12):
        soup = soup_of(client, listing.url)
    section = soup.select_one("section.upcoming-events")
    assert section.h2.get_text() == f"Also from {organisation.title} here"
    assert [a.get_text() for a in section.select(".card__title a")] == ["Same group, same venue"]
    assert_accessible_structure(soup)


def test_a_listing_page_without_events_here_has_no_events_section(client, organisation, venue):
    listing = factories.ServicePageFactory(parent=organisation)
    factories.VenueScheduleFactory(service_location__service=listing, service_location__venue=venue)
    with frozen(2026, 4, 2, 12):
        assert soup_of(client, listing.url).select_one("section.upcoming-events") is None


# -- the printed sheet ---------------------------------------------------------------------------------


@pytest.fixture
def sheet_venue(organisation, venue):
    listing = factories.ServicePageFactory(
        parent=organisation, title="Thursday drop-in", what_to_bring="Your phone"
    )
    factories.VenueScheduleFactory(service_location__service=listing, service_location__venue=venue, day="TH")
    event = EventPageFactory(
        parent=organisation, title="Tuesday tablets", venue=venue, what_to_bring="A tablet"
    )
    EventCancellationFactory(page=event, date=D(2026, 4, 14), reason="Library closed")
    return venue


def test_the_sheet_lists_this_weeks_events_and_regular_sessions_by_day(client, sheet_venue):
    with frozen(2026, 4, 9, 12):
        soup = soup_of(client, f"/venues/{sheet_venue.slug}/whats-on/")
    assert soup.h1.get_text() == f"What's on this week at {sheet_venue.name}"
    assert text_of(soup.select_one(".sheet__dates")) == "Monday 6 April to Sunday 12 April 2026"
    assert [h.get_text() for h in soup.select(".sheet__day h2")] == ["Tuesday 7 April", "Thursday 9 April"]
    entries = [text_of(entry) for entry in soup.select(".sheet__entry")]
    assert entries[0].startswith("10am to 12 noon Tuesday tablets") and "Bring: A tablet" in entries[0]
    assert entries[1].startswith("10am to 12 noon Thursday drop-in") and "Bring: Your phone" in entries[1]
    assert_accessible_structure(soup)


def test_the_sheet_for_next_week_marks_a_cancelled_session(client, sheet_venue):
    with frozen(2026, 4, 9, 12):
        soup = soup_of(client, f"/venues/{sheet_venue.slug}/whats-on/?week=next")
    cancelled = soup.select_one(".sheet__entry--cancelled")
    assert "CANCELLED: Tuesday tablets" in text_of(cancelled) and "Library closed" in text_of(cancelled)


def test_the_sheet_explains_a_week_it_cannot_show(client, sheet_venue):
    with frozen(2026, 4, 9, 12):
        soup = soup_of(client, f"/venues/{sheet_venue.slug}/whats-on/?week=last")
    assert "We can show this week or next week" in text_of(soup.select_one(".notice"))
    assert client.get("/venues/nowhere/whats-on/").status_code == 404


def test_the_sheet_is_laid_out_for_a4_paper():
    from django.contrib.staticfiles import finders

    with open(finders.find("css/signpost.css"), encoding="utf-8") as handle:
        css = handle.read()
    assert "@page { size: A4;" in css


@pytest.mark.django_db
def test_whats_on_is_in_the_main_menu_when_the_demo_sets_it_up(client, home_page):
    EventIndexPageFactory(parent=home_page, show_in_menus=True)
    soup = soup_of(client, "/")
    assert soup.select_one('nav[aria-label="Main"] a[href="/whats-on/"]') is not None
    assert Page.objects.get(slug="whats-on").specific_class is EventIndexPage


def test_the_sheet_says_what_each_session_costs_and_calls_it_free_only_when_all_are(client, sheet_venue):
    with frozen(2026, 4, 9, 12):
        soup = soup_of(client, f"/venues/{sheet_venue.slug}/whats-on/")
    assert "Everything here is free." in text_of(soup.select_one(".sheet__intro"))
    assert all("Free" in text_of(entry) for entry in soup.select(".sheet__entry"))

    EventPage.objects.filter(title="Tuesday tablets").update(cost="paid", cost_note="£3 a session")
    with frozen(2026, 4, 9, 12):
        soup = soup_of(client, f"/venues/{sheet_venue.slug}/whats-on/")
    assert "free" not in text_of(soup.select_one(".sheet__intro")).lower()
    assert "Free help" not in str(soup.select_one('meta[name="description"]'))
    tablets = text_of(soup.select(".sheet__entry")[0])
    assert "Paid: £3 a session" in tablets and "Free" not in tablets


def test_the_sheet_prints_the_address_to_book_online(client, sheet_venue):
    EventPage.objects.filter(title="Tuesday tablets").update(
        booking="link", booking_url="https://example.org/book-tablets"
    )
    with frozen(2026, 4, 9, 12):
        soup = soup_of(client, f"/venues/{sheet_venue.slug}/whats-on/")
    assert "Book online at https://example.org/book-tablets." in text_of(soup.select(".sheet__entry")[0])
