"""Calendar import: feeds in the shapes Google Calendar, Outlook and Eventbrite write, served over HTTP
from 127.0.0.1, brought in as events; a second run changes nothing; bad feeds change nothing."""

import datetime as dt

import pytest
import recurring_ical_events
import time_machine
from icalendar import Calendar

from core.timetable import local_zone, wall_clock
from events.calendar_import import fetch_and_import
from events.calendar_import.fetch import FeedProblem, normalise_url
from events.calendar_import.reading import read_calendar
from events.calendar_import.saving import match_venue
from events.choices import Attendance, Booking, Ends, Repeat
from events.models import CalendarFeed, EventPage
from tests import factories
from tests.events.calendar_server import feed_file
from tests.factories import EventPageFactory

pytestmark = pytest.mark.django_db
LONDON = local_zone()
TODAY = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def first_of_march():
    with time_machine.travel(TODAY):
        yield


@pytest.fixture
def venues(db):
    return {
        "reddish": factories.VenueFactory(name="Reddish Library", town="Reddish", postcode="SK5 6UG"),
        "central": factories.VenueFactory(
            name="Stockport Central Library", town="Stockport", postcode="SK1 3RS"
        ),
        "edgeley": factories.VenueFactory(name="Edgeley Community Hall", town="Edgeley", postcode="SK3 9HQ"),
    }


def make_feed(organisation, server, name) -> CalendarFeed:
    return CalendarFeed.objects.create(organisation=organisation, url=f"{server.url}/{name}")


def imported(feed) -> dict[str, EventPage]:
    pages = EventPage.objects.filter(calendar_feed=feed).order_by("start_date", "title")
    return {page.title: page for page in pages}


def event_state(organisation) -> list[tuple]:
    """Everything an import that fails must leave as it was."""
    return list(
        EventPage.objects.descendant_of(organisation)
        .order_by("pk")
        .values_list("pk", "title", "live", "latest_revision_id", "start_time", "has_unpublished_changes")
    )


# -- the three producers --------------------------------------------------------------------------------


def test_a_google_calendar_comes_in_as_events_at_the_venue(organisation, venues, calendar_server):
    feed = make_feed(organisation, calendar_server, "google.ics")

    report = fetch_and_import(feed, publish=True)

    pages = imported(feed)
    assert set(pages) == {
        "Tablet and phone drop-in",
        "Tablet and phone drop-in (moved to Thursday)",
        "Staying safe from scams (online talk)",
    }
    drop_in = pages["Tablet and phone drop-in"]
    assert drop_in.live and drop_in.get_parent().pk == organisation.pk
    assert (drop_in.repeat, drop_in.days, drop_in.ends) == (Repeat.WEEKLY, ["TU"], Ends.NEVER)
    assert (drop_in.start_date, drop_in.start_time, drop_in.end_time) == (
        dt.date(2026, 3, 3),
        dt.time(10),
        dt.time(12),
    )
    assert drop_in.venue == venues["reddish"]
    assert "NHS App" in drop_in.description and "<p>" in drop_in.description
    # EXDATE, a cancelled occurrence, and an occurrence moved to Thursday afternoon.
    assert {row.date: row.reason for row in drop_in.cancelled_dates.all()} == {
        dt.date(2026, 3, 17): "Moved to Thursday 19 March 2026, 2pm to 4pm",
        dt.date(2026, 3, 24): "Cancelled",
        dt.date(2026, 4, 7): "No session on this date",
    }
    moved = pages["Tablet and phone drop-in (moved to Thursday)"]
    assert (moved.repeat, moved.start_date, moved.start_time, moved.end_time) == (
        Repeat.NONE,
        dt.date(2026, 3, 19),
        dt.time(14),
        dt.time(16),
    )
    assert moved.calendar_recurrence_id == "2026-03-17"
    # A UTC time in March is the same on a UK clock; its place is a link, so it is online.
    talk = pages["Staying safe from scams (online talk)"]
    assert (talk.start_time, talk.end_time) == (dt.time(18), dt.time(19, 30))
    assert talk.attendance == Attendance.ONLINE and talk.online_url == "https://meet.google.com/abc-defg-hij"
    # Not imported: the all-day note, the finished course, the cancelled coffee morning.
    assert report.counts == {"added": 3, "not imported": 1}
    assert report.finished == 1
    assert 'Not imported: "Library closed (Easter Monday)": it is an all-day event' in report.text()
    assert not EventPage.objects.filter(title="Coffee morning").exists()
    feed.refresh_from_db()
    assert feed.last_succeeded and feed.last_fetched_at
    assert feed.last_result == "3 added, 1 not imported. 1 finished event left out."


