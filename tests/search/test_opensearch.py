"""The OpenSearch engine on the real node: typos and suggestions, autocomplete, the index following the
content, rebuilding without a gap, and the database answering whenever the cluster cannot."""

import dataclasses
import datetime as dt
import json
import logging
import socket
import threading
import time
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import transaction
from django.http import QueryDict

from core.choices import Repeat, Weekday
from directory.models import ServicePage
from search.documents import ScheduleRule
from search.engines import get_engine, opensearch
from search.engines.database import DatabaseEngine
from search.engines.opensearch import (
    OpenSearchEngine,
    Plan,
    kinds_on,
    last_minute_begun,
    listings_in,
    open_minutes_now,
)
from search.filters import parse_search
from search.opensearch_client import CircuitBreaker, breaker_for
from search.opensearch_index import all_documents, session_minutes, synonym_rules, with_listing
from search.spelling import replace_words
from tests import factories

LONDON = ZoneInfo("Europe/London")


def query_for(text="", **params):
    data = QueryDict(mutable=True)
    if text:
        data["q"] = text
    for key, value in params.items():
        data.setlist(key, value if isinstance(value, list) else [value])
    return parse_search(data).query


def titles(results) -> set[str]:
    pages = ServicePage.objects.in_bulk([hit.service_id for hit in results.hits])
    return {pages[hit.service_id].title for hit in results.hits}


@pytest.fixture
def engine(directory, opensearch_index):
    opensearch_index.rebuild(all_documents())
    return OpenSearchEngine(opensearch_index)


# -- typos and suggestions ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected", "suggestion"),
    [
        ("emial", {"Email drop-in", "Digital helpline"}, "email"),
        ("help with my emial", {"Email drop-in", "Digital helpline"}, "help with my email"),
        ("univeral credit", {"Universal Credit claim support"}, "universal credit"),
        ("facetim", {"Video calling club", "Late night phone and tablet help"}, ""),
        ("vidoe calling", {"Video calling club", "Late night phone and tablet help"}, "video calling"),
        ("tabelt", {"Email drop-in", "Late night phone and tablet help"}, "tablet"),
        ("job serch", {"Job club"}, ""),
        ("nhs ap", {"Digital helpline"}, ""),
        ("prescripton", {"Digital helpline"}, "prescription"),
    ],
)
def test_misspelt_words_still_find_the_right_help(engine, typed, expected, suggestion):
    results = engine.search(query_for(typed))
    assert titles(results) == expected
    if suggestion:
        assert results.suggestion == suggestion


def test_a_suggestion_keeps_the_words_that_were_right(engine):
    # Right words stay as typed; a corrected word takes the case of the word it replaces.
    assert engine.search(query_for("Univeral Credit journal")).suggestion == "Universal Credit journal"
    assert engine.search(query_for("univeral Credit journal")).suggestion == "universal Credit journal"


def test_no_suggestion_when_every_word_was_found(engine):
    assert engine.search(query_for("video calling")).suggestion == ""
    assert engine.search(query_for("email tablet")).suggestion == ""


def test_typos_are_forgiven_only_when_the_words_as_typed_find_nothing(engine):
    # "club" is a real word: no fuzzy matches such as "clubs" for "cub", no "Did you mean".
    results = engine.search(query_for("club"))
    assert titles(results) == {"Video calling club", "Job club"}
    assert results.suggestion == ""


def test_one_misspelt_word_is_forgiven_before_the_other_words_alone_are_searched(directory, opensearch_index):
    # "credit" alone matches a credit union listing; "univeral credit" means Universal Credit.
    parent = ServicePage.objects.get(title="Email drop-in").get_parent()
    factories.ServicePageFactory(
        parent=parent, title="Credit union accounts", summary="Open a credit union savings account online."
    )
    opensearch_index.rebuild(all_documents())
    engine = OpenSearchEngine(opensearch_index)
    assert titles(engine.search(query_for("credit"))) == {
        "Credit union accounts",
        "Universal Credit claim support",
    }
    results = engine.search(query_for("univeral credit"))
    assert titles(results) == {"Universal Credit claim support"}
    assert results.suggestion == "universal credit"


def test_words_nothing_like_any_listing_still_find_nothing(engine):
    results = engine.search(query_for("knitting"))
    assert results.total == 0 and results.suggestion == ""


def test_typos_are_forgiven_within_a_place_and_filters(engine):
    results = engine.search(query_for("emial", where="SK1", radius="10", level="foundation"))
    assert titles(results) == {"Email drop-in"}
    assert [hit.service_id for hit in results.remote_hits] == [
        ServicePage.objects.get(title="Digital helpline").pk
    ]


def test_did_you_mean_is_shown_and_links_to_the_corrected_search(client, directory, opensearch_site):
    opensearch_site.rebuild(all_documents())
    html = client.get("/find/", {"q": "univeral credit", "where": "SK5"}).content.decode()
    assert 'Did you mean <a href="?q=universal+credit&amp;where=SK5">universal credit</a>?' in html
    assert "Universal Credit claim support" in html


