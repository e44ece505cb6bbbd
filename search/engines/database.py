"""The database search engine: the default, with no service to run.

Words go through Wagtail's database search backend (SQLite FTS5 or PostgreSQL full text); places
through a bounding box on the indexed latitude and longitude of search.DirectoryEntry, then exact
great-circle distance; filters, facet counts, schedules and ordering are worked out here over the
candidate rows, which are plain tuples: this is the hot path of every search.
"""

import dataclasses
import datetime as dt
import functools
import json
import logging
from collections import Counter, defaultdict

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Count, F, Value
from wagtail.search.backends import get_search_backend

from core.choices import ServiceStatus, Weekday
from core.geo import bounding_box, haversine_miles
from core.timetable import local_now, local_zone
from directory.models import ServicePage

from .. import spelling
from ..documents import placement_ids, regular_time_for, rule_key
from ..facets import FACETS, INDEX_FIELDS, NAMES, position
from ..models import (
    A_TO_Z,
    ENTRY_COLUMNS,
    DirectoryEntry,
    DirectoryListing,
    IdIn,
    SchedulesText,
    any_of,
    has_any,
    holds_any,
)
from ..query import SearchQuery, Sort
from ..understanding import stem, tokens
from .base import Hit, SearchEngine, SearchResults

logger = logging.getLogger(__name__)

REMOTE_SUGGESTIONS = 3
WEEKDAYS = Weekday.values
# Scores within a topic band (see TextMatch.apply): the words typed in a title, and how well other
# words match, each less than one band.
TITLE_PHRASE = 0.5


@functools.lru_cache(maxsize=65536)
def split_set(value: str) -> frozenset[str]:
    """ ",a,b," as a set; the same few strings recur across thousands of rows, so they are cached."""
    return frozenset(item for item in value.split(",") if item)


@functools.lru_cache(maxsize=4096)
def one_value(value: str) -> frozenset[str]:
    return frozenset((value,))


# The columns read as they are, each an attribute of a Row.
ROW_COLUMNS = (*ENTRY_COLUMNS, "position", "status")
FACET_READERS = tuple(split_set if facet.many else one_value for facet in FACETS)
# Access is the venue's: a listing's rows at different venues differ there. Every other facet is the
# listing's own, the same in each of its rows (search.documents.documents_for), so its counts can be
# made per listing rather than per row (see facet_counts).
VENUE_FACETS = frozenset({position("access")})


class Row:
    """One DirectoryEntry as the engine handles it. The facets' columns are kept as read (",a,b,") and
    turned into sets only when asked: most rows of a large search are only counted, never filtered."""

    __slots__ = (
        *ROW_COLUMNS,
        "raw",
        "raw_title_topics",
        "schedules",
        "distance",
        "band",
        "score",
        "misses",
    )

    def __init__(self, values: tuple, with_schedules: bool):
        (
            self.service_id,
            self.service_location_id,
            self.venue_id,
            self.latitude,
            self.longitude,
            self.title,
            self.organisation,
            self.position,
            self.status,
            *self.raw,
            self.raw_title_topics,
        ) = values[: len(ROW_COLUMNS) + len(INDEX_FIELDS) + 1]
        self.schedules = values[-1] if with_schedules else ()
        self.distance = None
        self.band = 0  # how well the listing's topics match (see TextMatch.apply)
        self.score = 0.0
        self.misses = 0

    def facet(self, index: int) -> frozenset[str]:
        """The values of the facet at `index` (search.facets.FACETS)."""
        return FACET_READERS[index](self.raw[index])

    @property
    def facets(self) -> tuple[frozenset[str], ...]:
        return tuple(reader(raw) for reader, raw in zip(FACET_READERS, self.raw, strict=True))

    @property
    def title_topics(self) -> frozenset[str]:
        return split_set(self.raw_title_topics)

    @property
    def is_remote(self) -> bool:
        return self.venue_id is None


def runs_on(rules: tuple[tuple, ...], day: dt.date) -> bool:
    """Whether the rules have a session starting on this date (not closed, not a bank holiday the time
    skips). A session belongs to the day it starts on: one from 10pm Friday to 1am is a Friday session,
    not a Saturday one (as residents and the listing itself describe it). The OpenSearch engine follows
    the same rule."""
    weekday = WEEKDAYS[day.weekday()]
    return any(key[0] == weekday and rule_occurs_on(key, day) for key in rules)