def test_an_outlook_calendar_with_windows_time_zones_and_monthly_rules(organisation, venues, calendar_server):
    feed = make_feed(organisation, calendar_server, "outlook.ics")

    report = fetch_and_import(feed, publish=True)

    pages = imported(feed)
    cafe = pages["Digital skills café"]  # BYDAY=TU;BYSETPOS=2, until 8 December, at 14:00 "GMT Standard Time"
    assert (cafe.repeat, cafe.days, cafe.week_of_month) == (Repeat.MONTHLY_NTH, ["TU"], 2)
    assert (cafe.ends, cafe.until_date, cafe.start_time) == (Ends.ON_DATE, dt.date(2026, 12, 8), dt.time(14))
    assert cafe.venue == venues["reddish"]
    job_club = pages["Job club"]  # every other Wednesday, 6 sessions, on Teams, one EXDATE
    assert (job_club.repeat, job_club.interval, job_club.ends, job_club.count) == (
        Repeat.EVERY_N_WEEKS,
        2,
        Ends.AFTER,
        6,
    )
    assert job_club.attendance == Attendance.ONLINE and "Microsoft Teams Meeting" in job_club.online_details
    assert [row.date for row in job_club.cancelled_dates.all()] == [dt.date(2026, 4, 1)]
    coffee = pages["Last Friday coffee and computers"]  # BYDAY=-1FR, matched by the venue's name
    assert (coffee.repeat, coffee.venue) == (Repeat.MONTHLY_LAST, venues["edgeley"])
    assert "Pension Wise appointments" not in pages
    assert 'Not imported: "Pension Wise appointments": its repeat (FREQ=MONTHLY' in report.text()
    assert "Half-term family day" not in pages  # all-day, over several days
    assert report.counts == {"added": 3, "not imported": 2}


def test_an_eventbrite_calendar_in_utc_with_booking_links(organisation, venues, calendar_server):
    feed = make_feed(organisation, calendar_server, "eventbrite.ics")

    report = fetch_and_import(feed, publish=True)

    courses = EventPage.objects.filter(calendar_feed=feed, title__startswith="Get online").order_by(
        "start_date"
    )
    # 10:00Z in March is 10am GMT; 09:00Z in April is 10am BST: both 10am on a UK clock.
    assert [(page.start_date, page.start_time) for page in courses] == [
        (dt.date(2026, 3, 18), dt.time(10)),
        (dt.date(2026, 4, 15), dt.time(10)),
    ]
    assert {page.venue for page in courses} == {venues["central"]}
    assert courses[0].booking == Booking.LINK
    assert courses[0].booking_url.startswith("https://www.eventbrite.co.uk/e/get-online")
    webinar = EventPage.objects.get(calendar_feed=feed, title="Staying safe online (webinar)")
    assert webinar.attendance == Attendance.ONLINE
    assert 'we could not match the place "Marple Library, Memorial Park, Marple, SK6 6BA' in report.text()
    assert report.counts == {"added": 3, "not imported": 1}


