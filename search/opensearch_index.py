"""The OpenSearch directory index: its mapping, its documents, keeping it in step, and rebuilding it.

One OpenSearch document per ListingDocument (a listing at a venue, or a listing given by phone or
online), routed by listing so all of a listing's documents sit on one shard. Searches read the alias
`<prefix>-directory`; `rebuild()` fills a new index `<prefix>-directory-<timestamp>` and moves the
alias to it in one atomic step, so searches never see a half-built index.

Schedules are indexed as nested `rules` with plain numbers (minutes after midnight, the repeat kind,
a fortnight anchor and valid dates), so "open now" and "on Monday" are exact filters in the query
and totals and facet counts stay exact (see OpenSearchEngine.open_now_filter). The regular times with
no dates of their own are also held as the minutes of the week they are open (`open_minutes`, see
session_minutes), so "open now" asks about those without reading the nested rules.

Synonyms: the words residents type for each help topic (HelpTopic.synonyms) become a synonym filter
on the search analyser, and each document also holds its topics' names and synonyms as text. Both are
read when an index is built: after changing synonyms, `manage.py rebuild_directory_index` brings
OpenSearch up to date (the topic reading done before any engine is asked uses them at once).
"""

import dataclasses
import datetime as dt
import functools
import hashlib
import itertools
import json
import logging
import time
from collections.abc import Iterable, Iterator

from . import opensearch_client  # first: it imports opensearch-py despite our `events` app

# isort: split

from django.utils import timezone
from opensearchpy import (
    Boolean,
    Date,
    DateRange,
    Document,
    GeoPoint,
    Index,
    InnerDoc,
    Integer,
    IntegerRange,
    Keyword,
    Nested,
    Short,
    Text,
    analyzer,
    normalizer,
    token_filter,
)
from opensearchpy.helpers import streaming_bulk

from core.choices import WEEKDAY_INDEX

from .documents import ListingDocument
from .facets import FACETS
from .understanding import tokens

logger = logging.getLogger(__name__)

MAX_RESULT_WINDOW = 200_000  # deep pages of a very large directory; past it a search falls back
WRITE_TIMEOUT = 60  # seconds, for bulk writes (searches use OPENSEARCH_TIMEOUT)
# How long a process trusts what it last found about the live index's mapping (has_current_mapping).
MAPPING_CHECK_SECONDS = 60


# -- analysis ---------------------------------------------------------------------------------

english_possessive = token_filter("english_possessive", type="stemmer", language="possessive_english")
english_stop = token_filter("english_stop", type="stop", stopwords="_english_")
english_stemmer = token_filter("english_stemmer", type="stemmer", language="english")
edge_grams = token_filter("autocomplete_edge_grams", type="edge_ngram", min_gram=1, max_gram=20)
shingles = token_filter("suggest_shingles", type="shingle", min_shingle_size=2, max_shingle_size=3)

# Indexed words: English stems ("emails" and "emailing" are "email"); no synonyms at index time.
english_text = analyzer(
    "english_text",
    tokenizer="standard",
    filter=["lowercase", english_possessive, english_stop, english_stemmer],
)
# Plain words (no stemming), for typo-tolerant matching and the phrase suggester's candidates.
plain_text = analyzer("plain_text", tokenizer="standard", filter=["lowercase"])
shingle_text = analyzer("shingle_text", tokenizer="standard", filter=["lowercase", shingles])
autocomplete_index = analyzer("autocomplete_index", tokenizer="standard", filter=["lowercase", edge_grams])
sort_key = normalizer("sort_key", filter=["lowercase"])


def synonym_rules(topics: Iterable[tuple[str, str, str]]) -> list[str]:
    """One equivalence rule per help topic: its name and synonyms ("email, e mail, gmail, inbox").

    Each phrase is reduced to plain lowercase words, so nothing a council types can break the rule syntax.
    """
    import re

    rules = []
    for _slug, name, synonyms in topics:
        phrases = []
        for phrase in [name, *re.split(r"[,\n;]", synonyms or "")]:
            words = " ".join(tokens(phrase.replace(".", " ")))
            if words and words not in phrases:
                phrases.append(words)
        if len(phrases) > 1:
            rules.append(", ".join(phrases))
    return rules


