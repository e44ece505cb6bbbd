"""Bank holidays and closed dates stop a listing's regular sessions, in every place that says when:
the rule itself, the listing page (next sessions and the notice ahead of time), the search results'
next session, staff mode and the shortlist's print view. Open now, the ORUK schedules and the venue
feed are tested beside their own kind (tests/search/test_contract.py, tests/open_data, tests/events).

Friday 25 December 2026 is Christmas Day, Monday 28 December the Boxing Day holiday, Friday 1 January
2027 New Year's Day."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from bs4 import BeautifulSoup

from core.timetable import Closed, RegularTime
from directory.models import ServiceLocationClosure, VenueClosure, VenueSchedule
from tests import factories
from tests.assisted_digital.conftest import add_to_shortlist

LONDON = ZoneInfo("Europe/London")
D = dt.date


def friday(**fields) -> RegularTime:
    return RegularTime(
        **({"day": "FR", "repeat": "weekly", "opens_at": dt.time(10), "closes_at": dt.time(12)} | fields)
    )


def days_of(regular: RegularTime, first: dt.date, last: dt.date) -> list[dt.date]:
    return [session.day for session in regular.sessions_between(first, last)]


# -- the rule ------------------------------------------------------------------------------------------


def test_a_weekly_friday_skips_christmas_day_when_it_skips_bank_holidays():
    assert days_of(friday(skip_bank_holidays=True), D(2026, 12, 18), D(2027, 1, 1)) == [D(2026, 12, 18)]
    assert days_of(friday(), D(2026, 12, 18), D(2027, 1, 1)) == [
        D(2026, 12, 18),
        D(2026, 12, 25),
        D(2027, 1, 1),
    ]


def test_a_closed_period_stops_sessions_on_every_date_in_it():
    regular = friday(closed=(Closed(D(2026, 12, 22), D(2027, 1, 2), "Christmas"),))
    assert days_of(regular, D(2026, 12, 14), D(2027, 1, 10)) == [D(2026, 12, 18), D(2027, 1, 8)]
    assert regular.skipped_between(D(2026, 12, 14), D(2027, 1, 10)) == {
        D(2026, 12, 25): "Christmas",
        D(2027, 1, 1): "Christmas",
    }


def test_the_skipped_dates_name_the_bank_holiday():
    monday = RegularTime(day="MO", repeat="weekly", opens_at=dt.time(10), closes_at=dt.time(12))
    monday = RegularTime(**{**monday.__dict__, "skip_bank_holidays": True})
    assert monday.skipped_between(D(2026, 12, 21), D(2027, 1, 4)) == {
        D(2026, 12, 28): "Boxing Day (observed)"
    }


def test_a_session_past_midnight_is_not_open_the_morning_after_a_skipped_bank_holiday():
    late = friday(opens_at=dt.time(22), closes_at=dt.time(1), skip_bank_holidays=True)
    assert late.is_open_at(dt.datetime(2026, 12, 19, 0, 30, tzinfo=LONDON))
    assert not late.is_open_at(dt.datetime(2026, 12, 26, 0, 30, tzinfo=LONDON))


def test_a_closure_is_written_as_residents_read_it():
    assert Closed(D(2026, 12, 22), D(2027, 1, 2)).describe() == "Closed 22 December to 2 January"
    assert Closed(D(2026, 12, 24), D(2026, 12, 24), "Staff training").describe() == (
        "Closed Thursday 24 December: Staff training"
    )
    assert Closed(D(2026, 12, 22), D(2027, 1, 2)).describe(with_years=True) == (
        "Closed 22 December 2026 to 2 January 2027"
    )


def test_new_regular_times_skip_bank_holidays_unless_told_otherwise():
    assert VenueSchedule(day="TU", opens_at=dt.time(10), closes_at=dt.time(12)).skip_bank_holidays


# -- pages, search results, staff mode and the shortlist ----------------------------------------------


@pytest.fixture
def friday_drop_in(organisation):
    listing = factories.ServicePageFactory(parent=organisation, title="Friday drop-in")
    schedule = factories.VenueScheduleFactory(
        service_location__service=listing, service_location__venue__name="Reddish Library", day="FR"
    )
    return listing, schedule.service_location


def next_sessions(client, listing) -> list[str]:
    soup = BeautifulSoup(client.get(listing.url).content, "html.parser")
    return [" ".join(item.get_text().split()) for item in soup.select("ul.sessions li")]


@time_machine.travel(dt.datetime(2026, 12, 19, 9, tzinfo=dt.UTC), tick=False)
def test_the_listing_page_skips_christmas_and_new_years_day_in_its_next_sessions(client, friday_drop_in):
    listing, _ = friday_drop_in
    assert next_sessions(client, listing) == [
        "Friday 8 January, 10am to 12 noon at Reddish Library",
        "Friday 15 January, 10am to 12 noon at Reddish Library",
        "Friday 22 January, 10am to 12 noon at Reddish Library",
    ]


@time_machine.travel(dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC), tick=False)
def test_the_listing_page_says_it_is_closed_ahead_of_time_and_skips_those_dates(client, friday_drop_in):
    listing, location = friday_drop_in
    ServiceLocationClosure.objects.create(
        service_location=location, first_date=D(2026, 12, 22), last_date=D(2027, 1, 2), note="Christmas"
    )
    html = client.get(listing.url).content.decode()
    assert "Closed 22 December to 2 January: Christmas" in " ".join(html.split())
    assert next_sessions(client, listing) == [
        "Friday 4 December, 10am to 12 noon at Reddish Library",
        "Friday 11 December, 10am to 12 noon at Reddish Library",
        "Friday 18 December, 10am to 12 noon at Reddish Library",
    ]
    with time_machine.travel(dt.datetime(2026, 12, 19, 9, tzinfo=dt.UTC), tick=False):
        assert next_sessions(client, listing)[0] == "Friday 8 January, 10am to 12 noon at Reddish Library"


@time_machine.travel(dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC), tick=False)
def test_a_venue_closure_reaches_every_listing_held_there(client, friday_drop_in, organisation):
    listing, location = friday_drop_in
    other = factories.ServicePageFactory(parent=organisation, title="Tuesday help")
    factories.VenueScheduleFactory(service_location__service=other, service_location__venue=location.venue)
    VenueClosure.objects.create(venue=location.venue, first_date=D(2026, 12, 1), last_date=D(2026, 12, 6))
    assert next_sessions(client, listing)[0] == "Friday 11 December, 10am to 12 noon at Reddish Library"
    assert next_sessions(client, other)[0] == "Tuesday 8 December, 10am to 12 noon at Reddish Library"
    assert "Closed 1 December to 6 December at Reddish Library" in " ".join(
        BeautifulSoup(client.get(other.url).content, "html.parser").get_text().split()
    )


def test_a_closure_that_has_ended_is_not_announced(client, friday_drop_in):
    listing, location = friday_drop_in
    ServiceLocationClosure.objects.create(service_location=location, first_date=D(2026, 11, 2))
    with time_machine.travel(dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC), tick=False):
        assert "Closed" not in client.get(listing.url).content.decode()


@time_machine.travel(dt.datetime(2026, 12, 21, 9, tzinfo=dt.UTC), tick=False)
def test_search_results_show_the_next_session_after_bank_holidays_and_the_closure(client, friday_drop_in):
    from search.indexing import reindex_services

    listing, location = friday_drop_in
    # Christmas Day and New Year's Day are bank holidays; the week after is closed here.
    ServiceLocationClosure.objects.create(service_location=location, first_date=D(2027, 1, 8))
    reindex_services([listing.pk])
    response = client.get("/find/")
    card = " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())
    assert "Next: Friday 15 January, 10am to 12 noon" in card
    data = client.get("/find/results.json").json()
    assert data["results"][0]["next_session"].startswith("2027-01-15T10:00:00")


@time_machine.travel(dt.datetime(2026, 12, 21, 9, tzinfo=dt.UTC), tick=False)
def test_the_shortlist_print_view_skips_christmas_day(client, friday_drop_in):
    listing, _ = friday_drop_in
    add_to_shortlist(client, listing)
    text = " ".join(BeautifulSoup(client.get("/shortlist/print/").content, "html.parser").get_text().split())
    assert "Friday 25 December" not in text and "Friday 1 January" not in text
    assert "Next sessions Friday 8 January, 10am to 12 noon Friday 15 January" in text


# -- the admin: closed dates are entered on the listing's venue and on the venue ----------------------


def test_an_editor_adds_closed_dates_to_a_venue_and_a_wrong_order_is_refused(admin_client, venue):
    url = f"/admin/snippets/directory/venue/edit/{venue.pk}/"
    form = {
        "name": venue.name,
        "kind": "library",
        "address": "1 High Street",
        "town": "Stockport",
        "postcode": "SK1 3RS",
        "latitude": "53.4066",
        "longitude": "-2.1575",
        "public_computers": "0",
        "location": "",
        "closures-TOTAL_FORMS": "1",
        "closures-INITIAL_FORMS": "0",
        "closures-MIN_NUM_FORMS": "0",
        "closures-0-first_date": "2027-01-02",
        "closures-0-last_date": "2026-12-22",
        "closures-0-note": "Christmas",
        "closures-0-ORDER": "1",
    }
    response = admin_client.post(url, form)
    assert response.status_code == 200
    assert "The last day must be on or after the first day." in response.content.decode()
    assert not VenueClosure.objects.exists()
    form.update({"closures-0-first_date": "2026-12-22", "closures-0-last_date": "2027-01-02"})
    assert admin_client.post(url, form).status_code == 302
    assert [str(row) for row in VenueClosure.objects.filter(venue=venue)] == [
        "Closed 22 December to 2 January: Christmas"
    ]
