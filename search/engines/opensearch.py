"""The OpenSearch engine: the same answers as the database engine, at scale, and forgiving of typos.

It implements the database engine's rules (read search/engines/database.py) as OpenSearch queries,
built with opensearch-py's Search / Q / A DSL:

- Words. Topics named by the words are found first, in Python (search.understanding), as for the
  database, and the steps are the database's: listings on every topic named, else on any; then all
  of the other words, else any of them, else (with topics) the topics alone; each step decided among
  the listings near the resident (and separately among those by phone or online) that pass the time
  filters. A small "plan" request counts every step at once (filter aggregations); with no words
  and at most one topic there is nothing to decide and no such request. Only when the
  words as typed do not all match do typos come in: they are matched fuzzily (fuzziness AUTO, first
  letter fixed) against the text and the topics' names and synonyms, and the phrase suggester
  offers "Did you mean ...?". All the words matched fuzzily beat some of them matched exactly
  ("univeral credit" finds Universal Credit help, not every "credit union"). So wherever all the
  words as typed find something, or none of them can be matched fuzzily, both engines find the
  same listings.
- Places. A geo_distance filter for the radius, sorting by _geo_distance; one result per listing at
  its nearest venue by collapsing on service_id with distance in every sort. Distances shown are
  worked out in Python with the same formula as the database engine.
- Filters and counts. Chosen facets are a post_filter (so each facet's counts can ignore its own
  choice); each facet's counts are a filter aggregation of the other choices and a terms
  aggregation. A listing has a document per venue, but everything except its venues' places, times
  and access needs is the same in each, so where only the place tells them apart each listing is
  counted as one document: its first within the radius (`first_of_listing`), and counts are plain
  document counts. The facets nobody chose (but access) are counted in the filter counting the
  listings found, which reads the documents once for them all. Where times or access needs are
  asked about (or for the access facet's own counts), a cardinality of service_id counts listings
  instead; below its precision_threshold it counts a set of hashes, exact in practice, but its cost
  grows with the threshold: the threshold is set to the number of documents the plan request found
  in the pool (no count can be larger), at most 40,000. Where the plan is known without a request
  (no words, at most one topic) it is 40,000 for browsing and a place with a topic (only the access
  facet's few values use it), else a guess checked against the documents each count read, the counts
  asked again in the rare case it was too small (see first_precision).
- Times. "On Monday" means the coming Monday: a rule with a session starting on that date (the
  `occurs_on` test below, closures and skipped bank holidays included; as for the database, a session
  running past midnight belongs to the day it starts on). "Open now" is exact and in the
  query: each regular time is a nested `rules` document with its minutes after midnight, its repeat
  kind, fortnight anchor and valid dates. For the moment asked about, Python works out, for yesterday,
  today and tomorrow, the last minute of that UK date that has begun by then (this copes with clock
  changes) and which repeat kinds fall on each date (1st/2nd/.../last weekday of the month, fortnight
  parity). A listing is open if a rule starting yesterday or today has begun and not yet finished,
  the same test as RegularTime.is_open_at, so totals and counts stay exact. Regular times with no
  dates of their own are asked about without the nested documents: each is also indexed as the
  minutes of the week it is open (`open_minutes`, see search.opensearch_index.session_minutes), and
  the query looks up the minute now in the stretches for the repeat kinds falling on today and
  yesterday (open_minutes_now).
"""

import dataclasses
import datetime as dt
import logging
import threading
import time

from .. import opensearch_client  # noqa: F401 - first: it imports opensearch-py despite our `events` app

# isort: split

from opensearchpy import A, MultiSearch, Q, Search

from core.choices import ServiceStatus, Weekday
from core.geo import haversine_miles
from core.timetable import bank_holiday, local_now, local_zone, wall_clock

from ..facets import FACETS
from ..opensearch_index import SESSION_KINDS, DirectoryIndex, StaleIndex, session_minute
from ..query import SearchQuery, Sort
from ..spelling import replace_words
from ..understanding import ReadQuery, read_query, tokens
from .base import Hit, SearchEngine, SearchResults
from .database import REMOTE_SUGGESTIONS, VENUE_FACETS

logger = logging.getLogger(__name__)

WEEKDAYS = Weekday.values
PRECISION = 40000  # cardinality counts are exact (in practice) below this many listings
# Where no request tells how many documents a search reads, its cardinalities' precision is first
# this (their cost grows with it), and raised if a count read more (OpenSearchEngine.exact_counts).
GUESSED_DOCUMENTS = 3000
FUZZY = {"fuzziness": "AUTO", "prefix_length": 1}
# A point of the topic band outweighs any word score (see text_query).
BAND = 1000.0
SOURCE = ["service_id", "service_location_id", "venue_id", "location", "position"]
# The facets a listing's documents can differ in (its venues' access needs), by name.
PER_VENUE = frozenset(FACETS[index].name for index in VENUE_FACETS)


# -- times -------------------------------------------------------------------------------------


