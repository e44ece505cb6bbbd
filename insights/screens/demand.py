"""Demand: what residents search for, at what level, from where, and how that changes week by week."""

from .. import labels
from ..choices import Measure
from ..periods import Period
from ..queries import by_day, compared, grand_total, totals, weekly
from ..tables import Table, change, compared_columns

TOP_WORDS = 25


def headline(period: Period) -> dict:
    now = grand_total(Measure.SEARCHES, period)
    before = grand_total(Measure.SEARCHES, period.before())
    return {"now": now, "before": before, "change": change(now, before)}


def by_topic(period: Period) -> Table:
    names = labels.topic_names()
    rows = compared(totals(Measure.TOPIC, period), totals(Measure.TOPIC, period.before()))
    return Table(
        "topics",
        "Searches by help topic",
        compared_columns("Help topic"),
        [[names.get(slug, slug), *figures] for slug, *figures in rows],
        chart=(0, 1),
        note="A search can name more than one topic, so these add up to more than the searches.",
    )


def by_level(period: Period) -> Table:
    names = labels.level_names()
    rows = compared(totals(Measure.LEVEL, period), totals(Measure.LEVEL, period.before()))
    return Table(
        "levels",
        "Searches by level",
        compared_columns("Level"),
        [[names.get(level, level), *figures] for level, *figures in rows],
        chart=(0, 1),
        note="Only searches where the resident chose a level are counted here.",
    )


def by_district(period: Period) -> Table:
    now = totals(Measure.SEARCHES, period, by=("district",))
    before = totals(Measure.SEARCHES, period.before(), by=("district",))
    rows = compared(now, before)
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
    return Table(
        "weeks",
        "Searches by week (weeks start on Monday)",
        compared_columns("Week starting", previous="Same week of the previous period"),
        rows,
        chart=(0, 1),
        chart_kind="columns",
        note="The first and last weeks may be part weeks.",
    )


def top_words(period: Period) -> Table:
    rows = compared(totals(Measure.WORDS, period), totals(Measure.WORDS, period.before()), limit=TOP_WORDS)
    return Table(
        "words",
        f"The {TOP_WORDS} words residents typed most",
        compared_columns("Words typed"),
        [list(row) for row in rows],
        chart=(0, 1),
    )


def tables(period: Period) -> list[Table]:
    return [by_week(period), by_topic(period), by_level(period), by_district(period), top_words(period)]
