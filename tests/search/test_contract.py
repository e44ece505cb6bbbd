"""The engine contract: every case runs against the database engine (SQLite or PostgreSQL, whichever
the suite runs on) and the OpenSearch engine on the real node; they must find the same listings.
Both forgive common misspellings; the finer points of OpenSearch's fuzzy matching and suggester are
tested in test_opensearch.py."""

import contextlib
import dataclasses
import datetime as dt

import pytest
import time_machine
from django.http import QueryDict

from directory.models import ServiceLocationClosure, ServicePage, ServiceSchedule
from search.engines import get_engine
from search.engines.database import DatabaseEngine
from search.engines.fallback import FallbackEngine
from search.engines.opensearch import OpenSearchEngine
from search.filters import parse_search
from search.indexing import reindex_services
from search.opensearch_client import reset_breakers
from search.opensearch_index import all_documents
from signpost.settings.searching import search_backends
from tests import factories
from tests.faults import closed_url, hanging_server

from .conftest import FILTER_CASES, LONDON, OPEN_NOW_CASES, SYNONYM_CASES, schedule


@pytest.fixture(params=["database", "opensearch", "database, cluster stopped", "database, cluster hanging"])
def engine(request, directory, settings):
    if request.param == "database":
        yield DatabaseEngine()
        return
    if request.param == "opensearch":
        index = request.getfixturevalue("opensearch_index")
        index.rebuild(all_documents())
        yield OpenSearchEngine(index)
        return
    # The site as production configures it (OpenSearch for Wagtail's search and ours) with the cluster
    # down: every search falls back to the database engine, which must not go near the cluster.
    with contextlib.ExitStack() as stack:
        url = closed_url() if request.param.endswith("stopped") else stack.enter_context(hanging_server())
        settings.WAGTAILSEARCH_BACKENDS = search_backends(url, "signpost-test", timeout=0.2)
        settings.OPENSEARCH_URL = url
        settings.OPENSEARCH_TIMEOUT = 0.2
        reset_breakers()
        engine = get_engine()
        assert isinstance(engine, FallbackEngine)
        yield engine
        reset_breakers()


def reindex(engine, *services):
    """Bring both indexes up to date after a test changes listings (the database one is already)."""
    ids = [service.pk for service in services]
    reindex_services(ids)
    if isinstance(engine, OpenSearchEngine):
        from search.indexing import build_documents

        engine.index.replace_services(build_documents(ids))


def query_for(**params):
    data = QueryDict(mutable=True)
    for key, value in params.items():
        data.setlist(key, value if isinstance(value, list) else [value])
    return parse_search(data).query


def search(engine, query=None, **params):
    return engine.search(query or query_for(**params))


def titles(results) -> list[str]:
    pages = ServicePage.objects.in_bulk([hit.service_id for hit in results.hits])
    return [pages[hit.service_id].title for hit in results.hits]


def venue_names(results) -> list[str | None]:
    from directory.models import Venue

    venues = Venue.objects.in_bulk([hit.venue_id for hit in results.hits if hit.venue_id])
    return [venues[hit.venue_id].name if hit.venue_id else None for hit in results.hits]


def test_everything_live_and_open_is_listed_a_to_z(engine):
    results = search(engine)
    assert results.total == 6
    assert titles(results) == sorted(titles(results), key=str.lower)
    assert "Secret email plans" not in titles(results)  # a draft
    assert "Old email class" not in titles(results)  # closed


def test_words_find_listings_that_contain_them_title_matches_first(engine):
    assert titles(search(engine, q="tablet")) == ["Late night phone and tablet help", "Email drop-in"]


@pytest.mark.parametrize(("typed", "expected"), [("calling", "Video calling club"), ("clubs", "Job club")])
def test_word_endings_do_not_matter(engine, typed, expected):
    assert expected in titles(search(engine, q=typed))


@pytest.mark.parametrize(("typed", "expected"), SYNONYM_CASES)
def test_help_topic_synonyms_find_listings_on_that_topic(engine, typed, expected):
    assert set(titles(search(engine, q=typed))) == expected


