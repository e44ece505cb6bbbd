"""Reading the spreadsheet template (CSV) into import records.

The file must be UTF-8 ("CSV UTF-8" in Excel). A row with characters that are not UTF-8 is a problem
for that row; a file that is not text at all, or has unknown or missing columns, is refused whole.
Rows for the same listing are grouped (by listing_id, or by organisation and listing name), and rows
that name the same organisation or venue must agree about it.
"""

import csv
import difflib
import io
import re
import uuid

from core.choices import Cost, HowToTakePart, ServiceStatus, VenueKind
from core.postcodes import normalise_postcode

from ..columns import COLUMN_BY_NAME, COLUMNS, REQUIRED, columns_at
from ..schedule_text import parse_times
from ..values import ValueProblem, parse_bool, parse_choice, parse_date, parse_float, parse_int, split_list
from .data import LinkData, ListingData, OrganisationData, Problems, Unit, VenueData, name_key
from .reader import Reader
from .vocabulary import Vocabularies, match_levels


class FileProblem(Exception):
    """The whole file cannot be read; nothing is imported."""


TEXT = "text"
# An organisation's columns are its fields' names after "organisation_", all text.
ORGANISATION_FIELDS = {
    f"organisation_{field}": (field, TEXT)
    for field in ("summary", "description", "website", "email", "phone", "charity_number", "company_number")
}
LISTING_FIELDS = {
    "listing_summary": ("summary", TEXT),
    "listing_description": ("description", TEXT),
    "cost": ("cost", Cost),
    "cost_note": ("cost_note", TEXT),
    "how_to_take_part": ("how_to_take_part", HowToTakePart),
    "booking_details": ("booking_details", TEXT),
    "booking_url": ("booking_url", TEXT),
    "what_to_bring": ("what_to_bring", TEXT),
    "free_devices": ("offers_devices", bool),
    "free_wifi": ("offers_free_wifi", bool),
    "free_data": ("offers_free_data", bool),
    "contact_name": ("contact_name", TEXT),
    "contact_phone": ("contact_phone", TEXT),
    "contact_email": ("contact_email", TEXT),
    "status": ("status", ServiceStatus),
    "status_note": ("status_note", TEXT),
    "last_checked": ("last_checked", "date"),
}
LISTING_TERMS = {
    "help_topics": "topics",
    "formats": "formats",
    "audiences": "audiences",
    "languages": "languages",
}
VENUE_FIELDS = {
    "venue_kind": ("kind", VenueKind),
    "venue_address": ("address", TEXT),
    "venue_town": ("town", TEXT),
    "venue_postcode": ("postcode", "postcode"),
    "venue_latitude": ("latitude", float),
    "venue_longitude": ("longitude", float),
    "venue_accessibility_notes": ("accessibility_notes", TEXT),
    "venue_public_computers": ("public_computers", int),
    "venue_free_wifi": ("free_wifi", bool),
    "venue_phone": ("phone", TEXT),
    "venue_website": ("website", TEXT),
}
# Spreadsheet programs run a cell that starts with one of these as a formula; the export puts a
# quote mark in front of such a cell, and the import takes it off again.
FORMULA_START = re.compile(r"^'(?=[=+\-@\t\r])")
ENCODING_ADVICE = 'Save the file as UTF-8: in Excel choose "Save As" then "CSV UTF-8 (Comma delimited)".'


def decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileProblem(f"This file is saved as UTF-16 text, not UTF-8. {ENCODING_ADVICE}")
    if b"\x00" in data[:4096]:
        raise FileProblem("This is not a CSV file. Save the spreadsheet as CSV and try again.")
    # Undecodable bytes are kept as stand-ins, so that only the rows that hold them are refused.
    return data.decode("utf-8-sig", errors="surrogateescape")


def has_bad_characters(cells) -> bool:
    return any("\udc80" <= char <= "\udcff" for cell in cells for char in cell)


def header_key(text: str) -> str:
    return re.sub(r"[\s-]+", "_", text.strip().lower())


