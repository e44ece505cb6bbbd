"""Reading an area-level figure of need (say Greater Manchester's Digital Exclusion Risk Index, or the
Index of Multiple Deprivation) into AreaNeed, by postcode district.

The file is a CSV with a header row. Either it has a `district` column (SK4) and a `value` column,
or an `lsoa` column (E01005000) and a `value` column, with a lookup file (CSV with `lsoa` and
`district` columns) to place each LSOA in a district: a district's figure is then the mean of its
LSOAs'. Column names are matched without regard to case. Any bad row stops the import with its line
number, and nothing is changed.
"""

import csv
import dataclasses
import io
import re
from collections import defaultdict

from django.db import transaction

from .models import AreaNeed

DISTRICT_RE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
MAX_ERRORS = 20


class NeedFileError(ValueError):
    pass


@dataclasses.dataclass
class NeedReport:
    districts: int = 0
    rows: int = 0
    errors: list[str] = dataclasses.field(default_factory=list)


def _rows(text: str, wanted: tuple[str, ...], name: str) -> list[tuple[int, dict]]:
    reader = csv.DictReader(io.StringIO(text))
    header = {(column or "").strip().lower(): column for column in reader.fieldnames or []}
    missing = [column for column in wanted if column not in header]
    if missing:
        raise NeedFileError(f"{name} needs the column{'s' if len(missing) > 1 else ''} {', '.join(missing)}.")
    return [
        (line, {column: (row.get(header[column]) or "").strip() for column in wanted})
        for line, row in enumerate(reader, start=2)
    ]


def district_of(raw: str) -> str | None:
    code = raw.replace(" ", "").upper()
    return code if DISTRICT_RE.match(code) else None


def read_need(text: str, lookup_text: str | None = None) -> tuple[dict[str, float], NeedReport]:
    report = NeedReport()
    header = next(csv.reader(io.StringIO(text)), [])
    by_lsoa = "lsoa" in {column.strip().lower() for column in header}
    if by_lsoa and lookup_text is None:
        raise NeedFileError("This file gives figures by LSOA: give a lookup file too (--lookup FILE).")
    lookup = {}
    if by_lsoa:
        for line, row in _rows(lookup_text, ("lsoa", "district"), "The lookup file"):
            district = district_of(row["district"])
            if not row["lsoa"] or not district:
                report.errors.append(
                    f"Lookup line {line}: needs an LSOA code and a postcode district such as SK4."
                )
                continue
            lookup[row["lsoa"].upper()] = district
    values: dict[str, list[float]] = defaultdict(list)
    for line, row in _rows(text, ("lsoa" if by_lsoa else "district", "value"), "The file"):
        report.rows += 1
        try:
            value = float(row["value"])
        except ValueError:
            report.errors.append(f"Line {line}: the value '{row['value']}' is not a number.")
            continue
        if by_lsoa:
            district = lookup.get(row["lsoa"].upper())
            if not district:
                report.errors.append(f"Line {line}: the LSOA '{row['lsoa']}' is not in the lookup file.")
                continue
        else:
            district = district_of(row["district"])
            if not district:
                report.errors.append(
                    f"Line {line}: '{row['district']}' is not a postcode district such as SK4."
                )
                continue
        values[district].append(value)
    figures = {district: sum(found) / len(found) for district, found in values.items()}
    report.districts = len(figures)
    return figures, report


@transaction.atomic
def replace_need(figures: dict[str, float], indicator: str, *, invented: bool = False) -> None:
    """The new figures replace the old ones: one indicator is shown at a time."""
    AreaNeed.objects.all().delete()
    AreaNeed.objects.bulk_create(
        AreaNeed(district=district, value=value, indicator=indicator, invented=invented)
        for district, value in sorted(figures.items())
    )
