"""What's on (/whats-on/): when, where, topic, level, cost and how filters, grouping by day, pages,
and bad parameters. The clock is frozen in March 2026; the clocks go forward on Sunday 29 March."""

import datetime as dt
from urllib.parse import urlencode

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.timetable import local_zone
from events.choices import Attendance, EventStatus, Repeat
from events.whats_on import WhatsOnFilterSet, window_for
from search.facets import FACETS
from search.filters import FindHelpFilterSet, PlaceAndFacetsFilterSet
from search.models import PlaceKind
from search.views import term_labels
from signpost.guards import CONTROL_CHARACTERS_IN_ADDRESSES as CONTROL_CHARACTERS
from tests import factories
from tests.factories import EventCancellationFactory, EventIndexPageFactory, EventPageFactory
from tests.test_accessibility_markup import assert_accessible_structure

D = dt.date
LONDON = local_zone()


def local(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=LONDON)


def frozen(*args):
    return time_machine.travel(local(*args), tick=False)


@pytest.fixture
def index(home_page):
    return EventIndexPageFactory(parent=home_page)


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def titles(soup) -> list[str]:
    return [heading.get_text(strip=True) for heading in soup.select(".session__title")]


def day_headings(soup) -> list[str]:
    return [heading.get_text(strip=True) for heading in soup.select(".session-day h2")]


# -- windows -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "when", "start", "end"),
    [
        # Wednesday morning: this week runs to the end of Sunday.
        (local(2026, 3, 18, 10), "this_week", local(2026, 3, 18, 10), local(2026, 3, 23)),
        # Late on Sunday: half an hour of this week is left.
        (local(2026, 3, 22, 23, 30), "this_week", local(2026, 3, 22, 23, 30), local(2026, 3, 23)),
        # Midnight on Monday: a new week, which ends after the clocks go forward.
        (local(2026, 3, 23), "this_week", local(2026, 3, 23), local(2026, 3, 30)),
        (local(2026, 3, 18, 10), "today", local(2026, 3, 18, 10), local(2026, 3, 19)),
        (local(2026, 3, 18, 10), "next_7_days", local(2026, 3, 18, 10), local(2026, 3, 25)),
        (local(2026, 3, 18, 10), "weekend", local(2026, 3, 21), local(2026, 3, 23)),
        (local(2026, 3, 21, 14), "weekend", local(2026, 3, 21, 14), local(2026, 3, 23)),
        (local(2026, 3, 22, 9), "weekend", local(2026, 3, 22, 9), local(2026, 3, 23)),
    ],
)
def test_when_choices_cover_the_right_stretch_of_time(now, when, start, end):
    window = window_for(when, now)
    assert (window.start, window.end) == (start, end)


def test_this_week_ends_at_midnight_uk_time_even_across_the_clock_change():
    window = window_for("this_week", local(2026, 3, 23, 9))
    assert window.end.isoformat() == "2026-03-30T00:00:00+01:00"
    assert window.last_day == D(2026, 3, 29)


# -- this week, through the page ------------------------------------------------------------------------


@pytest.fixture
def sunday_and_monday_clubs(organisation):
    EventPageFactory(
        parent=organisation,
        title="Sunday evening club",
        start_date=D(2026, 3, 1),
        days=["SU"],
        start_time=dt.time(18),
        end_time=dt.time(19),
    )
    EventPageFactory(parent=organisation, title="Monday club", start_date=D(2026, 3, 2), days=["MO"])


def test_this_week_on_sunday_shows_that_evening_but_not_monday(client, index, sunday_and_monday_clubs):
    with frozen(2026, 3, 22, 12):
        soup = get(client, "/whats-on/?when=this_week")
    assert titles(soup) == ["Sunday evening club"]
    assert day_headings(soup) == ["Today, Sunday 22 March"]


def test_this_week_on_monday_runs_to_the_next_sunday(client, index, sunday_and_monday_clubs):
    with frozen(2026, 3, 23, 9):
        soup = get(client, "/whats-on/?when=this_week")
    assert day_headings(soup) == ["Today, Monday 23 March", "Sunday 29 March"]
    times = [tag["datetime"] for tag in soup.select(".session__time time")]
    assert times == ["2026-03-23T10:00:00+00:00", "2026-03-29T18:00:00+01:00"]


def test_a_session_that_has_finished_today_is_not_shown(client, index, sunday_and_monday_clubs):
    with frozen(2026, 3, 23, 12, 30):
        soup = get(client, "/whats-on/?when=today")
    assert titles(soup) == []
    assert "We couldn't find any sessions today" in soup.get_text()


def test_a_session_under_way_is_shown_as_happening_now(client, index, sunday_and_monday_clubs):
    with frozen(2026, 3, 23, 11):
        soup = get(client, "/whats-on/?when=today")
    assert titles(soup) == ["Monday club"]
    assert "Happening now" in soup.get_text()


