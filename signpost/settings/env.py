"""Read settings from the environment, failing loudly and by name on a malformed value."""

import os

from django.core.exceptions import ImproperlyConfigured

from core.yesno import yes_or_no

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return yes_or_no(raw, TRUE, FALSE)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be one of 1/0, true/false, yes/no or on/off, not {raw!r}."
        ) from None


def env_float(name: str, default: float) -> float:
    return _env_number(name, default, float, "a number")


def env_int(name: str, default: int) -> int:
    return _env_number(name, default, int, "a whole number")


def _env_number(name: str, default, convert, what: str):
    """A number read by `convert` (int or float); empty or unset is the default."""
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return convert(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be {what}, not {raw!r}.") from None


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_url(name: str, schemes: tuple[str, ...] = ("http", "https")) -> str:
    """An optional URL; empty means the integration is switched off."""
    from urllib.parse import urlsplit

    raw = env_str(name)
    if not raw:
        return ""
    parts = urlsplit(raw)
    if parts.scheme not in schemes or not parts.hostname:
        raise ImproperlyConfigured(
            f"{name} must be a URL starting with {' or '.join(schemes)}://, not {raw!r}."
        )
    return raw.rstrip("/")


def env_admins(name: str) -> list[tuple[str, str]]:
    """People to mail about errors, from "Jo Bloggs <jo@example.org>, ops@example.org"."""
    from email.utils import getaddresses

    admins = []
    for person, address in getaddresses([env_str(name)]):
        if not address or "@" not in address:
            raise ImproperlyConfigured(
                f"{name} must list email addresses separated by commas, not {address!r}."
            )
        admins.append((person or address, address))
    return admins