def test_did_you_mean_keeps_the_residents_other_choices(client, directory, opensearch_site):
    opensearch_site.rebuild(all_documents())
    params = {"q": "univeral credit", "where": "SK5", "radius": "2", "level": "life", "day": "mon"}
    html = client.get("/find/", {**params, "sort": "name", "page": "1"}).content.decode()
    link = "?q=universal+credit&amp;where=SK5&amp;radius=2&amp;level=life&amp;day=mon&amp;sort=name"
    assert f'Did you mean <a href="{link}">universal credit</a>?' in html


# -- autocomplete --------------------------------------------------------------------------------


def test_autocomplete_offers_topics_then_listing_names(engine):
    assert engine.autocomplete("univ cred") == [
        "Universal Credit and benefits",
        "Universal Credit claim support",
    ]
    assert engine.autocomplete("Vid") == ["Video calls", "Video calling club"]


def test_autocomplete_matches_any_word_of_a_name(engine):
    assert "Late night phone and tablet help" in engine.autocomplete("tabl")
    assert "Finding a job" in engine.autocomplete("job")


def test_autocomplete_forgives_a_typo_when_nothing_starts_that_way(engine):
    assert engine.autocomplete("emial") == ["Email", "Email drop-in"]


def test_autocomplete_needs_two_letters_and_never_offers_hidden_listings(engine):
    assert engine.autocomplete("e") == []
    assert "Secret email plans" not in engine.autocomplete("secret")
    assert "Old email class" not in engine.autocomplete("old")


def test_search_box_offers_suggestions_only_as_an_enhancement(client, directory):
    html = client.get("/find/").content.decode()
    assert 'data-autocomplete="/find/autocomplete.json"' in html
    assert "js/autocomplete.js" in html
    assert "<datalist" not in html  # the script adds it: without JavaScript the box is a plain text box


def test_autocomplete_endpoint_answers_from_opensearch(client, directory, opensearch_site):
    opensearch_site.rebuild(all_documents())
    response = client.get("/find/autocomplete.json", {"q": "nhs"})
    assert response.json() == {"suggestions": ["NHS App"]}
    assert client.get("/find/autocomplete.json", {"q": "x" * 500}).status_code == 200


# -- the index follows the content ------------------------------------------------------------


@pytest.fixture
def synced(directory, opensearch_site, django_capture_on_commit_callbacks):
    """The site on OpenSearch, indexed; changes reach the index when their transaction commits."""
    opensearch_site.rebuild(all_documents())
    engine = OpenSearchEngine(opensearch_site)

    def found(text="", **params):
        return titles(engine.search(query_for(text, **params)))

    def change():
        return django_capture_on_commit_callbacks(execute=True)

    return found, change


def test_publishing_a_listing_adds_it(synced, directory):
    found, change = synced
    with change():
        listing = factories.ServicePageFactory(
            parent=directory["email"].get_parent(), title="Spreadsheets for beginners", live=False
        )
        listing.save_revision().publish()
    assert found("spreadsheets") == {"Spreadsheets for beginners"}


def test_unpublishing_a_listing_removes_it(synced, directory):
    found, change = synced
    with change():
        directory["uc"].unpublish()
    assert "Universal Credit claim support" not in found()
    assert found("UC") == set()


def test_deleting_a_listing_removes_it(synced, directory):
    found, change = synced
    with change():
        directory["jobs"].delete()
    assert "Job club" not in found()


def test_editing_a_listing_updates_it(synced, directory):
    found, change = synced
    uc = directory["uc"]
    with change():
        uc.title = "Benefits claim help"
        uc.save_revision().publish()
    assert found("benefits claim help") == {"Benefits claim help"}
    assert found("Universal Credit claim support") == {"Benefits claim help"}  # still on the topic


def test_moving_a_listing_to_another_organisation_updates_it(synced, directory, opensearch_site):
    found, change = synced
    email = directory["email"]
    new_home = directory["uc"].get_parent()
    with change():
        email.move(new_home, pos="last-child")
    response = opensearch_site.client.search(
        index=opensearch_site.alias, body={"query": {"term": {"service_id": email.pk}}}
    )
    assert {hit["_source"]["organisation"] for hit in response["hits"]["hits"]} == {"Reddish Community Hub"}


def test_unpublishing_an_organisation_removes_its_listings(synced, directory, admin_user):
    found, change = synced
    from wagtail.actions.unpublish_page import UnpublishPageAction

    with change():
        organisation = directory["uc"].get_parent().specific
        UnpublishPageAction(organisation, user=admin_user, include_descendants=True).execute()
    assert found() == {"Email drop-in", "Job club", "Digital helpline"}


def documents_of(index, services) -> list[dict]:
    response = index.client.search(
        index=index.alias,
        body={"query": {"terms": {"service_id": [service.pk for service in services]}}, "size": 100},
    )
    return [hit["_source"] for hit in response["hits"]["hits"]]


