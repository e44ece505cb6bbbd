"""The database search engine: the default, with no service to run.

Words go through Wagtail's database search backend (SQLite FTS5 or PostgreSQL full text); places through
a bounding box on the indexed latitude and longitude of search.DirectoryEntry, then exact great-circle
distance; filters, facet counts, schedules and ordering are worked out here over the candidate rows.
"""

import dataclasses
import datetime as dt
import logging
from collections import defaultdict

from directory.choices import ServiceStatus
from directory.models import ServicePage
from directory.timetable import local_now

from ..documents import ScheduleRule
from ..geo import bounding_box, haversine_miles
from ..models import DirectoryEntry
from ..query import FACETS, SearchQuery, Sort
from .base import Hit, SearchEngine, SearchResults

logger = logging.getLogger(__name__)

REMOTE_SUGGESTIONS = 3


def split_set(value: str) -> frozenset[str]:
    return frozenset(item for item in value.split(",") if item)


@dataclasses.dataclass
class Row:
    """One DirectoryEntry, as the engine works with it."""

    service_id: int
    service_location_id: int | None
    venue_id: int | None
    latitude: float | None
    longitude: float | None
    title: str
    organisation: str
    position: int
    status: str
    schedules: list[dict]
    facets: dict[str, frozenset[str]]
    distance: float | None = None
    score: float = 0.0

    @property
    def is_remote(self) -> bool:
        return self.venue_id is None

    def runs_on(self, day: str) -> bool:
        return self.status == ServiceStatus.ACTIVE and any(rule["day"] == day for rule in self.schedules)

    def is_open_at(self, moment: dt.datetime) -> bool:
        return self.status == ServiceStatus.ACTIVE and any(
            ScheduleRule.from_dict(rule).regular_time().is_open_at(moment) for rule in self.schedules
        )


ROW_FIELDS = (
    "service_id",
    "service_location_id",
    "venue_id",
    "latitude",
    "longitude",
    "title",
    "organisation",
    "position",
    "status",
    "schedules",
    "levels",
    "topics",
    "formats",
    "cost",
    "access",
    "languages",
)


def load_rows(query: SearchQuery) -> list[Row]:
    entries = DirectoryEntry.objects.all()
    location = query.location
    if location and query.radius_miles:
        south, west, north, east = bounding_box(location.latitude, location.longitude, query.radius_miles)
        in_box = entries.filter(
            latitude__gte=south, latitude__lte=north, longitude__gte=west, longitude__lte=east
        )
        entries = in_box | entries.filter(venue__isnull=True)
    rows = []
    for values in entries.values_list(*ROW_FIELDS):
        record = dict(zip(ROW_FIELDS, values, strict=True))
        rows.append(
            Row(
                service_id=record["service_id"],
                service_location_id=record["service_location_id"],
                venue_id=record["venue_id"],
                latitude=record["latitude"],
                longitude=record["longitude"],
                title=record["title"],
                organisation=record["organisation"],
                position=record["position"],
                status=record["status"],
                schedules=record["schedules"],
                facets={
                    "level": split_set(record["levels"]),
                    "topic": split_set(record["topics"]),
                    "format": split_set(record["formats"]),
                    "cost": frozenset({record["cost"]}),
                    "access": split_set(record["access"]),
                    "language": split_set(record["languages"]),
                },
            )
        )
    return rows


def full_text(words: tuple[str, ...], operator: str) -> list[int]:
    """Live listings whose words match, best first, through Wagtail's database search backend."""
    results = ServicePage.objects.live().search(" ".join(words), operator=operator, order_by_relevance=True)
    return list(results.get_queryset().values_list("pk", flat=True))


def apply_text(rows: list[Row], query: SearchQuery) -> list[Row]:
    """Keep the rows the words ask for, scoring them: topics named by the words first, then text matches.

    With topics and other words: listings on those topics that also match all the other words; else any
    of them; else all listings on those topics. With words only: all the words, else any of them.
    """
    read = query.read
    if read.is_empty:
        return rows
    if read.topics:
        on_topic = [row for row in rows if row.facets["topic"] & read.topics]
        for row in on_topic:
            row.score = float(len(row.facets["topic"] & read.topics))
        pool = on_topic
    else:
        pool = rows
    if not read.words:
        return pool
    for operator in ("and", "or"):
        ranked = full_text(read.words, operator)
        rank = {service_id: position for position, service_id in enumerate(ranked)}
        matched = [row for row in pool if row.service_id in rank]
        if matched:
            for row in matched:
                row.score += 1.0 - rank[row.service_id] / (len(ranked) + 1)
            return matched
    return pool if read.topics else []