@pytest.mark.parametrize("name", ["google.ics", "outlook.ics", "eventbrite.ics"])
def test_imported_sessions_are_the_ones_an_independent_reader_finds_in_the_feed(
    organisation, venues, calendar_server, name
):
    """recurring-ical-events expands the feed (RRULE, EXDATE, RECURRENCE-ID, time zones) on its own;
    every session it finds for an imported event is one our events show, and no other."""
    feed = make_feed(organisation, calendar_server, name)
    fetch_and_import(feed, publish=True)
    first, last = dt.date(2026, 3, 1), dt.date(2026, 12, 31)
    pages = list(EventPage.objects.filter(calendar_feed=feed))
    uids = {page.calendar_uid for page in pages}

    theirs = set()
    for occurrence in recurring_ical_events.of(Calendar.from_ical(feed_file(name))).between(first, last):
        if str(occurrence["UID"]) in uids and str(occurrence.get("STATUS", "")) != "CANCELLED":
            theirs.add((str(occurrence["UID"]), occurrence.decoded("DTSTART").astimezone(LONDON)))
    ours = set()
    for page in pages:
        cancelled = {row.date for row in page.cancelled_dates.all()}
        for day in page.recurrence.dates_between(first, last):
            if day not in cancelled:
                ours.add((page.calendar_uid, wall_clock(day, page.start_time)))

    assert theirs and ours == theirs


# -- running again, and changes -------------------------------------------------------------------------


def test_a_second_run_changes_nothing(organisation, venues, calendar_server):
    feed = make_feed(organisation, calendar_server, "google.ics")
    fetch_and_import(feed, publish=True)
    before = event_state(organisation)

    report = fetch_and_import(feed, publish=True)

    assert event_state(organisation) == before
    assert not report.changed_anything
    assert report.summary().startswith("Nothing changed: 3 unchanged, 1 not imported.")


def test_changes_in_the_calendar_update_the_same_events_and_removed_ones_are_withdrawn(
    organisation, venues, calendar_server
):
    feed = make_feed(organisation, calendar_server, "google.ics")
    by_hand = EventPageFactory(parent=organisation, title="Tablet and phone drop-in", venue=venues["reddish"])
    by_hand.save_revision().publish()
    fetch_and_import(feed, publish=True)
    drop_in = EventPage.objects.get(calendar_feed=feed, calendar_recurrence_id="", title__startswith="Tablet")
    topic = factories.HelpTopicFactory(name="Video calls", slug="video-calls")
    drop_in.topics.set([topic])  # what an editor adds in Signpost is theirs
    drop_in.save_revision().publish()
    # Google moves the whole series, and its exceptions, half an hour later.
    body = (
        feed_file("google.ics")
        .replace(b"T100000\r\n", b"T103000\r\n")
        .replace(b"T120000\r\n", b"T123000\r\n")
    )
    body = body.replace(b"UID:7hj6gf5ds4a3s2d1f0g9h8j7k6@google.com", b"UID:someone-elses-event@google.com")
    calendar_server.files["/google.ics"] = body

    report = fetch_and_import(feed, publish=True)

    drop_in = EventPage.objects.get(pk=drop_in.pk)
    assert (drop_in.start_time, drop_in.end_time, drop_in.live) == (dt.time(10, 30), dt.time(12, 30), True)
    assert list(drop_in.topics.all()) == [topic]
    assert 'Changed: "Tablet and phone drop-in": times changed' in report.text()
    old_talk = EventPage.objects.get(calendar_uid="7hj6gf5ds4a3s2d1f0g9h8j7k6@google.com")
    assert not old_talk.live and old_talk.calendar_withdrawn  # unpublished, not deleted
    assert 'Withdrawn: "Staying safe from scams (online talk)": no longer in the calendar' in report.text()
    assert EventPage.objects.get(calendar_uid="someone-elses-event@google.com").live
    by_hand.refresh_from_db()
    assert by_hand.live and by_hand.calendar_feed is None and by_hand.start_time == dt.time(10)


