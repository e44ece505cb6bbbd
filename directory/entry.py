"""Times and dates as volunteers type them: "2pm", "2.30pm", "14.00", "16 Dec 2026".

Wagtail's date and time pickers read what is typed against one fixed format and, when it does not
fit, quietly put something else in its place: "2pm" became 02:00 and "2026-12-16" became today.
The admin forms use plain text boxes instead (see directory/forms.py), read here: a typed value is
either understood exactly or refused with a message that says what to type. Nothing is guessed.
"""

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError

from core.timetable import format_time

# Before this, a time is in the middle of the night: the editor is asked to confirm it.
NIGHT_ENDS = dt.time(6, 0)

TIME_RE = re.compile(r"^(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?(?P<half>am|pm)?$")
FOUR_DIGITS_RE = re.compile(r"^(?P<hour>\d{2})(?P<minute>\d{2})$")
WORD_TIMES = {"noon": dt.time(12), "midday": dt.time(12), "12noon": dt.time(12), "midnight": dt.time(0)}

TIME_EXAMPLES = "Type a time such as 10am, 2pm, 2:30pm or 14:00."


def _squash(text: str) -> str:
    """Lower case, without spaces or the dots in "p.m." ("2.30 P.M." becomes "2.30pm")."""
    text = text.strip().lower().replace(" ", "")
    return re.sub(r"([ap])\.?m\.?$", r"\1m", text)


def parse_time(text: str) -> dt.time:
    """Read a typed time, or raise ValidationError saying what to type instead.

    "2" on its own is refused rather than guessed: it could be 2am or 2pm.
    """
    squashed = _squash(text)
    if squashed in WORD_TIMES:
        return WORD_TIMES[squashed]
    match = TIME_RE.match(squashed) or FOUR_DIGITS_RE.match(squashed)
    if not match:
        raise ValidationError(f"We could not read “{text.strip()}” as a time. {TIME_EXAMPLES}", "invalid")
    hour = int(match.group("hour"))
    minute = int(match.group("minute") or 0)
    half = match.groupdict().get("half")
    if minute > 59:
        raise ValidationError(f"“{text.strip()}” has more than 59 minutes. {TIME_EXAMPLES}", code="invalid")
    if half:
        if not 1 <= hour <= 12:
            raise ValidationError(f"With am or pm, the hour is from 1 to 12. {TIME_EXAMPLES}", code="invalid")
        hour = hour % 12 + (12 if half == "pm" else 0)
    elif hour > 23:
        raise ValidationError(f"There is no hour {hour} in a day. {TIME_EXAMPLES}", code="invalid")
    elif match.group("minute") is None and 1 <= hour <= 12:
        raise ValidationError(f"Is that {hour}am or {hour}pm? Type {hour}am or {hour}pm.", code="ambiguous")
    return dt.time(hour, minute)


def is_night(value: dt.time | None) -> bool:
    return value is not None and value < NIGHT_ENDS


def night_words(value: dt.time) -> str:
    """'12:30am, in the middle of the night': how a night time is read back to the editor."""
    return f"{format_time(value)}, in the middle of the night"


MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
ISO_RE = re.compile(r"^(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})$")
NUMERIC_RE = re.compile(r"^(?P<day>\d{1,2})[-/.](?P<month>\d{1,2})[-/.](?P<year>\d{2}|\d{4})$")
WORDS_RE = re.compile(
    r"^(?:[a-z]+,?\s+)?(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<month>[a-z]+)\.?,?\s+(?P<year>\d{4})$"
)
DATE_EXAMPLES = "Type a date such as 16/12/2026 or 16 December 2026."


def parse_date(text: str) -> dt.date:
    """Read a typed UK date (day before month), or raise ValidationError saying what to type instead.

    Accepts 16/12/2026, 16-12-2026, 16.12.26, 16 Dec 2026, Wednesday 16th December 2026 and
    2026-12-16. A date that does not exist (31/02/2026, or 12/16/2026 written month first) is refused.
    """
    cleaned = re.sub(r"\s+", " ", text.strip().lower())
    match = ISO_RE.match(cleaned) or NUMERIC_RE.match(cleaned) or WORDS_RE.match(cleaned)
    if not match:
        raise ValidationError(f"We could not read “{text.strip()}” as a date. {DATE_EXAMPLES}", "invalid")
    day, month, year = match.group("day"), match.group("month"), match.group("year")
    if month.isdigit():
        month_number = int(month)
    elif month in MONTHS:
        month_number = MONTHS[month]
    else:
        raise ValidationError(f"We do not know the month “{month}”. {DATE_EXAMPLES}", code="invalid")
    year_number = int(year) + (2000 if len(year) == 2 else 0)
    try:
        return dt.date(year_number, month_number, int(day))
    except ValueError:
        raise ValidationError(
            f"There is no such date as “{text.strip()}”. Write the day first, then the month. "
            + DATE_EXAMPLES,
            code="invalid",
        ) from None


class TypedTimeField(forms.TimeField):
    """A time box that reads 2pm, 2.30pm, 2:30 pm, 14.00 and 14:00 alike."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.time):
            return value
        return parse_time(str(value))


class TypedDateField(forms.DateField):
    """A date box that reads any common UK way of writing a date, and refuses the rest."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        return parse_date(str(value))


class TimeBox(forms.TextInput):
    """A plain text box for a time, shown as 2pm or 2:30pm; no picker to rewrite what is typed."""

    class Media:
        # Says a schedule row back in words as it is typed; does nothing outside schedule rows.
        js = ["js/read-back.js"]

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", "class": "typed-time", "size": 8, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, dt.time):
            return format_time(value).replace("12 noon", "12pm").replace("midnight", "12am")
        return super().format_value(value)


class DateBox(forms.TextInput):
    """A plain text box for a date, shown as 16/12/2026; no picker to replace what is typed."""

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", "class": "typed-date", "size": 12, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, dt.date):
            return f"{value:%d/%m/%Y}"
        return super().format_value(value)
