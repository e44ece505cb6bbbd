"""The monthly summary for the Alliance's meeting: the headline figures of every screen on one page,
printable (see insights/static/insights/insights.css)."""

import calendar
import datetime as dt

from django import forms
from django.utils import timezone

from ..choices import Measure
from ..periods import Period
from . import coverage, demand, health, reach, unmet

TOP = 5


def last_full_month() -> dt.date:
    return (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)


class MonthPeriod(Period):
    """A calendar month, compared with the calendar month before it."""

    def before(self) -> "MonthPeriod":
        return month_period((self.first - dt.timedelta(days=1)).replace(day=1))


def month_period(first: dt.date) -> MonthPeriod:
    return MonthPeriod(first, first.replace(day=calendar.monthrange(first.year, first.month)[1]))


class MonthForm(forms.Form):
    month = forms.CharField(
        label="Month",
        required=False,
        help_text="Written as YYYY-MM, for example 2026-11. Leave empty for last month.",
    )

    def clean_month(self):
        value = self.cleaned_data["month"].strip()[:20]
        if not value:
            return last_full_month()
        try:
            return dt.date.fromisoformat(f"{value}-01")
        except ValueError:
            raise forms.ValidationError("Enter the month as YYYY-MM, for example 2026-11.") from None

    def period(self) -> MonthPeriod:
        return month_period(self.cleaned_data["month"] if self.is_valid() else last_full_month())


def _top(table, count=TOP):
    table.rows = table.rows[:count]
    return table


def tables(period: Period) -> list:
    gap_table = coverage.gaps_table(coverage.gap_rows(period, "", ""))
    gap_table.caption = "The biggest coverage gaps"
    return [
        _top(demand.by_topic(period)),
        _top(unmet.grouped(Measure.ZERO, period, "words", "zero", "Most common searches that found nothing")),
        _top(unmet.unmatched_words(period)),
        _top(gap_table, 3),
        reach.counts(period),
        _top(reach.by_venue(period)),
        health.timings(period),
        _top(health.checked_by_organisation()),
    ]
