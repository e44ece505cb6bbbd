"""Regular times in words, as the spreadsheet writes and reads them."""

import datetime as dt

import pytest

from core.choices import Repeat
from open_data.schedule_text import Times, describe, parse_times, split_entries
from open_data.values import ValueProblem


def times(day, repeat, opens, closes, **extra) -> Times:
    return Times(day=day, repeat=repeat, opens_at=dt.time(*opens), closes_at=dt.time(*closes), **extra)


EXAMPLES = [
    (times("TU", Repeat.WEEKLY, (10, 0), (12, 0)), "Every Tuesday 10:00-12:00"),
    (
        times("TH", Repeat.FORTNIGHTLY, (13, 30), (15, 30), valid_from=dt.date(2026, 1, 8)),
        "Every other Thursday 13:30-15:30 from 2026-01-08",
    ),
    (times("SA", Repeat.MONTHLY_1, (10, 0), (12, 30)), "First Saturday of the month 10:00-12:30"),
    (
        times(
            "FR", Repeat.MONTHLY_LAST, (18, 0), (20, 0), valid_to=dt.date(2026, 12, 25), note="Bring a torch"
        ),
        "Last Friday of the month 18:00-20:00 until 2026-12-25 (Bring a torch)",
    ),
    (times("MO", Repeat.MONTHLY_3, (22, 0), (1, 0)), "Third Monday of the month 22:00-01:00"),
]


@pytest.mark.parametrize(("value", "text"), EXAMPLES)
def test_times_are_written_in_words(value, text):
    assert describe(value) == text


@pytest.mark.parametrize(("value", "text"), EXAMPLES)
def test_the_words_read_back_as_the_same_times(value, text):
    assert parse_times(text) == [value]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("every tuesday 10am-12pm", times("TU", Repeat.WEEKLY, (10, 0), (12, 0))),
        ("Tuesdays? no: Every Tues 9.30 to 11.45", None),
        ("Every Tues 9.30 to 11.45", times("TU", Repeat.WEEKLY, (9, 30), (11, 45))),
        ("2nd Wed of each month, 6pm – 8pm", times("WE", Repeat.MONTHLY_2, (18, 0), (20, 0))),
        ("Every Sunday noon-midnight", times("SU", Repeat.WEEKLY, (12, 0), (0, 0))),
        (
            "Every other Monday 10:00-11:00 from 05/01/2026",
            times("MO", Repeat.FORTNIGHTLY, (10, 0), (11, 0), valid_from=dt.date(2026, 1, 5)),
        ),
    ],
)
def test_common_ways_of_writing_times_are_understood(text, expected):
    if expected is None:
        with pytest.raises(ValueProblem):
            parse_times(text)
    else:
        assert parse_times(text) == [expected]


def test_several_times_are_separated_by_semicolons_or_new_lines():
    assert (
        len(parse_times("Every Monday 10:00-11:00; Every Tuesday 10:00-11:00\nEvery Friday 10:00-11:00")) == 3
    )


def test_a_note_may_hold_a_semicolon():
    assert split_entries("Every Monday 10:00-11:00 (tea; biscuits); Every Tuesday 10:00-11:00") == [
        "Every Monday 10:00-11:00 (tea; biscuits)",
        "Every Tuesday 10:00-11:00",
    ]


@pytest.mark.parametrize("text", ["Every Monday 25:00-26:00", "Every Monday 10-11", "Every Monday 13pm-2pm"])
def test_impossible_times_of_day_are_refused(text):
    with pytest.raises(ValueProblem):
        parse_times(text)


def test_an_empty_cell_means_no_times():
    assert parse_times("") == [] and parse_times("  ;  ") == []
