"""UK postcodes: normalising what residents and editors type ("sk13xe" is "SK1 3XE")."""

import re

# Outward code: area letters, district digits and an optional letter or digit. Inward: digit, two letters.
OUTWARD = r"[A-Z]{1,2}[0-9][A-Z0-9]?"
INWARD = r"[0-9][ABD-HJLNP-UW-Z]{2}"
FULL_POSTCODE_RE = re.compile(rf"^({OUTWARD})({INWARD})$")
OUTWARD_RE = re.compile(rf"^{OUTWARD}$")


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text or "").upper()


def normalise_postcode(text: str) -> str | None:
    """A full postcode in its standard form, or None if `text` is not one."""
    match = FULL_POSTCODE_RE.match(compact(text))
    if not match:
        return None
    return f"{match.group(1)} {match.group(2)}"


def normalise_outward(text: str) -> str | None:
    """An outward code ("SK4") in its standard form, or None."""
    value = compact(text)
    return value if OUTWARD_RE.match(value) else None


def outward_code(postcode: str) -> str | None:
    """The outward part of a full or outward postcode: "SK1 3XE" gives "SK1"."""
    full = normalise_postcode(postcode)
    if full:
        return full.split(" ")[0]
    return normalise_outward(postcode)