# -- what is shown ---------------------------------------------------------------------------------------


def test_sessions_are_grouped_by_day_under_headings_soonest_first(client, index, organisation):
    EventPageFactory(parent=organisation, title="Tuesday tablets", days=["TU"])
    EventPageFactory(parent=organisation, title="Thursday phones", start_date=D(2026, 3, 5), days=["TH"])
    EventPageFactory(
        parent=organisation, title="Early Tuesday", start_time=dt.time(9), end_time=dt.time(9, 45)
    )
    with frozen(2026, 3, 16, 8):
        soup = get(client, "/whats-on/")
    assert day_headings(soup) == ["Tomorrow, Tuesday 17 March", "Thursday 19 March"]
    assert titles(soup) == ["Early Tuesday", "Tuesday tablets", "Thursday phones"]
    assert "3 sessions in the next 7 days" in soup.get_text(" ", strip=True)


def test_a_cancelled_date_is_shown_with_its_reason(client, index, organisation):
    event = EventPageFactory(parent=organisation, title="Tuesday tablets")
    EventCancellationFactory(page=event, date=D(2026, 3, 17), reason="The library is closed.")
    with frozen(2026, 3, 16, 8):
        soup = get(client, "/whats-on/")
    session = soup.select_one(".session--cancelled")
    assert "Cancelled: The library is closed." in session.get_text(" ", strip=True)


def test_cancelled_postponed_and_unpublished_events_are_left_out(client, index, organisation):
    EventPageFactory(parent=organisation, title="Going ahead")
    EventPageFactory(parent=organisation, title="Stopped", status=EventStatus.CANCELLED)
    EventPageFactory(parent=organisation, title="Paused", status=EventStatus.POSTPONED)
    EventPageFactory(parent=organisation, title="Draft", live=False)
    with frozen(2026, 3, 16, 8):
        assert titles(get(client, "/whats-on/")) == ["Going ahead"]


def test_a_listing_of_many_sessions_is_split_into_pages(client, index, organisation):
    for number in range(12):
        EventPageFactory(
            parent=organisation, title=f"Club {number:02}", days=["MO", "TU", "WE"], start_date=D(2026, 3, 2)
        )
    with frozen(2026, 3, 16, 8):
        first = get(client, "/whats-on/")
        second = get(client, "/whats-on/?page=2")
    assert len(titles(first)) == 30 and len(titles(second)) == 6
    nav = first.find("nav", attrs={"aria-label": "What's on pages"})
    assert nav is not None and nav.find("a", attrs={"rel": "next"})["href"] == "?page=2"
    # Wednesday's twelve sessions are split: the heading says the day carries on.
    assert day_headings(second) == ["Wednesday 18 March (continued)"]


def test_a_page_past_the_end_shows_the_last_page_and_says_so(client, index, organisation):
    EventPageFactory(parent=organisation, title="Tuesday tablets")
    with frozen(2026, 3, 16, 8):
        soup = get(client, "/whats-on/?page=7")
    assert titles(soup) == ["Tuesday tablets"]
    assert "There is only 1 page, so here is the last one." in soup.get_text()


def test_later_link_shows_the_following_seven_days(client, index, organisation):
    with frozen(2026, 3, 16, 8):
        soup = get(client, "/whats-on/?free=1")
    link = soup.find("a", string="See the 7 days after these")
    assert link["href"] == "?free=1&when=dates&from=2026-03-23&to=2026-03-29"


# -- filters -----------------------------------------------------------------------------------------


@pytest.fixture
def mixed_events(organisation):
    email = factories.HelpTopicFactory(slug="email", name="Email")
    jobs = factories.HelpTopicFactory(slug="job-search", name="Finding a job")
    EventPageFactory(parent=organisation, title="Email basics", topics=[email], levels=["foundation"])
    EventPageFactory(parent=organisation, title="Job club", topics=[jobs], levels=["work"], cost="paid")
    EventPageFactory(
        parent=organisation,
        title="Online chat",
        online=True,
        topics=[email],
        levels=["life"],
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Email basics", "Job club", "Online chat"]),
        ("topic=email", ["Email basics", "Online chat"]),
        ("topic=email&topic=job-search", ["Email basics", "Job club", "Online chat"]),
        ("level=work", ["Job club"]),
        ("level=foundation&level=life", ["Email basics", "Online chat"]),
        ("free=1", ["Email basics", "Online chat"]),
        ("how=online", ["Online chat"]),
        ("how=in_person", ["Email basics", "Job club"]),
        ("topic=email&free=1&how=in_person", ["Email basics"]),
    ],
)
def test_filters_narrow_the_sessions(client, index, mixed_events, query, expected):
    with frozen(2026, 3, 16, 8):
        assert titles(get(client, f"/whats-on/?{query}")) == expected


