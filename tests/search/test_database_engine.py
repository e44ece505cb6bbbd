"""The database engine's own ways of being fast give the answers the slower ways gave."""

import dataclasses
from importlib import import_module

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict

from caching.generation import request_memo
from directory.models import ServicePage
from search import spelling
from search.engines import database
from search.engines.database import (
    DatabaseEngine,
    database_backend,
    facet_counts,
    full_text,
    is_browsing,
    is_known_word,
    load_rows,
    mark_misses,
    split_set,
)
from search.facets import FACETS, NAMES, position
from search.filters import parse_search
from search.indexing import reindex_services
from search.models import DirectoryEntry, DirectoryListing, IdIn, any_of, holds_any
from search.query import SearchQuery


@pytest.mark.parametrize(
    ("words", "operator"),
    [
        (("email",), "and"),
        (("tablet", "club"), "or"),
        (("video", "calls"), "and"),
        (("nothing", "here"), "or"),
    ],
)
def test_words_on_sqlite_come_in_the_backends_own_order(directory, words, operator):
    if connection.vendor != "sqlite":
        pytest.skip("the single-pass full-text query is SQLite's")
    results = database_backend().search(
        " ".join(words), ServicePage.objects.live(), operator=operator, order_by_relevance=True
    )
    expected = list(results.get_queryset().values_list("pk", flat=True))
    assert full_text(words, operator) == expected
    assert expected or words == ("nothing", "here")  # the others are not compared empty


def test_words_on_postgresql_are_matched_through_an_index(directory):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's full-text table is an index already")
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")  # the test directory is too small to need an index
        try:
            cursor.execute(
                "EXPLAIN SELECT id FROM wagtailsearch_indexentry "
                "WHERE (title || body) @@ to_tsquery('english', 'email')"
            )
            plan = " ".join(line for (line,) in cursor.fetchall())
        finally:
            cursor.execute("RESET enable_seqscan")
    assert "search_words_title_body_gin" in plan


def test_facet_counts_per_listing_equal_counting_each_rows_values(directory):
    rows = load_rows(SearchQuery(), None)
    chosen = [(position("level"), frozenset({"life"})), (position("access"), frozenset({"step-free"}))]
    mark_misses(rows, chosen)
    expected: dict[str, dict[str, set]] = {}
    for index, name in enumerate(NAMES):
        buckets: dict[str, set] = {}
        for row in rows:
            if row.misses in (0, 1 << index):
                for value in row.facets[index]:
                    buckets.setdefault(value, set()).add(row.service_id)
        expected[name] = {value: len(ids) for value, ids in buckets.items()}
    assert facet_counts(rows) == expected
    assert expected["access"] and expected["level"]


@pytest.mark.parametrize(
    "params",
    [
        "",
        "sort=relevance",
        "level=life",
        "access=step-free",
        "access=hearing-loop&level=foundation",
        "cost=free&topic=email&topic=video-calls",
        "cost=free&cost=paid&format=drop-in&language=english",
        "q=help+with",  # filler alone: no words or topics to rank by
    ],
)
@pytest.mark.parametrize("page", [1, 2])
def test_browsing_counts_in_sql_what_the_rows_would_count(directory, monkeypatch, params, page):
    query = dataclasses.replace(parse_search(QueryDict(params)).query, per_page=2, page=page)
    assert is_browsing(query)
    counted_in_sql = DatabaseEngine().search(query)
    monkeypatch.setattr(database, "is_browsing", lambda query: False)
    assert DatabaseEngine().search(query) == counted_in_sql
    assert counted_in_sql.total  # not compared empty


@pytest.mark.parametrize("params", ["where=SK1", "q=email", "q=universal+credit", "day=mon", "open=now"])
def test_searches_with_a_place_words_or_times_are_not_browsing(directory, params):
    assert not is_browsing(parse_search(QueryDict(params)).query)


def test_id_in_finds_the_rows_an_in_lookup_finds(directory):
    ids = list(DirectoryEntry.objects.values_list("service_id", flat=True).distinct()[:3])
    expected = set(DirectoryEntry.objects.filter(service_id__in=ids).values_list("pk", flat=True))
    found = DirectoryEntry.objects.filter(IdIn("service_id", ids)).values_list("pk", flat=True)
    assert set(found) == expected
    assert len(ids) == 3 and expected  # not compared empty
    assert not DirectoryEntry.objects.filter(IdIn("service_id", [])).exists()


@pytest.mark.parametrize("topics", [{"email"}, {"email", "universal-credit"}, {"no-such-topic"}])
def test_holds_any_finds_the_rows_any_of_finds(directory, topics):
    expected = set(DirectoryEntry.objects.filter(any_of("topics", topics)).values_list("pk", flat=True))
    found = DirectoryEntry.objects.filter(holds_any("topics", topics)).values_list("pk", flat=True)
    assert set(found) == expected
    assert expected or topics == {"no-such-topic"}  # not compared empty


def test_entries_on_a_topic_are_found_from_the_topics_index_on_postgresql(directory):
    if connection.vendor != "postgresql":
        pytest.skip("the topics' index is PostgreSQL's")
    entries = DirectoryEntry.objects.filter(holds_any("topics", {"email"}))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the test's table is too small to want it
        sql, params = entries.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "entry_topics_items" in plan