def detect_delimiter(first_line: str) -> str:
    """Commas, unless the header is clearly separated by semicolons or tabs (some European Excels)."""
    known = set(COLUMNS)
    best, best_count = ",", -1
    for delimiter in (",", ";", "\t"):
        count = sum(header_key(name) in known for name in first_line.split(delimiter))
        if count > best_count:
            best, best_count = delimiter, count
    return best


def read_header(cells: list[str]) -> list[str]:
    if has_bad_characters(cells):
        raise FileProblem(f"The first row has characters that are not UTF-8. {ENCODING_ADVICE}")
    names = [header_key(cell) for cell in cells]
    problems = []
    seen = set()
    for name in names:
        if not name:
            continue
        if name in seen:
            problems.append(f'the column "{name}" appears twice')
        seen.add(name)
        if name not in COLUMN_BY_NAME:
            close = difflib.get_close_matches(name, COLUMNS, n=1, cutoff=0.7)
            hint = f' (did you mean "{close[0]}"?)' if close else ""
            problems.append(f'unknown column "{name}"{hint}')
    missing = [name for name in REQUIRED if name not in seen]
    if missing:
        problems.append("missing column" + ("s " if len(missing) > 1 else " ") + ", ".join(missing))
    if problems:
        raise FileProblem(
            "The first row must hold the template's column names: "
            + "; ".join(problems)
            + ". See open_data/import_template.csv."
        )
    return names


def _uuid_or_problem(text: str, column: str, problems: list[str]) -> str | None:
    if not text:
        return None
    try:
        return str(uuid.UUID(text))
    except ValueError:
        problems.append(f'{column} "{text}" is not an id: leave it empty for something new')
        return None


def _parse(kind, text: str, column: str):
    if kind == TEXT:
        return text
    if kind is bool:
        return parse_bool(text, column)
    if kind is int:
        return parse_int(text, column)
    if kind is float:
        return parse_float(text, column)
    if kind == "date":
        return parse_date(text)
    if kind == "postcode":
        postcode = normalise_postcode(text)
        if not postcode:
            raise ValueProblem(f'{column} "{text}" is not a full UK postcode, like SK1 3RS')
        return postcode
    return parse_choice(text, column, kind)


def _fields(row: dict, spec: dict, problems: list[str]) -> dict:
    """Model field values from the columns present. An empty cell clears text; for anything else
    (yes/no, a choice, a date, a number) it leaves the value as it is."""
    fields = {}
    for column, (field, kind) in spec.items():
        if column not in row:
            continue
        text = row[column]
        if not text and kind != TEXT:
            continue
        try:
            fields[field] = _parse(kind, text, column)
        except ValueProblem as problem:
            problems.append(str(problem))
    return fields


def _merge(target_fields: dict, fields: dict, what: str, first_label: str, problems: list[str]) -> None:
    """Rows about the same thing must agree; a later row may leave a cell empty to mean "as before"."""
    for field, value in fields.items():
        current = target_fields.get(field)
        if value == current or value == "":
            continue
        if current in ("", None):
            target_fields[field] = value
        else:
            problems.append(f"the {what}'s {field.replace('_', ' ')} is different from {first_label}")