def test_renaming_and_publishing_an_organisation_renames_it_on_its_listings(
    synced, directory, opensearch_site
):
    found, change = synced
    listings = [directory["uc"], directory["video"], directory["late"]]
    organisation = directory["uc"].get_parent().specific
    assert {document["organisation"] for document in documents_of(opensearch_site, listings)} == {
        "Reddish Community Hub"
    }
    with change():
        organisation.title = "Reddish Digital Friends"
        organisation.save_revision().publish()
    documents = documents_of(opensearch_site, listings)
    assert {document["service_id"] for document in documents} == {listing.pk for listing in listings}
    assert {document["organisation"] for document in documents} == {"Reddish Digital Friends"}
    # The other organisation's listings keep their name.
    assert {document["organisation"] for document in documents_of(opensearch_site, [directory["jobs"]])} == {
        "Library Digital Volunteers"
    }


def test_deleting_an_organisation_removes_its_listings(synced, directory, opensearch_site):
    found, change = synced
    listings = [directory["uc"], directory["video"], directory["late"]]
    assert len(documents_of(opensearch_site, listings)) == 3
    with change():
        directory["uc"].get_parent().specific.delete()
    assert documents_of(opensearch_site, listings) == []
    assert found() == {"Email drop-in", "Job club", "Digital helpline"}


def test_moving_a_venue_moves_its_listings(synced, directory):
    found, change = synced
    jobs_venue = directory["jobs"].locations.first().venue  # Manchester Central Library
    assert "Job club" not in found(where="Marple", radius="1")
    with change():
        jobs_venue.latitude, jobs_venue.longitude = 53.3952, -2.0652  # to Marple
        jobs_venue.save()
    assert "Job club" in found(where="Marple", radius="1")


def test_a_change_that_is_rolled_back_never_reaches_the_index(synced, directory):
    found, change = synced

    class Abandoned(Exception):
        pass

    with change(), pytest.raises(Abandoned), transaction.atomic():
        directory["uc"].unpublish()
        raise Abandoned
    assert "Universal Credit claim support" in found()


# -- rebuilding ----------------------------------------------------------------------------------


def test_rebuild_command_builds_both_indexes_and_moves_the_alias(directory, opensearch_site, capsys):
    call_command("rebuild_directory_index")
    first = set(opensearch_site.client.indices.get_alias(name=opensearch_site.alias))
    call_command("rebuild_directory_index")
    second = set(opensearch_site.client.indices.get_alias(name=opensearch_site.alias))
    output = capsys.readouterr().out
    assert "Database index: 7 entries." in output
    assert "6 listings (7 documents)" in output
    assert len(first) == len(second) == 1 and first != second
    # The index the alias left is kept until the next rebuild, for searches already running on it.
    assert set(opensearch_site.client.indices.get(index=f"{opensearch_site.alias}-*")) == first | second
    call_command("rebuild_directory_index")
    third = set(opensearch_site.client.indices.get_alias(name=opensearch_site.alias))
    # Then it is deleted: the live index and the one just retired are left.
    assert set(opensearch_site.client.indices.get(index=f"{opensearch_site.alias}-*")) == second | third
    assert titles(OpenSearchEngine(opensearch_site).search(query_for("email"))) == {
        "Email drop-in",
        "Digital helpline",
    }


def test_rebuild_picks_up_changed_synonyms(directory, opensearch_site):
    from directory.models import HelpTopic

    opensearch_site.rebuild(all_documents())
    engine = OpenSearchEngine(opensearch_site)
    assert engine.search(query_for("wordsworth")).total == 0
    HelpTopic.objects.filter(slug="job-search").update(synonyms="cv, jobs, job, wordsworth")
    opensearch_site.rebuild(all_documents())
    assert titles(engine.search(query_for("wordsworth"))) == {"Job club"}