def test_topic_and_other_words_narrow_to_listings_with_both(engine):
    assert titles(search(engine, q="email tablet")) == ["Email drop-in"]


def test_topic_and_words_that_match_nothing_fall_back_to_the_topic(engine):
    assert set(titles(search(engine, q="email knitting"))) == {"Email drop-in", "Digital helpline"}


def test_all_words_first_then_any_of_them(engine):
    assert titles(search(engine, q="night tablet")) == ["Late night phone and tablet help"]
    # No listing has both "tablet" and "spreadsheets": either will do.
    assert set(titles(search(engine, q="tablet spreadsheets"))) == {
        "Late night phone and tablet help",
        "Email drop-in",
    }


@pytest.mark.parametrize(
    ("typed", "expected", "suggestion"),
    [
        ("emial", {"Email drop-in", "Digital helpline"}, "email"),
        ("Univeral Credit", {"Universal Credit claim support"}, "Universal Credit"),
    ],
)
def test_a_misspelt_word_finds_what_it_means_and_is_suggested(engine, typed, expected, suggestion):
    results = search(engine, q=typed)
    assert set(titles(results)) == expected
    assert results.suggestion == suggestion


def test_words_spelt_right_get_no_suggestion(engine):
    assert search(engine, q="email tablet").suggestion == ""


def test_a_listing_whose_title_names_the_topic_comes_before_a_nearer_one_that_only_has_it(engine):
    # Both are on video calls; the club (3.65 miles from SK1) is about them, the late-night help
    # (0.39 miles) only has them among other things.
    assert titles(search(engine, q="zoom", where="SK1", radius="10")) == [
        "Video calling club",
        "Late night phone and tablet help",
    ]
    nearest_first = search(engine, q="zoom", where="SK1", radius="10", sort="distance")
    assert titles(nearest_first) == ["Late night phone and tablet help", "Video calling club"]


def test_listings_that_match_equally_well_come_nearest_first(engine):
    # "club" is in both titles; Marple (3.65 miles from SK1) is nearer than Manchester (6.11).
    assert titles(search(engine, q="club", where="SK1", radius="10")) == ["Video calling club", "Job club"]
    assert titles(search(engine, q="club", where="SK1", radius="10", sort="name")) == [
        "Job club",
        "Video calling club",
    ]


@pytest.mark.parametrize(
    ("typed", "place", "words"),
    [("Bramhall", "Bramhall", ""), ("email help in Bramhall", "Bramhall", "email help")],
)
def test_a_place_typed_as_words_is_searched_near(engine, typed, place, words):
    query = query_for(q=typed, radius="10")
    assert (query.location.label, query.text) == (place, words)
    results = engine.search(query)
    assert venue_names(results)[titles(results).index("Email drop-in")] == "Bramhall Library"
    assert results.hits[0].distance_miles < 0.2


def test_words_that_match_nothing_find_nothing(engine):
    results = search(engine, q="knitting")
    assert results.total == 0 and results.hits == []


def test_a_postcode_sorts_by_distance_within_five_miles(engine):
    results = search(engine, where="SK1 3XE")
    distances = [hit.distance_miles for hit in results.hits]
    assert distances == sorted(distances) and all(distance <= 5 for distance in distances)
    assert "Job club" not in titles(results)  # in Manchester, over 6 miles away
    assert set(titles(results)[:2]) == {
        "Email drop-in",
        "Late night phone and tablet help",
    }  # Central Library


@pytest.mark.parametrize(("radius", "expected"), [("1", 2), ("2", 3), ("5", 4), ("10", 5)])
def test_radius_limits_results_to_that_distance(engine, radius, expected):
    results = search(engine, where="SK1", radius=radius)
    assert results.total == expected == len(results.hits)
    assert all(hit.distance_miles <= int(radius) for hit in results.hits)


def test_distances_are_great_circle_miles(engine):
    results = search(engine, lat="53.4359", lng="-2.1601", radius="1")
    assert titles(results) == ["Universal Credit claim support"]
    assert results.hits[0].distance_miles == pytest.approx(0.0, abs=0.01)
    central = search(engine, where="SK1", radius="1", q="email").hits[0]
    assert central.distance_miles == pytest.approx(0.39, abs=0.01)