def is_open_at(rules: tuple[tuple, ...], moment: dt.datetime) -> bool:
    today = moment.astimezone(local_zone()).weekday()
    days = {WEEKDAYS[today], WEEKDAYS[today - 1]}  # a session may have begun the evening before
    return any(key[0] in days and rule_is_open_at(key, moment) for key in rules)


@functools.lru_cache(maxsize=8192)
def rules_of(schedules: str) -> tuple[tuple, ...]:
    """An entry's indexed rules (its `schedules` column as stored, JSON) as hashable keys. Thousands of
    entries hold the same few hundred columns, so each is read once."""
    return tuple(rule_key(rule) for rule in json.loads(schedules or "[]"))


@functools.lru_cache(maxsize=8192)
def rule_occurs_on(key: tuple, day: dt.date) -> bool:
    """Whether an indexed rule has a session starting on `day` (RegularTime.occurs_on); asked once a rule."""
    return regular_time_for(key).occurs_on(day)


@functools.lru_cache(maxsize=8192)
def rule_is_open_at(key: tuple, moment: dt.datetime) -> bool:
    """Whether an indexed rule is under way at `moment`: asked of thousands of rows with one moment,
    and they share a few hundred rules."""
    return regular_time_for(key).is_open_at(moment)


BASE_COLUMNS = (*ROW_COLUMNS, *INDEX_FIELDS, "title_topics")
VENUE_ID, LATITUDE, LONGITUDE, STATUS = (
    BASE_COLUMNS.index(name) for name in ("venue_id", "latitude", "longitude", "status")
)


def load_rows(query: SearchQuery, service_ids: list[int] | None) -> list[Row]:
    entries = DirectoryEntry.objects.all()
    location = query.location
    if location and query.radius_miles:
        south, west, north, east = bounding_box(location.latitude, location.longitude, query.radius_miles)
        in_box = entries.filter(
            latitude__gte=south, latitude__lte=north, longitude__gte=west, longitude__lte=east
        )
        entries = in_box | entries.filter(venue__isnull=True)
    if service_ids is not None:
        entries = entries.filter(IdIn("service_id", service_ids))
    topics = query.read.topics
    if topics:  # topics the words named are a requirement, not a facet: filter in SQL
        entries = entries.filter(holds_any("topics", topics))
    if query.day:
        entries = entries.filter(days__contains=f",{query.day},")
    if query.open_now:
        today = (query.now or local_now()).astimezone(local_zone()).weekday()
        entries = entries.filter(any_of("days", {WEEKDAYS[today], WEEKDAYS[today - 1]}))
    with_schedules = bool(query.day or query.open_now)
    columns = BASE_COLUMNS
    if with_schedules:  # as stored, not decoded: rules_of reads each distinct column once
        entries = entries.annotate(schedules_text=SchedulesText())
        columns = (*BASE_COLUMNS, "schedules_text")
    values = entries.values_list(*columns)
    if not with_schedules and not location:
        return [Row(row, with_schedules) for row in values]
    # Rows the schedule or the radius rules out are dropped as read, before a Row is made of them: an
    # "open now" search reads thousands of entries and keeps a few hundred.
    keep_schedule = schedule_test(query) if with_schedules else None
    answers: dict[tuple[str, str], bool] = {}
    distances: dict[tuple[float, float], float] = {}
    rows = []
    for row in values:
        if keep_schedule is not None:
            key = (row[-1], row[STATUS])
            answer = answers.get(key)
            if answer is None:
                answer = answers[key] = keep_schedule(*key)
            if not answer:
                continue
        distance = None
        if location and row[VENUE_ID] is not None:
            point = (row[LATITUDE], row[LONGITUDE])
            distance = distances.get(point)
            if distance is None:  # asked once a venue: most hold several listings
                distance = distances[point] = haversine_miles(location.latitude, location.longitude, *point)
            if query.radius_miles is not None and distance > query.radius_miles:
                continue
        kept = Row(row, with_schedules)
        kept.distance = distance
        rows.append(kept)
    return rows


def schedule_test(query: SearchQuery):
    """`test(schedules, status)`: whether an entry with this schedules column (as stored) and status
    passes the query's day and "open now" (runs_on, is_open_at)."""
    day = query.on_date
    moment = (query.now or local_now()) if query.open_now else None

    def test(schedules: str, status: str) -> bool:
        if status != ServiceStatus.ACTIVE:
            return False
        rules = rules_of(schedules)
        if day is not None and not runs_on(rules, day):
            return False
        return moment is None or is_open_at(rules, moment)

    return test