def test_searches_during_a_rebuild_never_come_back_empty(directory, opensearch_site):
    opensearch_site.rebuild(all_documents())
    engine = OpenSearchEngine(opensearch_site)
    queries = [query_for("email"), query_for(where="SK1", radius="10"), query_for("tablet")]
    expected = [engine.search(query).total for query in queries]
    assert all(expected)
    stop = threading.Event()
    outcomes: list[tuple[int, int] | Exception] = []

    def keep_searching():
        while not stop.is_set():
            for number, query in enumerate(queries):
                try:
                    outcomes.append((number, engine.search(query).total))
                except Exception as error:  # recorded, and the test fails below
                    outcomes.append(error)

    threads = [threading.Thread(target=keep_searching) for _ in range(2)]
    for thread in threads:
        thread.start()
    try:
        for _ in range(3):
            opensearch_site.rebuild(all_documents())
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    errors = [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    assert errors == []
    assert len(outcomes) > 10
    assert all(total == expected[number] for number, total in outcomes)


def test_rebuild_command_says_plainly_when_the_cluster_cannot_be_reached(directory, settings):
    from django.core.management.base import CommandError

    settings.OPENSEARCH_URL = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(CommandError, match="Could not rebuild the OpenSearch index .* still in use"):
        call_command("rebuild_directory_index", "--skip-database")


def test_rebuild_command_without_opensearch_rebuilds_the_database_only(directory, settings, capsys):
    settings.OPENSEARCH_URL = ""
    call_command("rebuild_directory_index")
    assert "OpenSearch: not configured" in capsys.readouterr().out


# -- open now: the numbers the query uses -------------------------------------------------------


def test_last_minute_begun_is_wall_clock_time_on_ordinary_days_and_clock_changes():
    moment = dt.datetime(2026, 3, 2, 10, 15, 30, tzinfo=LONDON)
    assert last_minute_begun(dt.date(2026, 3, 2), moment) == 10 * 60 + 15
    assert last_minute_begun(dt.date(2026, 3, 1), moment) == 24 * 60 - 1
    assert last_minute_begun(dt.date(2026, 3, 3), moment) == -1
    # 29 March 2026, 1:30am GMT is 2:30am BST: times between 1am and 2am do not exist that day.
    assert (
        last_minute_begun(dt.date(2026, 3, 29), dt.datetime(2026, 3, 29, 1, 30, tzinfo=dt.UTC)) == 2 * 60 + 30
    )
    # 25 October 2026, the clocks go back at 2am BST: 1:30am GMT is the second 1:30. A time written
    # 1am to 1:59am means the first (BST) one, as RegularTime reads it, so all of them have begun.
    assert last_minute_begun(dt.date(2026, 10, 25), dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC)) == 119
    assert last_minute_begun(dt.date(2026, 10, 25), dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC)) == 90


def test_kinds_on_a_date_name_its_place_in_the_month():
    assert kinds_on(dt.date(2026, 3, 2)) == ["weekly", "monthly_1"]
    assert kinds_on(dt.date(2026, 3, 30)) == ["weekly", "monthly_5", "monthly_last"]
    assert kinds_on(dt.date(2026, 3, 25)) == ["weekly", "monthly_4", "monthly_last"]


def undated_times() -> list[ScheduleRule]:
    """A regular time of each repeat on each weekday: mornings, past midnight, to midnight and all day
    round, skipping bank holidays or not."""
    hours = [("10:00", "12:30"), ("22:00", "01:00"), ("18:00", "00:00"), ("09:00", "09:00")]
    return [
        ScheduleRule(day, repeat, opens, closes, None, None, skips)
        for day in Weekday.values
        for repeat in Repeat.values
        for opens, closes in hours
        for skips in (False, True)
    ]


@pytest.mark.parametrize(
    "first",
    [
        dt.datetime(2026, 3, 28, tzinfo=LONDON),  # the clocks go forward on Sunday 29 March
        dt.datetime(2026, 10, 24, tzinfo=LONDON),  # and back on Sunday 25 October
        dt.datetime(2026, 12, 24, tzinfo=LONDON),  # Christmas Day, then Boxing Day on Monday 28th
        dt.datetime(2026, 4, 29, tzinfo=LONDON),  # a month's last Thursday, then a Friday the 1st
    ],
)
def test_open_minutes_agree_with_the_regular_times_every_half_hour(first):
    times = [(rule, rule.regular_time(), session_minutes(rule)) for rule in undated_times()]
    for step in range(3 * 48):
        moment = (first + dt.timedelta(minutes=30 * step)).astimezone(dt.UTC)
        today = moment.astimezone(LONDON).date()
        points = open_minutes_now(today, last_minute_begun(today, moment))
        for rule, regular_time, spans in times:
            indexed = any(span["gte"] <= point < span["lt"] for span in spans for point in points)
            assert indexed == regular_time.is_open_at(moment), (rule, moment)


def test_dated_times_have_no_open_minutes():
    assert session_minutes(ScheduleRule("MO", "weekly", "10:00", "12:00", None, None))
    assert not session_minutes(ScheduleRule("MO", "weekly", "10:00", "12:00", "2026-03-02", None))
    assert not session_minutes(ScheduleRule("MO", "fortnightly", "10:00", "12:00", None, "2026-03-30"))
    closed = (("2026-12-22", "2027-01-02"),)
    assert not session_minutes(ScheduleRule("MO", "weekly", "10:00", "12:00", None, None, True, closed))


