"""Reading the totals: sums over a period, grouped, with the previous period beside them.

Every read but `by_day` takes whole months from MonthlyCount and the odd days either side from
DailyCount (rollups.split), so a year costs about as much as two months of daily rows."""

import datetime as dt
from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import Max, Q, Sum
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from . import rollups
from .models import DailyCount, MonthlyCount
from .periods import Period
from .tables import change


def _grouped(measure: str, period: Period, by, filters: dict, *, seen: bool = False, only=None) -> dict:
    """{group: [count, last seen]} over a period: whole months from the monthly totals, the days
    either side from the daily ones, added together. Last-seen times only when asked for (turning
    them into datetimes is most of the work on a big read); `only` is a Q limiting the rows read."""
    months, day_ranges = rollups.split(period.first, period.last, rollups.months_complete_before())
    querysets = []
    if months:
        querysets.append(MonthlyCount.objects.filter(measure=measure, month__range=months))
    if day_ranges:
        in_days = reduce(or_, (Q(day__range=days) for days in day_ranges))
        querysets.append(DailyCount.objects.filter(in_days, measure=measure))
    figures = {"total": Sum("count"), **({"seen": Max("last_seen")} if seen else {})}
    found: dict = {}
    for queryset in querysets:
        rows = queryset.filter(only or Q(), **filters).values(*by).annotate(**figures).order_by()
        for row in rows.values_list(*by, *figures):
            group = row[0] if len(by) == 1 else tuple(row[: len(by)])
            count, last = found.get(group, (0, None))
            found[group] = [count + row[len(by)], _later(last, row[-1]) if seen else None]
    return found


def _later(first: dt.datetime | None, second: dt.datetime | None) -> dt.datetime | None:
    return max(first, second) if first and second else first or second


def totals(measure: str, period: Period, by=("key",), **filters) -> dict:
    """{group: count} for one measure over a period; a group is a value, or a tuple when `by` has more
    than one field."""
    return {group: total for group, (total, _seen) in _grouped(measure, period, by, filters).items()}


def totals_of(measure: str, period: Period, by, groups) -> dict:
    """{group: count} for the groups given only (tuples of the `by` fields): the previous period of
    the groups on screen, without reading every other group."""
    if not groups:
        return {}
    only = reduce(
        or_,
        (
            Q(**dict(zip(by, group if isinstance(group, tuple) else (group,), strict=True)))
            for group in groups
        ),
    )
    return {group: total for group, (total, _seen) in _grouped(measure, period, by, {}, only=only).items()}


def totals_and_seen(measure: str, period: Period, by=("key",), **filters) -> dict:
    """{group: (count, last seen)}: both from one read of the totals."""
    return {group: tuple(pair) for group, pair in _grouped(measure, period, by, filters, seen=True).items()}


def _union_sql(measure: str, period: Period, by) -> tuple[str, list]:
    """SQL for the rows (by..., count, last_seen) of one measure over a period, from both tables."""
    ops = connection.ops
    fields = ", ".join(ops.quote_name(field) for field in by)
    count, seen, measure_column = (ops.quote_name(name) for name in ("count", "last_seen", "measure"))
    months, day_ranges = rollups.split(period.first, period.last, rollups.months_complete_before())
    parts, params = [], []
    if months:
        month = ops.quote_name("month")
        parts.append(
            f"SELECT {fields}, {count}, {seen} FROM {ops.quote_name(MonthlyCount._meta.db_table)} "  # noqa: S608
            f"WHERE {measure_column} = %s AND {month} >= %s AND {month} <= %s"
        )
        params += [measure, ops.adapt_datefield_value(months[0]), ops.adapt_datefield_value(months[1])]
    day = ops.quote_name("day")
    for first, last in day_ranges:
        parts.append(
            f"SELECT {fields}, {count}, {seen} FROM {ops.quote_name(DailyCount._meta.db_table)} "  # noqa: S608
            f"WHERE {measure_column} = %s AND {day} >= %s AND {day} <= %s"
        )
        params += [measure, ops.adapt_datefield_value(first), ops.adapt_datefield_value(last)]
    return " UNION ALL ".join(parts), params


