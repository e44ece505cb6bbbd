"""Reading the values people type into spreadsheet cells. Each problem is a ValueProblem whose
message finishes the sentence "row 7: error: ..."."""

import datetime as dt
import re

from core.yesno import yes_or_no

from .columns import LIST_SEPARATOR

YES = {"yes", "y", "true", "1", "x", "✓"}
NO = {"no", "n", "false", "0", ""}


class ValueProblem(ValueError):
    pass


def parse_date(text: str) -> dt.date:
    value = text.strip()
    try:
        if re.match(r"^\d{4}-\d{1,2}-\d{1,2}$", value):
            year, month, day = (int(part) for part in value.split("-"))
            return dt.date(year, month, day)
        if re.match(r"^\d{1,2}/\d{1,2}/\d{4}$", value):
            # UK spreadsheets write day/month/year.
            day, month, year = (int(part) for part in value.split("/"))
            return dt.date(year, month, day)
    except ValueError:
        pass
    raise ValueProblem(f'"{text}" is not a date: write it like 2026-03-01 or 01/03/2026')


def parse_bool(text: str, column: str) -> bool:
    try:
        return yes_or_no(text, YES, NO)
    except ValueError:
        raise ValueProblem(f'{column} should be yes or no, not "{text}"') from None


def parse_int(text: str, column: str, minimum: int = 0, maximum: int = 10_000) -> int:
    value = text.strip()
    if not value:
        return 0
    if not re.match(r"^\d+$", value) or not minimum <= int(value) <= maximum:
        raise ValueProblem(f'{column} should be a whole number, not "{text}"')
    return int(value)


def parse_float(text: str, column: str) -> float:
    try:
        return float(text.strip())
    except ValueError:
        raise ValueProblem(f'{column} should be a number like 53.4066, not "{text}"') from None


def parse_choice(text: str, column: str, choices) -> str:
    """A value from a TextChoices class, by its code ("drop_in") or its label ("Just turn up")."""
    value = re.sub(r"\s+", " ", text.strip().lower())
    for code, label in choices.choices:
        if value in (code.lower(), code.replace("_", " ").lower(), str(label).lower()):
            return code
    options = ", ".join(str(label) for _code, label in choices.choices)
    raise ValueProblem(f'{column} should be one of {options}, not "{text}"')


def split_list(text: str) -> list[str]:
    return [part.strip() for part in (text or "").split(LIST_SEPARATOR) if part.strip()]


def join_list(values) -> str:
    return f"{LIST_SEPARATOR} ".join(values)