def test_each_active_filter_is_listed_with_a_link_that_removes_it(client, index, mixed_events):
    with frozen(2026, 3, 16, 8):
        soup = get(client, "/whats-on/?topic=email&level=life&free=1&when=this_week")
    chips = {chip.contents[0].strip(): chip["href"] for chip in soup.select(".active-filters .chip")}
    assert chips == {
        "This week": "?topic=email&level=life&free=1",
        "Email": "?when=this_week&level=life&free=1",
        "I know the basics": "?when=this_week&topic=email&free=1",
        "Free only": "?when=this_week&topic=email&level=life",
    }
    with frozen(2026, 3, 16, 8):
        assert titles(get(client, "/whats-on/" + chips["I know the basics"])) == [
            "Email basics",
            "Online chat",
        ]


def test_a_date_range_shows_those_days_only(client, index, mixed_events):
    with frozen(2026, 3, 16, 8):
        soup = get(client, "/whats-on/?when=dates&from=2026-03-31&to=2026-04-01")
    assert day_headings(soup) == ["Tuesday 31 March"]
    assert "from Tuesday 31 March to Wednesday 1 April" in soup.get_text(" ", strip=True)


def test_a_date_range_chosen_is_listed_as_a_filter_with_its_days_and_months_capitalised(
    client, index, mixed_events
):
    with frozen(2026, 3, 16, 8):
        soup = get(client, "/whats-on/?when=dates&from=2026-03-31&to=2026-04-01")
    chips = [chip.contents[0].strip() for chip in soup.select(".active-filters .chip")]
    assert chips == ["From Tuesday 31 March to Wednesday 1 April"]


@pytest.mark.parametrize(
    "when, moment, words",
    [
        # Sunday afternoon: this weekend and this week are what is left of today.
        ("weekend", (2026, 3, 22, 14), "this weekend (Sunday 22 March)"),
        ("this_week", (2026, 3, 22, 14), "this week (Sunday 22 March)"),
        ("weekend", (2026, 3, 18, 9), "this weekend (Saturday 21 to Sunday 22 March)"),
        ("today", (2026, 3, 16, 8), "today (Monday 16 March)"),
        ("tomorrow", (2026, 3, 16, 8), "tomorrow (Tuesday 17 March)"),
        ("next_7_days", (2026, 3, 16, 8), "in the next 7 days (Monday 16 to Sunday 22 March)"),
        ("next_7_days", (2026, 3, 28, 8), "in the next 7 days (Saturday 28 March to Friday 3 April)"),
    ],
)
def test_the_count_says_which_days_a_choice_of_when_means(client, index, mixed_events, when, moment, words):
    with frozen(*moment):
        soup = get(client, f"/whats-on/?when={when}&topic=no-such-topic-so-none")
    assert words in soup.get_text(" ", strip=True)


def test_dates_typed_the_uk_way_are_understood(client, index, mixed_events):
    with frozen(2026, 3, 16, 8):
        soup = get(client, "/whats-on/?from=31/03/2026&to=31/03/2026")
    assert day_headings(soup) == ["Tuesday 31 March"]


@pytest.fixture
def places(db):
    factories.add_places(
        (PlaceKind.OUTWARD, "SK1", 53.4100, -2.1500), (PlaceKind.PLACE, "Bramhall", 53.3575, -2.1630)
    )


@pytest.fixture
def events_in_places(organisation, places):
    central = factories.VenueFactory(name="Central Library", latitude=53.4066, longitude=-2.1575)
    bramhall = factories.VenueFactory(name="Bramhall Library", latitude=53.3589, longitude=-2.1640)
    EventPageFactory(parent=organisation, title="Central club", venue=central)
    EventPageFactory(parent=organisation, title="Bramhall club", venue=bramhall)
    EventPageFactory(
        parent=organisation,
        title="Bramhall hybrid",
        venue=bramhall,
        attendance=Attendance.MIXED,
        online_details="Join on Zoom.",
    )
    EventPageFactory(
        parent=organisation,
        title="Online chat",
        online=True,
    )


def test_a_place_and_distance_show_nearby_sessions_with_how_far_and_online_ones(
    client, index, events_in_places
):
    with frozen(2026, 3, 16, 8):
        soup = get(client, "/whats-on/?where=SK1&radius=1")
    assert titles(soup) == ["Bramhall hybrid", "Central club", "Online chat"]
    central = soup.find("a", string="Central club").find_parent("li")
    assert "0.4 miles away" in central.get_text(" ", strip=True)
    assert "within 1 mile of SK1" in soup.get_text(" ", strip=True)


def test_in_person_near_a_place_leaves_out_online_sessions(client, index, events_in_places):
    with frozen(2026, 3, 16, 8):
        soup = get(client, "/whats-on/?where=Bramhall&radius=2&how=in_person")
    assert titles(soup) == ["Bramhall club", "Bramhall hybrid"]