def last_minute_begun(day: dt.date, moment: dt.datetime) -> int:
    """The last minute of the UK day `day` whose wall-clock time has begun by `moment` (-1 if none).

    Wall-clock times on one date only go forward (a time skipped when the clocks go forward is read
    as the time an hour later), so a session on `day` opening at minute m has begun iff m <= this.
    """

    def begun(minute: int) -> bool:
        return wall_clock(day, dt.time(minute // 60, minute % 60)) <= moment

    if not begun(0):
        return -1
    low, high = 0, 24 * 60 - 1
    while low < high:
        middle = (low + high + 1) // 2
        if begun(middle):
            low = middle
        else:
            high = middle - 1
    return low


def kinds_on(day: dt.date) -> list[str]:
    """The repeat kinds of a regular time that fall on this date, if it is the rule's weekday."""
    kinds = ["weekly", f"monthly_{(day.day - 1) // 7 + 1}"]
    if (day + dt.timedelta(days=7)).month != day.month:
        kinds.append("monthly_last")
    return kinds


def occurs_on(day: dt.date) -> Q:
    """A rule that has a session starting on this date (RegularTime.occurs_on): it falls on the date,
    no closed period covers it, and it is not a bank holiday the rule skips."""
    fortnight = [(day.toordinal() - offset) % 14 for offset in range(7)]
    closed = [Q("range", rules__closed={"gte": day, "lte": day})]
    if bank_holiday(day):
        closed.append(Q("term", rules__skip_bank_holidays=True))
    return Q(
        "bool",
        must_not=closed,
        filter=[
            Q("term", rules__day=WEEKDAYS[day.weekday()]),
            Q(
                "bool",
                should=[
                    Q("terms", rules__kind=kinds_on(day)),
                    Q(
                        "bool",
                        filter=[Q("term", rules__kind="fortnightly")],
                        should=[~Q("exists", field="rules.anchor"), Q("terms", rules__anchor=fortnight)],
                        minimum_should_match=1,
                    ),
                ],
                minimum_should_match=1,
            ),
            Q(
                "bool",
                should=[~Q("exists", field="rules.valid_from"), Q("range", rules__valid_from={"lte": day})],
                minimum_should_match=1,
            ),
            Q(
                "bool",
                should=[~Q("exists", field="rules.valid_to"), Q("range", rules__valid_to={"gte": day})],
                minimum_should_match=1,
            ),
        ],
    )


def open_minutes_now(today: dt.date, minute: int) -> list[int]:
    """The points on the line of open minutes (search.opensearch_index.session_minute) at which an
    undated regular time is under way at `minute` of `today`: one that started today, or yesterday
    and runs past midnight, of a kind falling on its day, unless it skips that day's bank holiday."""
    points = []
    for day, after_midnight in ((today, False), (today - dt.timedelta(days=1), True)):
        skips = (False,) if bank_holiday(day) else (False, True)
        for kind in kinds_on(day):
            if kind in SESSION_KINDS:  # not "monthly_5", past a month's fourth week
                points += [
                    session_minute(kind, after_midnight, skip, today.weekday(), minute) for skip in skips
                ]
    return points


def open_now_filter(moment: dt.datetime) -> Q:
    """Listings running, with a session under way at `moment` (including one begun the evening before):
    the undated regular times from their open minutes, one look-up, and the dated ones from the
    nested rules, as `occurs_on` decides their dates."""
    today = moment.astimezone(local_zone()).date()
    days = [today - dt.timedelta(days=1), today, today + dt.timedelta(days=1)]
    begun = {day: last_minute_begun(day, moment) for day in days}
    under_way = []
    for day, next_day in zip(days, days[1:], strict=False):
        under_way.append(
            occurs_on(day)
            & Q("range", rules__opens={"lte": begun[day]})
            & (
                (Q("term", rules__overnight=False) & Q("range", rules__closes={"gt": begun[day]}))
                | (Q("term", rules__overnight=True) & Q("range", rules__closes={"gt": begun[next_day]}))
            )
        )
    dated = Q(
        "nested",
        path="rules",
        query=Q("bool", filter=[Q("term", rules__dated=True)], should=under_way, minimum_should_match=1),
    )
    undated = Q("terms", open_minutes=open_minutes_now(today, begun[today]))
    return Q("term", status=ServiceStatus.ACTIVE) & Q("bool", should=[undated, dated], minimum_should_match=1)


# -- words -------------------------------------------------------------------------------------


def words_query(words: tuple[str, ...], operator: str, fuzzy: bool = False) -> Q:
    """Listings whose words (title, summary, description, topics and their synonyms, formats) match."""
    if not fuzzy:
        return Q("match", all_text={"query": " ".join(words), "operator": operator})
    each = [
        Q(
            "bool",
            should=[
                # No synonyms here: a fuzzy query cannot expand a synonym graph.
                Q("match", all_text={"query": word, "analyzer": "english_text", **FUZZY}),
                Q("match", all_text__plain={"query": word, **FUZZY}),
            ],
            minimum_should_match=1,
        )
        for word in words
    ]
    if operator == "and":
        return Q("bool", must=each)
    return Q("bool", should=each, minimum_should_match=1)


def ranking(words: tuple[str, ...], fuzzy: bool) -> list[Q]:
    """Scoring only: words in the title count most, then the summary."""
    options = {"analyzer": "english_text", **FUZZY} if fuzzy else {}
    text = " ".join(words)
    return [
        Q("match", title={"query": text, "boost": 2.0, **options}),
        Q("match", summary={"query": text, "boost": 1.0, **options}),
    ]


class Plan:
    """How the words will be matched for one pool of listings (those near the resident, or those by phone
    and online): `level` is "all" (nothing to match), "topics", "and", "or", "fuzzy_and", "fuzzy_or" or
    "none" (nothing can match); `every_topic` when the listings must be on every topic named."""

    def __init__(self, level: str, every_topic: bool = False):
        self.level = level
        self.every_topic = every_topic
        # With words matched fuzzily: the topics the suggested words name ("bankin": online banking).
        # They rank as named topics do, without narrowing, as the database's corrected words would.
        self.hinted_topics: frozenset[str] = frozenset()
        # Documents in the pool before the words and facets: no count can be larger.
        self.documents = PRECISION

    def __repr__(self):
        return f"Plan({self.level!r}, every_topic={self.every_topic})"

    @property
    def fuzzy(self) -> bool:
        return self.level.startswith("fuzzy_")

    @property
    def operator(self) -> str | None:
        if self.level in {"and", "or", "fuzzy_and", "fuzzy_or"}:
            return self.level.removeprefix("fuzzy_")
        return None


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours."""
    previous2, previous = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]


def starts_words(typed: list[str], name: str, fuzzy: bool) -> bool:
    """Whether each typed word begins a word of `name` ("univ cred" begins "Universal Credit")."""
    words = tokens(name)
    for word in typed:
        if any(candidate.startswith(word) for candidate in words):
            continue
        allowed = 0 if len(word) < 3 else 1 if len(word) < 6 else 2
        if fuzzy and any(
            candidate[:1] == word[:1] and edit_distance(word, candidate[: len(word)]) <= allowed
            for candidate in words
        ):
            continue
        return False
    return True


class Planning:
    """The plans of a search's pools while they are decided (OpenSearchEngine.plan_as_typed): those
    decided on the words as typed, and the pools (`unmatched`) where typos are still to be forgiven,
    some of them (`partly`) already matched by some of the words."""

    def __init__(self, read: ReadQuery, plans: dict, suggestion: str = "", scope: list | None = None):
        self.read = read
        self.plans = plans
        self.suggestion = suggestion
        self.scope = scope or []
        self.documents: dict[str, int] = {}  # each pool's documents, before the words and facets
        self.partly: set[str] = set()
        self.unmatched: dict[str, Q] = {}

    def forgive(self, response) -> None:
        """Decide the unmatched pools' plans from the forgiving steps' answer."""
        for name in self.unmatched:
            forgiven = OpenSearchEngine._decide(response.aggregations[name], self.read, fuzzy=True)
            if forgiven:
                forgiven.documents = self.documents.get(name, PRECISION)
            if name not in self.partly:
                self.plans[name] = forgiven or Plan("none")
            elif forgiven and forgiven.level == "fuzzy_and":
                self.plans[name] = forgiven
        self.unmatched = {}

    def likely(self) -> dict[str, Plan] | None:
        """The plans the forgiving steps most likely decide, so that the page and counts can be asked
        for beside them: each unmatched pool's words all matched fuzzily ("univeral credit"). None
        where two topics or more are named (whether a listing is on every one is decided too)."""
        if len(self.read.topics) > 1:
            return None
        likely = dict(self.plans)
        for name in self.unmatched:
            likely[name] = Plan("fuzzy_and")
            likely[name].documents = self.documents.get(name, PRECISION)
        return likely


# Each pool's requests in a search (OpenSearchEngine.requests).
POOL_REQUESTS = {"main": ("main", "counts"), "remote": ("remote",)}


def same_plan(a: Plan | None, b: Plan | None) -> bool:
    """Whether two plans ask for the same requests (their level, topics and precision)."""
    if a is None or b is None:
        return a is b
    return (a.level, a.every_topic, a.documents) == (b.level, b.every_topic, b.documents)


def by_cardinality(bucket: dict) -> bool:
    """Whether a filter aggregation of the counts (OpenSearchEngine.counts_search) counted listings
    by a cardinality: its own, or its facet values'."""
    if "listings" in bucket:
        return True
    facets = [facet for facet in bucket.values() if isinstance(facet, dict)]
    return any("listings" in value for facet in facets for value in facet.get("buckets", ()))


def listings_in(bucket) -> int:
    """The listings an aggregation bucket counted: its cardinality, or its documents where each
    listing was counted as one (see OpenSearchEngine.first_of_listing)."""
    return bucket.listings.value if "listings" in bucket else bucket.doc_count


# -- the engine --------------------------------------------------------------------------------


class OpenSearchEngine(SearchEngine):
    name = "opensearch"

    def __init__(self, index: DirectoryIndex | None = None):
        self.index = index or DirectoryIndex.from_settings()
        self.timeout = float(self.index.client.transport.kwargs.get("timeout") or 1.0)
        self._local = threading.local()  # each thread's search has its own deadline

    def _search(self) -> Search:
        return Search(using=self.index.client, index=self.index.alias).extra(track_total_hits=False)

    def _start(self) -> None:
        """One search (its two or three requests together) may take OPENSEARCH_TIMEOUT in all."""
        self._local.deadline = time.monotonic() + self.timeout
        self._local.schedule_filters = {}  # see schedule_filters

    def _time_left(self) -> float:
        deadline = getattr(self._local, "deadline", None)
        if deadline is None:
            return self.timeout
        left = deadline - time.monotonic()
        if left <= 0:
            from ..opensearch_client import ConnectionError

            raise ConnectionError("TIMEOUT", f"the search took longer than {self.timeout:g} s", None)
        return left

    def _execute(self, search):
        return search.params(request_timeout=self._time_left()).execute()

    # -- filters -------------------------------------------------------------------------------

    def schedule_filters(self, query: SearchQuery) -> list[Q]:
        """The day and "open now" filters, worked out once a search: each of its requests asks the
        same, at the same moment."""
        if query.now is None:  # asked outside a search, which fixes its moment
            return self.make_schedule_filters(query)
        made = self._local.__dict__.setdefault("schedule_filters", {})
        key = (query.day, query.open_now, query.now)
        if key not in made:
            made[key] = self.make_schedule_filters(query)
        return made[key]

    @staticmethod
    def make_schedule_filters(query: SearchQuery) -> list[Q]:
        filters = []
        if query.day:
            # A session starting on the coming such day, not closed (a late Friday session running past
            # midnight is Friday's).
            filters.append(
                Q("term", status=ServiceStatus.ACTIVE)
                & Q("term", days=query.day)
                & Q("nested", path="rules", query=occurs_on(query.on_date))
            )
        if query.open_now:
            filters.append(open_now_filter(query.now or local_now()))
        return filters

    @staticmethod
    def place_filters(query: SearchQuery) -> list[Q]:
        location = query.location
        if not location:
            return []
        filters = [Q("term", remote=False)]
        if query.radius_miles is not None:
            filters.append(
                Q(
                    "geo_distance",
                    distance=f"{query.radius_miles}mi",
                    distance_type="arc",
                    location={"lat": location.latitude, "lon": location.longitude},
                )
            )
        return filters

    @staticmethod
    def facet_filters(query: SearchQuery, leave_out: str | None = None) -> list[Q]:
        """Each chosen facet (values within one are alternatives), except `leave_out`."""
        return [
            Q("terms", **{facet.index_field: sorted(query.facet_values(facet.name))})
            for facet in FACETS
            if facet.name != leave_out and query.facet_values(facet.name)
        ]

    @classmethod
    def facet_filter(cls, query: SearchQuery, leave_out: str | None = None) -> Q:
        """The chosen facets, except `leave_out`, as one filter."""
        chosen = cls.facet_filters(query, leave_out)
        return Q("bool", filter=chosen) if chosen else Q("match_all")

    @staticmethod
    def topics_filter(read: ReadQuery, every: bool) -> Q:
        if every:
            return Q("bool", filter=[Q("term", topics=topic) for topic in sorted(read.topics)])
        return Q("terms", topics=sorted(read.topics))

    def text_query(self, read: ReadQuery, plan: Plan, by_band: bool = False, scored: bool = True) -> Q:
        """What the words ask for, scored as the database engine ranks: first the topic band (a point
        for each topic named that a listing is on, another where its title names it), then, unless
        `by_band` (with a place: equal bands go to the nearer listing), how well the words match.
        Unless `scored`, the same documents unscored (for counts): the clauses that only score them,
        words matched fuzzily in the title and summary among them, are not worked out."""
        must, filters, should = [], [], []
        if plan.operator:
            words = words_query(read.words, plan.operator, plan.fuzzy)
            if by_band:
                filters.append(words)
            else:
                must.append(words)
                should += ranking(read.words, plan.fuzzy)
        if read.topics:
            filters.append(self.topics_filter(read, plan.every_topic))
        for topic in sorted(read.topics | plan.hinted_topics):
            for field in ("topics", "title_topics"):
                should.append(Q("constant_score", filter=Q("term", **{field: topic}), boost=BAND))
        if read.topics and not by_band:  # within a band, a title with the very words typed comes first
            for phrase in sorted({phrase for phrase, _slug in read.matched_phrases}):
                should.append(Q("constant_score", filter=Q("match_phrase", title=phrase), boost=BAND / 2))
        if not scored:
            return Q("bool", filter=[*must, *filters])
        return Q("bool", must=must, filter=filters, should=should)

    # -- planning ------------------------------------------------------------------------------

    def pools(self, query: SearchQuery) -> dict[str, Q]:
        """The listings each list is drawn from: near the resident (or all, without a place), and
        with a place, those by phone or online."""
        pools = {"main": Q("bool", filter=self.place_filters(query))}
        if query.location:
            pools["remote"] = Q("term", remote=True)
        return pools

    def plan(self, query: SearchQuery, read: ReadQuery) -> tuple[dict[str, Plan], str]:
        """The plan for each pool, decided as the database engine decides it (over the listings in that
        pool that pass the place and time filters, before the facets), and a "Did you mean"."""
        planning = self.plan_as_typed(query, read)
        if planning.unmatched:
            planning.forgive(self._execute(self.forgiving_steps(query, read, planning)))
        return planning.plans, planning.suggestion

    def plan_as_typed(self, query: SearchQuery, read: ReadQuery) -> "Planning":
        """The plans decided on the words as typed (one request, or none: see settled_without_asking),
        and the pools where typos are still to be forgiven."""
        pools = self.pools(query)
        if self.settled_without_asking(query, read):
            plans = {name: Plan("topics" if read.topics else "all") for name in pools}
            for plan in plans.values():
                plan.documents = self.first_precision(query)
            return Planning(read, plans)
        scope = [*self.schedule_filters(query)]
        if read.topics:
            scope.append(self.topics_filter(read, every=False))
        response = self._execute(self._steps(query, read, pools, scope, fuzzy=False))
        plans = {name: self._decide(response.aggregations[name], read, fuzzy=False) for name in pools}
        suggestion = ""
        if read.words and (plans["main"] is None or plans["main"].level != "and"):
            suggestion = self.suggestion(response, read, query.text)
        planning = Planning(read, plans, suggestion, scope)
        for name in pools:
            planning.documents[name] = response.aggregations[name].doc_count
            if plans[name]:
                plans[name].documents = planning.documents[name]
        # Typos are forgiven where the words as typed find nothing, and also where only some of them
        # find something: "univeral credit" means Universal Credit, not every listing saying "credit".
        planning.partly = {name for name, plan in plans.items() if plan and plan.level == "or"}
        planning.unmatched = {
            name: pool for name, pool in pools.items() if plans[name] is None or name in planning.partly
        }
        return planning

    def forgiving_steps(self, query: SearchQuery, read: ReadQuery, planning: "Planning") -> Search:
        """The request deciding how the words are matched fuzzily in the pools still unmatched."""
        return self._steps(query, read, planning.unmatched, planning.scope, fuzzy=True)

    @staticmethod
    def settled_without_asking(query: SearchQuery, read: ReadQuery) -> bool:
        """Whether the plan is known without a request: no words and at most one topic leave nothing
        to decide (every listing on the topic, or every listing). The request would only have bounded
        the cardinalities' precision (Plan.documents): see first_precision."""
        return not read.words and len(read.topics) <= 1

    def first_precision(self, query: SearchQuery) -> int:
        """The cardinalities' precision where the plan is known without a request. Browsing (no place
        or times) and a place where each listing is counted as one document (a radius, no times) and
        no access need is chosen use a cardinality only for the access facet's few values, which costs
        little at the most precision. Elsewhere every count uses one, and the most precision would
        cost far more than asking: a guess (GUESSED_DOCUMENTS), which the search checks against the
        documents each count read and raises if they were more (see exact_counts)."""
        if not query.location and not (query.day or query.open_now):
            return PRECISION
        return PRECISION if self.listings_are_documents(query) else GUESSED_DOCUMENTS

    def _steps(self, query: SearchQuery, read: ReadQuery, pools: dict[str, Q], scope: list[Q], fuzzy: bool):
        if read.words and len(read.topics) < 2 and (fuzzy or self.counted_at_first_documents(query)):
            # Only the documents with some word matched (fuzzily, for typos) count towards a step:
            # reading those alone, not every document, spares matching the words against each of them.
            # (With two topics or more, whether any listing is on every topic is asked too.) The pool's
            # documents, which bound the counts' precision, are then not counted; where no count is of
            # a cardinality (browsing's) that precision is not needed, nor is it with typos, where
            # exact_counts checks it.
            scope = [*scope, words_query(read.words, "or", fuzzy=fuzzy)]
        if query.location:
            # Only the documents in a pool (near the resident, or by phone or online) are read, and
            # among those `remote` alone tells the pools apart: each pool's bucket need not ask about
            # the radius again (a filter aggregation reads every document in its filter).
            scope = [*scope, Q("bool", should=list(pools.values()), minimum_should_match=1)]
            pools = {name: Q("term", remote=name == "remote") for name in pools}
        search = self._search().extra(size=0).filter(Q("bool", filter=scope))
        for name, pool in pools.items():
            bucket = search.aggs.bucket(name, A("filter", filter=pool))
            scopes = [bucket]
            if len(read.topics) > 1:
                every = A("filter", filter=self.topics_filter(read, every=True))
                scopes.append(bucket.bucket("every_topic", every))
            if read.words:
                for each in scopes:
                    each.bucket("and", A("filter", filter=words_query(read.words, "and", fuzzy)))
                    each.bucket("or", A("filter", filter=words_query(read.words, "or", fuzzy)))
        if read.words and not fuzzy:
            search = self.suggest(search, read)
        return search

    @staticmethod
    def _decide(bucket, read: ReadQuery, fuzzy: bool) -> Plan | None:
        """Topics: every one named, else any. Then the words: all, else any, else (with topics) none."""
        if read.is_empty:
            return Plan("all")
        every = len(read.topics) > 1 and bucket.every_topic.doc_count > 0
        counts = bucket.every_topic if every else bucket
        if read.words:
            prefix = "fuzzy_" if fuzzy else ""
            if counts["and"].doc_count:
                return Plan(f"{prefix}and", every)
            if counts["or"].doc_count:
                return Plan(f"{prefix}or", every)
        return Plan("topics", every) if read.topics else None

    @staticmethod
    def suggest(search: Search, read: ReadQuery) -> Search:
        """The phrase suggester on unstemmed words and shingles, keeping only corrections that find
        something (collate)."""
        return search.suggest(
            "did_you_mean",
            " ".join(read.words),
            phrase={
                "field": "all_text.shingles",
                "size": 1,
                "gram_size": 3,
                "max_errors": 2,
                "confidence": 1.0,
                "direct_generator": [
                    {
                        "field": "all_text.plain",
                        "suggest_mode": "missing",
                        "min_word_length": 3,
                        "prefix_length": 1,
                    }
                ],
                "collate": {
                    "query": {
                        "source": {
                            "match": {"all_text.plain": {"query": "{{suggestion}}", "operator": "and"}}
                        }
                    },
                    "prune": False,
                },
            },
        )

    @staticmethod
    def suggestion(response, read: ReadQuery, text: str) -> str:
        """The resident's own text with the misspelt words corrected (see replace_words); only when the
        suggester joined or split words, so they cannot be paired with the typed ones, its lower-case
        text as it stands."""
        options = response.suggest["did_you_mean"][0].options if "suggest" in response else []
        if not options:
            return ""
        corrected = options[0].text.split()
        if len(corrected) != len(read.words):
            return options[0].text
        corrections = {
            typed: fixed for typed, fixed in zip(read.words, corrected, strict=True) if typed != fixed
        }
        if not corrections:
            return ""
        return replace_words(text, corrections)

    # -- searching -----------------------------------------------------------------------------

    def sort(self, query: SearchQuery) -> list:
        by_name = [{"title.sort": "asc"}, {"organisation.sort": "asc"}, {"service_id": "asc"}]
        nearest = []
        if query.location:
            nearest = [
                {
                    "_geo_distance": {
                        "location": {"lat": query.location.latitude, "lon": query.location.longitude},
                        "order": "asc",
                        "unit": "mi",
                        "distance_type": "arc",
                        "ignore_unmapped": True,
                    }
                }
            ]
        sort = query.effective_sort
        if sort == Sort.NAME:
            return [*by_name, *nearest, {"position": "asc"}]
        if sort == Sort.DISTANCE:
            return [*nearest, *by_name, {"position": "asc"}]
        return [{"_score": "desc"}, *nearest, *by_name, {"position": "asc"}]

    @staticmethod
    def first_of_listing(query: SearchQuery) -> "Q | None":
        """Where a listing's documents differ only in their places: each listing's first document in
        the pool (position 0 without a place; with one, the first whose earlier venues are all
        outside the radius), so counting these documents counts listings. None when times are asked
        about, or a place without a radius: then a listing's documents cannot be told apart so."""
        if query.day or query.open_now:
            return None
        if not query.location:
            return Q("term", position=0)
        if query.radius_miles is None:
            return None
        return ~Q(
            "geo_distance",
            distance=f"{query.radius_miles}mi",
            distance_type="arc",
            prior_locations={"lat": query.location.latitude, "lon": query.location.longitude},
            ignore_unmapped=True,
        )

    def matching(self, query: SearchQuery, read: ReadQuery, plan: Plan, scored: bool = True) -> Search:
        """The listings' documents the search finds, before the facets chosen (scored for the page)."""
        filters = [*self.place_filters(query), *self.schedule_filters(query)]
        return (
            self._search()
            .query(self.text_query(read, plan, by_band=bool(query.location), scored=scored))
            .filter(Q("bool", filter=filters))
        )

    def main_search(self, query: SearchQuery, read: ReadQuery, plan: Plan) -> Search:
        """The page of results: one document per listing, at its nearest (or first) venue."""
        search = self.matching(query, read, plan)
        if self.shown_at_first_document(query):
            search = search.filter(Q("term", position=0))
        return (
            search.post_filter(self.facet_filter(query))
            .sort(*self.sort(query))
            .source(SOURCE)
            .extra(
                collapse={"field": "service_id"},
                track_scores=True,
                **{"from": query.offset, "size": query.per_page},
            )
        )

    def shown_at_first_document(self, query: SearchQuery) -> bool:
        """Whether the page shows each listing at its first document, so the others need not be read:
        without a place, a listing's documents differ only in their position (the last thing sorted
        on; their words, so their scores, are the same), unless times or an access need (a venue's)
        are asked about."""
        return not query.location and self.listings_are_documents(query)

    @classmethod
    def listings_are_documents(cls, query: SearchQuery) -> bool:
        """Whether each listing found is one document (its first: see first_of_listing) and no access
        need, a venue's, is chosen: then only the access facet's counts need a cardinality."""
        return cls.first_of_listing(query) is not None and not any(
            query.facet_values(name) for name in PER_VENUE
        )

    @classmethod
    def counted_at_first_documents(cls, query: SearchQuery) -> bool:
        """Whether every count is of listings' first documents (position 0), the access facet's too:
        browsing (no place or times) with no access need chosen. Each first document holds the access
        needs at all its listing's venues (`listing_access`), so no count needs a cardinality and the
        counts read only the first documents."""
        return not query.location and cls.listings_are_documents(query)

    def counts_search(self, query: SearchQuery, read: ReadQuery, plan: Plan) -> Search:
        """The listings found and each facet's counts, asked apart from the page (and in the same
        multi-search) because a request for counts alone (size 0) is kept in the cluster's shard
        request cache until the index next changes: the counts of a search made again are not
        worked out again."""
        search = self.matching(query, read, plan, scored=False).extra(size=0)
        first = self.first_of_listing(query)
        at_first = self.counted_at_first_documents(query)
        if at_first:
            search = search.filter(first)
        # Counting listings: a cardinality aggregation counts exactly while under its precision threshold,
        # but costs in proportion to it, so the threshold is the most there can be (at most 40,000).
        precision = min(PRECISION, max(100, plan.documents))
        listings = A("cardinality", field="service_id", precision_threshold=precision)
        chosen_per_venue = any(query.facet_values(name) for name in PER_VENUE)

        def count(name: str, leave_out: str | None = None):
            """A filter aggregation of the chosen facets (but `leave_out`), counting listings."""
            chosen = self.facet_filter(query, leave_out)
            if at_first:
                return search.aggs.bucket(name, A("filter", filter=chosen)), False
            if first is None or leave_out in PER_VENUE or (chosen_per_venue and leave_out not in PER_VENUE):
                return search.aggs.bucket(name, A("filter", filter=chosen)), True
            return search.aggs.bucket(name, A("filter", filter=chosen & first)), False

        found, found_distinct = count("found")
        if found_distinct:
            found.metric("listings", listings)
        for facet in FACETS:
            if self.counted_among_found(query, facet.name):
                bucket, distinct = found, found_distinct
            else:
                bucket, distinct = count(facet.name, leave_out=facet.name)
            field = facet.index_field
            if at_first and facet.name in PER_VENUE:
                field = f"listing_{field}"  # every venue's, on the listing's first document
            values = bucket.bucket(facet.name, A("terms", field=field, size=1000))
            if distinct:
                values.metric("listings", listings)
        return search

    @classmethod
    def counted_among_found(cls, query: SearchQuery, name: str) -> bool:
        """Whether a facet's counts are those of the listings found: none of its values is chosen, so
        leaving out its own choice changes nothing, and it is the same at each of a listing's venues
        (or counted from the listing's first document, which holds all its venues' access needs).
        Its terms aggregation then sits in the `found` filter, which reads the matching documents once
        for all such facets, instead of once a facet."""
        if query.facet_values(name):
            return False
        return name not in PER_VENUE or cls.counted_at_first_documents(query)

    @classmethod
    def facet_counts(cls, counts, query: SearchQuery) -> dict[str, dict[str, int]]:
        """Each facet's listings per value, from the counts request's answer (see counts_search), if any."""
        if counts is None:
            return {facet.name: {} for facet in FACETS}
        aggregations = counts.aggregations
        facets = {}
        for facet in FACETS:
            among_found = cls.counted_among_found(query, facet.name)
            values = (aggregations.found if among_found else aggregations[facet.name])[facet.name].buckets
            facets[facet.name] = {value.key: listings_in(value) for value in values if listings_in(value)}
        return facets

    def remote_search(self, query: SearchQuery, read: ReadQuery, plan: Plan) -> Search:
        """Help by phone or online matching the rest of the search (any access need), best match first."""
        chosen = self.facet_filters(query, leave_out="access")
        return (
            self._search()
            .query(self.text_query(read, plan))
            .filter(Q("bool", filter=[Q("term", remote=True), *self.schedule_filters(query), *chosen]))
            .sort(
                {"_score": "desc"},
                {"title.sort": "asc"},
                {"organisation.sort": "asc"},
                {"service_id": "asc"},
                {"position": "asc"},
            )
            .source(SOURCE)
            .extra(collapse={"field": "service_id"}, track_scores=True, size=REMOTE_SUGGESTIONS)
        )

    def requests(self, query: SearchQuery, read: ReadQuery, plans: dict[str, Plan], suggestion: str) -> dict:
        """The requests of a search once its plans are decided, by what they answer: the page and the
        counts (the main pool), and with a place the help by phone or online (the remote pool)."""
        if suggestion:
            for plan in plans.values():
                if plan and plan.fuzzy:
                    plan.hinted_topics = read_query(suggestion).topics - read.topics
        requests = {}
        if plans["main"].level != "none":
            requests["main"] = self.main_search(query, read, plans["main"])
            requests["counts"] = self.counts_search(query, read, plans["main"])
        if query.location and plans["remote"].level != "none":
            requests["remote"] = self.remote_search(query, read, plans["remote"])
        return requests

    def telling_requests(self, query: SearchQuery, planning: Planning, requests: dict) -> dict[str, str]:
        """For each pool still unmatched, the request (by key) whose documents are exactly those the
        forgiving steps count for all the words matched fuzzily in that pool: the counts (the main
        pool's), and the help by phone or online where no facet narrows it (it filters by the facets
        chosen, the steps do not)."""
        telling = {}
        if "main" in planning.unmatched and "counts" in requests:
            telling["main"] = "counts"
        narrowed = bool(self.facet_filters(query, leave_out="access"))
        if "remote" in planning.unmatched and "remote" in requests and not narrowed:
            telling["remote"] = "remote"
        return telling

    def _ask(self, requests: dict[str, Search]) -> dict:
        """Several requests in one round trip (a multi-search), their answers by the same keys."""
        if not requests:
            return {}
        searches = MultiSearch(using=self.index.client, index=self.index.alias)
        for search in requests.values():
            searches = searches.add(search)
        answers = searches.params(request_timeout=self._time_left()).execute(raise_on_error=True)
        return dict(zip(requests, answers, strict=True))

    def search(self, query: SearchQuery) -> SearchResults:
        self._start()
        if not self.index.has_current_mapping(timeout=self._time_left()):
            raise StaleIndex(f"{self.index.alias} needs `manage.py rebuild_directory_index`")
        if query.now is None:  # one moment for all the search's requests
            query = dataclasses.replace(query, now=local_now())
        read = query.read
        planning = self.plan_as_typed(query, read)
        likely = planning.likely() if planning.unmatched else None
        if planning.unmatched and likely is None:
            planning.forgive(self._execute(self.forgiving_steps(query, read, planning)))
        if not planning.unmatched:
            responses = self._ask(self.requests(query, read, planning.plans, planning.suggestion))
        else:
            # Typos to forgive: the page and counts are asked for as if all the words matched fuzzily,
            # the usual case ("univeral credit"), each pool's request counting the documents it
            # matches. Where it matched some, the forgiving steps would decide just that, so they are
            # not asked; otherwise they are, and the requests of a pool decided otherwise are asked
            # again. A misspelt search takes two round trips instead of three, and finds the same.
            requests = self.requests(query, read, likely, planning.suggestion)
            telling = self.telling_requests(query, planning, requests)
            for key in telling.values():
                requests[key] = requests[key].extra(track_total_hits=True)
            responses = self._ask(requests)
            settled = {name for name, key in telling.items() if responses[key].hits.total.value}
            if settled == set(planning.unmatched):
                planning.plans.update({name: likely[name] for name in settled})
            else:
                planning.forgive(self._execute(self.forgiving_steps(query, read, planning)))
                again = [name for name, plan in planning.plans.items() if not same_plan(plan, likely[name])]
                keys = {key for name in again for key in POOL_REQUESTS[name]}
                responses = {key: answer for key, answer in responses.items() if key not in keys}
                requests = self.requests(query, read, planning.plans, planning.suggestion)
                responses.update(self._ask({key: requests[key] for key in keys & set(requests)}))
        main, counts = responses.get("main"), self.exact_counts(query, read, planning.plans, responses)
        return SearchResults(
            hits=self.hits(main, query) if main is not None else [],
            total=listings_in(counts.aggregations.found) if counts is not None else 0,
            facets=self.facet_counts(counts, query),
            engine=self.name,
            suggestion=planning.suggestion,
            remote_hits=self.hits(responses["remote"], query) if "remote" in responses else [],
        )

    def exact_counts(self, query: SearchQuery, read: ReadQuery, plans: dict[str, Plan], responses: dict):
        """The counts' answer, asked again with enough precision if a count read more documents than
        its cardinality's precision (only where it was guessed: see first_precision), so that every
        count is exact."""
        counts = responses.get("counts")
        if counts is None:
            return None
        plan = plans["main"]
        buckets = counts.aggregations.to_dict().values()
        read_most = max((bucket["doc_count"] for bucket in buckets if by_cardinality(bucket)), default=0)
        if plan.documents >= min(PRECISION, read_most):
            return counts
        plan.documents = min(PRECISION, read_most)
        return self._execute(self.counts_search(query, read, plan))

    @staticmethod
    def hits(response, query: SearchQuery) -> list[Hit]:
        found = []
        for hit in response.to_dict()["hits"]["hits"]:
            document = hit["_source"]
            distance = None
            location = document.get("location")
            if query.location and location:
                distance = haversine_miles(
                    query.location.latitude, query.location.longitude, location["lat"], location["lon"]
                )
            found.append(
                Hit(
                    service_id=document["service_id"],
                    service_location_id=document.get("service_location_id"),
                    venue_id=document.get("venue_id"),
                    distance_miles=distance,
                    score=float(hit.get("_score") or 0.0),
                )
            )
        return found

    # -- autocomplete --------------------------------------------------------------------------

    def autocomplete(self, prefix: str, limit: int = 8) -> list[str]:
        """Help topics and listing names that start with the words typed ("univ cred"), forgiving a
        typo when nothing starts with them."""
        typed = tokens(prefix)
        if len(prefix.strip()) < 2 or not typed:
            return []
        self._start()
        for fuzzy in (False, True):
            found = self._complete(" ".join(typed), typed, limit, fuzzy)
            if found:
                return found
        return []

    def _complete(self, text: str, typed: list[str], limit: int, fuzzy: bool) -> list[str]:
        options = {"operator": "and", **(FUZZY if fuzzy else {})}
        titles = Q("match", title__complete={"query": text, **options})
        topics = Q("match", topic_names__complete={"query": text, **options})
        search = (
            self._search()
            .query(titles | topics)
            .post_filter(titles)
            .sort({"_score": "desc"}, {"title.sort": "asc"})
            .source(["title"])
            .extra(collapse={"field": "title.raw"}, size=limit)
        )
        search.aggs.bucket("topics", A("filter", filter=topics)).bucket(
            "names", A("terms", field="topic_names", size=100)
        )
        response = self._execute(search)
        names = [
            bucket.key
            for bucket in response.aggregations.topics.names.buckets
            if starts_words(typed, bucket.key, fuzzy)
        ]
        for hit in response.hits:
            if hit.title not in names:
                names.append(hit.title)
        return names[:limit]
