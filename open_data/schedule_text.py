"""Regular times written in words for the spreadsheet: "Every Tuesday 10:00-12:00".

One cell holds all the times of a listing at a venue, separated by ";" or new lines:

    Every Tuesday 10:00-12:00
    Every other Wednesday 13:00-15:00 from 2026-01-07
    First Monday of the month 14:00-16:00 until 2026-07-31
    Last Friday of the month 6pm-8pm (not in August)

A note goes in brackets at the end. The export writes exactly this form, so it reads back unchanged.
"""

import dataclasses
import datetime as dt
import re

from core.choices import Repeat, Weekday
from core.timetable import MONTHLY_POSITION, TimeFields, time_fields

from .values import ValueProblem, parse_date

REPEAT_WORDS = {
    "every": Repeat.WEEKLY,
    "every other": Repeat.FORTNIGHTLY,
    "first": Repeat.MONTHLY_1,
    "1st": Repeat.MONTHLY_1,
    "second": Repeat.MONTHLY_2,
    "2nd": Repeat.MONTHLY_2,
    "third": Repeat.MONTHLY_3,
    "3rd": Repeat.MONTHLY_3,
    "fourth": Repeat.MONTHLY_4,
    "4th": Repeat.MONTHLY_4,
    "last": Repeat.MONTHLY_LAST,
}
REPEAT_PREFIX = {
    Repeat.WEEKLY: "Every",
    Repeat.FORTNIGHTLY: "Every other",
    Repeat.MONTHLY_1: "First",
    Repeat.MONTHLY_2: "Second",
    Repeat.MONTHLY_3: "Third",
    Repeat.MONTHLY_4: "Fourth",
    Repeat.MONTHLY_LAST: "Last",
}
DAY_WORDS = {day.label.lower(): day.value for day in Weekday} | {
    day.label[:3].lower(): day.value for day in Weekday
}
CLOCK = r"\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm)?|noon|midday|midnight"
DATE = r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4}"
ENTRY_RE = re.compile(
    rf"""^(?P<repeat>every\s+other|every|first|1st|second|2nd|third|3rd|fourth|4th|last)\s+
    (?P<day>[a-z]+?)s?\s*(?:of\s+(?:the|each|every)\s+month)?\s*,?\s*
    (?P<opens>{CLOCK})\s*(?:-|–|—|to)\s*(?P<closes>{CLOCK})
    (?:\s*,?\s*from\s+(?P<valid_from>{DATE}))?
    (?:\s*,?\s*(?:until|to)\s+(?P<valid_to>{DATE}))?
    (?:\s*\((?P<note>.*)\))?\s*$""",
    re.IGNORECASE | re.VERBOSE | re.DOTALL,
)
EXAMPLE = '"Every Tuesday 10:00-12:00" or "First Monday of the month 14:00-16:00"'


@dataclasses.dataclass(frozen=True)
class Times(TimeFields):
    """One regular time, as the schedule models hold it."""

    note: str = ""

    @classmethod
    def of(cls, schedule) -> "Times":
        return cls(**time_fields(schedule), note=schedule.note)

    def fields(self) -> dict:
        return dataclasses.asdict(self)


def describe(times: Times) -> str:
    day = Weekday(times.day).label
    text = f"{REPEAT_PREFIX[Repeat(times.repeat)]} {day}"
    if times.repeat in MONTHLY_POSITION:
        text += " of the month"
    text += f" {times.opens_at:%H:%M}-{times.closes_at:%H:%M}"
    if times.valid_from:
        text += f" from {times.valid_from.isoformat()}"
    if times.valid_to:
        text += f" until {times.valid_to.isoformat()}"
    if times.note:
        text += f" ({times.note})"
    return text


def format_times(rows) -> str:
    return "; ".join(describe(Times.of(row)) for row in rows)


def split_entries(text: str) -> list[str]:
    """Split on ";" and new lines, except inside brackets (a note may contain either)."""
    entries, current, depth = [], [], 0
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        if char in ";\n" and depth == 0:
            entries.append("".join(current))
            current = []
        else:
            current.append(char)
    entries.append("".join(current))
    return [entry.strip() for entry in entries if entry.strip()]


def parse_clock(text: str) -> dt.time:
    value = text.strip().lower().replace(" ", "")
    if value in ("noon", "midday"):
        return dt.time(12, 0)
    if value == "midnight":
        return dt.time(0, 0)
    match = re.match(r"^(\d{1,2})(?:[:.](\d{2}))?(am|pm)?$", value)
    if not match:
        raise ValueProblem(f'"{text}" is not a time of day')
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if half:
        if not 1 <= hour <= 12:
            raise ValueProblem(f'"{text}" is not a time of day')
        hour = hour % 12 + (12 if half == "pm" else 0)
    elif match.group(2) is None:
        raise ValueProblem(f'"{text}" needs minutes or am/pm, like 10:00 or 10am')
    if hour > 23 or minute > 59:
        raise ValueProblem(f'"{text}" is not a time of day')
    return dt.time(hour, minute)


def parse_entry(text: str) -> Times:
    match = ENTRY_RE.match(text.strip())
    if not match:
        raise ValueProblem(f'we could not read the times "{text}": write them like {EXAMPLE}')
    day_word = match.group("day").lower()
    day = DAY_WORDS.get(day_word) or DAY_WORDS.get(day_word + "s")
    if day is None:
        raise ValueProblem(f'"{match.group("day")}" in "{text}" is not a day of the week')
    repeat = REPEAT_WORDS[re.sub(r"\s+", " ", match.group("repeat").lower())]
    return Times(
        day=day,
        repeat=repeat,
        opens_at=parse_clock(match.group("opens")),
        closes_at=parse_clock(match.group("closes")),
        valid_from=parse_date(match.group("valid_from")) if match.group("valid_from") else None,
        valid_to=parse_date(match.group("valid_to")) if match.group("valid_to") else None,
        note=(match.group("note") or "").strip(),
    )


def parse_times(text: str) -> list[Times]:
    return [parse_entry(entry) for entry in split_entries(text or "")]
