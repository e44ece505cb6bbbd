"""Loading the gazetteer from files: our own place list, the ONS Postcode Directory (ONSPD) and
OS Code-Point Open.

The format is detected from the header (Code-Point Open's data files have none: they are recognised
by their shape). Bad rows are counted and reported, never guessed at; the good rows go in inside one
transaction, so an import that fails part-way leaves the table as it was.
"""

import csv
import dataclasses
import io
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.db import transaction

from core.osgb import grid_to_wgs84
from core.postcodes import compact, normalise_outward, normalise_postcode

from .models import Place, PlaceKind
from .places import forget_place_names, place_key
from .spelling import forget_vocabulary

BATCH_SIZE = 5000
# The UK, generously: anything outside is a bad row, not a place.
UK_LATITUDE, UK_LONGITUDE = (49.0, 61.5), (-9.0, 2.5)
MAX_EXAMPLES = 20


class GazetteerFormatError(ValueError):
    """The file is not in any format we know; nothing was imported."""


@dataclasses.dataclass
class ImportReport:
    format: str = ""
    rows: int = 0
    imported: int = 0
    bad: int = 0
    outward_added: int = 0
    examples: list[str] = dataclasses.field(default_factory=list)

    def bad_row(self, line: int, reason: str) -> None:
        self.bad += 1
        if len(self.examples) < MAX_EXAMPLES:
            self.examples.append(f"line {line}: {reason}")


@dataclasses.dataclass(frozen=True)
class Row:
    kind: str
    key: str
    name: str
    latitude: float
    longitude: float


def in_uk(latitude: float, longitude: float) -> bool:
    return UK_LATITUDE[0] <= latitude <= UK_LATITUDE[1] and UK_LONGITUDE[0] <= longitude <= UK_LONGITUDE[1]


def _number(value: str) -> float:
    return float((value or "").strip())


def detect_format(header: list[str]) -> str:
    names = {name.strip().lower() for name in header}
    if {"kind", "name", "latitude", "longitude"} <= names:
        return "signpost"
    if {"lat", "long"} <= names and names & {"pcds", "pcd", "pcd2"}:
        return "onspd"
    if {"postcode", "eastings", "northings"} <= names:
        return "codepoint-header"
    if header and normalise_postcode(header[0]) and len(header) >= 4:
        try:
            _number(header[2]), _number(header[3])
        except ValueError:
            pass
        else:
            return "codepoint"
    raise GazetteerFormatError(
        "This file is not a format we recognise. Use the ONS Postcode Directory (with pcds, lat and long "
        "columns), OS Code-Point Open, or a CSV with kind, name, latitude and longitude columns."
    )


def _signpost_rows(records: Iterable[dict], report: ImportReport) -> Iterator[Row]:
    for line, record in records:
        kind = (record.get("kind") or "").strip().lower()
        name = (record.get("name") or "").strip()
        try:
            latitude, longitude = _number(record.get("latitude")), _number(record.get("longitude"))
        except ValueError:
            report.bad_row(line, "latitude or longitude is not a number")
            continue
        if not in_uk(latitude, longitude):
            report.bad_row(line, "the position is not in the UK")
            continue
        if kind == PlaceKind.POSTCODE and normalise_postcode(name):
            postcode = normalise_postcode(name)
            yield Row(PlaceKind.POSTCODE, compact(postcode), postcode, latitude, longitude)
        elif kind == PlaceKind.OUTWARD and normalise_outward(name):
            outward = normalise_outward(name)
            yield Row(PlaceKind.OUTWARD, outward, outward, latitude, longitude)
        elif kind == PlaceKind.PLACE and place_key(name):
            yield Row(PlaceKind.PLACE, place_key(name), name, latitude, longitude)
        else:
            report.bad_row(line, f"'{kind}' '{name}' is not a postcode, postcode district or place name")


def _postcode_row(line: int, raw_postcode: str, latitude: float, longitude: float, report) -> Row | None:
    postcode = normalise_postcode(raw_postcode)
    if not postcode:
        report.bad_row(line, f"'{raw_postcode}' is not a postcode")
        return None
    if not in_uk(latitude, longitude):
        report.bad_row(line, f"{postcode} has no position")
        return None
    return Row(PlaceKind.POSTCODE, compact(postcode), postcode, latitude, longitude)


