"""Event dates: each kind of repeat, bank holidays, cancelled dates, clock changes, and expanding only
the dates asked for. Dates are in 2026: the clocks go forward on Sunday 29 March and back on Sunday
25 October; Good Friday is 3 April, Easter Monday 6 April, the May bank holidays 4 and 25 May."""

import dataclasses
import datetime as dt

import pytest
import time_machine
from dateutil.rrule import rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st

from core.timetable import local_zone
from events.choices import Ends, Repeat
from events.models import EventPage
from events.occurrences import occurrences_between
from events.recurrence import Recurrence, bank_holiday, bank_holidays_between
from tests.factories import EventCancellationFactory, EventPageFactory

D = dt.date
TEN, NOON = dt.time(10), dt.time(12)
LONDON = local_zone()


FIRST_TUESDAY = D(2026, 3, 3)


def rule(start=FIRST_TUESDAY, **fields) -> Recurrence:
    return Recurrence(start_date=start, start_time=TEN, end_time=NOON, **fields).normalised()


def in_2026(*days: str) -> list[dt.date]:
    """Days as a calendar names them, so a list of dates reads at a glance: in_2026("3 Mar", "10 Mar")."""
    return [dt.datetime.strptime(f"{day} 2026", "%d %b %Y").date() for day in days]


def march_to_june(recurrence: Recurrence) -> list[dt.date]:
    return recurrence.dates_between(D(2026, 3, 1), D(2026, 6, 30))


# -- each kind of repeat ------------------------------------------------------------------------------


def test_a_one_off_happens_once():
    assert march_to_june(rule(repeat=Repeat.NONE)) == [D(2026, 3, 3)]
    assert rule(repeat=Repeat.NONE).rrule_string(LONDON) == ""


def test_weekly_on_one_day():
    dates = rule(repeat=Repeat.WEEKLY, days=("TU",)).dates_between(D(2026, 3, 1), D(2026, 3, 31))
    assert dates == in_2026("3 Mar", "10 Mar", "17 Mar", "24 Mar", "31 Mar")


def test_weekly_on_several_days():
    dates = rule(repeat=Repeat.WEEKLY, days=("TU", "TH")).dates_between(D(2026, 3, 1), D(2026, 3, 12))
    assert dates == in_2026("3 Mar", "5 Mar", "10 Mar", "12 Mar")
    assert rule(repeat=Repeat.WEEKLY, days=("TH", "TU")).rrule_string(LONDON) == "FREQ=WEEKLY;BYDAY=TU,TH"


def test_every_two_weeks():
    recurrence = rule(repeat=Repeat.EVERY_N_WEEKS, interval=2, days=("TU",))
    assert recurrence.dates_between(D(2026, 3, 1), D(2026, 4, 30)) == in_2026(
        "3 Mar", "17 Mar", "31 Mar", "14 Apr", "28 Apr"
    )
    assert recurrence.rrule_string(LONDON) == "FREQ=WEEKLY;INTERVAL=2;WKST=MO;BYDAY=TU"


def test_every_three_weeks_on_two_days_keeps_the_weeks_in_step():
    recurrence = rule(repeat=Repeat.EVERY_N_WEEKS, interval=3, days=("TU", "FR"))
    assert recurrence.dates_between(D(2026, 3, 1), D(2026, 4, 30)) == in_2026(
        "3 Mar", "6 Mar", "24 Mar", "27 Mar", "14 Apr", "17 Apr"
    )


def test_monthly_on_the_second_tuesday():
    recurrence = rule(D(2026, 3, 10), repeat=Repeat.MONTHLY_NTH, days=("TU",), week_of_month=2)
    assert march_to_june(recurrence) == in_2026("10 Mar", "14 Apr", "12 May", "9 Jun")
    assert recurrence.rrule_string(LONDON) == "FREQ=MONTHLY;BYDAY=2TU"


def test_monthly_in_the_same_week_takes_the_week_from_the_first_date():
    recurrence = rule(D(2026, 3, 18), repeat=Repeat.MONTHLY_NTH)
    assert (recurrence.days, recurrence.week_of_month) == (("WE",), 3)
    assert march_to_june(recurrence)[:3] == in_2026("18 Mar", "15 Apr", "20 May")