def test_a_search_asks_each_of_its_requests_about_one_moment(engine, monkeypatch):
    # A query made without its moment: the clock moves between requests, the search's moment does not.
    moments = iter(dt.datetime(2026, 3, 2, 12, 29, tzinfo=LONDON) + dt.timedelta(minutes=n) for n in range(9))
    monkeypatch.setattr("search.engines.opensearch.local_now", lambda: next(moments))
    made = []
    monkeypatch.setattr(
        "search.engines.opensearch.open_now_filter",
        lambda moment, make=opensearch.open_now_filter: made.append(moment) or make(moment),
    )
    query = dataclasses.replace(query_for(open="now", where="SK1", radius="10"), now=None)
    results = engine.search(query)
    assert made == [dt.datetime(2026, 3, 2, 12, 29, tzinfo=LONDON)]  # once, for all the requests
    assert titles(results) == {"Universal Credit claim support"}  # until 12:30
    helpline = ServicePage.objects.get(title="Digital helpline")
    assert [hit.service_id for hit in results.remote_hits] == [helpline.pk]


def test_counts_read_more_documents_than_the_guessed_precision_are_asked_for_again(engine, monkeypatch):
    # An access need chosen: every count is a cardinality of listings, and no request first tells how
    # many documents they read, so their precision is a guess, checked against the documents read.
    query = query_for(where="SK1", radius="10", access="step-free")
    precisions = []
    counts_search = engine.counts_search
    monkeypatch.setattr(
        engine, "counts_search", lambda *args: precisions.append(args[-1].documents) or counts_search(*args)
    )
    guessed = engine.search(query)
    assert precisions == [opensearch.GUESSED_DOCUMENTS] and guessed.total == 2

    monkeypatch.setattr(opensearch, "GUESSED_DOCUMENTS", 1)
    precisions.clear()
    results = engine.search(query)
    assert precisions == [1, 6]  # the most any count read: the access facet's, every document near
    assert (results.total, results.facets) == (guessed.total, guessed.facets)


def request_cache_hits(engine) -> int:
    stats = engine.index.client.indices.stats(index=engine.index.alias, metric="request_cache")
    return stats["_all"]["total"]["request_cache"]["hit_count"]


def test_the_counts_of_a_search_made_again_come_from_the_clusters_request_cache(engine):
    query = query_for("email on my tablet", where="SK1", open="now")
    first = engine.search(query)
    before = request_cache_hits(engine)
    again = engine.search(query)
    # Two requests of the search are counts alone: the plan's, and the listings found with each facet's.
    assert request_cache_hits(engine) - before == 2
    assert (again.total, again.facets) == (first.total, first.facets)


def test_facets_nobody_chose_are_counted_in_the_listings_found(engine):
    # Their counts leave out no choice of their own, so one filter reads the documents for them all;
    # a chosen facet, and access (a venue's), keep a filter of their own.
    query = query_for(where="SK1", topic="email")
    plans, _suggestion = engine.plan(query, query.read)
    aggregations = engine.counts_search(query, query.read, plans["main"]).to_dict()["aggs"]
    assert set(aggregations) == {"found", "topic", "access"}
    assert set(aggregations["found"]["aggs"]) == {"level", "format", "cost", "language"}


@pytest.mark.parametrize("params", [{}, {"level": "foundation"}, {"topic": "email", "format": "drop-in"}])
def test_browsing_counts_every_listing_at_its_first_document_access_needs_too(engine, params):
    # The first document holds the access needs at all the listing's venues: no cardinality is needed.
    query = query_for(**params)
    counts = engine.counts_search(query, query.read, Plan("all")).to_dict()
    assert counts["query"]["bool"]["filter"][-1] == {"term": {"position": 0}}
    assert "cardinality" not in json.dumps(counts)
    results, expected = engine.search(query), DatabaseEngine().search(query)
    assert results.facets["access"] and (results.total, results.facets) == (expected.total, expected.facets)


def test_browsing_asks_for_no_plan_first(engine, monkeypatch):
    asked = []
    execute = engine._execute
    monkeypatch.setattr(engine, "_execute", lambda search: asked.append(search) or execute(search))
    browsing = engine.search(query_for(topic="email"))
    assert browsing.total == engine.search(query_for()).facets["topic"]["email"]
    engine.search(query_for(topic="email", open="now"))  # times: listings counted by cardinality
    assert asked == []
    engine.search(query_for("email on my tablet"))  # words to decide on: a plan first
    assert len(asked) == 1


def test_a_place_with_one_topic_and_no_words_asks_for_no_plan_first(engine, monkeypatch):
    # Nothing is left to decide, whether each listing is counted as one document (a radius) or by a
    # cardinality (times, or an access need chosen: its precision is guessed, then checked).
    asked = []
    execute = engine._execute
    monkeypatch.setattr(engine, "_execute", lambda search: asked.append(search) or execute(search))
    settled = [("email", {}), ("", {"topic": "email"}), ("", {"topic": "email", "level": "foundation"})]
    for text, params in settled:
        assert engine.search(query_for(text, where="SK1", radius="5", **params)).total
    for params in [{"topic": "email", "open": "now"}, {"topic": "email", "access": "step-free"}]:
        engine.search(query_for(where="SK1", **params))
    assert asked == []
    engine.search(query_for("email on my tablet", where="SK1"))  # words to decide on: a plan first
    assert len(asked) == 1


