"""The date range every insights screen shows, and the period before it to compare with."""

import dataclasses
import datetime as dt

from django import forms
from django.utils import timezone
from wagtail.admin.widgets import AdminDateInput

DEFAULT_DAYS = 28
# A range longer than this is refused: totals are kept for years, but a screen of five years of days
# helps nobody, and the comparison period would reach past the retention of raw searches anyway.
MAX_DAYS = 3 * 366


@dataclasses.dataclass(frozen=True)
class Period:
    first: dt.date
    last: dt.date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def before(self) -> "Period":
        """The same number of days, ending the day before this period starts."""
        last = self.first - dt.timedelta(days=1)
        return Period(last - dt.timedelta(days=self.days - 1), last)

    def __str__(self):
        if self.first.year == self.last.year:
            return f"{self.first:%-d %B} to {self.last:%-d %B %Y}"
        return f"{self.first:%-d %B %Y} to {self.last:%-d %B %Y}"


def default_period() -> Period:
    today = timezone.localdate()
    return Period(today - dt.timedelta(days=DEFAULT_DAYS - 1), today)


def period_end_field(label: str, help_text: str, example: str) -> forms.DateField:
    """One end of the period: optional, with the admin's date picker and a plain message for a bad date."""
    return forms.DateField(
        label=label,
        required=False,
        widget=AdminDateInput,
        help_text=help_text,
        error_messages={"invalid": f"Enter the '{label}' date as a real date, for example {example}."},
    )


class PeriodForm(forms.Form):
    start = period_end_field(
        "From", "The first day to count. Leave empty for the last 4 weeks.", "2026-11-01"
    )
    end = period_end_field("To", "The last day to count. Leave empty for today.", "2026-11-30")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if self.errors:
            return cleaned
        default = default_period()
        end = end or (max(default.last, start) if start else default.last)
        start = start or end - dt.timedelta(days=DEFAULT_DAYS - 1)
        if start > end:
            self.add_error("end", "The 'To' date must be on or after the 'From' date.")
        elif (end - start).days + 1 > MAX_DAYS:
            self.add_error("start", "Choose a range of 3 years or less.")
        else:
            cleaned["period"] = Period(start, end)
        return cleaned

    def period(self) -> Period:
        """The period asked for, or the default one when the form has errors (shown beside it)."""
        if self.is_valid():
            return self.cleaned_data["period"]
        return default_period()