def test_dates_cancelled_by_hand_are_kept_and_a_long_uid_still_finds_its_event(
    organisation, venues, calendar_server
):
    long_uid = b"UID:" + b"x" * 300 + b"@outlook.example"
    calendar_server.files["/google.ics"] = feed_file("google.ics").replace(
        b"UID:7hj6gf5ds4a3s2d1f0g9h8j7k6@google.com", long_uid
    )
    feed = make_feed(organisation, calendar_server, "google.ics")
    fetch_and_import(feed, publish=True)
    drop_in = EventPage.objects.get(calendar_feed=feed, title="Tablet and phone drop-in")
    drop_in.cancelled_dates.filter(date=dt.date(2026, 4, 7)).delete()  # the calendar's EXDATE ...
    drop_in.cancelled_dates.create(date=dt.date(2026, 4, 7), reason="Our volunteers are away")  # ... by hand
    drop_in.cancelled_dates.create(date=dt.date(2026, 5, 5), reason="Polling day")
    drop_in.save_revision().publish()
    before = event_state(organisation)

    report = fetch_and_import(feed, publish=True)

    assert not report.changed_anything, report.text()
    assert event_state(organisation) == before
    drop_in = EventPage.objects.get(pk=drop_in.pk)
    assert {row.date: row.reason for row in drop_in.cancelled_dates.all()} == {
        dt.date(2026, 3, 17): "Moved to Thursday 19 March 2026, 2pm to 4pm",
        dt.date(2026, 3, 24): "Cancelled",
        dt.date(2026, 4, 7): "Our volunteers are away",
        dt.date(2026, 5, 5): "Polling day",
    }


def test_an_event_cancelled_in_the_calendar_is_withdrawn_and_comes_back_if_restored(
    organisation, venues, calendar_server
):
    feed = make_feed(organisation, calendar_server, "google.ics")
    fetch_and_import(feed, publish=True)
    talk_uid = b"UID:7hj6gf5ds4a3s2d1f0g9h8j7k6@google.com"
    original = feed_file("google.ics")
    calendar_server.files["/google.ics"] = original.replace(
        talk_uid, talk_uid + b"\r\nSTATUS:CANCELLED"
    ).replace(
        b"SEQUENCE:0\r\nSTATUS:CONFIRMED\r\nSUMMARY:Staying safe", b"SEQUENCE:0\r\nSUMMARY:Staying safe"
    )

    report = fetch_and_import(feed, publish=True)

    talk = EventPage.objects.get(calendar_uid=talk_uid[4:].decode())
    assert not talk.live
    assert 'Withdrawn: "Staying safe from scams (online talk)": cancelled in the calendar' in report.text()
    assert fetch_and_import(feed, publish=True).changed_anything is False

    calendar_server.files["/google.ics"] = original
    report = fetch_and_import(feed, publish=True)
    talk.refresh_from_db()
    assert talk.live
    assert 'Added: "Staying safe from scams (online talk)": back in the calendar' in report.text()


# -- bad feeds --------------------------------------------------------------------------------------------

BAD_FEEDS = [
    ("slow.ics", "took too long to answer"),
    ("trickle.ics", "took too long to answer"),
    ("huge.ics", "bigger than 512 KB"),
    ("huge-declared.ics", "bigger than 512 KB"),
    ("loop", "sent us on more than 5 times"),
    ("page.html", "gives a web page, not a calendar in iCal format"),
    ("private.ics", "The calendar is private"),
    ("missing.ics", "There is no calendar at that address"),
]


@pytest.mark.parametrize(("path", "message"), BAD_FEEDS)
def test_a_bad_feed_gets_a_clear_message_and_changes_nothing(
    organisation, venues, calendar_server, path, message
):
    feed = make_feed(organisation, calendar_server, "google.ics")
    fetch_and_import(feed, publish=True)
    before = event_state(organisation)
    feed.url = f"{calendar_server.url}/{path}"
    feed.save()

    report = fetch_and_import(feed, publish=True)

    assert not report.succeeded
    assert message in report.summary()
    assert report.summary().startswith("Nothing was changed.")
    assert event_state(organisation) == before  # not even withdrawn: a failed fetch is not an empty feed
    feed.refresh_from_db()
    assert feed.last_succeeded is False and message in feed.last_result