def round_trips(engine, monkeypatch) -> list[str]:
    """The requests the engine sends to the cluster from now on, by their endpoint. Whether the index
    has this code's mapping is asked once a minute, not by every search: it is asked here first, so
    that only a search's own requests are counted."""
    assert engine.index.has_current_mapping()
    sent = []
    perform = engine.index.client.transport.perform_request

    def counted(method, url, *args, **kwargs):
        sent.append(url.split("?")[0].rsplit("/", 1)[-1])
        return perform(method, url, *args, **kwargs)

    monkeypatch.setattr(engine.index.client.transport, "perform_request", counted)
    return sent


def asked_in_turn(engine, query):
    """What the search finds when its plans are decided first and its page and counts asked after."""
    plans, suggestion = engine.plan(query, query.read)
    answers = engine._ask(engine.requests(query, query.read, plans, suggestion))
    counts = answers["counts"]
    hits = [hit.service_id for hit in engine.hits(answers["main"], query)]
    return hits, listings_in(counts.aggregations.found), engine.facet_counts(counts, query), suggestion


@pytest.mark.parametrize("text", ["univeral credit", "help with my emial", "emial", "tablet zzzzzz"])
def test_misspelt_words_ask_for_the_page_beside_the_request_forgiving_them(engine, monkeypatch, text):
    query = query_for(text)
    expected = asked_in_turn(engine, query)
    sent = round_trips(engine, monkeypatch)
    results = engine.search(query)
    assert results.total
    found = [hit.service_id for hit in results.hits]
    assert (found, results.total, results.facets, results.suggestion) == expected
    # As typed, then the page and counts of all the words matched fuzzily. "zzzzzz" matches nothing
    # even fuzzily, so the forgiving steps decide, and "tablet"'s page and counts are asked for again.
    assert sent == ["_search", "_msearch"] + (["_search", "_msearch"] if text == "tablet zzzzzz" else [])


def test_misspelt_words_near_a_place_with_facets_chosen_find_what_the_steps_decide(engine, monkeypatch):
    # Help by phone or online is filtered by the facets chosen, so its own documents cannot tell.
    query = query_for("univeral credit", where="SK1", cost="free")
    expected = asked_in_turn(engine, query)
    sent = round_trips(engine, monkeypatch)
    results = engine.search(query)
    found = [hit.service_id for hit in results.hits]
    assert (found, results.total, results.facets, results.suggestion) == expected
    assert sent[:2] == ["_search", "_msearch"] and len(sent) >= 3


def test_browsing_a_to_z_reads_only_each_listings_first_document(engine):
    query = query_for()
    page = engine.main_search(query, query.read, engine.plan(query, query.read)[0]["main"])
    read = page.extra(track_total_hits=True).execute().hits.total.value
    assert read == engine.search(query).total < engine.index.client.count(index=engine.index.alias)["count"]
    assert not engine.shown_at_first_document(query_for(where="SK1"))
    assert not engine.shown_at_first_document(query_for(access="step-free"))


def test_the_plan_near_a_place_reads_only_the_documents_of_its_pools(engine):
    query = query_for("email", where="SK1")
    steps = engine._steps(query, query.read, engine.pools(query), [], fuzzy=False)
    answer = steps.extra(track_total_hits=True).execute()
    near, remote = answer.aggregations.main.doc_count, answer.aggregations.remote.doc_count
    assert near and remote
    everything = engine.index.client.count(index=engine.index.alias)["count"]
    assert answer.hits.total.value == near + remote < everything


def test_typos_are_matched_only_in_documents_with_some_word_matched_fuzzily(engine):
    query = query_for("univeral credit")
    read = query.read
    steps = engine._steps(query, read, engine.pools(query), [], fuzzy=True).execute()
    assert steps.aggregations.main.doc_count == steps.aggregations.main["or"].doc_count > 0


def test_each_document_knows_the_places_of_its_listings_venues_listed_before_it(directory):
    documents = [document for document in all_documents() if document.title == "Email drop-in"]
    central, bramhall = sorted(documents, key=lambda document: document.position)
    listing = dict(with_listing(reversed(documents)))
    places = {document.doc_id: fields["prior_locations"] for document, fields in listing.items()}
    assert places[central.doc_id] == []
    assert places[bramhall.doc_id] == [{"lat": central.latitude, "lon": central.longitude}]


def test_each_document_knows_the_access_needs_at_all_its_listings_venues(directory):
    documents = [document for document in all_documents() if document.title == "Email drop-in"]
    central, bramhall = sorted(documents, key=lambda document: document.position)
    assert set(central.access) != set(bramhall.access)
    every = sorted({*central.access, *bramhall.access})
    assert [fields["listing_access"] for _document, fields in with_listing(documents)] == [every, every]


def test_synonym_rules_are_plain_words_whatever_the_council_typed():
    rules = synonym_rules([("email", "Email", "e-mail, => G.mail; inbox\n"), ("x", "Only a name", "")])
    assert rules == ["email, e mail, g mail, inbox"]