def test_monthly_on_the_last_friday_including_months_with_five():
    recurrence = rule(D(2026, 3, 27), repeat=Repeat.MONTHLY_LAST, days=("FR",))
    assert march_to_june(recurrence) == in_2026("27 Mar", "24 Apr", "29 May", "26 Jun")
    assert recurrence.rrule_string(LONDON) == "FREQ=MONTHLY;BYDAY=-1FR"


def test_until_a_date_includes_that_date_and_is_written_in_utc():
    recurrence = rule(repeat=Repeat.WEEKLY, ends=Ends.ON_DATE, until_date=D(2026, 6, 30))
    assert march_to_june(recurrence)[-1] == D(2026, 6, 30)
    assert recurrence.dates_between(D(2026, 7, 1), D(2026, 7, 31)) == []
    # 23:59:59 on 30 June in summer time is 22:59:59 UTC.
    assert recurrence.rrule_string(LONDON).endswith("UNTIL=20260630T225959Z")
    assert recurrence.last_date == D(2026, 6, 30)


def test_a_course_of_six_sessions():
    recurrence = rule(repeat=Repeat.WEEKLY, ends=Ends.AFTER, count=6)
    dates = recurrence.dates_between(D(2026, 1, 1), D(2026, 12, 31))
    assert dates == [D(2026, 3, 3) + dt.timedelta(weeks=week) for week in range(6)]
    assert recurrence.rrule_string(LONDON) == "FREQ=WEEKLY;BYDAY=TU;COUNT=6"
    assert recurrence.last_date == D(2026, 4, 7)


def test_an_endless_series_has_no_last_date():
    assert rule(repeat=Repeat.WEEKLY).last_date is None


def test_unused_answers_are_cleared_when_the_repeat_does_not_need_them():
    recurrence = rule(
        repeat=Repeat.WEEKLY, interval=3, week_of_month=2, ends=Ends.NEVER, count=6, until_date=D(2026, 5, 1)
    )
    assert (recurrence.interval, recurrence.week_of_month, recurrence.count, recurrence.until_date) == (
        1,
        None,
        None,
        None,
    )
    assert rule(repeat=Repeat.NONE, days=("MO",)).days == ()


def test_days_default_to_the_first_dates_weekday():
    assert rule(D(2026, 3, 5), repeat=Repeat.WEEKLY).days == ("TH",)


# -- bank holidays -----------------------------------------------------------------------------------------


def test_bank_holidays_are_those_of_england_and_wales():
    assert bank_holiday(D(2026, 4, 6)) == "Easter Monday"
    assert bank_holiday(D(2026, 4, 7)) == ""
    # St Andrew's Day is a bank holiday in Scotland only.
    assert bank_holiday(D(2026, 11, 30)) == ""
    assert list(bank_holidays_between(D(2026, 4, 1), D(2026, 5, 31))) == in_2026(
        "3 Apr", "6 Apr", "4 May", "25 May"
    )


def test_a_weekly_monday_session_skips_bank_holidays_when_asked():
    mondays = rule(D(2026, 3, 30), repeat=Repeat.WEEKLY, days=("MO",), skip_bank_holidays=True)
    dates = mondays.dates_between(D(2026, 3, 30), D(2026, 5, 31))
    assert D(2026, 4, 6) not in dates and D(2026, 5, 4) not in dates and D(2026, 5, 25) not in dates
    assert D(2026, 4, 13) in dates
    assert mondays.skipped_bank_holidays(D(2026, 3, 30), D(2026, 5, 31)) == {
        D(2026, 4, 6): "Easter Monday",
        D(2026, 5, 4): "May Day",
        D(2026, 5, 25): "Spring Bank Holiday",
    }


def test_a_weekly_monday_session_runs_on_bank_holidays_unless_asked():
    mondays = rule(D(2026, 3, 30), repeat=Repeat.WEEKLY, days=("MO",))
    assert D(2026, 4, 6) in mondays.dates_between(D(2026, 4, 1), D(2026, 4, 30))


def test_a_course_that_skips_bank_holidays_still_has_all_its_sessions():
    course = rule(D(2026, 3, 30), repeat=Repeat.WEEKLY, ends=Ends.AFTER, count=6, skip_bank_holidays=True)
    dates = course.dates_between(D(2026, 3, 1), D(2026, 12, 31))
    assert dates == in_2026("30 Mar", "13 Apr", "20 Apr", "27 Apr", "11 May", "18 May")
    # Calendars count the two skipped Mondays too, and leave them out as EXDATEs.
    assert course.rrule_string(LONDON) == "FREQ=WEEKLY;BYDAY=MO;COUNT=8"
    assert course.last_date == D(2026, 5, 18)


