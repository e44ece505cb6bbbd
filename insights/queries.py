"""Reading the totals: sums over a period, grouped, with the previous period beside them.

Every read but `by_day` takes whole months from MonthlyCount and the odd days either side from
DailyCount (rollups.split), so a year costs about as much as two months of daily rows. Unmet demand's
groups are read the same way from GroupMonthlyCount and GroupDailyCount, by group number."""

import datetime as dt

from django.db import connection
from django.db.models import Sum
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from . import rollups
from .models import DailyCount, GroupDailyCount, GroupMonthlyCount, MonthlyCount, SearchGroup
from .periods import Period
from .tables import change


def _grouped(measure: str, period: Period, by, filters: dict, *, seen: bool = False) -> dict:
    """{group: [count, last seen]} over a period: whole months from the monthly totals, the days
    either side from the daily ones. Each part is added up on its own (so each reads its own index
    range) and the parts come back in one UNION ALL query, to be added together here. Last-seen times
    only when asked for (turning them into datetimes is most of the work on a big read).

    Plain SQL: a screen makes some twenty of these reads, and the ORM took longer to compile each
    three-part query than the database took to answer it."""
    quote = connection.ops.quote_name
    months, day_ranges = rollups.split(period.first, period.last, rollups.months_complete_before())
    pieces = [(MonthlyCount, "month", months)] if months else []
    pieces += [(DailyCount, "day", days) for days in day_ranges]
    fields = ", ".join(quote(field) for field in by)
    figures = f"SUM({quote('count')})" + (f", MAX({quote('last_seen')})" if seen else "")
    conditions = "".join(f" AND {quote(name)} = %s" for name in filters)
    parts, params = [], []
    for model, column, (first, last) in pieces:
        parts.append(
            f"SELECT {fields}, {figures} FROM {quote(model._meta.db_table)} "  # noqa: S608
            f"WHERE {quote('measure')} = %s AND {quote(column)} >= %s AND {quote(column)} <= %s{conditions} "
            f"GROUP BY {fields}"
        )
        params += [str(measure), _date(first), _date(last), *filters.values()]
    found: dict = {}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        for row in cursor.fetchall():
            group = row[0] if len(by) == 1 else tuple(row[: len(by)])
            count, last = found.get(group, (0, None))
            found[group] = [count + int(row[len(by)]), _later(last, _as_datetime(row[-1])) if seen else None]
    return found


def _date(day: dt.date):
    return connection.ops.adapt_datefield_value(day)


def _later(first: dt.datetime | None, second: dt.datetime | None) -> dt.datetime | None:
    return max(first, second) if first and second else first or second


def totals(measure: str, period: Period, by=("key",), **filters) -> dict:
    """{group: count} for one measure over a period; a group is a value, or a tuple when `by` has more
    than one field."""
    return {group: total for group, (total, _seen) in _grouped(measure, period, by, filters).items()}


def totals_and_seen(measure: str, period: Period, by=("key",), **filters) -> dict:
    """{group: (count, last seen)}: both from one read of the totals."""
    return {group: tuple(pair) for group, pair in _grouped(measure, period, by, filters, seen=True).items()}


def _group_parts(measure: str, period: Period, columns: str, only=()) -> list[tuple[str, list]]:
    """SQL and parameters for the rows (group number and `columns`) of a grouped measure over a period,
    one part each: whole months from GroupMonthlyCount, the days either side from GroupDailyCount.
    `only` the groups given."""
    quote = connection.ops.quote_name
    months, day_ranges = rollups.split(period.first, period.last, rollups.months_complete_before())
    pieces = [(GroupMonthlyCount, "month", months)] if months else []
    pieces += [(GroupDailyCount, "day", days) for days in day_ranges]
    wanted = f" AND {quote('group_id')} IN ({', '.join(['%s'] * len(only))})" if only else ""
    return [
        (
            f"SELECT {quote('group_id')}, {columns} FROM {quote(model._meta.db_table)} "  # noqa: S608
            f"WHERE {quote('measure')} = %s AND {quote(column)} >= %s AND {quote(column)} <= %s{wanted}",
            [str(measure), _date(first), _date(last), *only],
        )
        for model, column, (first, last) in pieces
    ]


def _as_datetime(value) -> dt.datetime | None:
    """A last-seen time as the ORM would give it (SQLite hands raw SQL a string in UTC)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, dt.UTC)
    return value


def top_groups(measure: str, period: Period, limit: int) -> list[tuple]:
    """The `limit` biggest groups of a grouped measure (`choices.GROUPED`) over a period, as
    [(group number, (words, district, filters), count, last seen)], most first, ties in the order of
    (words, district, filters).

    The database adds up and ranks the counts by group number: a year of words by district and filters
    is tens of thousands of groups, and an integer is many times quicker to group than three strings.
    Twice `limit` rows come back, biggest first (all of them only when the last of those ties with
    the last group shown), then only the shown groups' words, district, filters and last-seen times
    are read."""
    group, count = (connection.ops.quote_name(name) for name in ("group_id", "count"))
    parts = _group_parts(measure, period, count)
    sql = (
        f"SELECT {group}, SUM({count}) AS total "  # noqa: S608
        f"FROM ({' UNION ALL '.join(sql for sql, _params in parts)}) counted "
        f"GROUP BY {group} ORDER BY total DESC"
    )
    params = [param for _sql, params in parts for param in params]
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} LIMIT %s", [*params, 2 * limit])
        rows = cursor.fetchall()
        if len(rows) == 2 * limit and rows[-1][1] == rows[limit - 1][1]:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
    last = rows[limit - 1][1] if len(rows) >= limit else 0
    found = [(pk, int(total)) for pk, total in rows if total >= last]
    # in_bulk reads in batches the database accepts, should thousands tie with the last group shown.
    groups = SearchGroup.objects.in_bulk([pk for pk, _total in found])
    names = {pk: (group.words, group.district, group.filters) for pk, group in groups.items()}
    found.sort(key=lambda item: (-item[1], names[item[0]]))
    shown = found[:limit]
    seen = group_figures(measure, period, [pk for pk, _total in shown])
    return [(pk, names[pk], total, seen[pk][1]) for pk, total in shown]


def group_figures(measure: str, period: Period, groups: list[int]) -> dict[int, list]:
    """{group number: [count, last seen]} of a grouped measure over a period, for the groups given only
    (the groups on screen), without adding up every other group.

    A query for each part, not one joined by UNION ALL: PostgreSQL runs the parts of a UNION in
    parallel workers, and starting them takes longer than reading these few hundred rows."""
    if not groups:
        return {}
    quote = connection.ops.quote_name
    figures = f"SUM({quote('count')}), MAX({quote('last_seen')})"
    found: dict[int, list] = {}
    with connection.cursor() as cursor:
        for sql, params in _group_parts(measure, period, figures, only=groups):
            cursor.execute(f"{sql} GROUP BY {quote('group_id')}", params)
            for pk, count, last in cursor.fetchall():
                total, seen = found.get(pk, (0, None))
                found[pk] = [total + int(count), _later(seen, _as_datetime(last))]
    return found


def group_totals(measure: str, period: Period, groups: list[int]) -> dict[int, int]:
    """{group number: count} of a grouped measure over a period, for the groups given only: the
    previous period of the groups on screen."""
    return {pk: count for pk, (count, _seen) in group_figures(measure, period, groups).items()}


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
