"""Roll-ups of the daily totals, so a long date range reads few rows.

Three kinds, all added up in SQL from DailyCount (never from the raw search log, so they can be
rebuilt after the raw rows are deleted):

- **Coarser measures** (`choices.COARSER`): the zero and few result rows without their filters, or
  without district and filters. The unmet demand screen groups by words and district unless asked for
  more; reading the full rows would mean one row for each combination of words, district and filters.
- **Monthly totals** (`MonthlyCount`): every measure by month. A range is read as whole months from
  here and the odd days at either end from DailyCount (`split`).
- **Numbered groups** (`SearchGroup`, `GroupDailyCount`, `GroupMonthlyCount`): the zero and few rows,
  full and coarser (`choices.GROUPED`), with their words, district and filters replaced by one
  integer, by day and by month. A year of the full rows is tens of thousands of (words, district,
  filters) groups: ranking them means adding up every row, and the database does that many times
  quicker over an integer than over three strings.

`update_insights` rebuilds them for the days it sums, in the same transaction, so they never disagree
with the daily totals; migrations 0004 and 0006 build them for totals summed before they existed.
"""

import datetime as dt
from collections.abc import Iterable

from django.db import connection

from caching.generation import per_request

from .choices import COARSER, GROUPED, Measure
from .models import DailyCount, GroupDailyCount, GroupMonthlyCount, MonthlyCount, SearchGroup, TotalsUpdate


def _quoted(*names: str) -> list[str]:
    return [connection.ops.quote_name(name) for name in names]


def _date(day: dt.date):
    return connection.ops.adapt_datefield_value(day)


def derive_coarser(first: dt.date, last: dt.date) -> None:
    """Replace the coarser zero and few rows of these days (inclusive) with sums of the full rows."""
    table, day, measure, key, district, detail, count, seen = _quoted(
        DailyCount._meta.db_table, "day", "measure", "key", "district", "detail", "count", "last_seen"
    )
    with connection.cursor() as cursor:
        for coarse, (fine, fields) in COARSER.items():
            kept_district = district if "district" in fields else "''"
            grouped = f"{day}, {key}" + (f", {district}" if "district" in fields else "")
            cursor.execute(
                f"DELETE FROM {table} WHERE {measure} = %s AND {day} >= %s AND {day} <= %s",  # noqa: S608
                [str(coarse), _date(first), _date(last)],
            )
            cursor.execute(
                f"INSERT INTO {table} ({day}, {measure}, {key}, {district}, {detail}, {count}, {seen}) "  # noqa: S608
                f"SELECT {day}, %s, {key}, {kept_district}, '', SUM({count}), MAX({seen}) FROM {table} "
                f"WHERE {measure} = %s AND {day} >= %s AND {day} <= %s GROUP BY {grouped}",
                [str(coarse), str(fine), _date(first), _date(last)],
            )


def month_starts(first: dt.date, last: dt.date) -> Iterable[dt.date]:
    """The first day of every month that these days (inclusive) touch."""
    month = first.replace(day=1)
    while month <= last:
        yield month
        month = next_month(month)


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def _measure_in(measures) -> tuple[str, list[str]]:
    """A `measure IN (...)` condition. Every index on these tables starts with the measure, so naming
    the measures lets the database read just the days asked for from each one's index range, where a
    condition on the day alone would read the whole table."""
    column = connection.ops.quote_name("measure")
    return f"{column} IN ({', '.join(['%s'] * len(measures))})", [str(measure) for measure in measures]


def _roll_by_month(monthly_model, daily_model, columns: tuple[str, ...], measures, first, last) -> None:
    """Rebuild `monthly_model`'s rows of every month these days touch by adding up that month's rows of
    `daily_model`, grouped by the measure and `columns` (what else tells the rows apart)."""
    monthly, daily, month, day, count, seen = _quoted(
        monthly_model._meta.db_table, daily_model._meta.db_table, "month", "day", "count", "last_seen"
    )
    grouped = ", ".join(_quoted("measure", *columns))
    in_measures, names = _measure_in(measures)
    with connection.cursor() as cursor:
        for start in month_starts(first, last):
            end = next_month(start) - dt.timedelta(days=1)
            cursor.execute(
                f"DELETE FROM {monthly} WHERE {in_measures} AND {month} = %s",  # noqa: S608
                [*names, _date(start)],
            )
            cursor.execute(
                f"INSERT INTO {monthly} ({month}, {grouped}, {count}, {seen}) "  # noqa: S608
                f"SELECT %s, {grouped}, SUM({count}), MAX({seen}) FROM {daily} "
                f"WHERE {in_measures} AND {day} >= %s AND {day} <= %s GROUP BY {grouped}",
                [_date(start), *names, _date(start), _date(end)],
            )