@pytest.mark.parametrize("word", ["email", "emails", "club", "emial", "xqzv"])
def test_a_known_word_is_one_the_full_text_search_finds(directory, word):
    assert is_known_word(word) == bool(full_text((word,), "and"))
    assert is_known_word(word) == (word in {"email", "emails", "club"})  # not all alike


@pytest.fixture
def searched(monkeypatch) -> list[str]:
    """The words of each search the database engine runs, in order."""
    texts = []
    search = DatabaseEngine._search

    def counted(self, query, text=None):
        texts.append(query.text)
        return search(self, query, text)

    monkeypatch.setattr(DatabaseEngine, "_search", counted)
    return texts


def test_misspelt_words_no_listing_has_are_corrected_without_searching_them_as_typed(directory, searched):
    results = DatabaseEngine().search(parse_search(QueryDict("q=emial")).query)
    assert results.suggestion == "email" and results.total
    assert searched == ["email"]


def test_words_with_no_correction_are_searched_as_typed(directory, searched):
    results = DatabaseEngine().search(parse_search(QueryDict("q=email+xqzv")).query)
    assert results.suggestion == "" and results.total
    assert searched == ["email xqzv"]


def test_spelling_reads_the_vocabulary_once_a_request_for_all_the_words(directory, monkeypatch):
    reads = []
    read = spelling._read_vocabulary
    monkeypatch.setattr(
        spelling, "_read_vocabulary", lambda letters: reads.append(set(letters)) or read(letters)
    )
    with request_memo():  # as /find/ runs (caching/middleware.py)
        assert spelling.corrections("emial univeral credit", lambda word: False) == {
            "emial": "email",
            "univeral": "universal",
        }
        assert spelling.corrections("emial", lambda word: False) == {"emial": "email"}
    # Only the letters the words typed start with ("emial univeral credit"), in one read.
    assert reads == [{"e", "u", "c"}]


def test_spelling_builds_the_whole_vocabulary_again_when_a_letter_is_missing(directory):
    assert spelling.corrections("emial", lambda word: False) == {"emial": "email"}
    cache.delete(spelling.letter_key("u"))  # evicted by the cache on its own
    assert spelling.corrections("emial univeral", lambda word: False) == {
        "emial": "email",
        "univeral": "universal",
    }
    every_letter = [spelling.letter_key(letter) for letter in spelling.LETTERS]
    assert len(cache.get_many(every_letter)) == len(every_letter)


def test_a_listing_renamed_gives_its_new_words_to_spelling_at_once(directory):
    assert spelling.corrections("zumbba", lambda word: False) == {}  # read and cached: no such word yet
    service = ServicePage.objects.get(title="Job club")
    service.title = "Zumba and jobs club"
    service.save_revision().publish()
    assert spelling.corrections("zumbba", lambda word: False) == {"zumbba": "zumba"}


def listing_rows() -> dict[int, tuple]:
    return {
        row[0]: row
        for row in DirectoryListing.objects.values_list(
            "service_id", "name_key", "organisation_key", *(facet.index_field for facet in FACETS)
        )
    }


def test_each_listing_has_one_row_for_browsing_with_every_venues_access_needs(directory):
    expected: dict[int, tuple] = {}
    access: dict[int, set[str]] = {}
    for entry in DirectoryEntry.objects.order_by("service_id", "position"):
        columns = [getattr(entry, facet.index_field) for facet in FACETS]
        expected.setdefault(entry.service_id, (entry.title.lower(), entry.organisation.lower(), columns))
        access.setdefault(entry.service_id, set()).update(split_set(entry.access))
    rows = listing_rows()
    assert rows.keys() == expected.keys()
    access_at = position("access")
    for service_id, (name, organisation, columns) in expected.items():
        columns[access_at] = f",{','.join(sorted(access[service_id]))}," if access[service_id] else ""
        assert rows[service_id] == (service_id, name, organisation, *columns)
    # A listing at two venues with different access needs has both.
    assert any(len(split_set(row[3 + access_at])) > 1 for row in rows.values())

    # Migration search 0009 fills the table from the entries the same way.
    DirectoryListing.objects.all().delete()
    import_module("search.migrations.0009_directory_listing").fill_from_entries(apps, None)
    assert listing_rows() == rows


def test_a_listing_unpublished_leaves_browsing(directory):
    service = ServicePage.objects.get(title="Job club")
    service.unpublish()
    assert not DirectoryListing.objects.filter(service_id=service.pk).exists()
    indexed = set(DirectoryEntry.objects.values_list("service_id", flat=True))
    assert set(DirectoryListing.objects.values_list("service_id", flat=True)) == indexed


def test_browsing_puts_names_in_order_as_python_compares_them(directory, monkeypatch):
    names = ["Ärger helpers", "email friends", "Zoom club", "Émail help", "E-mail help"]
    for service, name in zip(ServicePage.objects.order_by("pk"), names, strict=False):
        service.title = name
        service.save()
    reindex_services(ServicePage.objects.values_list("pk", flat=True))
    query = dataclasses.replace(SearchQuery(), per_page=100)
    browsed = DatabaseEngine().search(query)
    monkeypatch.setattr(database, "is_browsing", lambda query: False)
    assert DatabaseEngine().search(query) == browsed
    titles = dict(ServicePage.objects.values_list("pk", "title"))
    ordered = [titles[hit.service_id] for hit in browsed.hits if titles[hit.service_id] in names]
    assert ordered == ["E-mail help", "email friends", "Zoom club", "Ärger helpers", "Émail help"]