def test_replace_words_keeps_case_and_punctuation_of_the_rest():
    assert replace_words("Help with my emial, please!", {"emial": "email"}) == "Help with my email, please!"


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [
        ("univeral Credit", "universal Credit"),
        ("Univeral Credit", "Universal Credit"),
        ("UNIVERAL CREDIT", "UNIVERSAL CREDIT"),
        ("EMIAL", "EMAIL"),
    ],
)
def test_replace_words_writes_a_corrected_word_in_the_case_it_was_typed(typed, suggested):
    assert replace_words(typed, {"univeral": "universal", "emial": "email"}) == suggested


# -- the database answers when OpenSearch cannot ------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def find_json(client, **params):
    response = client.get("/find/results.json", params)
    assert response.status_code == 200
    return response.json()


def test_a_cluster_that_is_not_there_is_answered_by_the_database(client, directory, settings, caplog):
    settings.OPENSEARCH_URL = f"http://127.0.0.1:{free_port()}"
    with caplog.at_level(logging.WARNING, logger="search.engines.fallback"):
        data = find_json(client, q="email", where="SK1")
    assert data["engine"] == "database"
    assert [result["title"] for result in data["results"]] == ["Email drop-in"]
    assert "OpenSearch search failed, answering from the database" in caplog.text
    assert "Connection refused" in caplog.text or "ConnectionError" in caplog.text
    response = client.get("/find/", {"q": "email"})
    assert response.status_code == 200 and "Email drop-in" in response.content.decode()


def test_autocomplete_on_a_cluster_that_is_not_there_is_answered_by_the_database(
    client, directory, settings, caplog
):
    settings.OPENSEARCH_URL = f"http://127.0.0.1:{free_port()}"
    with caplog.at_level(logging.WARNING, logger="search.engines.fallback"):
        response = client.get("/find/autocomplete.json", {"q": "ema"})
    assert response.status_code == 200
    assert response.json() == {"suggestions": ["Email", "Email drop-in"]}
    assert "OpenSearch autocomplete failed, answering from the database" in caplog.text


def test_a_cluster_slower_than_the_timeout_is_answered_by_the_database(client, directory, settings, caplog):
    # A real server that accepts connections and never answers.
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(16)
    settings.OPENSEARCH_URL = f"http://127.0.0.1:{silent.getsockname()[1]}"
    settings.OPENSEARCH_TIMEOUT = 0.5
    try:
        started = time.monotonic()
        with caplog.at_level(logging.WARNING, logger="search.engines.fallback"):
            data = find_json(client, q="email")
        elapsed = time.monotonic() - started
    finally:
        silent.close()
    assert data["engine"] == "database" and data["total"] == 2
    assert "timed out" in caplog.text.lower() or "timeout" in caplog.text.lower()
    assert elapsed < 10  # not the default client timeout of 10 s per attempt


def test_the_circuit_breaker_stops_asking_a_dead_cluster(client, directory, settings, caplog):
    url = f"http://127.0.0.1:{free_port()}"
    settings.OPENSEARCH_URL = url
    settings.OPENSEARCH_BREAKER_FAILURES = 2
    settings.OPENSEARCH_BREAKER_SECONDS = 0.5
    from search.opensearch_client import reset_breakers

    reset_breakers()
    with caplog.at_level(logging.WARNING, logger="search.engines.fallback"):
        for _ in range(5):
            assert find_json(client, q="email")["engine"] == "database"
    attempts = caplog.text.count("OpenSearch search failed")
    assert attempts == 2  # then the breaker opened: no more attempts
    assert breaker_for(url).state == "open"
    time.sleep(0.6)
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="search.engines.fallback"):
        find_json(client, q="email")  # one probe, which fails
        find_json(client, q="email")
    assert caplog.text.count("OpenSearch search failed") == 1
    assert breaker_for(url).state == "open"
    reset_breakers()


def test_circuit_breaker_closes_after_a_successful_probe():
    breaker = CircuitBreaker(failures=1, seconds=0.05)
    breaker.failed()
    assert not breaker.allow()
    time.sleep(0.06)
    assert breaker.allow()  # the probe
    assert not breaker.allow()  # only one at a time
    breaker.succeeded()
    assert breaker.state == "closed" and breaker.allow()


@pytest.fixture
def own_node(opensearch_url, tmp_path):
    """A second, real OpenSearch node of this test's own, which the test may stop and start."""
    import os
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or "0"
    port = 9291 + int(worker)
    environment = {
        **os.environ,
        "OPENSEARCH_PORT": str(port),
        "OPENSEARCH_STATE_DIR": str(tmp_path / "node"),
        "OPENSEARCH_JAVA_OPTS": "-Xms256m -Xmx512m -XX:TieredStopAtLevel=1",
    }

    class Node:
        url = f"http://127.0.0.1:{port}"

        def run(self, action):
            subprocess.run(  # noqa: S603 - our own script
                [root / "scripts" / "opensearch", action], env=environment, check=True, capture_output=True
            )

    node = Node()
    node.run("start")
    yield node
    node.run("stop")


