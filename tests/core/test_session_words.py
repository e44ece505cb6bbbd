"""How a session's time is written on result cards: in UK time, in both halves of the year."""

import datetime as dt

import pytest

from core.timetable import Session
from home.templatetags.signpost_tags import clock, day_words


@pytest.mark.parametrize(
    ("starts", "ends", "words", "iso"),
    [
        # Winter: UK time is UTC.
        (
            dt.datetime(2026, 12, 8, 10, 0, tzinfo=dt.UTC),
            dt.datetime(2026, 12, 8, 12, 0, tzinfo=dt.UTC),
            "Tuesday 8 December, 10am to 12 noon",
            "2026-12-08T10:00:00+00:00",
        ),
        # Summer: UK time is an hour ahead, so 23:30 UTC is half past midnight the next day.
        (
            dt.datetime(2026, 7, 31, 23, 30, tzinfo=dt.UTC),
            dt.datetime(2026, 8, 1, 1, 0, tzinfo=dt.UTC),
            "Saturday 1 August, 12:30am to 2am",
            "2026-08-01T00:30:00+01:00",
        ),
    ],
)
def test_a_session_is_written_in_uk_time_as_the_filters_write_it(starts, ends, words, iso):
    session = Session(starts, ends)
    assert session.words == words
    assert session.words == f"{day_words(starts)}, {clock(starts)} to {clock(ends)}"
    assert session.starts_iso == iso