def search_analyzer(rules: list[str]):
    """English stems with the help topics' synonyms: "gmail" also looks for "email" and "inbox"."""
    filters = ["lowercase"]
    if rules:
        filters.append(token_filter("topic_synonyms", type="synonym_graph", synonyms=rules, lenient=True))
    filters += [english_possessive, english_stop, english_stemmer]
    return analyzer("english_search", tokenizer="standard", filter=filters)


# -- the mapping (opensearch-py's Document DSL) -----------------------------------------------


class Rule(InnerDoc):
    """A regular time as numbers: the weekday it starts, how it repeats, and its minutes after midnight."""

    day = Keyword()
    kind = Keyword()  # weekly, fortnightly, monthly_1..monthly_4, monthly_last (core.choices.Repeat)
    anchor = Short()  # fortnightly with a first date: that date's day number modulo 14
    valid_from = Date(format="strict_date")
    valid_to = Date(format="strict_date")
    opens = Short()
    closes = Short()
    overnight = Boolean()  # finishes the next day
    skip_bank_holidays = Boolean()
    closed = DateRange(format="strict_date")  # closed periods, at the listing's venue or the venue
    # Valid dates, a fortnight's first date or closed periods: "open now" reads this rule here, not
    # from the document's open_minutes.
    dated = Boolean()


def text_field(**extra):
    return Text(analyzer=english_text, search_analyzer="english_search", **extra)


class ListingSearchDocument(Document):
    """What OpenSearch stores for one listing at one venue (or one listing by phone or online)."""

    service_id = Integer()
    service_location_id = Integer()
    venue_id = Integer()
    remote = Boolean()
    location = GeoPoint()
    position = Short()
    # The places of the listing's venues listed before this one: a document is the first of its listing
    # within a radius when none of these is in it, so listings are counted as documents (see
    # OpenSearchEngine.first_of_listing).
    prior_locations = GeoPoint()
    listing_access = Keyword()  # the access needs at any of the listing's venues (see with_listing)
    # Words, searched together through `all_text` (copy_to), as the database engine searches a page.
    title = text_field(
        copy_to="all_text",
        fields={
            "sort": Keyword(normalizer=sort_key),
            "raw": Keyword(),
            "complete": Text(analyzer=autocomplete_index, search_analyzer=plain_text),
        },
    )
    organisation = Text(analyzer=english_text, fields={"sort": Keyword(normalizer=sort_key)})
    summary = text_field(copy_to="all_text")
    body = text_field(copy_to="all_text")
    topic_terms = text_field(copy_to="all_text")  # the topics' names and synonyms
    format_names = text_field(copy_to="all_text")
    all_text = text_field(
        fields={"plain": Text(analyzer=plain_text), "shingles": Text(analyzer=shingle_text)},
    )
    topic_names = Keyword(fields={"complete": Text(analyzer=autocomplete_index, search_analyzer=plain_text)})
    # The facets (search.facets: levels, topics, formats, cost, access, languages), and what the filters need.
    locals().update({facet.index_field: Keyword() for facet in FACETS})
    title_topics = Keyword()
    audiences = Keyword()
    status = Keyword()
    days = Keyword()
    rules = Nested(Rule)
    open_minutes = IntegerRange()  # the undated rules' sessions (see session_minutes)


# -- documents --------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Vocabulary:
    """Topic names and synonyms, and format names, by slug: what documents hold as words."""

    topics: dict[str, tuple[str, str]]  # slug -> (name, synonyms)
    formats: dict[str, str]

    @classmethod
    def load(cls) -> "Vocabulary":
        from directory.models import Format, HelpTopic

        return cls(
            topics={
                slug: (name, synonyms)
                for slug, name, synonyms in HelpTopic.objects.values_list("slug", "name", "synonyms")
            },
            formats=dict(Format.objects.values_list("slug", "name")),
        )

    @property
    def synonym_rules(self) -> list[str]:
        return synonym_rules((slug, name, synonyms) for slug, (name, synonyms) in sorted(self.topics.items()))


def minutes(text: str) -> int:
    """Minutes after midnight of a wall-clock time ("09:30" is 570)."""
    time = dt.time.fromisoformat(text)
    return time.hour * 60 + time.minute


def is_dated(rule) -> bool:
    """Whether a regular time has dates of its own (valid dates, which also anchor a fortnight, or
    closed periods): whether it runs on a date then depends on more than the date's weekday and its
    place in the month, so "open now" reads it from the nested rules."""
    return bool(rule.valid_from or rule.valid_to or rule.closed)