def test_a_listing_at_several_venues_appears_once_at_its_nearest(engine):
    near_bramhall = search(engine, where="Bramhall", q="email", radius="10")
    assert titles(near_bramhall).count("Email drop-in") == 1
    assert venue_names(near_bramhall)[titles(near_bramhall).index("Email drop-in")] == "Bramhall Library"
    near_central = search(engine, where="SK1", q="email", radius="10")
    assert (
        venue_names(near_central)[titles(near_central).index("Email drop-in")] == "Stockport Central Library"
    )


@pytest.mark.parametrize("sort", ["name", "relevance"])
def test_the_nearest_venue_is_chosen_whatever_the_order(engine, sort):
    results = search(engine, where="Bramhall", radius="10", sort=sort)
    assert venue_names(results)[titles(results).index("Email drop-in")] == "Bramhall Library"


def test_phone_and_online_help_is_offered_beside_a_place_search(engine):
    results = search(engine, q="email", where="SK1")
    assert "Digital helpline" not in titles(results)
    assert [hit.service_id for hit in results.remote_hits] == [
        ServicePage.objects.get(title="Digital helpline").pk
    ]
    # Any access need: phone help has no building to be step-free.
    assert search(engine, q="email", where="SK1", access="step-free").remote_hits
    assert not search(engine, q="email", where="SK1", level="work").remote_hits


def test_without_a_place_phone_help_is_in_the_list(engine):
    assert "Digital helpline" in titles(search(engine, q="email"))
    assert search(engine, q="email").remote_hits == []


@pytest.mark.usefixtures("ordinary_week")
@pytest.mark.parametrize(("params", "expected"), FILTER_CASES)
def test_each_filter_keeps_only_matching_listings(engine, params, expected):
    results = search(engine, **params)
    assert set(titles(results)) == expected
    assert results.total == len(expected)


@pytest.mark.usefixtures("ordinary_week")
def test_a_session_past_midnight_belongs_to_the_day_it_starts_on(engine):
    # The late night help runs from 10pm on Friday to 1am on Saturday: a Friday session only.
    friday = search(engine, day="fri")
    assert set(titles(friday)) == {"Job club", "Late night phone and tablet help"}
    assert friday.total == 2
    saturday = search(engine, day="sat")
    assert saturday.total == 0 and titles(saturday) == []


@pytest.mark.usefixtures("ordinary_week")
def test_filters_combine_with_place_and_words(engine):
    results = search(engine, where="SK1", q="email", level="foundation", access="step-free", day="thu")
    assert titles(results) == ["Email drop-in"]
    assert venue_names(results) == ["Bramhall Library"]  # the only step-free venue on a Thursday


def test_access_filter_picks_the_venue_that_has_it(engine):
    results = search(engine, where="Bramhall", q="email", radius="10", access="hearing-loop")
    assert venue_names(results) == ["Stockport Central Library"]


def test_facet_counts_match_the_results_each_value_would_give(engine):
    base = {"where": "SK1", "radius": "10"}
    facets = search(engine, **base).facets
    assert facets["topic"]
    for facet, counts in facets.items():
        for value, count in counts.items():
            assert search(engine, **base, **{facet: value}).total == count, (facet, value)


def test_facet_counts_for_a_chosen_facet_ignore_that_facet(engine):
    facets = search(engine, topic="email").facets
    assert facets["topic"]["universal-credit"] == 1
    assert facets["format"] == {"drop-in": 1, "phone": 1}


def test_facet_counts_count_listings_not_venues(engine):
    # The Email drop-in is at two venues: it counts once.
    assert search(engine, topic="email", radius="10", where="SK1").facets["level"] == {"foundation": 1}
    assert search(engine).facets["topic"]["email"] == 2