# -- bad parameters ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("when=yesterday", "We can't show 'yesterday', so we are showing the next 7 days."),
        ("when=dates", "Choose the dates you want"),
        ("from=31/02/2026", "We don't understand the start date '31/02/2026'."),
        ("from=2026-03-25&to=2026-03-20", "The end date was before the start date, so we swapped them."),
        ("from=2026-03-01&to=2026-03-20", "We can only show sessions from today on"),
        ("from=2026-01-01&to=2026-01-31", "Those dates have passed"),
        ("from=2026-03-20&to=2026-06-20", "We can show up to 31 days at a time"),
        ("from=2029-01-01", "up to a year ahead"),
        ("topic=knitting", "We don't have a help topic called 'knitting'"),
        ("level=expert", "We don't have a level called 'expert'"),
        ("free=perhaps", "'perhaps' is not a choice for cost"),
        ("how=by-pigeon", "'by-pigeon' is not a way of taking part we know"),
        ("page=-3", "There is no page '-3'"),
        ("page=abc", "There is no page 'abc'"),
        ("where=Atlantis", "We couldn't find 'Atlantis'."),
        ("where=SK1&radius=500", "'500' is not a distance we can search, so we used 5 miles."),
    ],
)
def test_a_bad_parameter_gets_a_message_not_an_error(client, index, places, query, message):
    with frozen(2026, 3, 16, 8):
        soup = get(client, f"/whats-on/?{query}")
    notice = soup.select_one(".notice")
    assert notice is not None and message in notice.get_text(" ", strip=True)


def table_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


garbage = st.one_of(
    st.text(max_size=200),
    st.sampled_from(
        ["", "-1", "0", "1e309", "NaN", "2026-02-30", "99/99/9999", "\x00", "<script>", "🙂", "a" * 3000]
    ),
)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    values=st.dictionaries(
        st.sampled_from(["when", "from", "to", "where", "radius", "topic", "level", "free", "how", "page"]),
        garbage,
        max_size=6,
    )
)
def test_any_parameters_give_a_page_and_change_nothing(client, index, values):
    before = table_counts()
    response = client.get("/whats-on/", values)
    # Control characters (NUL above all) are refused before the page sees them (signpost/guards.py).
    refused = any(CONTROL_CHARACTERS.search(value) for value in values.values())
    assert response.status_code == (400 if refused else 200)
    assert table_counts() == before


# -- markup --------------------------------------------------------------------------------------------


def test_whats_on_is_accessible_and_needs_no_javascript(client, index, mixed_events):
    with frozen(2026, 3, 16, 8):
        soup = get(client, "/whats-on/?topic=email")
    assert_accessible_structure(soup)
    form = soup.find("form")
    legends = [legend.get_text(strip=True) for legend in form.find_all("legend")]
    assert legends == [
        "When",
        "Where",
        "How you take part",
        "What you need help with",
        "How confident you feel",
        "Cost",
    ]
    assert form["method"] == "get" and form.find("button", type="submit")
    # One script, which only opens the folded filters where they stand beside the results.
    assert [script["src"] for script in soup.find_all("script", src=True)] == ["/static/js/filters.js"]


def filters_panel(soup):
    panel = soup.select_one("details.whats-on__filters")
    return panel.has_attr("open"), panel.summary.get_text(strip=True)


def test_the_filters_are_open_until_some_are_chosen_then_folded_under_how_many(client, index, mixed_events):
    with frozen(2026, 3, 16, 8):
        assert filters_panel(get(client, "/whats-on/")) == (True, "Filters")
        assert filters_panel(get(client, "/whats-on/?topic=email&free=1")) == (False, "Filters (2 chosen)")


def test_the_filters_stay_open_when_a_message_asks_for_a_change(client, index, places):
    with frozen(2026, 3, 16, 8):
        assert filters_panel(get(client, "/whats-on/?where=Atlantis&free=1")) == (True, "Filters (1 chosen)")


def test_filtered_views_are_not_indexed_by_search_engines(client, index):
    with frozen(2026, 3, 16, 8):
        assert not get(client, "/whats-on/").find("meta", attrs={"name": "robots"})
        assert (
            get(client, "/whats-on/?when=today").find("meta", attrs={"name": "robots"})["content"]
            == "noindex"
        )


def test_the_number_of_queries_does_not_grow_with_the_number_of_events(client, index, organisation):
    def queries() -> int:
        with frozen(2026, 3, 16, 8), CaptureQueriesContext(connection) as context:
            get(client, "/whats-on/")
        return len(context)

    EventPageFactory(parent=organisation, title="Club", repeat=Repeat.WEEKLY)
    queries()  # the first request also fills caches (the site's root paths)
    few = queries()
    for number in range(20):
        EventPageFactory(parent=organisation, title=f"Club {number}", repeat=Repeat.WEEKLY, days=["MO", "TU"])
    queries()  # the first request after a change reads the menus and settings again (caching/)
    assert queries() == few


