"""Keeping the daily totals: `update_days` sums the raw search log and referrals into DailyCount rows.

A day is summed again from scratch each time (its rows are replaced), so running it twice, or over a
day still under way, is safe. `manage.py update_insights` runs it from the last day it summed to today;
a scheduler runs that every few minutes or hourly. Days whose raw search log rows have been deleted
(see `retention.py`) are never summed again, or their totals would be lost.
"""

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from . import listing_views, rollups
from .choices import REFERRAL_MEASURES, SEARCH_MEASURES, Measure
from .models import DailyCount, TotalsUpdate

# A search that finds this many results or fewer (but some) counts as "few results".
FEW_RESULTS = 3
# Summing runs a calendar month at a time, so memory stays small however much has been logged and
# each month's roll-up (rollups.py) is rebuilt once.
INSERT_COLUMNS = ("day", "measure", "key", "district", "detail", "count", "last_seen")
INSERT_BATCH = 5000
# Filters that say how to show results rather than what was asked for.
NOT_FILTERS = {"page", "per_page", "sort", "q", "where", "lat", "lng"}


def normalise_words(text: str) -> str:
    return " ".join((text or "").lower().split())[:200]


def filters_text(filters: dict) -> str:
    """The filters of a search as one stable, readable string: "level=life&topic=email"."""
    pairs = []
    for name in sorted(filters or {}):
        if name in NOT_FILTERS:
            continue
        values = filters[name] if isinstance(filters[name], list) else [filters[name]]
        pairs.extend((name, str(value)) for value in sorted(values, key=str) if value not in ("", None))
    return urlencode(pairs)[:300]


def _as_list(value) -> list[str]:
    if value in (None, ""):
        return []
    return [str(item) for item in value] if isinstance(value, list) else [str(value)]


def day_bounds(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The first and the first-after-last moments of local days, for filtering timestamps."""
    start = timezone.make_aware(dt.datetime.combine(first, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min))
    return start, end


class SearchCounter:
    """Adds searches up into (measure, day, key, district, detail) counts and last-seen times."""

    def __init__(self):
        from search.understanding import read_query

        self.read_query = read_query
        self.counts: Counter = Counter()
        self.last_seen: dict = {}
        self.readings: dict[str, frozenset[str]] = {}

    def topics_named(self, words: str) -> frozenset[str] | None:
        """The topics the words name (None when there are no words to read), read once per phrase."""
        if not words:
            return None
        if words not in self.readings:
            self.readings[words] = self.read_query(words).topics
        return self.readings[words]

    def add(self, created_at: dt.datetime, query: str, district: str, filters: dict, found: int) -> None:
        day = timezone.localtime(created_at).date()
        district = (district or "").upper()
        words = normalise_words(query)
        named = self.topics_named(words)
        topics = set(_as_list((filters or {}).get("topic"))) | set(named or ())
        levels = set(_as_list((filters or {}).get("level")))
        self._count(Measure.SEARCHES, day, "", district)
        for topic in topics:
            self._count(Measure.TOPIC, day, topic, district)
            for level in levels:
                self._count(Measure.TOPIC_LEVEL, day, topic, district, level)
        for level in levels:
            self._count(Measure.LEVEL, day, level, district)
        if words:
            self._count(Measure.WORDS, day, words, "", seen=created_at)
            if not named:
                self._count(Measure.UNMATCHED, day, words, "", seen=created_at)
        if found == 0:
            self._count(Measure.ZERO, day, words, district, filters_text(filters), seen=created_at)
        elif found <= FEW_RESULTS:
            self._count(Measure.FEW, day, words, district, filters_text(filters), seen=created_at)

    def _count(self, measure, day, key, district, detail="", seen=None):
        row = (measure, day, key, district, detail)
        self.counts[row] += 1
        if seen is not None and (row not in self.last_seen or seen > self.last_seen[row]):
            self.last_seen[row] = seen

    def rows(self) -> Iterable[tuple]:
        for (measure, day, key, district, detail), count in self.counts.items():
            yield (
                day,
                measure,
                key,
                district,
                detail,
                count,
                self.last_seen.get((measure, day, key, district, detail)),
            )


def organisation_of_listings() -> dict[int, int]:
    """Each listing's organisation, by the page tree (a listing sits under its organisation)."""
    from directory.models import OrganisationPage, ServicePage

    organisations = dict(OrganisationPage.objects.values_list("path", "pk"))
    depth = OrganisationPage.steplen
    found = {}
    for pk, path in ServicePage.objects.values_list("pk", "path"):
        for length in range(len(path) - depth, 0, -depth):
            if path[:length] in organisations:
                found[pk] = organisations[path[:length]]
                break
    return found


def _search_rows(first: dt.date, last: dt.date) -> Iterable[tuple]:
    from search.models import SearchLog

    start, end = day_bounds(first, last)
    counter = SearchCounter()
    logged = SearchLog.objects.filter(created_at__gte=start, created_at__lt=end).order_by()
    for row in logged.values_list("created_at", "query", "outward_code", "filters", "result_count").iterator(
        chunk_size=5000
    ):
        counter.add(*row)
    return counter.rows()


def _referral_rows(first: dt.date, last: dt.date) -> Iterable[tuple]:
    from assisted_digital.models import Referral

    organisations = organisation_of_listings()
    counts: Counter = Counter()
    referrals = Referral.objects.between(first, last).order_by()
    for day, venue, topic, listing in referrals.values_list("date", "venue_id", "topic_id", "listing_id"):
        counts[(Measure.REFERRAL_VENUE, day, venue)] += 1
        counts[(Measure.REFERRAL_TOPIC, day, topic)] += 1
        counts[(Measure.REFERRAL_LISTING, day, listing)] += 1
        counts[(Measure.REFERRAL_ORGANISATION, day, organisations.get(listing))] += 1
    for (measure, day, key), count in counts.items():
        yield (day, measure, "" if key is None else str(key), "", "", count, None)


def insert(rows: Iterable[tuple]) -> int:
    """Write (day, measure, key, district, detail, count, last_seen) rows in batches of plain INSERTs:
    ten times quicker than making model instances, which counts when a year of searches is summed."""
    ops = connection.ops
    table = ops.quote_name(DailyCount._meta.db_table)
    columns = ", ".join(ops.quote_name(name) for name in INSERT_COLUMNS)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(INSERT_COLUMNS))})"  # noqa: S608
    written = 0
    batch = []
    with connection.cursor() as cursor:
        for day, measure, key, district, detail, count, seen in rows:
            batch.append(
                (
                    ops.adapt_datefield_value(day),
                    str(measure),
                    key,
                    district,
                    detail,
                    count,
                    ops.adapt_datetimefield_value(seen) if seen else None,
                )
            )
            if len(batch) == INSERT_BATCH:
                cursor.executemany(sql, batch)
                written, batch = written + len(batch), []
        if batch:
            cursor.executemany(sql, batch)
            written += len(batch)
    return written


