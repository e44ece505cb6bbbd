"""The spreadsheet template: one row per listing at a venue, the same columns for export and import.

A listing offered at three venues takes three rows; phone or online times take one more row with
the venue columns empty. An organisation with no listings yet can have a row of its own with only
the organisation columns filled in. The columns, in order, with their level and help, are the table
in columns.csv. See "The import template" in docs/open-data.md.
"""

import csv
import dataclasses
from pathlib import Path


@dataclasses.dataclass(frozen=True)
class Column:
    name: str
    level: str  # organisation, listing, venue or link (the listing at that venue)
    help: str
    required: bool = False
    export_only: bool = False


def _read_columns() -> list[Column]:
    """The template's columns, in order, from columns.csv: a table is easier to read and edit as one."""
    with (Path(__file__).resolve().parent / "columns.csv").open(encoding="utf-8", newline="") as file:
        return [
            Column(**row | {"required": row["required"] == "yes", "export_only": row["export_only"] == "yes"})
            for row in csv.DictReader(file)
        ]


COLUMN_SPECS = _read_columns()

COLUMNS = [column.name for column in COLUMN_SPECS]
COLUMN_BY_NAME = {column.name: column for column in COLUMN_SPECS}
REQUIRED = [column.name for column in COLUMN_SPECS if column.required]
LIST_SEPARATOR = ";"


def columns_at(level: str) -> list[str]:
    return [column.name for column in COLUMN_SPECS if column.level == level and not column.export_only]