def test_a_damaged_calendar_file_changes_nothing(organisation, venues, calendar_server):
    feed = make_feed(organisation, calendar_server, "google.ics")
    fetch_and_import(feed, publish=True)
    before = event_state(organisation)
    calendar_server.files["/google.ics"] = b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:notadate\r\n"

    report = fetch_and_import(feed, publish=True)

    assert not report.succeeded and "could not be read" in report.summary()
    assert event_state(organisation) == before


def test_addresses_on_this_machine_are_refused_outside_the_tests(organisation, calendar_server, settings):
    settings.CALENDAR_IMPORT_ALLOW_PRIVATE_ADDRESSES = False
    feed = make_feed(organisation, calendar_server, "google.ics")

    report = fetch_and_import(feed, publish=True)

    assert "is not on the public internet" in report.summary()
    assert calendar_server.requests == []


def test_a_redirect_is_followed(organisation, venues, calendar_server):
    feed = make_feed(organisation, calendar_server, "moved.ics")

    assert fetch_and_import(feed, publish=True).counts["added"] == 3


def test_webcal_addresses_are_fetched_over_https():
    assert normalise_url("webcal://calendar.example/basic.ics") == "https://calendar.example/basic.ics"
    with pytest.raises(FeedProblem):
        normalise_url("file:///etc/passwd")


# -- venues ------------------------------------------------------------------------------------------------


def test_venues_are_matched_by_postcode_then_name(venues):
    hall = factories.VenueFactory(name="St Mary's Hall", town="Reddish", postcode="SK5 6UG")
    everything = list(venues.values()) + [hall]

    assert match_venue("Reddish Library, Gorton Road, SK5 6UG", everything) == venues["reddish"]
    assert match_venue("St Mary's Hall, Gorton Road, Stockport SK56UG", everything) == hall
    assert match_venue("Somewhere, SK5 6UG", everything) is None  # two venues there, neither named
    assert match_venue("Edgeley Community Hall (upstairs)", everything) == venues["edgeley"]
    assert match_venue("reddish library", everything) == venues["reddish"]
    assert match_venue("The Pub", everything) is None
    library = factories.VenueFactory(name="Library", town="Marple", postcode="SK6 7AB")
    assert match_venue("Marple Library, Memorial Park", [*everything, library]) is None
    assert match_venue("Room 2, Reddish Library, Gorton Road", everything) == venues["reddish"]
    assert match_venue("Room 2, Reddish Libraryville", everything) is None


# -- rules and shapes, read without a server --------------------------------------------------------------


def one_event(*lines: str) -> bytes:
    body = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//EN", "BEGIN:VEVENT", "UID:one@example.org"]
    body += [*lines, "SUMMARY:Session", "END:VEVENT", "END:VCALENDAR", ""]
    return "\r\n".join(body).encode()


def read_one(*lines: str):
    (event,) = read_calendar(one_event(*lines), dt.date(2026, 3, 1))
    return event


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (("RRULE:FREQ=DAILY",), (Repeat.WEEKLY, ("MO", "TU", "WE", "TH", "FR", "SA", "SU"), 1, None)),
        (("RRULE:FREQ=DAILY;INTERVAL=14",), (Repeat.EVERY_N_WEEKS, ("TU",), 2, None)),
        (("RRULE:FREQ=WEEKLY;BYDAY=TU,TH",), (Repeat.WEEKLY, ("TU", "TH"), 1, None)),
        (("RRULE:FREQ=MONTHLY;BYDAY=1TU",), (Repeat.MONTHLY_NTH, ("TU",), 1, 1)),
        (("RRULE:FREQ=MONTHLY;BYDAY=TU;BYSETPOS=1",), (Repeat.MONTHLY_NTH, ("TU",), 1, 1)),
    ],
)
def test_repeat_rules_that_fit_ours(lines, expected):
    event = read_one(
        "DTSTART;TZID=Europe/London:20260303T100000", "DTEND;TZID=Europe/London:20260303T110000", *lines
    )

    rule = event.rule
    assert not event.problem
    assert (rule.repeat, rule.days, rule.interval, rule.week_of_month) == expected