# -- listings' regular sessions beside events (issue 13) ------------------------------------------------


def whats_on_sessions(client, url) -> list[tuple[str, str]]:
    """(day heading, title) for each session shown."""
    soup = get(client, url)
    return [
        (section.h2.get_text(strip=True), title.get_text(strip=True))
        for section in soup.select(".session-day")
        for title in section.select(".session__title")
    ]


def test_listings_regular_sessions_are_shown_beside_events(client, index, directory, organisation):
    EventPageFactory(
        parent=organisation, title="Christmas cards online", start_date=D(2026, 12, 22), days=["TU"]
    )
    with frozen(2026, 12, 21, 8):  # Monday; Friday 25 December is Christmas Day
        shown = whats_on_sessions(client, "/whats-on/")
    assert ("Today, Monday 21 December", "Universal Credit claim support") in shown
    assert ("Tomorrow, Tuesday 22 December", "Email drop-in") in shown
    assert ("Tomorrow, Tuesday 22 December", "Christmas cards online") in shown
    assert ("Thursday 24 December", "Email drop-in") in shown
    # Bank holidays: no Friday sessions on Christmas Day, none on the Boxing Day holiday (Monday 28th).
    assert not [title for day, title in shown if day.startswith("Friday 25")]
    assert not [title for day, title in shown if day.startswith("Monday 28")]
    # Closed and draft listings, and phone help (not a session to go to), are not shown.
    titles_shown = {title for _day, title in shown}
    assert not titles_shown & {"Old email class", "Secret email plans", "Digital helpline"}


def test_a_session_past_midnight_is_on_the_day_it_starts(client, index, directory):
    with frozen(2026, 3, 7, 0, 30):  # Saturday 00:30: Friday's late session is still going
        soup = get(client, "/whats-on/?when=today")
    late = soup.find("a", string="Late night phone and tablet help").find_parent("li")
    assert "Happening now" in late.get_text()
    assert "10pm to 1am" in late.get_text()


def test_a_venue_closure_takes_every_listings_sessions_there_off_whats_on(client, index, directory):
    from directory.models import Venue, VenueClosure

    VenueClosure.objects.create(
        venue=Venue.objects.get(name="Stockport Central Library"),
        first_date=D(2026, 3, 16),
        last_date=D(2026, 3, 22),
        note="Roof repairs",
    )
    with frozen(2026, 3, 16, 8):
        this_week = whats_on_sessions(client, "/whats-on/?when=this_week")
        next_week = whats_on_sessions(client, "/whats-on/?when=dates&from=2026-03-23&to=2026-03-29")
    assert ("Tomorrow, Tuesday 17 March", "Email drop-in") not in this_week
    assert ("Thursday 19 March", "Email drop-in") in this_week  # at Bramhall, which is open
    assert "Late night phone and tablet help" not in {title for _day, title in this_week}
    assert ("Tuesday 24 March", "Email drop-in") in next_week


def grouping_queries(context) -> list[str]:
    return [
        query["sql"]
        for query in context.captured_queries
        if "COUNT(" in query["sql"] and "search_directoryentry" in query["sql"]
    ]


def test_listings_are_grouped_by_their_rules_once_until_content_changes(client, index, directory):
    """Grouping every listing by its rules is most of What's on's time on PostgreSQL: the counts are
    kept until content changes, and a change (here a venue's closed dates) shows at once."""
    from directory.models import Venue, VenueClosure

    with frozen(2026, 3, 16, 8):
        with CaptureQueriesContext(connection) as first:
            open_week = whats_on_sessions(client, "/whats-on/?when=this_week")
        with CaptureQueriesContext(connection) as again:
            assert whats_on_sessions(client, "/whats-on/?when=this_week") == open_week
        VenueClosure.objects.create(
            venue=Venue.objects.get(name="Stockport Central Library"),
            first_date=D(2026, 3, 16),
            last_date=D(2026, 3, 22),
        )
        with CaptureQueriesContext(connection) as after_change:
            closed_week = whats_on_sessions(client, "/whats-on/?when=this_week")
    assert (len(grouping_queries(first)), len(grouping_queries(again))) == (1, 0)
    assert len(grouping_queries(after_change)) == 1
    assert ("Tomorrow, Tuesday 17 March", "Email drop-in") in open_week
    assert ("Tomorrow, Tuesday 17 March", "Email drop-in") not in closed_week


