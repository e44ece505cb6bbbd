"""The demo events: enough of them, mostly repeating, with cancelled dates and courses; loading twice adds
nothing. Built on organisations and venues from the factories, since the demo must not depend on names."""

import datetime as dt

import pytest
import time_machine

from events.choices import Ends, Repeat
from events.models import EventCancellation, EventIndexPage, EventPage
from home.demo import events as demo
from tests import factories


@pytest.fixture
def groups_and_venues(organisation_index):
    organisations = [factories.OrganisationPageFactory(parent=organisation_index) for _ in range(6)]
    venues = {venue.name: venue for venue in (factories.VenueFactory() for _ in range(8))}
    for slug in ("getting-started", "email", "smartphone", "nhs-app", "job-search"):
        factories.HelpTopicFactory(slug=slug, name=slug.replace("-", " ").title())
    return organisations, venues


@pytest.fixture
def frozen():
    with time_machine.travel(dt.datetime(2026, 3, 18, 9, tzinfo=dt.UTC), tick=False):
        yield


def test_demo_adds_at_least_40_live_events_most_of_them_repeating(groups_and_venues, frozen):
    added = demo.load(*groups_and_venues)
    events = EventPage.objects.live()
    assert added == events.count() >= 40
    repeating = events.exclude(repeat=Repeat.NONE).count()
    assert repeating > events.count() / 2


def test_demo_has_cancelled_dates_and_courses_of_a_number_of_weeks(groups_and_venues, frozen):
    demo.load(*groups_and_venues)
    assert EventCancellation.objects.count() >= 3
    courses = EventPage.objects.filter(ends=Ends.AFTER)
    assert courses.count() >= 3
    six_week = courses.filter(count=6).first()
    assert six_week is not None and "COUNT=" in six_week.rrule
    assert "6-week" in six_week.title


def test_demo_makes_a_whats_on_page_in_the_menu(groups_and_venues, frozen, home_page):
    demo.load(*groups_and_venues)
    index = EventIndexPage.objects.get()
    assert (index.slug, index.show_in_menus, index.live) == ("whats-on", True, True)
    assert index.get_parent().pk == home_page.pk


def test_loading_the_demo_twice_adds_nothing(groups_and_venues, frozen):
    demo.load(*groups_and_venues)
    counts = (EventPage.objects.count(), EventCancellation.objects.count(), EventIndexPage.objects.count())
    assert demo.load(*groups_and_venues) == 0
    assert (
        EventPage.objects.count(),
        EventCancellation.objects.count(),
        EventIndexPage.objects.count(),
    ) == counts


def test_the_demo_has_sessions_on_this_week(groups_and_venues, frozen, client):
    demo.load(*groups_and_venues)
    html = client.get("/whats-on/?when=this_week").content.decode()
    assert html.count('class="session') >= 10