@pytest.mark.parametrize("radius", ["2", "5"])
def test_a_listing_counts_once_whether_one_or_both_of_its_venues_are_near(engine, radius):
    # The Email drop-in is at Stockport Central Library (3.40 miles from Bramhall), listed first, and
    # at Bramhall Library (0.11 miles), listed second: within 2 miles only the second is near.
    results = search(engine, topic="email", where="Bramhall", radius=radius)
    assert titles(results) == ["Email drop-in"] and results.total == 1
    assert results.facets["level"] == {"foundation": 1}
    assert results.facets["access"]["step-free"] == 1


@pytest.mark.parametrize(("moment", "expected"), OPEN_NOW_CASES)
def test_open_now_uses_uk_time_including_past_midnight(engine, moment, expected):
    with time_machine.travel(moment, tick=False):
        results = search(engine, open="now")
    assert set(titles(results)) == expected
    assert results.total == len(expected)


def test_open_now_on_the_day_the_clocks_go_forward(engine):
    # Sunday 29 March 2026 the clocks went forward: a 10am Tuesday session is 9am UTC after it.
    with time_machine.travel(dt.datetime(2026, 3, 31, 9, 30, tzinfo=dt.UTC), tick=False):
        assert "Email drop-in" in titles(search(engine, open="now"))
    with time_machine.travel(dt.datetime(2026, 3, 24, 9, 30, tzinfo=dt.UTC), tick=False):
        assert "Email drop-in" not in titles(search(engine, open="now"))  # 9:30am GMT: not yet open


def test_a_session_across_the_clocks_going_back_ends_in_wall_clock_time(engine, directory):
    # Saturday 24 October 2026 10pm to 3am: the night the clocks go back is an hour longer.
    late = directory["late"]
    late.locations.first().schedules.update(day="SA", opens_at=dt.time(22), closes_at=dt.time(3))
    reindex(engine, late)
    with time_machine.travel(dt.datetime(2026, 10, 25, 2, 30, tzinfo=dt.UTC), tick=False):  # 2:30am GMT
        assert "Late night phone and tablet help" in titles(search(engine, open="now"))
    with time_machine.travel(dt.datetime(2026, 10, 25, 3, 0, tzinfo=dt.UTC), tick=False):  # 3am GMT
        assert "Late night phone and tablet help" not in titles(search(engine, open="now"))


def test_monthly_and_fortnightly_sessions_are_open_only_on_their_dates(engine, directory):
    video = directory["video"]  # Wednesdays 6pm to 8pm at Marple
    rows = video.locations.first().schedules
    rows.update(repeat="monthly_last")
    helpline = directory["helpline"]  # Mondays and Tuesdays 9 to 5, by phone
    ServiceSchedule.objects.filter(service=helpline).delete()
    ServiceSchedule.objects.create(
        service=helpline, **schedule("TH", (9,), (17,), repeat="fortnightly", valid_from=dt.date(2026, 3, 5))
    )
    reindex(engine, video, helpline)

    def open_at(*moment):
        with time_machine.travel(dt.datetime(*moment, tzinfo=LONDON), tick=False):
            return set(titles(search(engine, open="now")))

    assert "Video calling club" in open_at(2026, 3, 25, 19)  # the last Wednesday of March
    assert "Video calling club" not in open_at(2026, 3, 18, 19)
    assert "Digital helpline" in open_at(2026, 3, 19, 10)  # two weeks after the first date
    assert "Digital helpline" not in open_at(2026, 3, 12, 10)  # the week between
    assert "Digital helpline" not in open_at(2026, 2, 19, 10)  # before the first date


def test_sessions_outside_their_valid_dates_are_not_open(engine, directory):
    uc = directory["uc"]  # Mondays 9:30 to 12:30
    uc.locations.first().schedules.update(valid_to=dt.date(2026, 3, 1))
    reindex(engine, uc)
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, tzinfo=LONDON), tick=False):
        assert "Universal Credit claim support" not in titles(search(engine, open="now"))


def test_temporarily_closed_listings_are_found_but_never_open(engine, directory):
    uc = directory["uc"]
    uc.status = "temporarily_closed"
    uc.save_revision().publish()
    reindex(engine, uc)
    assert "Universal Credit claim support" in titles(search(engine, q="UC"))
    assert "Universal Credit claim support" not in titles(search(engine, day="mon"))
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, tzinfo=LONDON), tick=False):
        assert "Universal Credit claim support" not in titles(search(engine, open="now"))


