"""Roll-ups: the monthly totals and the coarser zero/few rows give exactly what the daily totals and
the raw search log give, for any range, and keep old periods on screen once raw rows are deleted."""

import datetime as dt
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from insights import queries, rollups, totals
from insights.choices import Measure
from insights.models import DailyCount, MonthlyCount
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
        assert [row[:2] for row in queries.top(coarse, period, by, 50)] == [
            row[:2] for row in queries.top(fine, period, by, 50)
        ]


def test_top_ranks_and_dates_as_the_full_read_does(spread):
    period = PERIODS[1]
    by = ("key", "district", "detail")
    everything = queries.totals_and_seen(Measure.ZERO, period, by=by)
    expected = sorted(everything.items(), key=lambda item: (-item[1][0], str(item[0])))
    assert queries.top(Measure.ZERO, period, by, 2) == [(group, *figures) for group, figures in expected[:2]]
    assert queries.top(Measure.ZERO, period, by, 50) == [(group, *figures) for group, figures in expected]
    last = SearchLog.objects.filter(query="smart tv", result_count=0).latest("created_at").created_at
    seen = {words: when for words, _count, when in queries.top(Measure.ZERO_WORDS, period, ("key",), 5)}
    assert seen["smart tv"] == last


def test_summing_again_rebuilds_the_same_roll_ups(spread):
    def snapshot():
        monthly = MonthlyCount.objects.values_list("measure", "month", "key", "district", "detail", "count")
        coarse = DailyCount.objects.filter(measure__in=[Measure.ZERO_WORDS, Measure.FEW_DISTRICT])
        return sorted(monthly), sorted(coarse.values_list("measure", "day", "key", "district", "count"))

    before = snapshot()
    call_command("update_insights", "--from", "2025-11-01", stdout=io.StringIO())
    assert snapshot() == before


def test_views_counted_today_show_before_the_next_summing(spread, coordinator_client):
    DailyCount.add_one(Measure.VIEW, "1")
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