def test_events_dates_are_worked_out_once_until_content_changes(client, index, organisation):
    """Every event's dates in the window are most of What's on's time: they are kept while the content
    is unchanged, and a new event shows at once. The next request, later in the day, still leaves out
    sessions that have finished."""

    def event_queries(context) -> list[str]:
        return [query["sql"] for query in context.captured_queries if '"rule_start_date"' in query["sql"]]

    mondays = {"parent": organisation, "start_date": D(2026, 3, 2), "days": ["MO"]}
    EventPageFactory(title="Morning club", start_time=dt.time(9), end_time=dt.time(10), **mondays)
    with frozen(2026, 3, 16, 8), CaptureQueriesContext(connection) as first:
        before = whats_on_sessions(client, "/whats-on/?when=today")
    with frozen(2026, 3, 16, 8, 30), CaptureQueriesContext(connection) as again:
        assert whats_on_sessions(client, "/whats-on/?when=today") == before
    with frozen(2026, 3, 16, 11), CaptureQueriesContext(connection) as later:
        assert whats_on_sessions(client, "/whats-on/?when=today") == []
    EventPageFactory(title="Evening club", start_time=dt.time(18), end_time=dt.time(19), **mondays)
    with frozen(2026, 3, 16, 11), CaptureQueriesContext(connection) as after_change:
        after = whats_on_sessions(client, "/whats-on/?when=today")
    assert before == [("Today, Monday 16 March", "Morning club")]
    assert after == [("Today, Monday 16 March", "Evening club")]
    assert [len(event_queries(context)) for context in (first, again, later, after_change)] == [1, 0, 0, 1]


def test_free_beginner_near_sk5_in_the_next_7_days(client, index, directory, organisation):
    with frozen(2026, 12, 7, 8):  # a Monday
        shown = whats_on_sessions(client, "/whats-on/?where=SK5&radius=10&level=foundation&free=1")
    assert shown == [
        ("Tomorrow, Tuesday 8 December", "Email drop-in"),
        ("Thursday 10 December", "Email drop-in"),
    ]


@pytest.mark.parametrize(
    ("now", "when", "first", "last"),
    [
        (
            local(2026, 12, 5, 11),
            "weekend",
            D(2026, 12, 5),
            D(2026, 12, 6),
        ),  # on a Saturday: today and Sunday
        (local(2026, 12, 2, 11), "weekend", D(2026, 12, 5), D(2026, 12, 6)),  # on a Wednesday: the coming one
        (local(2026, 12, 5, 11), "tomorrow", D(2026, 12, 6), D(2026, 12, 6)),
    ],
)
def test_this_weekend_and_tomorrow_mean_what_a_resident_expects(now, when, first, last):
    window = window_for(when, now)
    assert (window.first_day, window.last_day) == (first, last)


def test_find_helps_format_access_and_language_filters_narrow_listings_sessions(client, index, directory):
    with frozen(2026, 3, 16, 8):
        one_to_one = {title for _day, title in whats_on_sessions(client, "/whats-on/?format=one-to-one")}
        urdu = {title for _day, title in whats_on_sessions(client, "/whats-on/?language=urdu")}
        hearing_loop = {title for _day, title in whats_on_sessions(client, "/whats-on/?access=hearing-loop")}
    assert one_to_one == {"Universal Credit claim support"}
    assert urdu == {"Video calling club"}
    assert hearing_loop == {"Email drop-in", "Late night phone and tablet help"}  # at Central Library


def test_an_unknown_language_gets_a_message_and_is_left_out(client, index, directory):
    with frozen(2026, 3, 16, 8):
        soup = get(client, "/whats-on/?language=klingon")
    assert "We don't have a language called 'klingon', so we left it out." in soup.get_text()
    assert "Email drop-in" in titles(soup)


# -- Find help's FilterSet and result cards (issue 13) ----------------------------------------------------


def notice_messages(soup) -> list[str]:
    """The messages in a page's notice, without the links that follow them."""
    notice = soup.select_one(".notice")
    return [p.get_text(" ", strip=True) for p in notice.find_all("p") if not p.find("a")] if notice else []


@pytest.mark.parametrize(
    "params",
    [
        {"where": "SK99 9ZZ"},
        {"where": "Atlantis"},
        {"where": "x" * 150},
        {"where": "SK1", "radius": "500"},
        {"topic": "knitting"},
        {"level": "expert"},
        {"cost": "cheap"},
        {"format": "pigeon-post"},
        {"access": "lift"},
        {"language": "klingon"},
        {"page": "abc"},
        {"topic": "knitting", "level": "expert", "where": "SK99 9ZZ"},
    ],
    ids=lambda params: "&".join(f"{key}={value[:12]}" for key, value in params.items()),
)
def test_the_same_bad_value_gets_the_same_message_on_find_help_and_whats_on(client, index, directory, params):
    with frozen(2026, 3, 16, 8):
        find_help = client.get("/find/results.json", params).json()["messages"]
        whats_on = notice_messages(get(client, "/whats-on/?" + urlencode(params)))
    assert find_help, "Find help should have said something about the bad value"
    assert whats_on == find_help