@pytest.mark.parametrize("sort", ["distance", "relevance", "name"])
def test_every_sort_returns_the_same_listings(engine, sort):
    results = search(engine, where="SK1", radius="10", sort=sort)
    assert set(titles(results)) == set(titles(search(engine, where="SK1", radius="10")))
    if sort == "name":
        assert titles(results) == sorted(titles(results), key=str.lower)
    if sort == "distance":
        assert [hit.distance_miles for hit in results.hits] == sorted(
            hit.distance_miles for hit in results.hits
        )


@pytest.mark.parametrize("params", [{}, {"where": "SK1", "radius": "10"}, {"q": "help"}])
def test_pages_hold_the_results_in_order_once_each(engine, params):
    everything = search(engine, **params)
    pages = []
    for number in (1, 2, 3):
        query = dataclasses.replace(query_for(**params), page=number, per_page=2)
        page = engine.search(query)
        assert page.total == everything.total
        pages += [hit.service_id for hit in page.hits]
    assert pages == [hit.service_id for hit in everything.hits][:6]


def test_a_listing_published_at_a_new_venue_is_found_there(engine, directory):
    jobs = directory["jobs"]
    marple = factories.VenueFactory(name="Marple Job Shop", latitude=53.3951, longitude=-2.0651)
    factories.ServiceAtLocationFactory(service=jobs, venue=marple, sort_order=1)
    reindex(engine, jobs)
    assert "Job club" in titles(search(engine, where="Marple", radius="1"))


# Every engine must agree with the database engine on these, listing for listing, venue for venue.
AGREEMENT_CASES = [
    {},
    {"q": "email"},
    {"q": "help"},
    {"q": "phone help", "sort": "name"},
    {"q": "drop-in"},
    {"q": "library"},
    {"q": "video call club"},
    {"q": "UC"},
    {"q": "benefits claim"},
    {"q": "universal credit help"},
    {"q": "nhs ap"},
    {"q": "job serch"},
    {"q": "tablet", "where": "SK1", "radius": "10"},
    {"where": "SK5"},
    {"where": "SK7", "radius": "10", "sort": "name"},
    {"where": "Marple", "radius": "10", "topic": ["email", "video-calls"]},
    {"where": "SK1", "radius": "10", "level": "foundation", "format": "drop-in"},
    {"where": "SK1", "radius": "2", "q": "email"},
    {"lat": "53.4781", "lng": "-2.2446", "radius": "10", "sort": "distance"},
    {"level": ["life", "work"], "language": "english", "cost": "free"},
    {"access": "step-free", "day": "tue"},
    {"day": "fri", "where": "SK1", "radius": "10"},
    {"day": "sat", "where": "SK1", "radius": "10"},
    {"topic": "email", "where": "SK1", "radius": "10", "access": "step-free"},
    {"q": "emial"},
    {"q": "univeral credit"},
    {"q": "univeral credit", "where": "SK5", "radius": "10"},
    {"q": "zoom", "where": "SK1", "radius": "10"},
    {"q": "club", "where": "SK1", "radius": "10"},
    {"q": "Marple", "radius": "10"},
    {"q": "video calls near SK1", "radius": "10"},
]


@pytest.mark.usefixtures("ordinary_week")
@pytest.mark.parametrize("params", AGREEMENT_CASES, ids=lambda params: repr(params))
def test_opensearch_agrees_with_the_database(directory, opensearch_index, params):
    opensearch_index.rebuild(all_documents())
    query = query_for(**params)
    expected = DatabaseEngine().search(query)
    found = OpenSearchEngine(opensearch_index).search(query)

    def places(results):
        return [(hit.service_id, hit.venue_id, round(hit.distance_miles or 0, 6)) for hit in results.hits]

    assert found.total == expected.total
    assert found.facets == expected.facets
    if query.read.words and query.effective_sort == "relevance" and not query.location:
        # How well words match differs between engines; with a place, best match is the topic band
        # alone, and equal matches go nearest first, so the order is the same.
        assert sorted(places(found)) == sorted(places(expected))
    else:
        assert places(found) == places(expected)
    assert {hit.service_id for hit in found.remote_hits} == {hit.service_id for hit in expected.remote_hits}


