"""Calendar files and feeds: every .ics the site serves parses with the icalendar library, carries the
properties calendars need, and expands back to exactly the sessions the site shows."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from bs4 import BeautifulSoup
from dateutil.rrule import rruleset, rrulestr
from icalendar import Calendar
from wagtail.models import PageViewRestriction

from events.choices import Attendance, Ends, EventStatus, Repeat
from events.ical import uk_timezone
from events.models import EventPage
from events.occurrences import occurrences_between
from tests import factories
from tests.factories import EventCancellationFactory, EventIndexPageFactory, EventPageFactory

D = dt.date
LONDON = zoneinfo.ZoneInfo("Europe/London")
REQUIRED = ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "LOCATION", "URL", "STATUS")


@pytest.fixture(autouse=True)
def march_2026():
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def index(home_page):
    return EventIndexPageFactory(parent=home_page)


@pytest.fixture
def venue(db):
    return factories.VenueFactory(name="Central Library", address="Wellington Road South", postcode="SK1 3RS")


@pytest.fixture
def events(organisation, venue):
    """One event of each kind, at one venue (and one online), run by one organisation."""
    weekly = EventPageFactory(
        parent=organisation,
        title="Tuesday drop-in",
        venue=venue,
        start_time=dt.time(18, 30),
        end_time=dt.time(20),
    )
    EventCancellationFactory(page=weekly, date=D(2026, 3, 10), reason="Library closed")
    EventCancellationFactory(page=weekly, date=D(2026, 10, 27), reason="Half term")
    course = EventPageFactory(parent=organisation, title="Monday course", venue=venue, monday_course=True)
    monthly = EventPageFactory(
        parent=organisation,
        title="Last Friday clinic",
        venue=venue,
        start_date=D(2026, 3, 27),
        repeat=Repeat.MONTHLY_LAST,
        days=["FR"],
        ends=Ends.ON_DATE,
        until_date=D(2026, 9, 30),
    )
    fortnightly = EventPageFactory(
        parent=organisation,
        title="Fortnightly club",
        venue=venue,
        repeat=Repeat.EVERY_N_WEEKS,
        interval=2,
        days=["TU", "TH"],
    )
    once = EventPageFactory(
        parent=organisation, title="Scams talk", venue=venue, repeat=Repeat.NONE, start_date=D(2026, 4, 14)
    )
    online = EventPageFactory(
        parent=organisation,
        title="Online chat",
        venue=None,
        attendance=Attendance.ONLINE,
        online_url="https://meet.example.org/chat",
        start_date=D(2026, 3, 6),
        days=["FR"],
    )
    return {
        "weekly": weekly,
        "course": course,
        "monthly": monthly,
        "fortnightly": fortnightly,
        "once": once,
        "online": online,
    }


def calendar(client, url) -> Calendar:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def vevents(cal: Calendar) -> dict[str, object]:
    return {str(component["SUMMARY"]): component for component in cal.walk("VEVENT")}


def sessions_in_calendar(component, first: dt.datetime, last: dt.datetime) -> list[dt.datetime]:
    """Expand a VEVENT as a calendar program would: DTSTART, RRULE, minus EXDATEs."""
    start = component.start
    if not component.rrules:
        return [start] if first <= start <= last else []
    recurrence = rruleset()
    recurrence.rrule(rrulestr(component.rrules[0].to_ical().decode(), dtstart=start))
    for excluded in component.exdates:
        recurrence.exdate(excluded)
    return recurrence.between(first, last, inc=True)


def sessions_on_site(event, first, last) -> list[dt.datetime]:
    occurrences, _ = occurrences_between(EventPage.objects.filter(pk=event.pk), first, last)
    return [occurrence.starts for occurrence in occurrences if not occurrence.cancelled]


# -- every feed parses and has what calendars need -----------------------------------------------------


def feed_urls(events, organisation, venue, index) -> list[str]:
    return [
        "/whats-on/feed.ics",
        f"{organisation.url}events.ics",
        f"/venues/{venue.slug}/events.ics",
        *(f"{event.url}event.ics" for event in events.values()),
    ]


def test_every_calendar_parses_with_the_required_properties(client, events, organisation, venue, index):
    for url in feed_urls(events, organisation, venue, index):
        cal = calendar(client, url)
        assert cal["VERSION"] == "2.0" and cal["PRODID"]
        assert [str(zone["TZID"]) for zone in cal.walk("VTIMEZONE")] == ["Europe/London"]
        components = cal.walk("VEVENT")
        assert components, url
        for component in components:
            for name in REQUIRED:
                assert name in component, f"{url} lacks {name}"
            assert component["DTSTART"].params["TZID"] == "Europe/London"
            assert component["DTEND"].params["TZID"] == "Europe/London"
            assert component["STATUS"] in ("CONFIRMED", "CANCELLED")


def test_the_site_feed_has_every_event_once_with_a_stable_uid(client, events, index):
    cal = calendar(client, "/whats-on/feed.ics")
    uids = [str(component["UID"]) for component in cal.walk("VEVENT")]
    assert sorted(uids) == sorted(f"{event.uuid}@signpost" for event in events.values())
    assert calendar(client, "/whats-on/feed.ics").walk("VEVENT")[0]["UID"] == cal.walk("VEVENT")[0]["UID"]


def test_organisation_and_venue_feeds_have_only_their_events(
    client, events, organisation, organisation_index, venue
):
    other = factories.OrganisationPageFactory(parent=organisation_index)
    elsewhere = factories.VenueFactory(name="Marple Library")
    EventPageFactory(parent=other, title="Other group's club", venue=venue)
    EventPageFactory(parent=organisation, title="Marple club", venue=elsewhere)
    organisation_titles = set(vevents(calendar(client, f"{organisation.url}events.ics")))
    venue_titles = set(vevents(calendar(client, f"/venues/{venue.slug}/events.ics")))
    assert "Marple club" in organisation_titles and "Other group's club" not in organisation_titles
    assert "Other group's club" in venue_titles and "Marple club" not in venue_titles
    assert "Online chat" not in venue_titles


def test_a_series_is_one_vevent_with_its_rule_and_the_dates_it_skips(client, events):
    weekly = vevents(calendar(client, f"{events['weekly'].url}event.ics"))["Tuesday drop-in"]
    assert weekly["RRULE"].to_ical() == b"FREQ=WEEKLY;BYDAY=TU"
    assert weekly.decoded("DTSTART") == dt.datetime(2026, 3, 3, 18, 30, tzinfo=LONDON)
    assert [day.date() for day in weekly.exdates] == [D(2026, 3, 10), D(2026, 10, 27)]
    course = vevents(calendar(client, f"{events['course'].url}event.ics"))["Monday course"]
    assert course["RRULE"].to_ical() == b"FREQ=WEEKLY;COUNT=8;BYDAY=MO"
    assert [day.date() for day in course.exdates] == [D(2026, 4, 6), D(2026, 5, 4)]
    monthly = vevents(calendar(client, f"{events['monthly'].url}event.ics"))["Last Friday clinic"]
    assert monthly["RRULE"].to_ical() == b"FREQ=MONTHLY;UNTIL=20260930T225959Z;BYDAY=-1FR"


@pytest.mark.parametrize("kind", ["weekly", "course", "monthly", "fortnightly", "once", "online"])
def test_the_feed_expands_back_to_the_sessions_the_site_shows(client, events, index, kind):
    event = events[kind]
    component = vevents(calendar(client, "/whats-on/feed.ics"))[event.title]
    first, last = dt.datetime(2026, 3, 1, tzinfo=dt.UTC), dt.datetime(2026, 12, 31, tzinfo=dt.UTC)
    from_feed = sessions_in_calendar(component, first, last)
    on_site = sessions_on_site(event, first, last)
    assert on_site
    assert from_feed == on_site
    length = dt.datetime.combine(D(2026, 1, 1), event.end_time) - dt.datetime.combine(
        D(2026, 1, 1), event.start_time
    )
    assert component.end - component.start == length


def test_times_in_the_feed_keep_the_wall_clock_across_both_clock_changes(client, events, index):
    component = vevents(calendar(client, "/whats-on/feed.ics"))["Tuesday drop-in"]
    sessions = sessions_in_calendar(
        component, dt.datetime(2026, 3, 1, tzinfo=dt.UTC), dt.datetime(2026, 11, 30, tzinfo=dt.UTC)
    )
    assert {(moment.astimezone(LONDON).hour, moment.astimezone(LONDON).minute) for moment in sessions} == {
        (18, 30)
    }
    offsets = {moment.astimezone(LONDON).utcoffset() for moment in sessions}
    assert offsets == {dt.timedelta(0), dt.timedelta(hours=1)}


def test_the_timezone_in_feeds_agrees_with_the_tz_database():
    ours = uk_timezone().to_tz(lookup_tzid=False)
    for year in range(2000, 2041):
        for month in (3, 10):
            moment = dt.datetime(year, month, 20, tzinfo=dt.UTC)
            for _ in range(16 * 24):
                moment += dt.timedelta(hours=1)
                assert moment.astimezone(ours).utcoffset() == moment.astimezone(LONDON).utcoffset(), moment
        for day in (D(year, 1, 15), D(year, 7, 15), D(year, 3, 31), D(year, 10, 31)):
            wall = dt.datetime.combine(day, dt.time(10))
            assert wall.replace(tzinfo=ours).utcoffset() == wall.replace(tzinfo=LONDON).utcoffset()


# -- what the properties say ---------------------------------------------------------------------------


def test_a_vevent_says_where_and_links_back(client, events):
    component = vevents(calendar(client, f"{events['weekly'].url}event.ics"))["Tuesday drop-in"]
    assert str(component["LOCATION"]) == "Central Library, Wellington Road South, Stockport, SK1 3RS"
    assert str(component["URL"]).endswith(events["weekly"].url)
    assert "No session on Tuesday 10 March 2026: Library closed" in str(component["DESCRIPTION"])
    online = vevents(calendar(client, f"{events['online'].url}event.ics"))["Online chat"]
    assert str(online["LOCATION"]) == "Online: https://meet.example.org/chat"


def test_a_cancelled_event_stays_in_feeds_marked_cancelled(client, events, index):
    event = events["fortnightly"]
    event.status = EventStatus.CANCELLED
    event.save()
    component = vevents(calendar(client, "/whats-on/feed.ics"))["Cancelled: Fortnightly club"]
    assert component["STATUS"] == "CANCELLED"


def test_a_one_off_whose_date_is_cancelled_is_marked_cancelled(client, events):
    EventCancellationFactory(page=events["once"], date=D(2026, 4, 14), reason="Speaker ill")
    component = calendar(client, f"{events['once'].url}event.ics").walk("VEVENT")[0]
    assert (component["STATUS"], str(component["SUMMARY"])) == ("CANCELLED", "Cancelled: Scams talk")
    assert "RRULE" not in component and "EXDATE" not in component


def test_unpublished_and_private_events_are_not_in_the_site_feed(client, events, index, organisation):
    EventPageFactory(parent=organisation, title="Draft club", live=False)
    private = EventPageFactory(parent=organisation, title="Members only")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    titles = set(vevents(calendar(client, "/whats-on/feed.ics")))
    assert "Draft club" not in titles and "Members only" not in titles
    assert client.get(f"{private.url}event.ics").status_code == 302  # to the log-in page


def test_an_event_that_ended_long_ago_drops_out_of_feeds(client, index, organisation):
    EventPageFactory(
        parent=organisation, title="Old course", start_date=D(2025, 1, 7), ends=Ends.AFTER, count=4
    )
    EventPageFactory(
        parent=organisation, title="Recent course", start_date=D(2026, 1, 6), ends=Ends.AFTER, count=4
    )
    assert set(vevents(calendar(client, "/whats-on/feed.ics"))) == {"Recent course"}


def test_one_events_file_downloads_and_feeds_open_in_place(client, events, index, organisation):
    download = client.get(f"{events['weekly'].url}event.ics")
    assert download["Content-Disposition"] == 'attachment; filename="tuesday-drop-in.ics"'
    assert client.get("/whats-on/feed.ics")["Content-Disposition"].startswith("inline;")
    assert client.get("/venues/no-such-place/events.ics").status_code == 404


# -- the links to them ---------------------------------------------------------------------------------


def test_pages_offer_subscribe_and_download_links(client, events, organisation, venue, index):
    for page_url, feed in [
        (organisation.url, f"{organisation.url}events.ics"),
        (venue.get_absolute_url(), f"/venues/{venue.slug}/events.ics"),
        ("/whats-on/", "/whats-on/feed.ics"),
        (events["weekly"].url, f"{events['weekly'].url}event.ics"),
    ]:
        soup = BeautifulSoup(client.get(page_url).content, "html.parser")
        links = {a["href"] for a in soup.select(".calendar-links a")}
        assert feed in links, page_url
        assert f"webcal://testserver{feed}" in links, page_url
        assert "Subscribe in your calendar app" in soup.select_one(".calendar-links").get_text()


def test_a_feed_changes_as_soon_as_an_event_does(client, events, index, organisation):
    before = vevents(calendar(client, "/whats-on/feed.ics"))
    assert "Cancelled: Fortnightly club" not in before
    EventCancellationFactory(page=events["weekly"], date=D(2026, 3, 17), reason="Power cut")
    events["fortnightly"].status = EventStatus.CANCELLED
    events["fortnightly"].save()
    EventPageFactory(parent=organisation, title="Brand new club")
    after = vevents(calendar(client, "/whats-on/feed.ics"))
    assert "Cancelled: Fortnightly club" in after and "Brand new club" in after
    assert D(2026, 3, 17) in [day.date() for day in after["Tuesday drop-in"].exdates]
    events["once"].delete()
    assert "Scams talk" not in vevents(calendar(client, "/whats-on/feed.ics"))


# -- listings' regular times in a venue's feed (issue 13) ---------------------------------------------


@pytest.fixture
def monday_drop_in(organisation, venue):
    """A listing held at the venue on Mondays (skipping bank holidays), and a late Friday session."""
    from directory.models import ServiceLocationClosure

    listing = factories.ServicePageFactory(parent=organisation, title="Monday drop-in")
    location = factories.ServiceAtLocationFactory(service=listing, venue=venue)
    factories.VenueScheduleFactory(service_location=location, day="MO", opens_at=dt.time(10))
    factories.VenueScheduleFactory(
        service_location=location,
        day="FR",
        opens_at=dt.time(22),
        closes_at=dt.time(1),
        skip_bank_holidays=False,
    )
    ServiceLocationClosure.objects.create(
        service_location=location, first_date=D(2026, 4, 13), last_date=D(2026, 4, 19), note="Easter break"
    )
    return listing


def test_a_venue_feed_carries_listings_regular_times_with_bank_holidays_and_closures_excluded(
    client, venue, monday_drop_in
):
    import recurring_ical_events

    from directory.models import VenueClosure, VenueSchedule

    VenueClosure.objects.create(venue=venue, first_date=D(2026, 5, 11), note="Polling station")
    cal = calendar(client, f"/venues/{venue.slug}/events.ics")
    first, last = dt.datetime(2026, 3, 2, tzinfo=LONDON), dt.datetime(2026, 6, 1, tzinfo=LONDON)
    # An independent reader expands the feed as a calendar app would.
    from_feed = sorted(
        (str(item["UID"]), item.decoded("DTSTART"), item.decoded("DTEND"))
        for item in recurring_ical_events.of(cal).between(first, last)
    )
    on_site = sorted(
        (f"{row.uuid}@signpost", session.starts, session.ends)
        for row in VenueSchedule.objects.filter(service_location__service=monday_drop_in)
        for session in row.sessions_between(first.date(), last.date() - dt.timedelta(days=1))
    )
    assert from_feed == on_site
    mondays = {start.date() for uid, start, end in from_feed if start.weekday() == 0}
    # Easter Monday and the early May bank holiday, the Easter break and the venue's closed day.
    for skipped in (D(2026, 4, 6), D(2026, 4, 13), D(2026, 5, 4), D(2026, 5, 11), D(2026, 5, 25)):
        assert skipped not in mondays
    assert D(2026, 4, 20) in mondays
    # The late Friday session runs past midnight and keeps wall-clock time across the clock change.
    fridays = [(start, end) for uid, start, end in from_feed if start.weekday() == 4]
    assert fridays[0] == (
        dt.datetime(2026, 3, 6, 22, tzinfo=LONDON),
        dt.datetime(2026, 3, 7, 1, tzinfo=LONDON),
    )
    assert (
        dt.datetime(2026, 3, 27, 22, tzinfo=LONDON),
        dt.datetime(2026, 3, 28, 1, tzinfo=LONDON),
    ) in fridays
    assert dt.datetime(2026, 4, 17, 22, tzinfo=LONDON) not in {
        start for start, end in fridays
    }  # Easter break


def test_a_venue_feed_changes_as_soon_as_a_closure_is_added(client, venue, monday_drop_in):
    from directory.models import VenueClosure

    url = f"/venues/{venue.slug}/events.ics"
    before = calendar(client, url)
    VenueClosure.objects.create(venue=venue, first_date=D(2026, 3, 9))
    after = calendar(client, url)
    assert before.to_ical() != after.to_ical()
    monday = next(item for item in after.walk("VEVENT") if item["RRULE"].to_ical() == b"FREQ=WEEKLY;BYDAY=MO")
    assert D(2026, 3, 9) in {day.date() for day in monday.exdates}