@pytest.mark.opensearch
def test_stopping_the_node_mid_run_leaves_find_answering_from_the_database(
    client, directory, settings, own_node, caplog
):
    from search.opensearch_client import reset_breakers
    from search.opensearch_index import DirectoryIndex

    settings.OPENSEARCH_URL = own_node.url
    settings.OPENSEARCH_INDEX_PREFIX = "signpost-fallback"
    settings.OPENSEARCH_TIMEOUT = 5
    settings.OPENSEARCH_BREAKER_SECONDS = 1
    reset_breakers()
    DirectoryIndex.from_settings().rebuild(all_documents())
    before = find_json(client, q="email", where="SK1")
    assert before["engine"] == "opensearch"

    own_node.run("stop")
    with caplog.at_level(logging.WARNING, logger="search.engines.fallback"):
        for _ in range(4):
            after = find_json(client, q="email", where="SK1")
            assert after["engine"] == "database"
            assert after["results"] == before["results"]
            assert after["messages"] == before["messages"] == []  # nothing to tell the resident
            assert after["suggestion"] is None
        response = client.get("/find/", {"q": "email", "where": "SK1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Email drop-in" in html
    assert 'class="notice"' not in html  # no message, notice or "Did you mean" on the page
    assert "OpenSearch search failed, answering from the database" in caplog.text

    # Back again (a new node starts empty: the rebuild fills it), OpenSearch answers once more.
    own_node.run("start")
    DirectoryIndex.from_settings().rebuild(all_documents())
    time.sleep(1.1)  # the breaker lets a probe through
    assert find_json(client, q="email", where="SK1")["engine"] == "opensearch"
    assert get_engine().search(query_for("email")).engine == "opensearch"
    reset_breakers()


def test_an_index_built_before_the_mapping_changed_is_left_alone_until_it_is_rebuilt(
    client, directory, opensearch_site, caplog
):
    from search.opensearch_index import forget_mapping_checks

    opensearch_site.rebuild(all_documents())
    before = find_json(client, q="email", where="SK1", open="now")
    assert before["engine"] == "opensearch"

    # As a release whose mapping gained a field finds the index the release before it built.
    opensearch_site.client.indices.put_mapping(
        index=opensearch_site.alias, body={"_meta": {"signpost_mapping": "the release before"}}
    )
    forget_mapping_checks()
    with caplog.at_level(logging.WARNING):
        for _ in range(3):
            after = find_json(client, q="email", where="SK1", open="now")
            assert after["engine"] == "database"
            assert after["results"] == before["results"]
    # Said once a minute, not once a search, and not taken for the cluster failing: the breaker stays
    # closed, so publishing still reaches the cluster.
    assert caplog.text.count("rebuild_directory_index") == 1
    assert "OpenSearch search failed" not in caplog.text
    assert breaker_for(opensearch_site.url).state == "closed"

    # Nor when the search finding it stale was the breaker's probe after an outage: the cluster
    # answered, so the breaker closes, and once rebuilt the index is searched again.
    breaker = breaker_for(opensearch_site.url)
    breaker.seconds = 0.2
    for _ in range(breaker.threshold):
        breaker.failed()
    time.sleep(0.3)
    forget_mapping_checks()
    assert find_json(client, q="email", where="SK1", open="now")["engine"] == "database"
    assert breaker.state == "closed"

    call_command("rebuild_directory_index")
    assert find_json(client, q="email", where="SK1", open="now")["engine"] == "opensearch"


# -- Wagtail's own search on the node ----------------------------------------------------------


def test_wagtail_page_search_works_on_opensearch(directory, settings, opensearch_url):
    import uuid

    from wagtail.search.backends import get_search_backend

    from search.opensearch_client import client_for

    prefix = f"signpost-test-wagtail-{uuid.uuid4().hex[:10]}"
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.opensearch2",
            "URLS": [opensearch_url],
            "INDEX": prefix,
            "TIMEOUT": 10,
            "OPTIONS": {},
            "INDEX_SETTINGS": {},
        }
    }
    try:
        assert type(get_search_backend()).__module__.endswith("backends.opensearch2")
        call_command("update_index", verbosity=0)
        client_for(opensearch_url, 10).indices.refresh(index=f"{prefix}*")
        found = ServicePage.objects.live().search("tablet")
        assert {page.title for page in found} == {"Email drop-in", "Late night phone and tablet help"}
        # Topic synonyms are indexed with each listing.
        assert {page.title for page in ServicePage.objects.live().search("gmail")} == {
            "Email drop-in",
            "Digital helpline",
            "Old email class",  # closed, but still a live page: Wagtail's search is not the directory's
        }
    finally:
        client_for(opensearch_url, 10).indices.delete(index=f"{prefix}*", allow_no_indices=True)