# Wagtail's database search backend, by its module path (signpost/settings/searching.py configures it).
DATABASE_SEARCH_BACKEND = "wagtail.search.backends.database"


def database_backend():
    """Wagtail's database search backend, found by its module whatever the default backend is: production
    makes OpenSearch the default for Wagtail's own search, and this engine must not touch the cluster."""
    for name, config in settings.WAGTAILSEARCH_BACKENDS.items():
        if config.get("BACKEND") == DATABASE_SEARCH_BACKEND:
            return get_search_backend(name)
    raise ImproperlyConfigured(f"WAGTAILSEARCH_BACKENDS must include the {DATABASE_SEARCH_BACKEND} backend.")


def full_text(words: tuple[str, ...], operator: str) -> list[int]:
    """Live listings whose words match, best first, through Wagtail's database search backend."""
    results = database_backend().search(
        " ".join(words), ServicePage.objects.live(), operator=operator, order_by_relevance=True
    )
    if connection.vendor == "sqlite":
        ranked = sqlite_ranked(results)
        if ranked is not None:
            return ranked
    return list(results.get_queryset().values_list("pk", flat=True))


def sqlite_ranked(results) -> list[int] | None:
    """The same listings in the same order as the SQLite backend's relevance ordering (its score
    ascending, then the newest page first), from one pass over the full-text index.

    The backend's own query joins the index entries to the full-text table with the entries first, so
    SQLite runs the full-text match again for every listing's entry (and once more per listing found,
    for its score): "univeral credit" took 12 seconds at 10,000 listings. The same query as a CROSS
    JOIN, which SQLite keeps in the order written, matches once: about 20 ms. None when the words are
    not a plain match (the backend's own query answers then).
    """
    from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
    from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry
    from modelsearch.query import MatchAll, Not
    from modelsearch.utils import get_descendants_content_types_pks

    compiler = results.query_compiler
    query = normalize(compiler.query)
    if isinstance(query, (MatchAll, Not)):
        return None
    config = compiler.get_config(results.backend)
    fields = compiler.fields or compiler.FTS_TABLE_FIELDS
    match = MatchExpression(fields, compiler.build_search_query(query, config))
    scores = (
        SQLiteFTSIndexEntry.objects.filter(match)
        .filter(index_entry__content_type__in=get_descendants_content_types_pks(ServicePage))
        .annotate(score=compiler._build_rank_expression(compiler.get_search_vectors(), config))
        .values_list("index_entry__object_id", "score")
    )
    sql, params = scores.query.sql_with_params()
    if sql.count(" INNER JOIN ") != 1:
        return None
    with connection.cursor() as cursor:
        cursor.execute(sql.replace(" INNER JOIN ", " CROSS JOIN "), params)
        found = {int(object_id): score for object_id, score in cursor.fetchall()}
    live = ServicePage.objects.live().filter(IdIn("pk", found)).values_list("pk", flat=True)
    return sorted(live, key=lambda pk: (found[pk], -pk))