def rule_source(rule) -> dict:
    opens, closes = minutes(rule.opens_at), minutes(rule.closes_at)
    anchor = None
    if rule.repeat == "fortnightly" and rule.valid_from:
        anchor = dt.date.fromisoformat(rule.valid_from).toordinal() % 14
    return {
        "day": rule.day,
        "kind": rule.repeat,
        "anchor": anchor,
        "valid_from": rule.valid_from,
        "valid_to": rule.valid_to,
        "opens": opens,
        "closes": closes,
        "overnight": closes <= opens,
        "skip_bank_holidays": bool(rule.skip_bank_holidays),
        "closed": [{"gte": first, "lte": last} for first, last in rule.closed],
        "dated": is_dated(rule),
    }


# -- open minutes -------------------------------------------------------------------------------
#
# An undated regular time is open at the same minutes of each week it falls in. Those minutes are
# stored as integer ranges on one line of weeks ("segments"), one segment for each repeat kind, part of
# the session (from its start to midnight, or after midnight, on the next day's minutes) and whether
# it skips bank holidays. "Open now" is then one look-up of a few points on that line: for the kinds
# falling on today (and yesterday, for sessions begun the evening before), the minute of the week now
# (OpenSearchEngine.open_now_filter), leaving out the segments of times that skip a bank holiday on one.

DAY = 24 * 60
WEEK = 7 * DAY
# Repeat kinds on the line: an unanchored fortnightly time falls in every week, as a weekly one does.
SESSION_KINDS = ("weekly", "monthly_1", "monthly_2", "monthly_3", "monthly_4", "monthly_last")


def session_minute(kind: str, after_midnight: bool, skips: bool, weekday: int, minute: int) -> int:
    """A point on the line of open minutes: `minute` after midnight on `weekday` (Monday 0) in the
    segment of this repeat kind, part of the session and whether it skips bank holidays."""
    segment = (SESSION_KINDS.index(kind) * 2 + after_midnight) * 2 + skips
    return segment * WEEK + weekday * DAY + minute


def session_minutes(rule) -> list[dict]:
    """An undated regular time's open minutes, as integer ranges (none for a dated one)."""
    if is_dated(rule):
        return []
    kind = "weekly" if rule.repeat == "fortnightly" else rule.repeat
    weekday, skips = WEEKDAY_INDEX[rule.day], bool(rule.skip_bank_holidays)
    opens, closes = minutes(rule.opens_at), minutes(rule.closes_at)
    if closes > opens:
        parts = [(False, weekday, opens, closes)]
    else:  # past midnight: the rest of its day, then the next day's minutes up to closing
        parts = [(False, weekday, opens, DAY), (True, (weekday + 1) % 7, 0, closes)]
    return [
        {
            "gte": session_minute(kind, after_midnight, skips, day, start),
            "lt": session_minute(kind, after_midnight, skips, day, end),
        }
        for after_midnight, day, start, end in parts
        if end > start
    ]


def indexed_values(document: ListingDocument, field: str, many: bool):
    """A facet's values as a document holds them: a list, or the one value."""
    value = getattr(document, field)
    return list(value) if many else value


def point(document: ListingDocument) -> dict | None:
    if document.latitude is None or document.longitude is None:
        return None
    return {"lat": document.latitude, "lon": document.longitude}


def with_listing(documents: Iterable[ListingDocument]) -> Iterator[tuple[ListingDocument, dict]]:
    """Each document with what it holds about its listing's other documents (a listing's documents
    come together): the places of its venues listed before it (`prior_locations`, see
    OpenSearchEngine.first_of_listing) and the access needs at any of its venues (`listing_access`:
    browsing counts each listing at its first document)."""
    for _service_id, listing in itertools.groupby(documents, key=lambda document: document.service_id):
        listing = sorted(listing, key=lambda document: document.position)
        access = sorted({value for document in listing for value in document.access})
        before = []
        for document in listing:
            yield document, {"prior_locations": list(before), "listing_access": access}
            if (place := point(document)) is not None:
                before.append(place)