@pytest.mark.parametrize("facet", FACETS, ids=lambda facet: facet.name)
def test_every_filter_in_search_facets_reaches_whats_on(client, index, directory, facet):
    """A facet added to search/facets.py is one more case here: What's on's FilterSet is Find help's,
    its form shows the facet with Find help's legend and values, and its bad values get Find help's words."""
    assert issubclass(WhatsOnFilterSet, PlaceAndFacetsFilterSet)
    assert issubclass(FindHelpFilterSet, PlaceAndFacetsFilterSet)
    assert facet.parameter in WhatsOnFilterSet.base_filters
    with frozen(2026, 3, 16, 8):
        soup = get(client, f"/whats-on/?{facet.parameter}=no-such-value")
    group = next(
        (
            fieldset
            for fieldset in soup.find("form").find_all("fieldset")
            if fieldset.legend.get_text(strip=True) == facet.legend
        ),
        None,
    )
    assert group is not None, f"no '{facet.legend}' filter on What's on"
    values = {box["value"] for box in group.find_all("input", attrs={"name": facet.parameter})}
    assert values and values <= set(term_labels()[facet.name])
    expected = client.get("/find/results.json", {facet.parameter: "no-such-value"}).json()["messages"]
    assert notice_messages(soup) == expected


def test_a_facet_value_narrows_whats_on_as_it_narrows_find_help(client, index, directory):
    def listings_on_find_help(query) -> set[str]:
        return {result["title"] for result in client.get(f"/find/results.json?{query}").json()["results"]}

    with frozen(2026, 3, 16, 8):
        for query in ("cost=low_cost", "format=drop-in", "level=work", "topic=email&level=foundation"):
            on_whats_on = {title for _day, title in whats_on_sessions(client, f"/whats-on/?{query}")}
            # Phone help has no sessions to go to, so What's on leaves it out (docs/events-and-sessions.md).
            assert on_whats_on == listings_on_find_help(query) - {"Digital helpline"}, query


def test_free_only_is_find_helps_cost_free(client, index, directory, mixed_events):
    with frozen(2026, 3, 16, 8):
        free_only = whats_on_sessions(client, "/whats-on/?free=1")
        cost_free = whats_on_sessions(client, "/whats-on/?cost=free")
        soup = get(client, "/whats-on/?free=1")
    assert free_only == cost_free and "Video calling club" not in {title for _day, title in free_only}
    assert soup.find("input", attrs={"name": "cost", "value": "free"}).has_attr("checked")


def test_a_listings_session_has_find_helps_card_with_its_time(client, index, directory):
    with frozen(2026, 3, 16, 8):
        find_help = BeautifulSoup(client.get("/find/?q=Email+drop-in").content, "html.parser")
        whats_on = get(client, "/whats-on/?topic=email")
    card = find_help.find("a", string="Email drop-in").find_parent("li", class_="result")
    session = whats_on.find("a", string="Email drop-in").find_parent("li", class_="session")
    assert session.select_one(".session__time").get_text(" ", strip=True) == "10am to 12 noon"
    for part in (".result__summary", ".result__org", ".result__facts"):
        assert session.select_one(part).get_text(" ", strip=True) == card.select_one(part).get_text(
            " ", strip=True
        )
    # The topic chosen is marked as on Find help's cards: with a tick and in words.
    assert "Email (what you searched for)" in session.select_one(".result__facts").get_text(" ", strip=True)


def test_an_events_session_has_find_helps_facts(client, index, mixed_events):
    with frozen(2026, 3, 16, 8):
        soup = get(client, "/whats-on/?topic=email")
    session = soup.find("a", string="Email basics").find_parent("li", class_="session")
    facts = session.select_one(".result__facts").get_text(" ", strip=True)
    assert "Help with: ✓ Email (what you searched for)" in facts
    assert "Level: I'm new to this" in facts
    assert "Cost: free." in facts


@pytest.mark.django_db
def test_the_index_on_latitude_and_longitude_holds_every_column_whats_on_reads_of_the_rows_near_a_place():
    """On PostgreSQL, What's on reads the rows near a place from the index entry_lat_lng alone (an
    index-only scan) only while the index holds every column the query names."""
    import re

    from events.sessions import matching_entries, rows_in_window
    from search.models import DirectoryEntry
    from search.places import Location

    place = {"location": Location("SK1", 53.41, -2.15, kind="outward"), "radius": 5}
    with CaptureQueriesContext(connection) as queries:
        list(rows_in_window(matching_entries(**place), local(2026, 3, 16), local(2026, 3, 23), **place))
    table = DirectoryEntry._meta.db_table
    named = set(re.findall(rf'"{table}"\."(\w+)"', queries[-1]["sql"]))
    index = next(index for index in DirectoryEntry._meta.indexes if index.name == "entry_lat_lng")
    held = {DirectoryEntry._meta.get_field(name).column for name in (*index.fields, *index.include)}
    assert {"latitude", "schedules", "title"} <= named <= held