# -- clock changes ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_series_across_both_clock_changes_keeps_its_wall_clock_time(organisation):
    EventPageFactory(
        parent=organisation,
        start_date=D(2026, 3, 3),
        start_time=dt.time(18, 30),
        end_time=dt.time(20, 0),
        repeat=Repeat.WEEKLY,
    )
    start = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    end = dt.datetime(2026, 11, 30, tzinfo=dt.UTC)
    occurrences, _ = occurrences_between(EventPage.objects.all(), start, end)
    assert len(occurrences) == 39
    for occurrence in occurrences:
        local = occurrence.starts.astimezone(LONDON)
        assert (local.hour, local.minute) == (18, 30)
        assert occurrence.ends - occurrence.starts == dt.timedelta(minutes=90)
    by_day = {occurrence.day: occurrence for occurrence in occurrences}
    assert by_day[D(2026, 3, 24)].starts.astimezone(dt.UTC).hour == 18  # GMT
    assert by_day[D(2026, 3, 31)].starts.astimezone(dt.UTC).hour == 17  # BST, after 29 March
    assert by_day[D(2026, 10, 20)].starts.astimezone(dt.UTC).hour == 17  # BST
    assert by_day[D(2026, 10, 27)].starts.astimezone(dt.UTC).hour == 18  # GMT, after 25 October


@pytest.mark.django_db
def test_a_session_on_the_day_the_clocks_change_is_at_the_time_the_clock_shows(organisation):
    event = EventPageFactory(
        parent=organisation,
        start_date=D(2026, 3, 22),
        repeat=Repeat.WEEKLY,
        days=["SU"],
        start_time=dt.time(10),
        end_time=dt.time(12),
    )
    spring = event.occurrence_on(D(2026, 3, 29))
    autumn = event.occurrence_on(D(2026, 10, 25))
    assert spring.starts.isoformat() == "2026-03-29T10:00:00+01:00"
    assert spring.ends - spring.starts == dt.timedelta(hours=2)
    assert autumn.starts.isoformat() == "2026-10-25T10:00:00+00:00"


# -- cancelled dates and the stored fields ---------------------------------------------------------------


@pytest.mark.django_db
def test_a_cancelled_date_is_still_listed_but_marked_with_its_reason(organisation):
    event = EventPageFactory(parent=organisation)
    EventCancellationFactory(page=event, date=D(2026, 3, 10), reason="Library closed")
    start, end = dt.datetime(2026, 3, 1, tzinfo=dt.UTC), dt.datetime(2026, 3, 18, tzinfo=dt.UTC)
    occurrences, _ = occurrences_between(EventPage.objects.all(), start, end)
    assert [(o.day, o.cancelled, o.reason) for o in occurrences] == [
        (D(2026, 3, 3), False, ""),
        (D(2026, 3, 10), True, "Library closed"),
        (D(2026, 3, 17), False, ""),
    ]


@pytest.mark.django_db
def test_next_sessions_skip_finished_ones_and_mark_cancelled_ones(organisation):
    event = EventPageFactory(parent=organisation)
    EventCancellationFactory(page=event, date=D(2026, 3, 17), reason="Volunteer away")
    # Tuesday 10 March at 11am: that morning's session is still on.
    after = dt.datetime(2026, 3, 10, 11, tzinfo=dt.UTC)
    sessions = event.next_occurrences(limit=3, after=after)
    assert [(s.day, s.cancelled) for s in sessions] == [
        (D(2026, 3, 10), False),
        (D(2026, 3, 17), True),
        (D(2026, 3, 24), False),
    ]
    assert event.next_occurrence(after=dt.datetime(2026, 3, 10, 12, 30, tzinfo=dt.UTC)).day == D(2026, 3, 24)


@pytest.mark.django_db
def test_saving_stores_the_rule_and_the_last_date(organisation):
    event = EventPageFactory(parent=organisation, monday_course=True, days=[])
    event.refresh_from_db()
    # Days left empty stay empty (they mean the first date's day), so the rule follows the first date.
    assert (event.days, event.rrule, event.last_date) == (
        [],
        "FREQ=WEEKLY;BYDAY=MO;COUNT=8",
        D(2026, 5, 18),
    )


