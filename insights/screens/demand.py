"""Demand: what residents search for, at what level, from where, and how that changes week by week."""

from .. import labels
from ..choices import Measure
from ..periods import Period
from ..queries import by_day, compared_totals, grand_total, weekly
from ..tables import Table, change, compared_columns, over_time

TOP_WORDS = 25


def headline(period: Period) -> dict:
    now = grand_total(Measure.SEARCHES, period)
    before = grand_total(Measure.SEARCHES, period.before())
    return {"now": now, "before": before, "change": change(now, before)}


def _named(measure, period: Period, names: dict, slug: str, first: str, note: str) -> Table:
    """Searches counted by one measure's key, shown by name, against the previous period, under the
    caption "Searches by <first>"."""
    return Table(
        slug,
        f"Searches by {first.lower()}",
        compared_columns(first),
        [[names.get(key, key), *figures] for key, *figures in compared_totals(measure, period)],
        chart=(0, 1),
        note=note,
    )


def by_topic(period: Period) -> Table:
    note = "A search can name more than one topic, so these add up to more than the searches."
    return _named(Measure.TOPIC, period, labels.topic_names(), "topics", "Help topic", note)


def by_level(period: Period) -> Table:
    note = "Only searches where the resident chose a level are counted here."
    return _named(Measure.LEVEL, period, labels.level_names(), "levels", "Level", note)


def by_district(period: Period) -> Table:
    rows = compared_totals(Measure.SEARCHES, period, by=("district",))
    return Table(
        "districts",
        "Searches by postcode district",
        compared_columns("Postcode district", last=None),
        [[labels.district_name(district), count, previous] for district, count, previous, _change in rows],
        by_district=True,
        chart=(0, 1),
    )


def by_week(period: Period) -> Table:
    now = weekly(by_day(Measure.SEARCHES, period), period)
    before = weekly(by_day(Measure.SEARCHES, period.before()), period.before())
    rows = []
    for position, (week, count) in enumerate(now):
        previous = before[position][1] if position < len(before) else 0
        rows.append([f"{week:%-d %b}", count, previous, change(count, previous)])
    columns = compared_columns("Week starting", previous="Same week of the previous period")
    return over_time("weeks", "Searches by week (weeks start on Monday)", columns, rows, "weeks")


def top_words(period: Period) -> Table:
    rows = compared_totals(Measure.WORDS, period, limit=TOP_WORDS)
    return Table(
        "words",
        f"The {TOP_WORDS} words residents typed most",
        compared_columns("Words typed"),
        [list(row) for row in rows],
        chart=(0, 1),
    )


def tables(period: Period) -> list[Table]:
    return [by_week(period), by_topic(period), by_level(period), by_district(period), top_words(period)]