# -- bank holidays and closures (issue 13): "open now" is false on a closed day ------------------------


def open_titles(engine, *moment) -> set[str]:
    with time_machine.travel(dt.datetime(*moment, tzinfo=LONDON), tick=False):
        return set(titles(search(engine, open="now")))


def test_open_now_is_false_on_a_bank_holiday_the_regular_time_skips(engine, directory):
    # Monday 31 August 2026 is the summer bank holiday; the Monday before is an ordinary day.
    assert "Universal Credit claim support" not in open_titles(engine, 2026, 8, 31, 10)
    assert "Universal Credit claim support" in open_titles(engine, 2026, 8, 24, 10)


def test_open_now_is_true_on_a_bank_holiday_when_the_time_runs_on_them(engine, directory):
    uc = directory["uc"]
    uc.locations.first().schedules.update(skip_bank_holidays=False)
    reindex(engine, uc)
    assert "Universal Credit claim support" in open_titles(engine, 2026, 8, 31, 10)


def close_at_venue(engine, listing, venue_name, first: tuple, last: tuple, note: str):
    """Closes `listing` from the day `first` to `last` at one of its venues (not at the others)."""
    ServiceLocationClosure.objects.create(
        service_location=listing.locations.get(venue__name=venue_name),
        first_date=dt.date(*first),
        last_date=dt.date(*last),
        note=note,
    )
    reindex(engine, listing)


def test_open_now_is_false_in_a_closed_period_at_the_listings_venue(engine, directory):
    email = directory["email"]  # Tuesdays at Central, Thursdays at Bramhall
    close_at_venue(engine, email, "Stockport Central Library", (2026, 12, 22), (2027, 1, 2), "Christmas")
    assert "Email drop-in" not in open_titles(engine, 2026, 12, 29, 11)  # a Tuesday, closed
    assert "Email drop-in" in open_titles(engine, 2026, 12, 31, 15)  # Thursday at Bramhall: open
    assert "Email drop-in" in open_titles(engine, 2027, 1, 5, 11)  # the Tuesday after


def test_open_now_is_false_when_the_venue_is_closed(engine, directory):
    from directory.models import Venue, VenueClosure

    central = Venue.objects.get(name="Stockport Central Library")
    VenueClosure.objects.create(venue=central, first_date=dt.date(2026, 11, 3), note="Heating repairs")
    if isinstance(engine, OpenSearchEngine):  # the database index follows the venue by itself
        reindex(engine, directory["email"], directory["late"])
    assert "Email drop-in" not in open_titles(engine, 2026, 11, 3, 11)
    assert "Email drop-in" in open_titles(engine, 2026, 11, 10, 11)


def test_a_session_past_midnight_is_not_open_after_a_skipped_bank_holiday(engine, directory):
    # Late night help runs Fridays 10pm to 1am; Friday 25 December 2026 is Christmas Day.
    assert "Late night phone and tablet help" in open_titles(engine, 2026, 12, 19, 0, 30)
    assert "Late night phone and tablet help" not in open_titles(engine, 2026, 12, 25, 23)
    assert "Late night phone and tablet help" not in open_titles(engine, 2026, 12, 26, 0, 30)


# -- the day filter means the coming such day, and a closed day does not count (issue 13) ----------------


def search_at(engine, moment, **params):
    with time_machine.travel(dt.datetime(*moment, tzinfo=LONDON), tick=False):
        return search(engine, **params)


def day_titles(engine, day, *moment) -> set[str]:
    return set(titles(search_at(engine, moment, day=day)))


