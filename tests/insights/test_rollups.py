"""Roll-ups: the monthly totals and the coarser zero/few rows give exactly what the daily totals and
the raw search log give, for any range, and keep old periods on screen once raw rows are deleted."""

import datetime as dt
import importlib
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db.models import Max, Sum
from django.utils import timezone

from insights import queries, rollups, totals
from insights.choices import COARSER, GROUPED, Measure
from insights.models import DailyCount, GroupDailyCount, GroupMonthlyCount, MonthlyCount, SearchGroup
from insights.periods import Period
from search.models import SearchLog

from .conftest import log_searches

pytestmark = pytest.mark.django_db

PERIODS = [
    Period(dt.date(2025, 12, 1), dt.date(2026, 11, 30)),  # a year: whole months only
    Period(dt.date(2025, 12, 17), dt.date(2026, 11, 30)),  # odd days, whole months, this month
    Period(dt.date(2026, 1, 31), dt.date(2026, 3, 1)),  # a day either side of one whole month
    Period(dt.date(2026, 2, 3), dt.date(2026, 2, 20)),  # inside one month
]


@pytest.fixture
def spread(directory):
    """Searches over a year, on the first and last days of months among others."""
    rows = []
    for number, day in enumerate(
        ["2025-12-01", "2025-12-31", "2026-01-31", "2026-02-01", "2026-02-14", "2026-03-01", "2026-11-30"]
    ):
        rows += [
            (day, "smart tv", "SK5", {}, 0, 1 + number % 3),
            (day, "email", "SK1", {"level": ["life"]}, 0, 2),
            (day, "email", "SK1", {}, 2),
            (day, "zoom", "SK7", {"topic": ["video-calls"]}, 9, number + 1),
        ]
    log_searches(*rows)
    totals.update()


def direct(measure, period, by) -> dict:
    """The same figures added up from the daily totals alone."""
    rows = (
        DailyCount.objects.filter(measure=measure, day__range=(period.first, period.last))
        .values(*by)
        .annotate(total=Sum("count"))
    )
    if len(by) == 1:
        return {row[by[0]]: row["total"] for row in rows}
    return {tuple(row[field] for field in by): row["total"] for row in rows}


def raw(period, keep, by) -> Counter:
    """The same figures counted from the raw search log."""
    found = Counter()
    for row in SearchLog.objects.all():
        day = timezone.localtime(row.created_at).date()
        if period.first <= day <= period.last and keep(row):
            found[by(row)] += 1
    return found


def test_split_reads_whole_finished_months_from_the_monthly_totals():
    june_first = dt.date(2026, 6, 1)
    assert rollups.split(dt.date(2026, 5, 20), dt.date(2026, 8, 3), dt.date(2026, 12, 1)) == (
        (june_first, dt.date(2026, 7, 1)),
        [(dt.date(2026, 5, 20), dt.date(2026, 5, 31)), (dt.date(2026, 8, 1), dt.date(2026, 8, 3))],
    )
    # A month not over when totals were last summed is read day by day.
    assert rollups.split(june_first, dt.date(2026, 6, 30), dt.date(2026, 6, 30)) == (
        None,
        [(june_first, dt.date(2026, 6, 30))],
    )
    assert rollups.split(june_first, dt.date(2026, 6, 30), None) == (
        None,
        [(june_first, dt.date(2026, 6, 30))],
    )


def test_monthly_totals_equal_the_daily_totals_of_their_month(spread):
    assert MonthlyCount.objects.exists()
    for month in MonthlyCount.objects.values_list("month", flat=True).distinct():
        end = rollups.next_month(month) - dt.timedelta(days=1)
        for measure in Measure.values:
            by = ("key", "district", "detail")
            assert queries.totals(measure, Period(month, end), by=by) == direct(
                measure, Period(month, end), by
            )
            monthly = MonthlyCount.objects.filter(measure=measure, month=month)
            assert {(row.key, row.district, row.detail): row.count for row in monthly} == direct(
                measure, Period(month, end), by
            )