def roll_months(first: dt.date, last: dt.date) -> None:
    """Rebuild the monthly totals of every month these days touch from that month's daily totals."""
    _roll_by_month(MonthlyCount, DailyCount, ("key", "district", "detail"), Measure.values, first, last)


def number_groups(first: dt.date, last: dt.date) -> None:
    """Replace the GroupDailyCount rows of these days (inclusive) with their DailyCount zero and few
    rows, numbering any (words, district, filters) not seen before. Numbers are never reused or
    changed, so the rows of other days keep theirs."""
    daily, groups, by_group = _quoted(
        DailyCount._meta.db_table, SearchGroup._meta.db_table, GroupDailyCount._meta.db_table
    )
    day, measure, key, district, detail, count, seen, words, filters, group, pk = _quoted(
        *("day", "measure", "key", "district", "detail", "count", "last_seen"),
        *("words", "filters", "group_id", "id"),
    )
    measures, names = _measure_in(GROUPED)
    days = [_date(first), _date(last)]
    in_days = f"d.{measures} AND d.{day} >= %s AND d.{day} <= %s"
    same = f"g.{words} = d.{key} AND g.{district} = d.{district} AND g.{filters} = d.{detail}"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {groups} ({words}, {district}, {filters}) "  # noqa: S608
            f"SELECT DISTINCT d.{key}, d.{district}, d.{detail} FROM {daily} d WHERE {in_days} "
            f"AND NOT EXISTS (SELECT 1 FROM {groups} g WHERE {same})",
            [*names, *days],
        )
        cursor.execute(
            f"DELETE FROM {by_group} WHERE {measures} AND {day} >= %s AND {day} <= %s",  # noqa: S608
            [*names, *days],
        )
        cursor.execute(
            f"INSERT INTO {by_group} ({day}, {measure}, {group}, {count}, {seen}) "  # noqa: S608
            f"SELECT d.{day}, d.{measure}, g.{pk}, d.{count}, d.{seen} "
            f"FROM {daily} d JOIN {groups} g ON {same} WHERE {in_days}",
            [*names, *days],
        )


def roll_group_months(first: dt.date, last: dt.date) -> None:
    """Rebuild GroupMonthlyCount for every month these days touch from that month's GroupDailyCount."""
    _roll_by_month(GroupMonthlyCount, GroupDailyCount, ("group_id",), GROUPED, first, last)


def months_complete_before() -> dt.date | None:
    """Monthly totals can be read for months that ended before this day: the last day the latest
    `update_insights` summed. That run re-rolled every month up to it, after the month was over, so
    nothing (a view counted as it happened, a late search) can have reached the month's daily totals
    since. None before the first run. Read once per request: a screen asks for it on every read."""
    return per_request(
        "insights.months_complete_before",
        lambda: TotalsUpdate.objects.values_list("updated_to", flat=True).first(),
    )


def split(first: dt.date, last: dt.date, complete_before: dt.date | None):
    """Cut the days first..last into whole months to read from MonthlyCount (their first days, as a
    (first, last) pair, or None) and the days either side to read from DailyCount (a list of
    (first, last) pairs)."""
    if complete_before is None:
        return None, [(first, last)]
    month_first = first if first.day == 1 else next_month(first)
    month_last = None
    month = month_first
    while next_month(month) - dt.timedelta(days=1) <= last and next_month(month) <= complete_before:
        month_last = month
        month = next_month(month)
    if month_last is None:
        return None, [(first, last)]
    days = []
    if first < month_first:
        days.append((first, month_first - dt.timedelta(days=1)))
    after = next_month(month_last)
    if after <= last:
        days.append((after, last))
    return (month_first, month_last), days