class CsvReader(Reader):
    def __init__(self, vocabularies: Vocabularies):
        super().__init__(vocabularies)
        self.organisations_by_id: dict[str, OrganisationData] = {}
        self.organisations_by_name: dict[str, OrganisationData] = {}
        self.organisation_units: dict[int, Unit] = {}
        self.listings_by_id: dict[str, ListingData] = {}
        self.listings_by_name: dict[tuple, ListingData] = {}
        self.venues_by_id: dict[str, VenueData] = {}
        self.venues_by_name: dict[tuple, VenueData] = {}
        self.columns: list[str] = []

    def read(self, data: bytes) -> tuple[list[Unit], Problems]:
        text = decode(data)
        first_line = text.split("\n", 1)[0]
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=detect_delimiter(first_line))
        try:
            header = next(reader, None)
            if header is None:
                raise FileProblem("The file is empty.")
            self.columns = read_header(header)
            for number, cells in enumerate(reader, start=2):
                self.read_row(f"row {number}", cells)
        except csv.Error as error:
            raise FileProblem(
                f"The file could not be read as CSV near row {reader.line_num}: {error}."
            ) from None
        if not self.units and not self.problems:
            raise FileProblem("The file has a header row but no rows of listings.")
        return self.units, self.problems

    # -- one row -------------------------------------------------------------------------

    def read_row(self, label: str, cells: list[str]) -> None:
        if not any(cell.strip() for cell in cells):
            return
        problems: list[str] = []
        if has_bad_characters(cells):
            problems.append(f"this row has characters that are not UTF-8. {ENCODING_ADVICE}")
            cells = [cell.encode("utf-8", "surrogateescape").decode("utf-8", "replace") for cell in cells]
        if len(cells) > len(self.columns) and any(cell.strip() for cell in cells[len(self.columns) :]):
            problems.append("this row has more cells than there are column names")
        row = {
            name: FORMULA_START.sub("", cell.strip())
            for name, cell in zip(self.columns, cells, strict=False)
            if name and not COLUMN_BY_NAME[name].export_only
        }
        for name in self.columns:
            row.setdefault(name, "")

        organisation = self.organisation(label, row, problems)
        listing_cells = [
            row.get(c, "") for c in columns_at("listing") + columns_at("venue") + columns_at("link")
        ]
        if not any(listing_cells):
            self.organisation_only(label, organisation, problems)
            return
        listing = self.listing(label, row, organisation, problems)
        if listing is not None:
            self.link(label, row, listing, problems)
        for problem in problems:
            self.problems.add(label, problem)
        if listing is None:
            self.units.append(Unit(organisation=organisation, listing=None, labels=[label]))

    def organisation(self, label: str, row: dict, problems: list[str]) -> OrganisationData:
        name = row.get("organisation_name", "")
        org_id = _uuid_or_problem(row.get("organisation_id", ""), "organisation_id", problems)
        if not name:
            problems.append("organisation_name is empty")
        fields = _fields(row, ORGANISATION_FIELDS, problems)
        if "company_number" in fields:
            fields["company_number"] = fields["company_number"].upper().replace(" ", "")
        found = (org_id and self.organisations_by_id.get(org_id)) or self.organisations_by_name.get(
            name_key(name)
        )
        if found is None or not name:
            found = OrganisationData(label=label, id=org_id, name=name, fields=fields)
            if name:
                self.organisations_by_name[name_key(name)] = found
                if org_id:
                    self.organisations_by_id[org_id] = found
            return found
        if org_id and found.id and org_id != found.id:
            problems.append(f"organisation_id is different from {found.label}")
        found.id = found.id or org_id
        if found.id:
            self.organisations_by_id[found.id] = found
        _merge(found.fields, fields, "organisation", found.label, problems)
        return found

    def organisation_only(self, label: str, organisation: OrganisationData, problems: list[str]) -> None:
        for problem in problems:
            self.problems.add(label, problem)
        unit = self.organisation_units.get(id(organisation))
        if unit is None or problems:
            unit = Unit(organisation=organisation, listing=None, labels=[])
            self.units.append(unit)
            if not problems:
                self.organisation_units[id(organisation)] = unit
        unit.labels.append(label)

    def listing(self, label: str, row: dict, organisation: OrganisationData, problems: list[str]):
        name = row.get("listing_name", "")
        listing_id = _uuid_or_problem(row.get("listing_id", ""), "listing_id", problems)
        if not name:
            problems.append("listing_name is empty")
            return None
        fields = _fields(row, LISTING_FIELDS, problems)
        terms = {}
        for column, field in LISTING_TERMS.items():
            if column in self.columns:
                terms[field] = self.vocabularies[field].match_all(split_list(row[column]), problems)
        levels = None
        if "skill_levels" in self.columns:
            levels = match_levels(split_list(row["skill_levels"]), problems)

        key = (id(organisation), name_key(name))
        found = (listing_id and self.listings_by_id.get(listing_id)) or self.listings_by_name.get(key)
        if found is None:
            found = ListingData(
                label=label,
                id=listing_id,
                name=name,
                organisation=organisation,
                fields=fields,
                terms=terms,
                levels=levels,
                venues_given="venue_name" in self.columns or "venue_id" in self.columns,
                remote_times_given="times" in self.columns,
            )
            self.listings_by_name[key] = found
            if listing_id:
                self.listings_by_id[listing_id] = found
            self.units.append(Unit(organisation=organisation, listing=found, labels=found.labels))
        else:
            if found.organisation is not organisation:
                problems.append(f"listing_id is for a listing of another organisation ({found.label})")
            if listing_id and found.id and listing_id != found.id:
                problems.append(f"listing_id is different from {found.label}")
            _merge(found.fields, fields, "listing", found.label, problems)
            for field, values in terms.items():
                if values and found.terms.get(field) and set(values) != set(found.terms[field]):
                    problems.append(f"the listing's {field} are different from {found.label}")
                elif values:
                    found.terms[field] = values
            if levels and found.levels and set(levels) != set(found.levels):
                problems.append(f"the listing's skill levels are different from {found.label}")
            elif levels:
                found.levels = levels
        found.labels.append(label)
        return found

    def link(self, label: str, row: dict, listing: ListingData, problems: list[str]) -> None:
        link = LinkData(label=label)
        link.id = _uuid_or_problem(row.get("listing_at_venue_id", ""), "listing_at_venue_id", problems)
        if "where_at_venue" in self.columns:
            link.note = row["where_at_venue"]
        if "times" in self.columns:
            try:
                link.times = parse_times(row["times"])
            except ValueProblem as problem:
                problems.append(str(problem))

        if any(row.get(column) for column in columns_at("venue")):
            link.venue = self.venue(label, row, problems)
            for other in listing.links:
                if link.venue is not None and other.venue is link.venue:
                    problems.append(
                        f"this listing is at this venue on {other.label} too: put all its times in one row"
                    )
            listing.links.append(link)
        elif "times" in self.columns:
            if link.note:
                problems.append("where_at_venue is filled in but there is no venue")
            if listing.remote is not None:
                problems.append(
                    f"this listing's phone or online times are on {listing.remote.label} already: "
                    "put them all in one row"
                )
            listing.remote = link

    def venue(self, label: str, row: dict, problems: list[str]) -> VenueData | None:
        name = row.get("venue_name", "")
        venue_id = _uuid_or_problem(row.get("venue_id", ""), "venue_id", problems)
        fields = _fields(row, VENUE_FIELDS, problems)
        if "address" in fields:
            fields["address"] = "\n".join(
                line.strip() for line in fields["address"].splitlines() if line.strip()
            )
        facilities = None
        if "venue_access_facilities" in self.columns:
            facilities = self.vocabularies["access_facilities"].match_all(
                split_list(row["venue_access_facilities"]), problems
            )
        if not name and not venue_id:
            problems.append("venue_name is empty")
            return None
        postcode = fields.get("postcode")
        if not postcode and not venue_id and not row.get("venue_postcode"):
            problems.append("venue_postcode is empty")
        key = (name_key(name), postcode)
        found = (venue_id and self.venues_by_id.get(venue_id)) or self.venues_by_name.get(key)
        if found is None:
            found = VenueData(
                label=label, id=venue_id, name=name, postcode=postcode, fields=fields, facilities=facilities
            )
            self.venues_by_name[key] = found
            if venue_id:
                self.venues_by_id[venue_id] = found
            return found
        if venue_id and found.id and venue_id != found.id:
            problems.append(f"venue_id is different from {found.label}")
        _merge(found.fields, fields, "venue", found.label, problems)
        if facilities and found.facilities and set(facilities) != set(found.facilities):
            problems.append(f"the venue's access facilities are different from {found.label}")
        elif facilities:
            found.facilities = facilities
        return found


def read_csv(data: bytes, vocabularies: Vocabularies) -> tuple[list[Unit], Problems]:
    return CsvReader(vocabularies).read(data)