@pytest.mark.parametrize("period", PERIODS, ids=str)
def test_every_measure_over_any_range_equals_the_daily_totals_and_the_raw_rows(spread, period):
    for measure in Measure.values:
        for by in (("key",), ("district",), ("key", "district", "detail")):
            assert queries.totals(measure, period, by=by) == direct(measure, period, by), (measure, by)
    assert queries.totals(Measure.SEARCHES, period, by=("district",)) == raw(
        period, lambda row: True, lambda row: row.outward_code
    )
    assert queries.totals(Measure.ZERO_DISTRICT, period, by=("key", "district")) == raw(
        period, lambda row: row.result_count == 0, lambda row: (row.query, row.outward_code)
    )
    assert queries.totals(Measure.FEW_WORDS, period) == raw(
        period, lambda row: 1 <= row.result_count <= 3, lambda row: row.query
    )


@pytest.mark.parametrize("period", PERIODS, ids=str)
def test_coarser_rows_equal_the_full_rows_added_up(spread, period):
    for coarse, fine, by in (
        (Measure.ZERO_DISTRICT, Measure.ZERO, ("key", "district")),
        (Measure.ZERO_WORDS, Measure.ZERO, ("key",)),
        (Measure.FEW_DISTRICT, Measure.FEW, ("key", "district")),
        (Measure.FEW_WORDS, Measure.FEW, ("key",)),
    ):
        assert queries.totals(coarse, period, by=by) == queries.totals(fine, period, by=by)
        assert {group[: len(by)]: count for group, count in by_group(coarse, period).items()} == {
            group if isinstance(group, tuple) else (group,): count
            for group, count in queries.totals(fine, period, by=by).items()
        }


def by_group(measure, period) -> dict:
    """{(words, district, filters): count} as the unmet demand screen reads it: by group number."""
    return {group: count for _pk, group, count, _seen in queries.top_groups(measure, period, 10_000)}


def raw_groups(period, measure) -> Counter:
    """The zero or few result searches of a period counted from the raw search log by (words, district,
    filters), or by the fewer fields a coarser measure keeps (the rest as "")."""
    fine, kept = COARSER.get(measure, (measure, None))

    def keep(row):
        return row.result_count == 0 if fine == Measure.ZERO else 1 <= row.result_count <= totals.FEW_RESULTS

    def group(row):
        words = totals.normalise_words(row.query)
        district = row.outward_code if not kept or "district" in kept else ""
        return (words, district, "" if kept else totals.filters_text(row.filters))

    return raw(period, keep, group)


@pytest.mark.parametrize("period", PERIODS, ids=str)
def test_totals_by_group_number_equal_the_daily_totals_and_the_raw_rows(spread, period):
    for measure in GROUPED:
        assert by_group(measure, period) == direct(measure, period, ("key", "district", "detail")), measure
        assert by_group(measure, period) == raw_groups(period, measure), measure


def test_each_group_is_numbered_once_and_months_by_group_add_up_their_days(spread):
    groups = list(SearchGroup.objects.values_list("words", "district", "filters"))
    assert len(groups) == len(set(groups))
    assert ("smart tv", "SK5", "") in groups
    assert ("email", "SK1", "level=life") in groups
    for month in GroupMonthlyCount.objects.values_list("month", flat=True).distinct():
        end = rollups.next_month(month) - dt.timedelta(days=1)
        days = (
            GroupDailyCount.objects.filter(day__range=(month, end))
            .values("measure", "group")
            .annotate(total=Sum("count"), seen=Max("last_seen"))
        )
        months = GroupMonthlyCount.objects.filter(month=month)
        assert {(row.measure, row.group_id, row.count, row.last_seen) for row in months} == {
            (row["measure"], row["group"], row["total"], row["seen"]) for row in days
        }