def _as_datetime(value) -> dt.datetime | None:
    """A last-seen time as the ORM would give it (SQLite hands raw SQL a string in UTC)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, dt.UTC)
    return value


def top(measure: str, period: Period, by, limit: int) -> list[tuple]:
    """The `limit` biggest groups as [(group, count, last seen)], most first, ties by str(group) as
    `compared` orders them. The database adds up and ranks, so a year of a measure with many groups
    (words by district and filters) never comes back to Python whole: rows are read, biggest first,
    until past the last group shown and any that tie with it."""
    rows_sql, params = _union_sql(measure, period, by)
    fields = ", ".join(connection.ops.quote_name(field) for field in by)
    count, seen = (connection.ops.quote_name(name) for name in ("count", "last_seen"))
    sql = (
        f"SELECT {fields}, SUM({count}) AS total, MAX({seen}) AS seen FROM ({rows_sql}) counted "  # noqa: S608
        f"GROUP BY {fields} ORDER BY total DESC"
    )
    found = []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for row in iter(cursor.fetchone, None):
            if len(found) >= limit and row[-2] < found[-1][1]:
                break
            found.append((row[0] if len(by) == 1 else tuple(row[: len(by)]), int(row[-2]), row[-1]))
    found.sort(key=lambda item: (-item[1], str(item[0])))
    return [(group, total, _as_datetime(seen)) for group, total, seen in found[:limit]]


def grand_total(measure: str, period: Period, **filters) -> int:
    return sum(totals(measure, period, by=("measure",), **filters).values())


def by_day(measure: str, period: Period, **filters) -> dict[dt.date, int]:
    """Counts by day, from the daily totals only: the weekly chart needs days, and the measure it
    charts (searches) has only a row a day for each district."""
    rows = (
        DailyCount.objects.filter(measure=measure, day__range=(period.first, period.last), **filters)
        .values("day")
        .annotate(total=Sum("count"))
        .order_by()
    )
    return {row["day"]: row["total"] for row in rows}


def by_month(measure: str, period: Period, **filters) -> dict[dt.date, int]:
    """Counts by month (keyed by its first day): whole months from the monthly totals."""
    months, day_ranges = rollups.split(period.first, period.last, rollups.months_complete_before())
    found: dict[dt.date, int] = {}
    if months:
        rows = MonthlyCount.objects.filter(measure=measure, month__range=months, **filters)
        for month, total in (
            rows.values("month").annotate(total=Sum("count")).order_by().values_list("month", "total")
        ):
            found[month] = total
    for days in day_ranges:
        for day, total in by_day(measure, Period(*days), **filters).items():
            found[day.replace(day=1)] = found.get(day.replace(day=1), 0) + total
    return found


def compared(now: dict, before: dict, limit: int | None = None) -> list[tuple]:
    """(group, now, before, change) for every group counted now, most first."""
    rows = sorted(now.items(), key=lambda item: (-item[1], str(item[0])))
    if limit:
        rows = rows[:limit]
    return [
        (group, count, before.get(group, 0), change(count, before.get(group, 0))) for group, count in rows
    ]


def compared_totals(measure: str, period: Period, limit: int | None = None, **options) -> list[tuple]:
    """`compared` for one measure's totals (grouped as `totals` is told) in the period and the one before."""
    return compared(
        totals(measure, period, **options), totals(measure, period.before(), **options), limit=limit
    )


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def weekly(days: dict[dt.date, int], period: Period) -> list[tuple[dt.date, int]]:
    """Counts by week (Monday first), for every week the period touches, with noughts kept."""
    weeks: dict[dt.date, int] = {}
    week = week_start(period.first)
    while week <= period.last:
        weeks[week] = 0
        week += dt.timedelta(days=7)
    for day, count in days.items():
        weeks[week_start(day)] = weeks.get(week_start(day), 0) + count
    return sorted(weeks.items())


def monthly(days: dict[dt.date, int], period: Period) -> list[tuple[dt.date, int]]:
    months: dict[dt.date, int] = {}
    month = period.first.replace(day=1)
    while month <= period.last:
        months[month] = 0
        month = (month + dt.timedelta(days=32)).replace(day=1)
    for day, count in days.items():
        months[day.replace(day=1)] += count
    return sorted(months.items())