def update_days(first: dt.date, last: dt.date) -> int:
    """Sum the search log and referrals of these days (inclusive) into daily totals, and rebuild their
    roll-ups in the same transaction. Returns the number of daily rows written from the raw rows.
    Search totals of days whose raw rows may have been deleted are left alone."""
    searches_from = max(first, first_day_with_all_searches())
    written = 0
    chunk_start = first
    while chunk_start <= last:
        chunk_end = min(last, rollups.next_month(chunk_start) - dt.timedelta(days=1))
        with transaction.atomic():
            in_chunk = DailyCount.objects.between(chunk_start, chunk_end)
            in_chunk.filter(measure__in=REFERRAL_MEASURES).delete()
            written += insert(_referral_rows(chunk_start, chunk_end))
            if chunk_end >= searches_from:
                first_search_day = max(chunk_start, searches_from)
                DailyCount.objects.between(first_search_day, chunk_end).filter(
                    measure__in=SEARCH_MEASURES
                ).delete()
                written += insert(_search_rows(first_search_day, chunk_end))
                rollups.derive_coarser(first_search_day, chunk_end)
                rollups.number_groups(first_search_day, chunk_end)
            rollups.roll_months(chunk_start, chunk_end)
            rollups.roll_group_months(chunk_start, chunk_end)
        chunk_start = chunk_end + dt.timedelta(days=1)
    return written


def retention_cutoff() -> dt.date:
    """Raw search log rows from before this day are deleted: SEARCH_LOG_KEEP_MONTHS months ago."""
    from dateutil.relativedelta import relativedelta

    return timezone.localdate() - relativedelta(months=settings.SEARCH_LOG_KEEP_MONTHS)


def first_day_with_all_searches() -> dt.date:
    """From this day on every search is still in the raw log: the cutoff, or earlier while older rows
    are still there (the retention command has not run yet). Earlier search totals must not be redone."""
    from search.models import SearchLog

    first = SearchLog.objects.order_by("created_at").values_list("created_at", flat=True).first()
    cutoff = retention_cutoff()
    return min(cutoff, timezone.localtime(first).date()) if first else cutoff


def first_logged_day() -> dt.date | None:
    from assisted_digital.models import Referral
    from search.models import SearchLog

    days = []
    first_search = SearchLog.objects.order_by("created_at").values_list("created_at", flat=True).first()
    if first_search:
        days.append(timezone.localtime(first_search).date())
    first_referral = Referral.objects.order_by("date").values_list("date", flat=True).first()
    if first_referral:
        days.append(first_referral)
    return min(days) if days else None


def update(since: dt.date | None = None) -> tuple[dt.date, dt.date, int] | None:
    """Bring the totals up to date: from `since`, else from the last day summed before, else from the
    first day logged. Returns the days summed and rows written, or None when nothing is logged."""
    # Views counted in Redis first, so the months rolled up below include them.
    listing_views.fold()
    today = timezone.localdate()
    if since is None:
        previous = TotalsUpdate.objects.first()
        since = previous.updated_to if previous else first_logged_day()
    if since is None:
        return None
    written = update_days(since, today)
    TotalsUpdate.objects.create(updated_to=today)
    # Only the latest run matters; a few are kept to show when the scheduler last ran.
    TotalsUpdate.objects.filter(pk__in=list(TotalsUpdate.objects.values_list("pk", flat=True)[10:])).delete()
    return since, today, written


def last_updated() -> dt.datetime | None:
    latest = TotalsUpdate.objects.first()
    return latest.finished_at if latest else None