def source(document: ListingDocument, vocabulary: Vocabulary, listing: dict) -> dict:
    """The OpenSearch document for a ListingDocument (`listing`: what it holds about its listing's
    other documents, see with_listing)."""
    topic_words = []
    for slug in document.topics:
        name, synonyms = vocabulary.topics.get(slug, (slug.replace("-", " "), ""))
        topic_words += [name, synonyms]
    return {
        "service_id": document.service_id,
        "service_location_id": document.service_location_id,
        "venue_id": document.venue_id,
        "remote": document.venue_id is None,
        "location": point(document),
        "position": document.position,
        **listing,  # prior_locations and listing_access
        "title": document.title,
        "organisation": document.organisation,
        "summary": document.summary,
        "body": document.body,
        "topic_terms": " ".join(word for word in topic_words if word),
        "format_names": " ".join(vocabulary.formats.get(slug, slug) for slug in document.formats),
        "topic_names": [vocabulary.topics[slug][0] for slug in document.topics if slug in vocabulary.topics],
        **{facet.index_field: indexed_values(document, facet.index_field, facet.many) for facet in FACETS},
        "title_topics": list(document.title_topics),
        "audiences": list(document.audiences),
        "status": document.status,
        "days": sorted({rule.day for rule in document.schedules}),
        "rules": [rule_source(rule) for rule in document.schedules],
        "open_minutes": [span for rule in document.schedules for span in session_minutes(rule)],
    }


# -- the index ---------------------------------------------------------------------------------


@dataclasses.dataclass
class RebuildReport:
    index: str
    documents: int
    listings: int
    seconds: float

    @property
    def listings_per_second(self) -> float:
        return self.listings / self.seconds if self.seconds else 0.0


class StaleIndex(Exception):
    """The live index was built before the mapping last changed (DirectoryIndex.has_current_mapping)."""


@functools.cache
def mapping_digest() -> str:
    """A short digest of the documents' mapping, kept in each index built (its `_meta`), so that a
    search can tell an index built before the mapping last changed."""
    mapping = json.dumps(ListingSearchDocument._doc_type.mapping.to_dict(), sort_keys=True)
    return hashlib.sha256(mapping.encode()).hexdigest()[:16]


# (url, alias): (when checked, whether current); one process's answers (see has_current_mapping).
_mapping_checks: dict[tuple[str, str], tuple[float, bool]] = {}


def forget_mapping_checks() -> None:
    """Ask the cluster again at every index's next search (tests; a rebuild forgets only its own
    index's answer, in DirectoryIndex._go_live)."""
    _mapping_checks.clear()