def test_top_groups_rank_and_date_as_the_full_read_does(spread):
    period = PERIODS[1]
    everything = queries.totals_and_seen(Measure.ZERO, period, by=("key", "district", "detail"))
    expected = sorted(everything.items(), key=lambda item: (-item[1][0], item[0]))
    assert [row[1:] for row in queries.top_groups(Measure.ZERO, period, 2)] == [
        (group, *figures) for group, figures in expected[:2]
    ]
    assert [row[1:] for row in queries.top_groups(Measure.ZERO, period, 50)] == [
        (group, *figures) for group, figures in expected
    ]
    last = SearchLog.objects.filter(query="smart tv", result_count=0).latest("created_at").created_at
    seen = {group[0]: when for _pk, group, _count, when in queries.top_groups(Measure.ZERO_WORDS, period, 5)}
    assert seen["smart tv"] == last


def test_groups_tied_with_the_last_shown_are_chosen_by_words_district_and_filters(db):
    log_searches(
        ("2026-11-20", "zoom", "SK1", {}, 0, 3),
        ("2026-11-20", "wifi", "SK2", {}, 0, 2),
        ("2026-11-20", "alexa", "SK9", {}, 0, 2),
        ("2026-11-20", "alexa", "SK3", {"level": ["life"]}, 0, 2),
    )
    totals.update()
    november = Period(dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert [row[1:3] for row in queries.top_groups(Measure.ZERO, november, 3)] == [
        (("zoom", "SK1", ""), 3),
        (("alexa", "SK3", "level=life"), 2),
        (("alexa", "SK9", ""), 2),
    ]
    # Twice the rows asked for all tie: all the tied are read to choose from.
    assert [row[1] for row in queries.top_groups(Measure.ZERO, november, 2)] == [
        ("zoom", "SK1", ""),
        ("alexa", "SK3", "level=life"),
    ]


def test_the_previous_period_is_read_for_the_groups_asked_for_only(spread):
    period = PERIODS[2]
    ranked = queries.top_groups(Measure.ZERO, period, 50)
    shown = [pk for pk, _group, _count, _seen in ranked[:2]]
    assert queries.group_totals(Measure.ZERO, period, shown) == {
        pk: count for pk, _g, count, _s in ranked[:2]
    }
    assert queries.group_totals(Measure.ZERO, period, []) == {}


def test_migration_builds_the_same_numbered_groups_from_the_daily_totals(spread):
    from django.apps import apps

    migration = importlib.import_module("insights.migrations.0006_issue16_build_numbered_groups")

    def snapshot():
        fields = ("measure", "group__words", "group__district", "group__filters", "count", "last_seen")
        return (
            sorted(GroupDailyCount.objects.values_list("day", *fields)),
            sorted(GroupMonthlyCount.objects.values_list("month", *fields)),
        )

    before = snapshot()
    assert before[0] and before[1]
    migration.remove_numbered_groups(apps, None)
    assert not GroupDailyCount.objects.exists()
    migration.build_numbered_groups(apps, None)
    assert snapshot() == before


def test_summing_again_rebuilds_the_same_roll_ups(spread):
    def snapshot():
        monthly = MonthlyCount.objects.values_list("measure", "month", "key", "district", "detail", "count")
        coarse = DailyCount.objects.filter(measure__in=[Measure.ZERO_WORDS, Measure.FEW_DISTRICT])
        by_group = [
            sorted(model.objects.values_list("measure", when, "group", "count", "last_seen"))
            for model, when in ((GroupDailyCount, "day"), (GroupMonthlyCount, "month"))
        ]
        return (
            sorted(monthly),
            sorted(coarse.values_list("measure", "day", "key", "district", "count")),
            by_group,
            sorted(SearchGroup.objects.values_list("pk", "words", "district", "filters")),
        )

    before = snapshot()
    call_command("update_insights", "--from", "2025-11-01", stdout=io.StringIO())
    assert snapshot() == before


def test_views_counted_today_show_before_the_next_summing(spread, coordinator_client):
    DailyCount.add(Measure.VIEW, "1")
    response = coordinator_client.get("/admin/insights/reach/", {"start": "2025-12-01", "end": "2026-11-30"})
    counts = next(s["table"] for s in response.context["sections"] if s["table"].slug == "counts")
    assert counts.rows[3][:2] == ["Listing page views", 1]


def test_old_periods_stay_on_screen_after_their_raw_rows_are_deleted(spread, coordinator_client):
    log_searches(("2025-09-10", "smart tv", "SK5", {}, 0, 6), ("2025-09-30", "email", "SK1", {}, 4, 2))
    call_command("update_insights", "--from", "2025-09-01", stdout=io.StringIO())
    september = {"start": "2025-09-01", "end": "2025-09-30"}
    shown = coordinator_client.get("/admin/insights/unmet/", september)

    call_command("delete_old_searches", stdout=io.StringIO())
    assert not SearchLog.objects.filter(created_at__date__lt=dt.date(2025, 10, 1)).exists()
    call_command("update_insights", "--from", "2025-01-01", stdout=io.StringIO())

    demand = coordinator_client.get("/admin/insights/", september)
    assert demand.context["headline"]["now"] == 8
    unmet = coordinator_client.get("/admin/insights/unmet/", september)
    zero = next(s["table"] for s in unmet.context["sections"] if s["table"].slug == "zero")
    assert zero.rows[0][:3] == ["smart tv", "SK5", 6]
    assert [s["table"].rows for s in unmet.context["sections"]] == [
        s["table"].rows for s in shown.context["sections"]
    ]
    # A range cutting September in two reads its days from the daily totals, also kept.
    part = coordinator_client.get("/admin/insights/", {"start": "2025-09-15", "end": "2025-10-14"})
    assert part.context["headline"]["now"] == 2


def test_totals_by_group_number_outlive_the_raw_rows_and_keep_their_numbers(spread, coordinator_client):
    log_searches(
        ("2025-09-10", "smart tv", "SK5", {"topic": ["video-calls"]}, 0, 6),
        ("2025-09-30", "email", "SK1", {"level": ["life"]}, 2, 3),
        ("2025-10-31", "blue badge", "SK7", {}, 0, 2),
    )
    call_command("update_insights", "--from", "2025-09-01", stdout=io.StringIO())
    periods = [
        *PERIODS,
        Period(dt.date(2025, 9, 1), dt.date(2025, 9, 30)),
        Period(dt.date(2025, 9, 20), dt.date(2026, 2, 10)),
    ]
    counted = {(measure, period): raw_groups(period, measure) for measure in GROUPED for period in periods}
    numbers = dict(SearchGroup.objects.values_list("pk", "words"))
    autumn = {"start": "2025-09-01", "end": "2025-10-31", "group": "filters"}
    shown = coordinator_client.get("/admin/insights/unmet/", autumn)

    call_command("delete_old_searches", stdout=io.StringIO())
    assert not SearchLog.objects.filter(created_at__date__lt=dt.date(2025, 10, 30)).exists()
    call_command("update_insights", "--from", "2025-01-01", stdout=io.StringIO())

    for (measure, period), expected in counted.items():
        assert by_group(measure, period) == expected, (measure, period)
    unmet = coordinator_client.get("/admin/insights/unmet/", autumn)
    assert [s["table"].rows for s in unmet.context["sections"]] == [
        s["table"].rows for s in shown.context["sections"]
    ]
    zero = next(s["table"] for s in unmet.context["sections"] if s["table"].slug == "zero")
    assert zero.rows[0][:4] == ["smart tv", "SK5", "topic=video-calls", 6]

    # A search after the deletion joins its group of old under the same number.
    log_searches(("2026-11-30", "smart tv", "SK5", {"topic": ["video-calls"]}, 0))
    call_command("update_insights", stdout=io.StringIO())
    assert dict(SearchGroup.objects.filter(pk__in=numbers).values_list("pk", "words")) == numbers
    group = ("smart tv", "SK5", "topic=video-calls")
    year = Period(dt.date(2025, 9, 1), dt.date(2026, 11, 30))
    assert by_group(Measure.ZERO, year)[group] == 7
    today = Period(dt.date(2026, 11, 30), dt.date(2026, 11, 30))
    assert by_group(Measure.ZERO, today) == raw_groups(today, Measure.ZERO)
