"""Deleting old raw search log rows, once their daily totals are safely kept."""

import datetime as dt

from . import totals


def cutoff_day() -> dt.date:
    """Rows logged before this day are deleted: SEARCH_LOG_KEEP_MONTHS months before today."""
    return totals.retention_cutoff()


def delete_old_searches() -> int:
    """Sum any days not yet summed, then delete the raw rows older than the cutoff. Returns how many
    rows were deleted."""
    from search.models import SearchLog

    totals.update()
    start, _end = totals.day_bounds(cutoff_day(), cutoff_day())
    deleted, _by_model = SearchLog.objects.filter(created_at__lt=start).delete()
    return deleted