class DirectoryIndex:
    """The directory's index on one OpenSearch cluster."""

    name = "opensearch"

    def __init__(
        self,
        url: str,
        prefix: str = "signpost",
        timeout: float | None = None,
        sync_timeout: float | None = None,
    ):
        self.url = url
        self.prefix = prefix
        self.alias = f"{prefix}-directory"
        # Set on an index while it is being built, so changes made meanwhile reach it too.
        self.building_alias = f"{prefix}-directory-building"
        self.client = opensearch_client.client_for(url, timeout)
        # Keeping listings in step happens as an editor publishes: never make them wait long. A change
        # that does not get through in time is queued and replayed (search.indexing).
        self.sync_timeout = sync_timeout or max(5.0, float(self.client.transport.kwargs.get("timeout") or 0))

    @classmethod
    def from_settings(cls) -> "DirectoryIndex":
        from django.conf import settings

        return cls(
            settings.OPENSEARCH_URL,
            settings.OPENSEARCH_INDEX_PREFIX,
            settings.OPENSEARCH_TIMEOUT,
            sync_timeout=settings.OPENSEARCH_INDEX_TIMEOUT,
        )

    def __repr__(self):
        return f"<DirectoryIndex {self.alias} at {self.url}>"

    # -- creating ------------------------------------------------------------------------------

    def index_definition(self, name: str, vocabulary: Vocabulary) -> Index:
        index = Index(name)
        index.settings(
            number_of_shards=1,
            auto_expand_replicas="0-1",  # a copy on a second node where there is one
            refresh_interval="-1",  # while building; set to 1s before it goes live
            max_result_window=MAX_RESULT_WINDOW,
        )
        index.analyzer(search_analyzer(vocabulary.synonym_rules))
        index.document(ListingSearchDocument)
        return index

    def create(self, vocabulary: Vocabulary | None = None) -> str:
        """A new, empty index for a rebuild, carrying the building alias and the digest of this code's
        mapping (see has_current_mapping). Returns its name."""
        vocabulary = vocabulary or Vocabulary.load()
        name = f"{self.alias}-{timezone.now():%Y%m%d%H%M%S%f}"
        body = self.index_definition(name, vocabulary).to_dict()
        body["mappings"]["_meta"] = {"signpost_mapping": mapping_digest()}
        body["aliases"] = {self.building_alias: {}}
        self.client.indices.create(index=name, body=body, request_timeout=WRITE_TIMEOUT)
        return name

    def exists(self) -> bool:
        return bool(self.client.indices.exists_alias(name=self.alias))

    def has_current_mapping(self, timeout: float | None = None) -> bool:
        """Whether the index that searches read was built with this code's mapping. A release that adds
        a field to the mapping needs `rebuild_directory_index` after it is deployed; until then the
        old index lacks the field and searches asking about it would quietly find nothing, so the
        engine answers from the database instead (StaleIndex). Asked of the cluster at most once every
        MAPPING_CHECK_SECONDS in each process (waiting at most `timeout` seconds, by default the client's),
        and logged when the answer is no."""
        key = (self.url, self.alias)
        checked = _mapping_checks.get(key)
        if checked and time.monotonic() - checked[0] < MAPPING_CHECK_SECONDS:
            return checked[1]
        mappings = self.client.indices.get_mapping(index=self.alias, request_timeout=timeout)
        current = all(
            index.get("mappings", {}).get("_meta", {}).get("signpost_mapping") == mapping_digest()
            for index in mappings.values()
        )
        if not current:
            logger.warning(
                "OpenSearch index %s was built before the search mapping last changed: searches are "
                "answered by the database until `manage.py rebuild_directory_index` has run",
                self.alias,
            )
        _mapping_checks[key] = (time.monotonic(), current)
        return current

    # -- writing -------------------------------------------------------------------------------

    def _targets(self) -> list[str]:
        """Indices that searches read now, or will read once a rebuild under way finishes."""
        indices = self.client.indices.get_alias(
            index=f"{self.alias}-*", allow_no_indices=True, request_timeout=self.sync_timeout
        )
        return sorted(
            index
            for index, info in indices.items()
            if {self.alias, self.building_alias} & set(info.get("aliases", {}))
        )

    def replace_services(self, documents: dict[int, list[ListingDocument]]) -> bool:
        """Make these listings' documents exactly these (an empty list removes the listing).

        Returns False without asking the cluster while its circuit breaker is open; raises when the
        cluster fails. Either way the caller queues the change (search.indexing.update_external).
        """
        if not documents:
            return True
        breaker = opensearch_client.breaker_for(self.url)
        if not breaker.allow():
            return False
        try:
            self._replace(documents)
        except Exception:
            breaker.failed()
            raise
        breaker.succeeded()
        return True

    def _replace(self, documents: dict[int, list[ListingDocument]]) -> None:
        targets = self._targets()
        if not targets:
            logger.warning(
                "No OpenSearch index %s yet: run `manage.py rebuild_directory_index` to create it", self.alias
            )
            return
        vocabulary = Vocabulary.load()
        service_ids = sorted(documents)
        for target in targets:
            wanted = {document.doc_id: document for docs in documents.values() for document in docs}
            existing = self._existing_ids(target, service_ids)
            actions = [
                {"_op_type": "delete", "_index": target, "_id": doc_id, "routing": service_id}
                for doc_id, service_id in existing.items()
                if doc_id not in wanted
            ]
            actions += [
                self._index_action(target, document, vocabulary, listing)
                for docs in documents.values()
                for document, listing in with_listing(docs)
            ]
            self._bulk(actions, refresh=True, timeout=self.sync_timeout)

    def _existing_ids(self, index: str, service_ids: list[int]) -> dict[str, int]:
        found = {}
        for start in range(0, len(service_ids), 1000):
            batch = service_ids[start : start + 1000]
            response = self.client.search(
                index=index,
                body={
                    "query": {"terms": {"service_id": batch}},
                    "_source": ["service_id"],
                    "size": 10000,
                },
                request_timeout=self.sync_timeout,
            )
            for hit in response["hits"]["hits"]:
                found[hit["_id"]] = hit["_source"]["service_id"]
        return found

    @staticmethod
    def _index_action(index: str, document: ListingDocument, vocabulary: Vocabulary, listing: dict) -> dict:
        return {
            "_op_type": "index",
            "_index": index,
            "_id": document.doc_id,
            "routing": document.service_id,
            "_source": source(document, vocabulary, listing),
        }

    def _bulk(
        self, actions: Iterable[dict], refresh=False, chunk_size: int = 500, timeout: float = WRITE_TIMEOUT
    ) -> int:
        done = 0
        for ok, item in streaming_bulk(
            self.client,
            actions,
            chunk_size=chunk_size,
            max_chunk_bytes=20 * 1024 * 1024,
            raise_on_error=False,
            request_timeout=timeout,
            refresh=refresh,
        ):
            operation, result = next(iter(item.items()))
            if not ok and not (operation == "delete" and result.get("status") == 404):
                raise opensearch_client.TransportError(result.get("status", 500), "bulk write failed", item)
            done += 1
        return done

    # -- rebuilding ----------------------------------------------------------------------------

    def rebuild(
        self,
        documents: Iterable[ListingDocument],
        vocabulary: Vocabulary | None = None,
        chunk_size: int = 1000,
    ) -> RebuildReport:
        """Index every document into a new index, then move the alias to it and delete the old ones."""
        started = time.perf_counter()
        vocabulary = vocabulary or Vocabulary.load()
        name = self.create(vocabulary)
        listings: set[int] = set()

        def actions() -> Iterator[dict]:
            for document, listing in with_listing(documents):
                listings.add(document.service_id)
                yield self._index_action(name, document, vocabulary, listing)

        try:
            count = self._bulk(actions(), chunk_size=chunk_size)
            self.client.indices.put_settings(
                index=name, body={"index": {"refresh_interval": "1s"}}, request_timeout=WRITE_TIMEOUT
            )
            self.client.indices.refresh(index=name, request_timeout=WRITE_TIMEOUT)
            self._go_live(name)
        except Exception:
            self.client.indices.delete(index=name, ignore_unavailable=True, request_timeout=WRITE_TIMEOUT)
            raise
        return RebuildReport(
            index=name, documents=count, listings=len(listings), seconds=time.perf_counter() - started
        )

    def _go_live(self, name: str) -> None:
        """Point the alias at the new index in one step, then delete the indices older than the one it
        left.

        The index the alias has just left is kept until the next rebuild goes live. A search that
        found its way to it a moment before the alias moved is still being answered there, and
        deleting it under that search fails it with "all shards failed".
        """
        try:
            previous = sorted(self.client.indices.get_alias(name=self.alias))
        except opensearch_client.NotFoundError:
            previous = []
        actions = [{"remove": {"index": old, "alias": self.alias}} for old in previous]
        actions += [
            {"add": {"index": name, "alias": self.alias}},
            {"remove": {"index": name, "alias": self.building_alias}},
        ]
        self.client.indices.update_aliases(body={"actions": actions}, request_timeout=WRITE_TIMEOUT)
        _mapping_checks.pop((self.url, self.alias), None)  # this process need not wait to know
        # Indices retired by the rebuild before, and any left by a rebuild that died (no alias); never
        # the one just retired, nor one another rebuild is filling.
        leftovers = self.client.indices.get_alias(index=f"{self.alias}-*")
        for index, info in sorted(leftovers.items()):
            stamp = index.removeprefix(f"{self.alias}-")
            if index != name and index not in previous and stamp.isdigit() and not info.get("aliases"):
                self.client.indices.delete(
                    index=index, ignore_unavailable=True, request_timeout=WRITE_TIMEOUT
                )

    def delete_all(self) -> None:
        """Delete every index of this prefix (tests, and a clean start)."""
        self.client.indices.delete(
            index=f"{self.alias}-*",
            ignore_unavailable=True,
            allow_no_indices=True,
            request_timeout=WRITE_TIMEOUT,
        )

    def refresh(self) -> None:
        self.client.indices.refresh(index=self.alias, request_timeout=WRITE_TIMEOUT)


def all_documents(batch_size: int = 500) -> Iterator[ListingDocument]:
    """Every searchable listing's documents, read from the database in batches (for a rebuild)."""
    from directory.models import ServicePage

    from .indexing import build_documents

    service_ids = list(ServicePage.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(service_ids), batch_size):
        for docs in build_documents(service_ids[start : start + batch_size]).values():
            yield from docs