class TextMatch:
    """Which listings the words ask for, and how well each matches.

    Topics the words name narrow first: listings on all of them, else on any of them. Other words then
    narrow that: listings matching all the words, else any of them; if none match, the topics alone
    decide. With no topics: all the words, else any of them. Each step is decided over the rows it is
    given (the ones near the resident), so a wider match is used only when a narrower finds nothing.
    """

    def __init__(self, query: SearchQuery):
        self.read = query.read
        self._matches: dict[str, list[int]] = {}
        # How the words matched in the last `apply`: "all" (no words to match), "and", "or", "topics"
        # (the topics alone: no other word matched) or "none".
        self.level = "all"

    def matches(self, operator: str) -> list[int]:
        """Listings matching all ("and") or any ("or") of the words, best first; asked once each."""
        if operator not in self._matches:
            self._matches[operator] = full_text(self.read.words, operator)
        return self._matches[operator]

    def service_ids(self) -> list[int] | None:
        """An SQL pre-filter: only listings that could match (None if the words limit nothing)."""
        if not self.read.words or self.read.topics:
            return None
        # Any of the words: "all of them" is decided later among the rows near the resident, so listings
        # matching only some words must not be dropped here when others elsewhere match all of them.
        return self.matches("or")

    def apply(self, rows: list[Row]) -> list[Row]:
        read = self.read
        self.level = "all"
        if read.is_empty:
            return rows
        pool = rows
        if read.topics:
            topic_index = position("topic")
            pool = [row for row in rows if read.topics <= row.facet(topic_index)] or [
                row for row in rows if row.facet(topic_index) & read.topics
            ]
            # The rank band: a point for each topic named that the listing is on, and another where its
            # title names it too, so "Help to claim Universal Credit" comes before a listing that only
            # has Universal Credit among other topics. Both engines rank by the same band.
            # Within a band, a title with the very words typed ("universal credit") comes first.
            # Each is worked out once for the rows that share its columns: a listing's rows at several
            # venues share them all, and many listings share their topics.
            phrases = [stems(phrase) for phrase, _slug in read.matched_phrases]
            bands: dict[tuple[str, str], int] = {}
            in_titles: dict[str, bool] = {}
            for row in pool:
                columns = (row.raw[topic_index], row.raw_title_topics)
                band = bands.get(columns)
                if band is None:
                    band = bands[columns] = len(split_set(columns[0]) & read.topics) + len(
                        split_set(columns[1]) & read.topics
                    )
                in_title = in_titles.get(row.title)
                if in_title is None:
                    title = stems(row.title)
                    in_title = in_titles[row.title] = any(has_phrase(title, phrase) for phrase in phrases)
                row.band = band
                row.score = band + (TITLE_PHRASE if in_title else 0.0)
        if not read.words:
            return pool
        for operator in ("and", "or"):
            ranked = self.matches(operator)
            rank = {service_id: position for position, service_id in enumerate(ranked)}
            matched = [row for row in pool if row.service_id in rank]
            if matched:
                for row in matched:
                    row.score += (1.0 - rank[row.service_id] / (len(ranked) + 1)) * TITLE_PHRASE
                self.level = operator
                return matched
        self.level = "topics" if read.topics and pool else "none"
        return pool if read.topics else []

    @property
    def is_complete(self) -> bool:
        """Whether every word typed was matched (or named a topic)."""
        return self.level in {"all", "and"}


@functools.lru_cache(maxsize=65536)
def stems(text: str) -> tuple[str, ...]:
    """A title's words, stemmed: asked of every listing a topic finds, on every search naming it."""
    return tuple(stem(word) for word in tokens(text))