def _onspd_rows(records, report) -> Iterator[Row]:
    for line, record in records:
        raw = record.get("pcds") or record.get("pcd") or record.get("pcd2") or ""
        try:
            latitude, longitude = _number(record.get("lat")), _number(record.get("long"))
        except ValueError:
            report.bad_row(line, "lat or long is not a number")
            continue
        row = _postcode_row(line, raw, latitude, longitude, report)
        if row:
            yield row


def _codepoint_rows(lines, report) -> Iterator[Row]:
    for line, values in lines:
        if len(values) < 4:
            report.bad_row(line, "too few columns")
            continue
        try:
            easting, northing = _number(values[2]), _number(values[3])
        except ValueError:
            report.bad_row(line, "eastings or northings is not a number")
            continue
        if easting <= 0 and northing <= 0:
            report.bad_row(line, f"{values[0].strip()} has no grid reference")
            continue
        latitude, longitude = grid_to_wgs84(easting, northing)
        row = _postcode_row(line, values[0], latitude, longitude, report)
        if row:
            yield row


def read_rows(handle: io.TextIOBase, report: ImportReport) -> Iterator[Row]:
    reader = csv.reader(handle)
    try:
        header = next(reader)
    except StopIteration:
        raise GazetteerFormatError("The file is empty.") from None
    report.format = detect_format(header)
    if report.format == "codepoint":
        # No header: the first line is data.
        yield from _codepoint_rows(_numbered([header], reader, start=1), report)
        return
    names = [name.strip().lower() for name in header]
    records = (
        (line, dict(zip(names, values, strict=False))) for line, values in _numbered([], reader, start=2)
    )
    if report.format == "signpost":
        yield from _signpost_rows(records, report)
    elif report.format == "onspd":
        yield from _onspd_rows(records, report)
    else:
        yield from _codepoint_rows(
            (
                (
                    line,
                    [record.get("postcode", ""), "", record.get("eastings", ""), record.get("northings", "")],
                )
                for line, record in records
            ),
            report,
        )


def _numbered(first: list, rest: Iterable, start: int) -> Iterator[tuple[int, list[str]]]:
    line = start
    for values in [*first, *rest] if first else rest:
        yield line, values
        line += 1


def _save(batch: list[Row], source: str) -> None:
    """A Row's fields are a Place's, all but the source (one for the whole file)."""
    Place.objects.bulk_create(
        [Place(**vars(row), source=source) for row in batch],
        update_conflicts=True,
        unique_fields=["kind", "key"],
        update_fields=["name", "latitude", "longitude", "source"],
    )


def _add_missing_outward_codes(sums: dict[str, list[float]], source: str) -> int:
    """Postcode districts the file covers but the gazetteer lacks get the mean of their postcodes."""
    known = set(
        Place.objects.filter(kind=PlaceKind.OUTWARD, key__in=list(sums)).values_list("key", flat=True)
    )
    missing = [
        Row(PlaceKind.OUTWARD, outward, outward, lat_sum / count, lng_sum / count)
        for outward, (lat_sum, lng_sum, count) in sums.items()
        if outward not in known
    ]
    _save(missing, source)
    return len(missing)


def import_file(path: str | Path, *, dry_run: bool = False, source: str = "") -> ImportReport:
    """Import a gazetteer file. Raises GazetteerFormatError (nothing imported) for an unknown format
    or a file that is not UTF-8 text."""
    report = ImportReport()
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle, transaction.atomic():
            batch: list[Row] = []
            for row in read_rows(handle, report):
                report.rows += 1
                if row.kind == PlaceKind.POSTCODE:
                    outward = row.name.split(" ")[0]
                    sums[outward][0] += row.latitude
                    sums[outward][1] += row.longitude
                    sums[outward][2] += 1
                batch.append(row)
                if len(batch) >= BATCH_SIZE:
                    _save(batch, source or report.format)
                    report.imported += len(batch)
                    batch = []
            _save(batch, source or report.format)
            report.imported += len(batch)
            report.outward_added = _add_missing_outward_codes(sums, source or report.format)
            if dry_run:
                transaction.set_rollback(True)
    except UnicodeDecodeError as error:
        raise GazetteerFormatError(
            f"The file is not UTF-8 text (byte {error.start}). Nothing was imported."
        ) from None
    report.rows += report.bad
    forget_place_names()
    forget_vocabulary()
    return report
