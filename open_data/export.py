"""The whole directory as rows of the import template: what the "Open data" page's CSV holds.

One row per listing at a venue, one more for a listing's phone or online times (venue columns
empty), and one for an organisation with no published listings. Only live, public content.
Organisations are read in batches, each with a fixed number of queries.
"""

import re
from collections.abc import Iterator

from core.choices import SkillLevel
from directory.models import ServicePage

from . import queries
from .columns import COLUMNS
from .importer.csv_reader import LISTING_FIELDS, ORGANISATION_FIELDS, TEXT, VENUE_FIELDS
from .oruk import Urls
from .schedule_text import format_times
from .text import html_to_text
from .values import join_list

ORGANISATION_BATCH = 50
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER_RE = re.compile(r"^-?\d+(\.\d+)?$")


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _names(terms) -> str:
    return join_list(term.name for term in terms)


def safe_cell(value) -> str:
    """A cell a spreadsheet will not run as a formula; the importer takes the quote mark off again."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) and not NUMBER_RE.match(text) else text


def _cell(value, kind):
    """A field's value as the import reads it back in a column of that kind (see csv_reader)."""
    if kind is bool:
        return _yes(value)
    if kind is float:
        return repr(value)
    if kind == "date":
        return value.isoformat() if value else ""
    if kind in (TEXT, "postcode", int):
        return value
    return kind(value).label


def _cells(record, spec: dict) -> dict:
    """The cells of the columns the import reads into `record`'s fields: one table for both ways.

    A description is rich text here and plain text in the spreadsheet, so its caller converts it.
    """
    return {column: _cell(getattr(record, field), kind) for column, (field, kind) in spec.items()}


def organisation_cells(org) -> dict:
    return _cells(org, ORGANISATION_FIELDS) | {
        "organisation_id": org.uuid,
        "organisation_name": org.title,
        "organisation_description": html_to_text(org.description),
    }


def listing_cells(service: ServicePage, urls: Urls) -> dict:
    return _cells(service, LISTING_FIELDS) | {
        "listing_id": service.uuid,
        "listing_name": service.title,
        "listing_description": html_to_text(service.description),
        "help_topics": _names(service.topics.all()),
        "skill_levels": join_list(SkillLevel(level).framework_name for level in service.levels),
        "formats": _names(service.formats.all()),
        "audiences": _names(service.audiences.all()),
        "languages": _names(service.languages.all()),
        "listing_url": urls.page(service),
    }


def venue_cells(link) -> dict:
    venue = link.venue
    return _cells(venue, VENUE_FIELDS) | {
        "listing_at_venue_id": link.uuid,
        "venue_id": venue.uuid,
        "venue_name": venue.name,
        "venue_access_facilities": _names(venue.access_facilities.all()),
        "where_at_venue": link.note,
        "times": format_times(link.schedules.all()),
    }


def _row(*parts: dict) -> list[str]:
    cells = {}
    for part in parts:
        cells.update(part)
    return [safe_cell(cells.get(column, "")) for column in COLUMNS]


def listing_rows(service: ServicePage, urls: Urls) -> Iterator[list[str]]:
    org, listing = organisation_cells(service.organisation), listing_cells(service, urls)
    links = list(service.locations.all())
    for link in links:
        yield _row(org, listing, venue_cells(link))
    remote = list(service.remote_schedules.all())
    if remote or not links:
        yield _row(org, listing, {"times": format_times(remote)})


def batches(services, size: int) -> Iterator[list[ServicePage]]:
    """Fully loaded listings, `size` at a time, in the order of `services`."""
    ids = list(services.values_list("pk", flat=True))
    for start in range(0, len(ids), size):
        chunk = ids[start : start + size]
        loaded = {s.pk: s for s in queries.load_full_services(ServicePage.objects.filter(pk__in=chunk))}
        yield [loaded[pk] for pk in chunk if pk in loaded]


def rows(urls: Urls) -> Iterator[list[str]]:
    """Every published organisation and listing, organisation by organisation, A to Z."""
    organisations = list(queries.published_organisations().order_by("title", "pk").values_list("pk", "path"))
    services = queries.published_services()
    for start in range(0, len(organisations), ORGANISATION_BATCH):
        chunk = organisations[start : start + ORGANISATION_BATCH]
        paths = [path for _pk, path in chunk]
        in_chunk = queries.with_parent_path(services).filter(parent_path__in=paths)
        listings = queries.load_full_services(in_chunk.order_by("title", "pk"))
        by_parent: dict[str, list] = {}
        for service in listings:
            by_parent.setdefault(queries.parent_path(service.path), []).append(service)
        organisations_by_path = {s.organisation.path: s.organisation for s in listings}
        missing = [path for path in paths if path not in organisations_by_path]
        if missing:
            for org in queries.published_organisations().filter(path__in=missing):
                organisations_by_path[org.path] = org
        for _pk, path in chunk:
            if by_parent.get(path):
                for service in by_parent[path]:
                    yield from listing_rows(service, urls)
            elif path in organisations_by_path:
                yield _row(organisation_cells(organisations_by_path[path]))
