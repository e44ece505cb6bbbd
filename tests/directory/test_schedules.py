import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from directory.models import VenueSchedule

LONDON = ZoneInfo("Europe/London")


def schedule(**fields) -> VenueSchedule:
    defaults = {"day": "TU", "repeat": "weekly", "opens_at": dt.time(10), "closes_at": dt.time(12)}
    return VenueSchedule(**(defaults | fields))


@pytest.mark.parametrize(
    ("fields", "rule"),
    [
        ({}, "FREQ=WEEKLY;BYDAY=TU"),
        ({"repeat": "fortnightly", "valid_from": dt.date(2026, 1, 6)}, "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
        ({"repeat": "monthly_1", "day": "MO"}, "FREQ=MONTHLY;BYDAY=1MO"),
        ({"repeat": "monthly_last", "day": "FR"}, "FREQ=MONTHLY;BYDAY=-1FR"),
    ],
)
def test_each_repeat_is_written_as_an_rfc5545_rule(fields, rule):
    assert schedule(**fields).rrule == rule


def test_rule_ends_at_the_end_of_the_last_date_in_utc():
    # 23:59:59 on 30 June 2026 in London (BST) is 22:59:59 UTC.
    assert schedule(valid_to=dt.date(2026, 6, 30)).rrule.endswith("UNTIL=20260630T225959Z")


def test_fortnightly_runs_every_other_week_from_its_first_date():
    row = schedule(repeat="fortnightly", valid_from=dt.date(2026, 3, 3))
    dates = [s.day for s in row.sessions_between(dt.date(2026, 3, 1), dt.date(2026, 4, 1))]
    assert dates == [dt.date(2026, 3, 3), dt.date(2026, 3, 17), dt.date(2026, 3, 31)]


def test_monthly_nth_and_last_weekday():
    second = schedule(repeat="monthly_2", day="TH")
    last = schedule(repeat="monthly_last", day="TH")
    window = (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert [s.day for s in second.sessions_between(*window)] == [
        dt.date(2026, 1, 8),
        dt.date(2026, 2, 12),
        dt.date(2026, 3, 12),
    ]
    assert [s.day for s in last.sessions_between(*window)] == [
        dt.date(2026, 1, 29),
        dt.date(2026, 2, 26),
        dt.date(2026, 3, 26),
    ]


def test_wall_clock_time_is_kept_across_the_spring_clock_change():
    # Clocks go forward on Sunday 29 March 2026: 10am stays 10am, so the UTC time moves an hour.
    row = schedule()
    before, after = list(row.sessions_between(dt.date(2026, 3, 24), dt.date(2026, 3, 31)))
    assert before.starts.astimezone(LONDON).hour == after.starts.astimezone(LONDON).hour == 10
    assert before.starts.astimezone(LONDON).utcoffset() == dt.timedelta(0)
    assert after.starts.astimezone(LONDON).utcoffset() == dt.timedelta(hours=1)
    assert after.starts - before.starts == dt.timedelta(days=7, hours=-1)


def test_open_at_covers_a_session_that_runs_past_midnight():
    late = schedule(day="FR", opens_at=dt.time(22), closes_at=dt.time(1))
    friday_late = dt.datetime(2026, 3, 6, 23, 30, tzinfo=LONDON)
    saturday_early = dt.datetime(2026, 3, 7, 0, 30, tzinfo=LONDON)
    saturday_later = dt.datetime(2026, 3, 7, 1, 0, tzinfo=LONDON)
    assert late.is_open_at(friday_late)
    assert late.is_open_at(saturday_early)
    assert not late.is_open_at(saturday_later)


def test_dates_outside_first_and_last_date_have_no_sessions():
    row = schedule(valid_from=dt.date(2026, 3, 10), valid_to=dt.date(2026, 3, 24))
    dates = [s.day for s in row.sessions_between(dt.date(2026, 3, 1), dt.date(2026, 3, 31))]
    assert dates == [dt.date(2026, 3, 10), dt.date(2026, 3, 17), dt.date(2026, 3, 24)]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"opens_at": dt.time(10), "closes_at": dt.time(10)}, "closes_at"),
        ({"repeat": "fortnightly"}, "valid_from"),
        ({"valid_from": dt.date(2026, 3, 4)}, "valid_from"),  # a Wednesday, for a Tuesday session
        ({"valid_from": dt.date(2026, 3, 10), "valid_to": dt.date(2026, 3, 3)}, "valid_to"),
    ],
)
def test_impossible_schedules_are_rejected_with_a_message(fields, field):
    with pytest.raises(ValidationError) as error:
        schedule(**fields).clean()
    assert field in error.value.message_dict


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({}, "Every Tuesday, 10am to 12 noon"),
        (
            {"repeat": "monthly_1", "opens_at": dt.time(14, 30), "closes_at": dt.time(16)},
            "First Tuesday of the month, 2:30pm to 4pm",
        ),
        (
            {"repeat": "fortnightly", "valid_from": dt.date(2020, 1, 7)},
            "Every other Tuesday, 10am to 12 noon",
        ),
    ],
)
def test_schedules_are_described_in_plain_words(fields, words):
    assert schedule(**fields).describe() == words