@pytest.mark.parametrize("near", ["", "&where=SK5&radius=5"])
def test_counting_listings_by_their_rules_gives_the_pages_that_listing_every_session_gives(
    client, index, directory, mixed_events, near
):
    """What's on counts listings' sessions by their sets of rules and makes only a page's sessions
    (events.whats_on.GroupedSessions); each page must be what sorting every session would give, with
    each listing's distance near a place."""
    from django.http import QueryDict

    from events.sessions import listing_session_rows, matching_entries
    from events.whats_on import EVENT, LISTING, find_sessions, parse_whats_on, sort_key

    with frozen(2026, 3, 16, 8):
        query = parse_whats_on(QueryDict(f"when=dates&from=2026-03-16&to=2026-04-10{near}")).query
        grouped, _ = find_sessions(query)
        events = [item for item in grouped[0 : len(grouped)] if item[2] == EVENT]
        place = {"location": query.location, "radius": query.radius}
        rows = listing_session_rows(matching_entries(**place), query.window.start, query.window.end, **place)
        every = sorted(
            events + [(starts, title, LISTING, service_id, row) for starts, title, service_id, row in rows],
            # One listing at two venues at the same time: in the order of its venues.
            key=lambda item: (*sort_key(item), getattr(item[4], "service_location_id", 0)),
        )
    assert len(grouped) == len(every) > 20
    if near:
        everywhere = listing_session_rows(matching_entries(), query.window.start, query.window.end)
        assert 0 < len(rows) < len(everywhere)

    def shown(items):
        return [
            (starts, title, kind, ident, row.ends, getattr(row, "distance", None))
            for starts, title, kind, ident, row in items
        ]

    for first in range(0, len(every), 7):
        assert shown(grouped[first : first + 7]) == shown(every[first : first + 7]), first
        assert grouped.day_at(first) == every[first][0].astimezone(LONDON).date()


def test_the_topics_offered_as_tick_boxes_are_those_some_live_event_or_listing_has(index, home_page):
    from events.whats_on import topics_on_offer

    on_event, on_listing, on_draft, unused = (factories.HelpTopicFactory() for _ in range(4))
    EventPageFactory(parent=index, topics=[on_event])
    EventPageFactory(parent=index, topics=[on_draft, on_event], live=False)
    organisation = factories.OrganisationPageFactory(parent=home_page)
    factories.ServicePageFactory(parent=organisation, topics=[on_listing, on_event])
    factories.ServicePageFactory(parent=organisation, topics=[on_draft], live=False)
    assert topics_on_offer() == {on_event.slug, on_listing.slug}


def test_the_when_and_how_you_take_part_asked_for_are_the_ones_ticked(client, index, directory):
    def ticked(soup, name) -> list[str]:
        return [box["value"] for box in soup.find_all("input", attrs={"name": name, "checked": True})]

    with frozen(2026, 3, 16, 8):
        chosen = get(client, "/whats-on/?when=weekend&how=online")
        default = get(client, "/whats-on/")
    assert (ticked(chosen, "when"), ticked(chosen, "how")) == (["weekend"], ["online"])
    assert (ticked(default, "when"), ticked(default, "how")) == (["next_7_days"], [""])
    label = default.find("label", attrs={"for": "how-any"})
    assert label.get_text() == "Any way" and default.find(id="how-any")["value"] == ""


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plans")
def test_listings_are_grouped_by_their_regular_times_and_fetched_by_them_from_an_index(directory):
    """With thousands of listings, reading and sorting every row of the search index to group them
    by their regular times was a fifth of What's on's time on SQLite: both queries must use the
    index entry_schedules instead."""
    from events.sessions import listing_groups, listing_rows_with, matching_entries

    entries = matching_entries()
    start, end = local(2026, 3, 16), local(2026, 3, 23)
    with CaptureQueriesContext(connection) as grouping:
        groups = listing_groups(entries, start, end)
    with CaptureQueriesContext(connection) as fetching:
        assert listing_rows_with(entries, list(groups)[:2])
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {grouping.captured_queries[-1]['sql']}")
        assert "COVERING INDEX entry_schedules" in str(cursor.fetchall())
        cursor.execute(f"EXPLAIN QUERY PLAN {fetching.captured_queries[-1]['sql']}")
        assert "INDEX entry_schedules" in str(cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plans")
def test_listings_narrowed_by_a_filter_are_grouped_without_going_through_the_index(directory):
    """Through the index, SQLite would look up every row in the index's order to test the filter:
    several times slower than reading the table for the few rows a topic or a cost leaves."""
    from events.sessions import listing_groups, matching_entries

    entries = matching_entries(facets={"topic": ("email",), "cost": ("free",)})
    with CaptureQueriesContext(connection) as grouping:
        listing_groups(entries, local(2026, 3, 16), local(2026, 3, 23), narrowed=True)
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {grouping.captured_queries[-1]['sql']}")
        assert "entry_schedules" not in str(cursor.fetchall())
