"""Reading the daily totals: sums over a period, grouped, with the previous period beside them."""

import datetime as dt

from django.db.models import Max, Sum

from .models import DailyCount
from .periods import Period
from .tables import change


def totals(measure: str, period: Period, by=("key",), **filters) -> dict:
    """{group: count} for one measure over a period; a group is a value, or a tuple when `by` has more
    than one field."""
    rows = (
        DailyCount.objects.of(measure)
        .between(period.first, period.last)
        .filter(**filters)
        .values(*by)
        .annotate(total=Sum("count"))
        .order_by()
    )
    if len(by) == 1:
        return {row[by[0]]: row["total"] for row in rows}
    return {tuple(row[field] for field in by): row["total"] for row in rows}


def last_seen(measure: str, period: Period, by=("key",), **filters) -> dict:
    rows = (
        DailyCount.objects.of(measure)
        .between(period.first, period.last)
        .filter(**filters)
        .values(*by)
        .annotate(seen=Max("last_seen"))
        .order_by()
    )
    if len(by) == 1:
        return {row[by[0]]: row["seen"] for row in rows}
    return {tuple(row[field] for field in by): row["seen"] for row in rows}


def grand_total(measure: str, period: Period, **filters) -> int:
    found = DailyCount.objects.of(measure).between(period.first, period.last).filter(**filters)
    return found.aggregate(total=Sum("count"))["total"] or 0


def by_day(measure: str, period: Period, **filters) -> dict[dt.date, int]:
    return totals(measure, period, by=("day",), **filters)


def compared(now: dict, before: dict, limit: int | None = None) -> list[tuple]:
    """(group, now, before, change) for every group counted now, most first."""
    rows = sorted(now.items(), key=lambda item: (-item[1], str(item[0])))
    if limit:
        rows = rows[:limit]
    return [
        (group, count, before.get(group, 0), change(count, before.get(group, 0))) for group, count in rows
    ]


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