def apply_place(rows: list[Row], query: SearchQuery) -> tuple[list[Row], list[Row]]:
    """(rows at venues within the radius, with distances; rows for phone and online help)."""
    location = query.location
    if not location:
        return rows, []
    nearby, remote = [], []
    for row in rows:
        if row.is_remote:
            remote.append(row)
            continue
        row.distance = haversine_miles(location.latitude, location.longitude, row.latitude, row.longitude)
        if query.radius_miles is None or row.distance <= query.radius_miles:
            nearby.append(row)
    return nearby, remote


def apply_schedule(rows: list[Row], query: SearchQuery) -> list[Row]:
    if query.day:
        rows = [row for row in rows if row.runs_on(query.day)]
    if query.open_now:
        moment = query.now or local_now()
        rows = [row for row in rows if row.is_open_at(moment)]
    return rows


def passes(row: Row, query: SearchQuery, skip: str | None = None) -> bool:
    for facet in FACETS:
        if facet == skip:
            continue
        chosen = query.facet_values(facet)
        if chosen and not row.facets[facet] & chosen:
            return False
    return True


def facet_counts(rows: list[Row], query: SearchQuery) -> dict[str, dict[str, int]]:
    """For each facet, how many listings each value would give with the other filters as they are."""
    counts: dict[str, dict[str, int]] = {}
    for facet in FACETS:
        services_by_value: dict[str, set[int]] = defaultdict(set)
        for row in rows:
            if passes(row, query, skip=facet):
                for value in row.facets[facet]:
                    services_by_value[value].add(row.service_id)
        counts[facet] = {value: len(services) for value, services in services_by_value.items()}
    return counts


def best_row_per_service(rows: list[Row]) -> list[Row]:
    """One result per listing: at its nearest venue (or its first, without a place)."""
    best: dict[int, Row] = {}
    for row in rows:
        current = best.get(row.service_id)
        key = (row.distance if row.distance is not None else 0.0, row.position)
        if current is None or key < (
            current.distance if current.distance is not None else 0.0,
            current.position,
        ):
            best[row.service_id] = row
    return list(best.values())


def sort_rows(rows: list[Row], sort: str) -> list[Row]:
    by_name = lambda row: (row.title.lower(), row.organisation.lower(), row.service_id)  # noqa: E731
    if sort == Sort.NAME:
        return sorted(rows, key=by_name)
    if sort == Sort.DISTANCE:
        return sorted(
            rows, key=lambda row: (row.distance if row.distance is not None else float("inf"), *by_name(row))
        )
    return sorted(
        rows,
        key=lambda row: (
            -round(row.score, 6),
            row.distance if row.distance is not None else 0.0,
            *by_name(row),
        ),
    )


def to_hit(row: Row) -> Hit:
    return Hit(
        service_id=row.service_id,
        service_location_id=row.service_location_id,
        venue_id=row.venue_id,
        distance_miles=row.distance,
        score=row.score,
    )


class DatabaseEngine(SearchEngine):
    name = "database"

    def search(self, query: SearchQuery) -> SearchResults:
        rows = apply_text(load_rows(query), query)
        rows = apply_schedule(rows, query)
        rows, remote = apply_place(rows, query)

        facets = facet_counts(rows, query)
        found = sort_rows(
            best_row_per_service([row for row in rows if passes(row, query)]), query.effective_sort
        )
        page = found[query.offset : query.offset + query.per_page]

        remote_hits = []
        if query.location:
            remote_found = [row for row in remote if passes(row, query, skip="access")]
            remote_hits = [
                to_hit(row) for row in sort_rows(best_row_per_service(remote_found), Sort.RELEVANCE)
            ]
        return SearchResults(
            hits=[to_hit(row) for row in page],
            total=len(found),
            facets=facets,
            engine=self.name,
            remote_hits=remote_hits[:REMOTE_SUGGESTIONS],
        )

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
