"""Test data kept as files beside the tests that read them: tables of cases as CSV (a header row
naming the columns, then one case a row), and small directories as JSON."""

import csv
import json
from pathlib import Path

from search.models import PlaceKind


def table(beside: str, name: str) -> list[tuple[str, ...]]:
    """The rows of the CSV file `name` in the folder of the file `beside` (pass `__file__`), header
    left out, each a tuple of strings."""
    with (Path(beside).parent / name).open(newline="", encoding="utf-8") as file:
        return [tuple(row) for row in list(csv.reader(file))[1:]]


def records(beside: str, name: str) -> list[dict[str, str]]:
    """The rows of the CSV file `name` beside `beside`, each a dict keyed by the header's names."""
    with (Path(beside).parent / name).open(newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def places(beside: str, name: str) -> list[tuple]:
    """A gazetteer table (kind, name, latitude, longitude) as `factories.add_places` takes it."""
    return [(PlaceKind(kind), place, float(lat), float(lon)) for kind, place, lat, lon in table(beside, name)]


def data(beside: str, name: str):
    """The JSON file `name` in the folder of the file `beside` (pass `__file__`)."""
    return json.loads((Path(beside).parent / name).read_text(encoding="utf-8"))