def has_phrase(words: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    """Whether `phrase` is in `words`, word for word and in order."""
    size = len(phrase)
    return any(words[start : start + size] == phrase for start in range(len(words) - size + 1))


def apply_place(rows: list[Row], query: SearchQuery) -> tuple[list[Row], list[Row]]:
    """(rows at venues, within the radius and with distances as load_rows left them; rows for phone and
    online help)."""
    location = query.location
    if not location:
        return rows, []
    nearby, remote = [], []
    for row in rows:
        (remote if row.venue_id is None else nearby).append(row)
    return nearby, remote


def mark_misses(rows: list[Row], chosen: list[tuple[int, frozenset[str]]]) -> None:
    """Set each row's `misses`: a bit for every chosen facet the row does not match."""
    for row in rows:
        misses = 0
        for index, values in chosen:
            if not FACET_READERS[index](row.raw[index]) & values:
                misses |= 1 << index
        row.misses = misses


def facet_counts(rows: list[Row]) -> dict[str, dict[str, int]]:
    """For each facet, how many listings each value would give with the other filters as they are:
    a row counts towards facet F if it misses no chosen facet, or misses only F.

    A listing's own facets are the same in each of its rows, so each listing's column is kept once and
    the distinct columns are split and counted once each; the venue's facets (access) differ between a
    listing's rows, so their values are counted as sets of listings."""
    count = len(NAMES)
    listing_columns: list[dict[int, str]] = [{} for _ in NAMES]
    venue_columns: dict[int, set[tuple[int, str]]] = {index: set() for index in VENUE_FACETS}
    every = [index for index in range(count) if index not in VENUE_FACETS]
    for row in rows:
        misses = row.misses
        if misses == 0:
            raw, service_id = row.raw, row.service_id
            for index in every:
                listing_columns[index][service_id] = raw[index]
            for index, seen in venue_columns.items():
                seen.add((service_id, raw[index]))
        elif misses & (misses - 1) == 0:  # exactly one facet missed
            index = misses.bit_length() - 1
            if index in venue_columns:
                venue_columns[index].add((row.service_id, row.raw[index]))
            else:
                listing_columns[index][row.service_id] = row.raw[index]
    counts: list[dict[str, int]] = [defaultdict(int) for _ in NAMES]
    for index in every:
        read, bucket = FACET_READERS[index], counts[index]
        for column, listings in Counter(listing_columns[index].values()).items():
            for value in read(column):
                bucket[value] += listings
    for index, seen in venue_columns.items():
        read = FACET_READERS[index]
        services: dict[str, set[int]] = defaultdict(set)
        for service_id, column in seen:
            for value in read(column):
                services[value].add(service_id)
        counts[index] = {value: len(ids) for value, ids in services.items()}
    return {facet: dict(counts[index]) for index, facet in enumerate(NAMES)}


def best_row_per_service(rows: list[Row]) -> list[Row]:
    """One result per listing: at its nearest venue (or its first, without a place)."""
    best: dict[int, Row] = {}
    for row in rows:
        current = best.get(row.service_id)
        if current is None or (row.distance or 0.0, row.position) < (
            current.distance or 0.0,
            current.position,
        ):
            best[row.service_id] = row
    return list(best.values())


def sort_rows(rows: list[Row], sort: str, by_band: bool = False) -> list[Row]:
    """`by_band`: best match means the topic band alone, so among equal matches the nearer comes first
    (with a place); otherwise how well the words match also counts, within the band."""

    def by_name(row):
        return (row.title.lower(), row.organisation.lower(), row.service_id)

    if sort == Sort.NAME:
        return sorted(rows, key=by_name)
    if sort == Sort.DISTANCE:
        return sorted(
            rows, key=lambda row: (row.distance if row.distance is not None else float("inf"), *by_name(row))
        )
    if by_band:
        return sorted(rows, key=lambda row: (-row.band, row.distance or 0.0, *by_name(row)))
    return sorted(rows, key=lambda row: (-round(row.score, 6), row.distance or 0.0, *by_name(row)))


def is_browsing(query: SearchQuery) -> bool:
    """Whether the query only browses the listings, perhaps filtered: no place, no words or topics, no
    day or time. Its results are then in A to Z order (best match and nearest first have nothing to go
    on), and `browse` answers it without reading every listing's entries."""
    return not (query.location or query.day or query.open_now) and query.read.is_empty


def browse(query: SearchQuery, engine: str) -> SearchResults:
    """A browsing query's results, as `DatabaseEngine._search` would give them, from the index's one row
    per listing (search.DirectoryListing): a GROUP BY for each facet, with the filters chosen of the
    others, and only the page's listings read in A to Z order; then only the page's entries.

    A listing's own facets are the same at each of its venues and its `access` holds every venue's, so
    a listing has a row here that a filter selects if, and only if, one of its entries would; each
    listing is one row, so counting rows counts listings, as `facet_counts` does over the entries."""
    chosen = {NAMES[index]: has_any(FACETS[index], values) for index, values in chosen_facets(query)}

    def matching(rows, *but: str):
        return rows.filter(*(condition for facet, condition in chosen.items() if facet not in but))

    listings = DirectoryListing.objects.all()
    # Every facet's groups in one statement (one round trip, not one a facet), each row saying its facet.
    first, *others = (
        matching(listings, facet.name)
        .annotate(facet=Value(index), column=F(facet.index_field))
        .values_list("facet", "column")
        .annotate(n=Count("pk"))
        .order_by()
        for index, facet in enumerate(FACETS)
    )
    columns: list[list[tuple[str, int]]] = [[] for _ in FACETS]
    for index, column, listings_with in first.union(*others, all=True):
        columns[index].append((column, listings_with))
    facets = {facet.name: add_up(FACET_READERS[index], columns[index]) for index, facet in enumerate(FACETS)}
    found = matching(listings)
    page = list(
        found.order_by(*A_TO_Z).values_list("service_id", flat=True)[
            query.offset : query.offset + query.per_page
        ]
    )
    first: dict[int, tuple] = {}  # each listing at its first venue, as best_row_per_service picks it
    for row in matching(DirectoryEntry.objects.filter(service_id__in=page)).values_list(
        "service_id", "service_location_id", "venue_id", "position"
    ):
        if row[0] not in first or row[3] < first[row[0]][3]:
            first[row[0]] = row
    hits = [
        Hit(
            service_id=service_id,
            service_location_id=first[service_id][1],
            venue_id=first[service_id][2],
            distance_miles=None,
            score=0.0,
        )
        for service_id in page
    ]
    return SearchResults(hits=hits, total=found.count(), facets=facets, engine=engine)


def add_up(read, columns) -> dict[str, int]:
    """Listings per value, from (column as stored, listings) pairs."""
    counts: dict[str, int] = defaultdict(int)
    for column, listings in columns:
        for value in read(column):
            counts[value] += listings
    return dict(counts)


def chosen_facets(query: SearchQuery) -> list[tuple[int, frozenset[str]]]:
    """(index in FACETS, values chosen) of each facet the resident chose values of."""
    return [
        (index, query.facet_values(facet)) for index, facet in enumerate(NAMES) if query.facet_values(facet)
    ]


def to_hit(row: Row) -> Hit:
    return Hit(
        **placement_ids(row),
        distance_miles=row.distance,
        score=row.score,
    )


def is_known_word(word: str) -> bool:
    """Whether a word finds a live listing as it is spelt (so it is not a typo). On PostgreSQL whether
    any does, unranked: ranking was most of the time taken to build the query. SQLite's is the
    single-pass query of `full_text`, which the backend's own is not."""
    if connection.vendor == "sqlite":
        return bool(full_text((word,), "and"))
    results = database_backend().search(
        word, ServicePage.objects.live(), operator="and", order_by_relevance=False
    )
    return results.get_queryset().exists()


class DatabaseEngine(SearchEngine):
    name = "database"

    def search(self, query: SearchQuery) -> SearchResults:
        text = TextMatch(query)
        if text.read.words and not text.matches("and"):
            # No listing has every word as typed, so the search as typed cannot match them all: try
            # the corrections first, and search the words as typed only if they do not settle it.
            return self._forgive(query, lambda: self._search(query, text)[0])
        results, complete = self._search(query, text)
        if complete or not text.read.words:
            return results
        return self._forgive(query, lambda: results)

    def _forgive(self, query: SearchQuery, as_typed) -> SearchResults:
        """Some words typed matched nothing: the results with misspelt words corrected (see
        search.spelling), as OpenSearch does, when every word then matches or when the words as typed
        (`as_typed()`, asked only then) found nothing; else the results as typed."""
        fixes = spelling.corrections(query.text, is_known_word)
        if not fixes:
            return as_typed()
        corrected = spelling.replace_words(query.text, fixes)
        forgiven, forgiven_complete = self._search(dataclasses.replace(query, text=corrected))
        if forgiven.total and forgiven_complete:
            return dataclasses.replace(forgiven, suggestion=corrected)
        results = as_typed()
        if forgiven.total and not results.total:
            return dataclasses.replace(forgiven, suggestion=corrected)
        return results

    def _search(self, query: SearchQuery, text: "TextMatch | None" = None) -> tuple[SearchResults, bool]:
        """The results, and whether every word typed matched among the listings near the resident.
        `text`: the query's TextMatch, if one has already been asked for some matches."""
        if is_browsing(query):
            return browse(query, self.name), True
        text = text or TextMatch(query)
        rows = load_rows(query, text.service_ids())
        rows, remote = apply_place(rows, query)
        rows = text.apply(rows)
        complete = text.is_complete
        remote = text.apply(remote)

        chosen = chosen_facets(query)
        mark_misses(rows, chosen)
        facets = facet_counts(rows)
        found = sort_rows(
            best_row_per_service([row for row in rows if not row.misses]),
            query.effective_sort,
            by_band=bool(query.location),
        )
        page = found[query.offset : query.offset + query.per_page]

        remote_hits = []
        if query.location:
            access = position("access")
            mark_misses(remote, [(index, values) for index, values in chosen if index != access])
            remote_found = best_row_per_service([row for row in remote if not row.misses])
            remote_hits = [
                to_hit(row) for row in sort_rows(remote_found, Sort.RELEVANCE)[:REMOTE_SUGGESTIONS]
            ]
        results = SearchResults(
            hits=[to_hit(row) for row in page],
            total=len(found),
            facets=facets,
            engine=self.name,
            remote_hits=remote_hits,
        )
        return results, complete

    def autocomplete(self, prefix: str, limit: int = 8) -> list[str]:
        from directory.models import HelpTopic

        prefix = prefix.strip()
        if len(prefix) < 2:
            return []
        topics = list(HelpTopic.objects.filter(name__icontains=prefix).values_list("name", flat=True)[:limit])
        titles = (
            DirectoryEntry.objects.filter(title__icontains=prefix)
            .values_list("title", flat=True)
            .distinct()
            .order_by("title")[: limit - len(topics)]
        )
        return topics + [title for title in titles if title not in topics]