@pytest.mark.parametrize(
    ("lines", "why"),
    [
        (("RRULE:FREQ=MONTHLY;BYMONTHDAY=3",), "its repeat (FREQ=MONTHLY;BYMONTHDAY=3) is not one"),
        (("RRULE:FREQ=YEARLY",), "is not one Signpost can show"),
        (("RRULE:FREQ=DAILY;INTERVAL=3",), "is not one Signpost can show"),
        (("RRULE:FREQ=MONTHLY;BYDAY=5TU",), "is not one Signpost can show"),
        (("RRULE:FREQ=WEEKLY;BYDAY=WE",), "its first date is not one of its repeating dates"),
    ],
)
def test_repeat_rules_that_do_not_fit_are_not_imported(lines, why):
    event = read_one(
        "DTSTART;TZID=Europe/London:20260303T100000", "DTEND;TZID=Europe/London:20260303T110000", *lines
    )

    assert why in event.problem and event.rule is None


def test_a_utc_series_whose_uk_time_changes_with_the_clocks_is_not_imported():
    event = read_one("DTSTART:20260303T100000Z", "DTEND:20260303T110000Z", "RRULE:FREQ=WEEKLY")

    assert "its time changes when the clocks change" in event.problem


def test_a_utc_series_that_ends_before_the_clocks_change_is_imported():
    event = read_one(
        "DTSTART:20260303T100000Z", "DTEND:20260303T110000Z", "RRULE:FREQ=WEEKLY;UNTIL=20260324T235959Z"
    )

    assert not event.problem
    assert (event.rule.ends, event.rule.until_date) == (Ends.ON_DATE, dt.date(2026, 3, 24))


def test_more_sessions_than_a_course_may_have_end_on_the_last_ones_date():
    event = read_one(
        "DTSTART;TZID=Europe/London:20260303T100000",
        "DTEND;TZID=Europe/London:20260303T110000",
        "RRULE:FREQ=WEEKLY;COUNT=300",
    )

    assert (event.rule.ends, event.rule.until_date) == (
        Ends.ON_DATE,
        dt.date(2026, 3, 3) + dt.timedelta(weeks=299),
    )


def test_an_event_ending_at_midnight_ends_at_one_minute_to():
    event = read_one("DTSTART;TZID=Europe/London:20260303T200000", "DTEND;TZID=Europe/London:20260304T000000")

    assert (event.rule.start_time, event.rule.end_time) == (dt.time(20), dt.time(23, 59))


def test_an_event_over_two_days_is_not_imported():
    event = read_one("DTSTART;TZID=Europe/London:20260303T200000", "DTEND;TZID=Europe/London:20260304T100000")

    assert "runs over more than one day" in event.problem


def test_a_google_meet_link_without_a_place_makes_an_online_event():
    event = read_one(
        "DTSTART;TZID=Europe/London:20260303T100000",
        "DTEND;TZID=Europe/London:20260303T110000",
        "X-GOOGLE-CONFERENCE:https://meet.google.com/xyz-abcd-efg",
    )

    assert event.location == "https://meet.google.com/xyz-abcd-efg"


def test_a_connection_that_reaches_a_private_address_is_refused_even_if_the_name_looked_public(
    organisation, calendar_server, settings, monkeypatch
):
    """DNS rebinding: the name is looked up again when connecting, so the connection checks its peer."""
    from events.calendar_import import fetch

    settings.CALENDAR_IMPORT_ALLOW_PRIVATE_ADDRESSES = False
    monkeypatch.setattr(fetch, "check_host", lambda url: None)  # as if the first lookup had said "public"
    monkeypatch.setattr(fetch.urllib.request, "getproxies", dict)
    feed = make_feed(organisation, calendar_server, "google.ics")

    report = fetch_and_import(feed, publish=True)

    assert "127.0.0.1 is not on the public internet" in report.summary()
    assert calendar_server.requests == []
