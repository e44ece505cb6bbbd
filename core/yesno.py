"""Reading yes or no from words people write: a spreadsheet's cell, a setting in the environment.

Each reader has its own words (a spreadsheet's "✓", an environment's "on") and its own message for
anything else, so it passes both sets in and turns the ValueError into that message. Pure Python: the
settings read it before Django is set up.
"""

from collections.abc import Container


def yes_or_no(text: str, yes: Container[str], no: Container[str]) -> bool:
    """True for a word in `yes`, False for one in `no`, whatever its case and the spaces around it."""
    value = text.strip().lower()
    if value in yes:
        return True
    if value in no:
        return False
    raise ValueError(f"{text!r} is neither yes nor no")