@pytest.mark.django_db
def test_only_events_that_may_run_in_a_window_are_fetched(organisation):
    over = EventPageFactory(parent=organisation, ends=Ends.ON_DATE, until_date=D(2026, 3, 24))
    later = EventPageFactory(parent=organisation, start_date=D(2026, 6, 2))
    running = EventPageFactory(parent=organisation)
    found = EventPage.objects.overlapping(D(2026, 4, 1), D(2026, 4, 7))
    assert set(found) == {running}
    assert over not in found and later not in found


# -- expanding only the window gives the same dates as expanding from the start ---------------------------


rules = st.builds(
    lambda start, repeat, days, interval, week, ends, count, weeks, skip: Recurrence(
        start_date=start,
        start_time=TEN,
        end_time=NOON,
        repeat=repeat,
        days=tuple(days),
        interval=interval,
        week_of_month=week,
        ends=ends,
        count=count,
        until_date=start + dt.timedelta(weeks=weeks),
        skip_bank_holidays=skip,
    ),
    start=st.dates(D(2024, 1, 1), D(2027, 12, 31)),
    repeat=st.sampled_from([Repeat.WEEKLY, Repeat.EVERY_N_WEEKS, Repeat.MONTHLY_NTH, Repeat.MONTHLY_LAST]),
    days=st.lists(
        st.sampled_from(["MO", "TU", "WE", "TH", "FR", "SA", "SU"]), min_size=1, max_size=3, unique=True
    ),
    interval=st.integers(2, 6),
    week=st.integers(1, 4),
    ends=st.sampled_from([Ends.NEVER, Ends.ON_DATE, Ends.AFTER]),
    count=st.integers(1, 30),
    weeks=st.integers(0, 150),
    skip=st.booleans(),
)


def valid(recurrence: Recurrence) -> Recurrence | None:
    """Move the first date onto the rule (as the editor's form insists), or give up on it."""
    recurrence = recurrence.normalised()
    if recurrence.repeat in (Repeat.MONTHLY_NTH, Repeat.MONTHLY_LAST):
        recurrence = Recurrence(**{**recurrence.__dict__, "days": recurrence.days[:1]}).normalised()
    for shift in range(0, 62):
        moved = Recurrence(
            **{**recurrence.__dict__, "start_date": recurrence.start_date + dt.timedelta(days=shift)}
        )
        if moved.repeat == Repeat.MONTHLY_NTH:
            moved = Recurrence(**{**moved.__dict__, "week_of_month": recurrence.week_of_month})
        if not moved.problems():
            return moved
    return None


def calendar_dates(recurrence: Recurrence, first: dt.date, last: dt.date) -> list[dt.date]:
    """What a calendar does: the RRULE from DTSTART, in local time, then the window."""
    text = recurrence.rrule_string(dt.UTC).replace("Z", "")
    expanded = rrulestr(text, dtstart=dt.datetime.combine(recurrence.start_date, dt.time()))
    window = (dt.datetime.combine(first, dt.time()), dt.datetime.combine(last, dt.time(23, 59)))
    return [moment.date() for moment in expanded.between(*window, inc=True)]


@settings(max_examples=150, deadline=None)
@given(
    recurrence=rules,
    later_by_weeks=st.integers(1, 5),
    window_start=st.dates(D(2024, 1, 1), D(2030, 12, 31)),
    length=st.integers(0, 40),
)
def test_expanding_a_window_gives_the_dates_a_calendar_would(
    recurrence, later_by_weeks, window_start, length
):
    # Two rules alike but for their first date, expanded over one window sharing the patterns found,
    # as What's on does: neither may borrow the other's dates (every other week, but different weeks).
    first_rule = valid(recurrence)
    later = dataclasses.replace(
        recurrence, start_date=recurrence.start_date + dt.timedelta(weeks=later_by_weeks)
    )
    second_rule = valid(later)
    first, last = window_start, window_start + dt.timedelta(days=length)
    patterns: dict = {}
    for each in (first_rule, second_rule):
        if each is not None:
            assert each.rule_dates_between(first, last, patterns=patterns) == calendar_dates(
                each, first, last
            )
            assert each.rule_dates_between(first, last) == calendar_dates(each, first, last)


