"""Times and dates as volunteers type them: read exactly, or refused with a message; never guessed."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from directory.entry import DateBox, TimeBox, is_night, parse_date, parse_time


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("14:00", dt.time(14, 0)),
        ("2pm", dt.time(14, 0)),
        ("2PM", dt.time(14, 0)),
        ("2 p.m.", dt.time(14, 0)),
        ("2.30pm", dt.time(14, 30)),
        ("2:30 pm", dt.time(14, 30)),
        ("14.00", dt.time(14, 0)),
        ("1400", dt.time(14, 0)),
        ("10am", dt.time(10, 0)),
        ("12pm", dt.time(12, 0)),
        ("noon", dt.time(12, 0)),
        ("12am", dt.time(0, 0)),
        ("midnight", dt.time(0, 0)),
        ("0:30", dt.time(0, 30)),
        ("9:15", dt.time(9, 15)),
        ("18", dt.time(18, 0)),
    ],
)
def test_a_typed_time_is_read_as_the_clock_time_it_says(typed, expected):
    assert parse_time(typed) == expected


def test_only_times_before_6am_count_as_night():
    assert is_night(dt.time(0, 30)) and is_night(dt.time(5, 59))
    assert not is_night(dt.time(6, 0)) and not is_night(dt.time(14, 0)) and not is_night(None)


@pytest.mark.parametrize(
    "typed",
    [
        "16/12/2026",
        "16/12/26",
        "16-12-2026",
        "16.12.2026",
        "2026-12-16",
        "16 Dec 2026",
        "16 December 2026",
        "16th December 2026",
        "Wednesday 16 December 2026",
        "16 dec. 2026",
    ],
)
def test_a_date_typed_in_a_common_uk_form_is_kept(typed):
    assert parse_date(typed) == dt.date(2026, 12, 16)


@pytest.mark.parametrize(
    ("parse", "typed", "message"),
    [
        (parse_time, "2", "Is that 2am or 2pm?"),
        (parse_time, "12", "Is that 12am or 12pm?"),
        (parse_time, "25:00", "There is no hour 25"),
        (parse_time, "2:75pm", "more than 59 minutes"),
        (parse_time, "13pm", "the hour is from 1 to 12"),
        (parse_time, "teatime", "We could not read “teatime” as a time"),
        (parse_date, "12/16/2026", "There is no such date as “12/16/2026”. Write the day first"),
        (parse_date, "31/02/2026", "There is no such date"),
        (parse_date, "16 Decembre 2026", "We do not know the month “decembre”"),
        (parse_date, "next Tuesday", "We could not read “next Tuesday” as a date"),
    ],
)
def test_a_time_or_date_that_cannot_be_read_exactly_is_refused_with_what_to_type(parse, typed, message):
    with pytest.raises(ValidationError) as error:
        parse(typed)
    assert message in error.value.messages[0]


def test_the_boxes_show_saved_values_in_the_words_they_accept():
    assert TimeBox().format_value(dt.time(14, 0)) == "2pm"
    assert TimeBox().format_value(dt.time(12, 0)) == "12pm"
    assert TimeBox().format_value(dt.time(0, 30)) == "12:30am"
    assert DateBox().format_value(dt.date(2026, 12, 16)) == "16/12/2026"
    # What is shown reads back as the same value.
    for value in (dt.time(14, 0), dt.time(12, 0), dt.time(0, 30), dt.time(0, 0)):
        assert parse_time(TimeBox().format_value(value)) == value
