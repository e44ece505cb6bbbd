"""Raw search log rows are deleted after SEARCH_LOG_KEEP_MONTHS; the daily totals stay."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Sum

from insights import totals
from insights.choices import Measure
from insights.models import DailyCount
from search.models import SearchLog

from .conftest import log_searches

pytestmark = pytest.mark.django_db


def searches_counted() -> int:
    return DailyCount.objects.filter(measure=Measure.SEARCHES).aggregate(total=Sum("count"))["total"]


def test_rows_older_than_13_months_are_deleted_and_their_totals_kept(db):
    log_searches(
        ("2025-10-29", "email", "SK1", {}, 3),  # 13 months and a day ago
        ("2025-10-30", "email", "SK1", {}, 3),  # exactly 13 months ago: kept
        ("2026-11-01", "zoom", "SK5", {}, 0),
    )
    out = io.StringIO()
    call_command("delete_old_searches", stdout=out)
    assert "Deleted 1 search log rows from before 2025-10-30 (kept for 13 months)" in out.getvalue()
    assert sorted(SearchLog.objects.values_list("query", flat=True)) == ["email", "zoom"]
    assert searches_counted() == 3
    # Summing again later does not lose the deleted day's totals.
    call_command("update_insights", "--from", "2025-01-01", stdout=io.StringIO())
    assert searches_counted() == 3


def test_the_time_kept_is_a_setting(settings, db):
    settings.SEARCH_LOG_KEEP_MONTHS = 1
    log_searches(("2026-10-20", "email", "SK1", {}, 3), ("2026-11-10", "email", "SK1", {}, 3))
    call_command("delete_old_searches", stdout=io.StringIO())
    assert SearchLog.objects.count() == 1
    assert searches_counted() == 2


def test_totals_are_summed_before_rows_are_deleted_even_if_never_summed_before(db):
    log_searches(("2024-01-01", "email", "SK1", {}, 3, 4))
    assert not DailyCount.objects.exists()
    call_command("delete_old_searches", stdout=io.StringIO())
    assert not SearchLog.objects.exists()
    assert searches_counted() == 4
    assert totals.first_day_with_all_searches() == totals.retention_cutoff()