@settings(max_examples=150, deadline=None)
@given(recurrence=rules, window_start=st.dates(D(2024, 1, 1), D(2030, 12, 31)))
def test_whether_a_rule_falls_on_a_day_agrees_with_expanding_it(recurrence, window_start):
    recurrence = valid(recurrence)
    if recurrence is None:
        return
    last = window_start + dt.timedelta(days=62)
    expected = set(calendar_dates(recurrence, window_start, last))
    for offset in range(63):
        day = window_start + dt.timedelta(days=offset)
        assert recurrence.occurs_on(day) == (day in expected), day


@pytest.mark.django_db
def test_fortnightly_events_in_alternate_weeks_each_keep_their_own_weeks(organisation):
    EventPageFactory(parent=organisation, title="Odd weeks", repeat=Repeat.EVERY_N_WEEKS, interval=2)
    EventPageFactory(
        parent=organisation,
        title="Even weeks",
        repeat=Repeat.EVERY_N_WEEKS,
        interval=2,
        start_date=D(2026, 3, 10),
    )
    start, end = dt.datetime(2026, 3, 1, tzinfo=dt.UTC), dt.datetime(2026, 4, 1, tzinfo=dt.UTC)
    occurrences, _ = occurrences_between(EventPage.objects.order_by("title"), start, end)
    titles = {event.pk: event.title for event in EventPage.objects.all()}
    assert [(titles[o.event_id], o.day.day) for o in occurrences] == [
        ("Odd weeks", 3),
        ("Even weeks", 10),
        ("Odd weeks", 17),
        ("Even weeks", 24),
        ("Odd weeks", 31),
    ]


def dates_from_calendar(event, first: dt.date, last: dt.date) -> list[dt.date]:
    """The event's dates as a calendar program would find them: dateutil on its RRULE from its first
    date, less bank holidays if it skips them."""
    recurrence = event.recurrence.normalised()
    if recurrence.repeat == Repeat.NONE:
        dates = [recurrence.start_date] if first <= recurrence.start_date <= last else []
    else:
        dates = calendar_dates(recurrence, first, last)
    return [day for day in dates if not (recurrence.skip_bank_holidays and bank_holiday(day))]


@pytest.mark.django_db
def test_whats_ons_fast_path_agrees_with_each_rule_over_many_windows(organisation):
    """find_sessions_between expands shared patterns once and filters rows itself: it must give each
    event exactly the dates its own rule gives, whatever the window."""
    events = [
        EventPageFactory(parent=organisation, days=["TU", "FR"]),
        EventPageFactory(parent=organisation, start_date=D(2026, 3, 10)),
        EventPageFactory(parent=organisation, repeat=Repeat.EVERY_N_WEEKS, interval=2),
        EventPageFactory(
            parent=organisation, repeat=Repeat.EVERY_N_WEEKS, interval=2, start_date=D(2026, 3, 10)
        ),
        EventPageFactory(
            parent=organisation, repeat=Repeat.EVERY_N_WEEKS, interval=3, start_date=D(2026, 3, 17)
        ),
        EventPageFactory(parent=organisation, repeat=Repeat.MONTHLY_NTH, start_date=D(2026, 3, 10)),
        EventPageFactory(
            parent=organisation, repeat=Repeat.MONTHLY_LAST, days=["MO"], start_date=D(2026, 3, 30)
        ),
        EventPageFactory(parent=organisation, monday_course=True),
        EventPageFactory(parent=organisation, ends=Ends.ON_DATE, until_date=D(2026, 5, 12)),
        EventPageFactory(parent=organisation, repeat=Repeat.NONE, start_date=D(2026, 4, 9)),
    ]
    for offset in range(0, 120, 9):
        first = D(2026, 2, 20) + dt.timedelta(days=offset)
        last = first + dt.timedelta(days=offset % 17)
        start = dt.datetime.combine(first, dt.time(), tzinfo=LONDON)
        end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=LONDON)
        occurrences, _ = occurrences_between(EventPage.objects.all(), start, end)
        found = sorted((o.event_id, o.day) for o in occurrences)
        expected = sorted(
            (event.pk, day) for event in events for day in dates_from_calendar(event, first, last)
        )
        assert found == expected, (first, last)