def test_the_day_filter_means_the_coming_day_and_skips_a_bank_holiday(engine, directory):
    # Job club (Fridays 10am) and the late night help (Fridays 10pm) skip bank holidays, as new times do.
    friday_sessions = {"Job club", "Late night phone and tablet help"}
    assert day_titles(engine, "fri", 2026, 12, 14, 9) == friday_sessions  # Friday 18 December
    assert day_titles(engine, "fri", 2026, 12, 21, 9) == set()  # Friday 25 December: Christmas Day
    assert day_titles(engine, "fri", 2026, 12, 25, 9) == set()  # today is that Friday
    assert day_titles(engine, "fri", 2026, 12, 26, 9) == set()  # Friday 1 January: New Year's Day
    assert day_titles(engine, "fri", 2027, 1, 2, 9) == friday_sessions  # Friday 8 January


def test_the_day_filter_counts_a_bank_holiday_when_the_time_runs_on_them(engine, directory):
    jobs = directory["jobs"]
    jobs.locations.first().schedules.update(skip_bank_holidays=False)
    reindex(engine, jobs)
    assert day_titles(engine, "fri", 2026, 12, 21, 9) == {"Job club"}
    results = search_at(engine, (2026, 12, 21, 9), day="fri")
    assert results.total == 1 and results.facets["level"] == {"work": 1}


def test_the_day_filter_skips_a_closed_period_at_the_listings_venue(engine, directory):
    email = directory["email"]  # Tuesdays at Central, Thursdays at Bramhall
    close_at_venue(engine, email, "Bramhall Library", (2026, 12, 7), (2026, 12, 11), "Staff training")
    assert "Email drop-in" not in day_titles(engine, "thu", 2026, 12, 7, 9)  # Thursday 10 December
    assert "Email drop-in" in day_titles(engine, "tue", 2026, 12, 7, 9)  # Tuesday at Central
    assert "Email drop-in" in day_titles(engine, "thu", 2026, 12, 11, 9)  # Thursday 17 December
    # The closed venue is not the one found for a Tuesday near Bramhall either: Central is.
    results = search_at(engine, (2026, 12, 7, 9), day="tue", where="SK7", radius="10")
    assert venue_names(results)[titles(results).index("Email drop-in")] == "Stockport Central Library"


def test_the_day_filter_skips_a_closed_venue(engine, directory):
    from directory.models import Venue, VenueClosure

    central = Venue.objects.get(name="Stockport Central Library")
    closure = VenueClosure.objects.create(
        venue=central, first_date=dt.date(2026, 12, 14), last_date=dt.date(2026, 12, 20), note="Repairs"
    )
    if isinstance(engine, OpenSearchEngine):  # the database index follows the venue by itself
        reindex(engine, directory["email"], directory["late"])
    # Tuesday 15 December: the email drop-in is at Central; the helpline is by phone, so still on.
    assert day_titles(engine, "tue", 2026, 12, 14, 9) == {"Digital helpline"}
    assert day_titles(engine, "fri", 2026, 12, 14, 9) == {"Job club"}  # not the late night help
    assert open_titles(engine, 2026, 12, 18, 23) == set()  # the late night help, Friday 18 December
    closure.delete()  # reopened: the index follows
    if isinstance(engine, OpenSearchEngine):
        reindex(engine, directory["email"], directory["late"])
    assert day_titles(engine, "tue", 2026, 12, 14, 9) == {"Digital helpline", "Email drop-in"}


def test_open_now_is_false_on_christmas_day_for_a_friday_time(engine, directory):
    assert "Job club" in open_titles(engine, 2026, 12, 18, 11)
    assert "Job club" not in open_titles(engine, 2026, 12, 25, 11)


def test_a_listings_closed_dates_reach_the_index_when_it_is_published(directory):
    email = directory["email"]
    ServiceLocationClosure.objects.create(
        service_location=email.locations.get(venue__name="Bramhall Library"), first_date=dt.date(2026, 12, 10)
    )
    email.save_revision().publish()  # as the editor's "Publish" does, with no reindex by hand
    assert "Email drop-in" not in day_titles(DatabaseEngine(), "thu", 2026, 12, 7, 9)
    ServiceLocationClosure.objects.all().delete()
    ServicePage.objects.get(pk=email.pk).save_revision().publish()
    assert "Email drop-in" in day_titles(DatabaseEngine(), "thu", 2026, 12, 7, 9)
