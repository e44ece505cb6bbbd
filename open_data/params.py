"""Reading the API's query parameters. Every bad value becomes a BadParameter with a plain message
(answered as 400 with {"error": ...}); nothing here can raise anything else."""

import dataclasses
import datetime as dt
import math
import re
import uuid

from django.utils import timezone

from core.choices import Weekday
from search.places import find_place

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
MAX_PAGE = 1_000_000
MAX_SEARCH_LENGTH = 200
MAX_PROXIMITY_METRES = 1_000_000
INTEGER_RE = re.compile(r"^\s*\+?\d{1,9}\s*$", re.ASCII)
NUMBER_RE = re.compile(r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*$", re.ASCII)
TIME_RE = re.compile(r"^\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$", re.ASCII)
DAY_NAMES = {day.label.lower(): day.value for day in Weekday} | {
    day.label[:3].lower(): day.value for day in Weekday
}


class BadParameter(ValueError):
    pass


@dataclasses.dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float
    label: str


def _text(query, name: str, max_length: int = 100) -> str:
    value = query.get(name, "")
    if "\x00" in value:
        raise BadParameter(f"{name} contains a character that is not allowed.")
    value = value.strip()
    if len(value) > max_length:
        raise BadParameter(f"{name} is too long: use at most {max_length} characters.")
    return value


def integer(query, name: str, default: int, minimum: int, maximum: int) -> int:
    value = _text(query, name)
    if not value:
        return default
    if not INTEGER_RE.match(value) or not minimum <= int(value) <= maximum:
        raise BadParameter(f"{name} must be a whole number from {minimum} to {maximum:,}.")
    return int(value)


def page_and_size(query) -> tuple[int, int]:
    return (
        integer(query, "page", 1, 1, MAX_PAGE),
        integer(query, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE),
    )


def number(query, name: str) -> float | None:
    value = _text(query, name)
    if not value:
        return None
    if not NUMBER_RE.match(value) or not math.isfinite(float(value)):
        raise BadParameter(f"{name} must be a number, like 18.")
    return float(value)


def search_text(query) -> str:
    return _text(query, "search", MAX_SEARCH_LENGTH)


def identifier(query, name: str) -> str | None:
    value = _text(query, name)
    if not value:
        return None
    return parse_uuid(value, name)


def parse_uuid(value: str, name: str = "id") -> str:
    try:
        return str(uuid.UUID(value))
    except (ValueError, AttributeError, TypeError):
        raise BadParameter(f"{name} must be an id like 3f7b145d-84af-42d7-8fae-eaca714b02b2.") from None


def day(query) -> str | None:
    value = _text(query, "day").lower()
    if not value:
        return None
    if value.upper() in Weekday.values:
        return value.upper()
    if value in DAY_NAMES:
        return DAY_NAMES[value]
    raise BadParameter("day must be a day of the week: MO, TU, WE, TH, FR, SA or SU (or Monday to Sunday).")


def time_of_day(query, name: str) -> dt.time | None:
    value = _text(query, name)
    if not value:
        return None
    match = TIME_RE.match(value)
    if match:
        hour, minute, second = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
        if hour < 24 and minute < 60 and second < 60:
            return dt.time(hour, minute, second)
    raise BadParameter(f"{name} must be a time of day in 24-hour form, like 09:30 or 17:00.")


def modified_after(query) -> dt.datetime | None:
    value = _text(query, "modified_after")
    if not value:
        return None
    text = value.replace(" ", "T") if re.match(r"^\d{4}-\d{2}-\d{2} \d", value) else value
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise BadParameter(
            "modified_after must be a date or date and time, like 2026-03-01 or 2026-03-01T09:00:00Z."
        ) from None
    try:
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment, timezone.get_default_timezone())
        moment.astimezone(dt.UTC)  # the database compares in UTC: the year must stay within 1 to 9999
    except (OverflowError, ValueError):
        raise BadParameter("modified_after is too far in the past or the future.") from None
    return moment


def place(query) -> tuple[Point | None, float | None]:
    """The point to measure from (the postcode's centre) and the radius in metres, if given."""
    postcode = _text(query, "postcode")
    proximity_text = _text(query, "proximity")
    proximity = None
    if proximity_text:
        proximity = number(query, "proximity")
        if proximity is None or not 0 < proximity <= MAX_PROXIMITY_METRES:
            raise BadParameter(f"proximity must be a distance in metres, from 1 to {MAX_PROXIMITY_METRES:,}.")
        if not postcode:
            raise BadParameter("proximity needs a postcode to measure from, like postcode=SK1 3XE.")
    if not postcode:
        return None, None
    result = find_place(postcode)
    if result.location is None:
        raise BadParameter(result.message or f"We couldn't find the postcode {postcode}.")
    location = result.location
    return Point(location.latitude, location.longitude, location.label), proximity