# -- checking the editor's answers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"end_time": dt.time(9)}, "end_time", "The finishing time must be after the starting time."),
        ({"end_time": TEN}, "end_time", "The finishing time must be after the starting time."),
        (
            {"repeat": Repeat.WEEKLY, "days": ("WE",)},
            "start_date",
            "is a Tuesday, but the sessions are on Wednesday",
        ),
        ({"repeat": Repeat.EVERY_N_WEEKS, "interval": 1}, "interval", "how many weeks apart"),
        ({"repeat": Repeat.EVERY_N_WEEKS, "interval": 13}, "interval", "up to 12 weeks apart"),
        ({"repeat": Repeat.MONTHLY_NTH, "days": ("TU", "TH")}, "days", "Choose just one day"),
        (
            {"repeat": Repeat.MONTHLY_NTH, "week_of_month": 2},
            "start_date",
            "is the first Tuesday of March, not the second",
        ),
        ({"start": D(2026, 3, 31), "repeat": Repeat.MONTHLY_NTH}, "start_date", "fifth Tuesday"),
        ({"repeat": Repeat.MONTHLY_LAST}, "start_date", "The last one is Tuesday 31 March 2026"),
        ({"repeat": Repeat.WEEKLY, "ends": Ends.ON_DATE}, "until_date", "Give the date of the last session."),
        (
            {"repeat": Repeat.WEEKLY, "ends": Ends.ON_DATE, "until_date": D(2026, 3, 2)},
            "until_date",
            "The last date must be on or after the first date.",
        ),
        ({"repeat": Repeat.WEEKLY, "ends": Ends.AFTER}, "count", "how many sessions"),
        (
            {"start": D(2026, 4, 6), "skip_bank_holidays": True},
            "skip_bank_holidays",
            "is a bank holiday (Easter Monday)",
        ),
        (
            {
                "start": D(2026, 4, 6),
                "repeat": Repeat.WEEKLY,
                "ends": Ends.ON_DATE,
                "until_date": D(2026, 4, 6),
                "skip_bank_holidays": True,
            },
            "skip_bank_holidays",
            "Every session falls on a bank holiday",
        ),
    ],
)
def test_impossible_rules_are_explained_on_the_right_field(fields, field, message):
    fields = dict(fields)
    start = fields.pop("start", D(2026, 3, 3))
    end_time = fields.pop("end_time", NOON)
    recurrence = Recurrence(start_date=start, start_time=TEN, end_time=end_time, **fields).normalised()
    problems = recurrence.problems()
    assert field in problems, problems
    assert message in problems[field]


def test_a_sensible_rule_has_no_problems():
    assert rule(D(2026, 3, 31), repeat=Repeat.MONTHLY_LAST).problems() == {}
    assert rule(repeat=Repeat.EVERY_N_WEEKS, interval=2, ends=Ends.AFTER, count=6).problems() == {}


# -- words --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("recurrence", "words"),
    [
        (rule(repeat=Repeat.NONE), "Tuesday 3 March 2026, 10am to 12 noon."),
        (rule(repeat=Repeat.WEEKLY, days=("TU", "TH")), "Every Tuesday and Thursday, 10am to 12 noon."),
        (rule(repeat=Repeat.EVERY_N_WEEKS, interval=2), "Every other week on Tuesday, 10am to 12 noon."),
        (
            rule(D(2026, 3, 10), repeat=Repeat.MONTHLY_NTH),
            "The second Tuesday of every month, 10am to 12 noon.",
        ),
        (
            rule(D(2026, 3, 31), repeat=Repeat.MONTHLY_LAST),
            "The last Tuesday of every month, 10am to 12 noon.",
        ),
        (
            rule(repeat=Repeat.WEEKLY, ends=Ends.AFTER, count=6),
            "Every Tuesday, 10am to 12 noon. 6 sessions, from Tuesday 3 March 2026 to Tuesday 7 April 2026.",
        ),
        (
            rule(D(2026, 3, 30), repeat=Repeat.WEEKLY, skip_bank_holidays=True),
            "Every Monday, 10am to 12 noon. Not on bank holidays.",
        ),
    ],
)
def test_a_rule_in_plain_words(recurrence, words):
    with time_machine.travel(dt.datetime(2026, 4, 1, tzinfo=dt.UTC), tick=False):
        assert recurrence.describe(today=D(2026, 4, 1)) == words


def test_a_series_that_has_not_started_says_when_it_starts():
    assert rule(repeat=Repeat.WEEKLY).describe(today=D(2026, 2, 1)) == (
        "Every Tuesday, 10am to 12 noon, starting Tuesday 3 March 2026."
    )
