"""Checking JSON against the Open Referral UK specification shipped in open_data/schema/.

The OpenAPI document names its schemas by their raw.githubusercontent.com addresses; a registry maps
those addresses to our own copies, so validation never touches the network. Responses are checked
against the exact schema the OpenAPI document gives for each endpoint, envelope included.
"""

import datetime as dt
import functools
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
REMOTE_BASE = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"
OPENAPI_ID = "urn:signpost:oruk-openapi-3.0"
SCHEMA_FILES = [
    "compiled/service.json",
    "compiled/service_list.json",
    "compiled/service_at_location_list.json",
    "taxonomy.json",
    "taxonomy_term.json",
]

format_checker = FormatChecker()


@format_checker.checks("date-time", raises=ValueError)
def _is_datetime(value) -> bool:
    if not isinstance(value, str):
        return True
    # RFC 3339 needs a date, a time and an offset; Python reads "Z" from 3.11.
    if not re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$", value):
        raise ValueError(f"{value!r} is not an RFC 3339 date-time")
    dt.datetime.fromisoformat(value)
    return True


@format_checker.checks("uri", raises=ValueError)
def _is_uri(value) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    if not parts.scheme or not (parts.netloc or parts.path) or any(ch.isspace() for ch in value):
        raise ValueError(f"{value!r} is not an absolute URI")
    return True


def load(name: str) -> dict:
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


@functools.cache
def registry() -> Registry:
    resources = [(REMOTE_BASE + name, DRAFT202012.create_resource(load(name))) for name in SCHEMA_FILES]
    resources.append((OPENAPI_ID, Resource.from_contents(load("openapi-3.0.json"), DRAFT202012)))
    return Registry().with_resources(resources)


def pointer_part(text: str) -> str:
    return text.replace("~", "~0").replace("/", "~1")


@functools.cache
def response_validator(path: str) -> Draft202012Validator:
    """A validator for the 200 response that the OpenAPI document specifies for `path` (e.g. "/services")."""
    pointer = "/".join(
        ["#", "paths", pointer_part(path), "get", "responses", "200", "content"]
        + [pointer_part("application/json"), "schema"]
    )
    return Draft202012Validator(
        {"$ref": f"{OPENAPI_ID}{pointer}"}, registry=registry(), format_checker=format_checker
    )


@functools.cache
def schema_validator(name: str) -> Draft202012Validator:
    """A validator for one of the schema files, e.g. "compiled/service.json"."""
    return Draft202012Validator(
        {"$ref": REMOTE_BASE + name}, registry=registry(), format_checker=format_checker
    )


def problems(validator: Draft202012Validator, instance, limit: int = 5) -> list[str]:
    """Plain descriptions of where `instance` breaks the schema: 'at contents/0/id: ...'."""
    found = []
    for error in sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(part) for part in error.absolute_path) or "the top level"
        found.append(f"at {where}: {error.message}")
        if len(found) >= limit:
            break
    return found
