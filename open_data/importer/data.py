"""What an import file says, before it is matched against the directory.

Both readers (the spreadsheet and Open Referral JSON) produce the same records, so one importer
matches and saves them. A field that is missing from a record (not in `fields`, or None for a
list) means the file does not say, and what the directory holds is left as it is.
"""

import dataclasses
import re


def name_key(text: str) -> str:
    """Names match without case or extra spaces: "Age UK  stockport" is "age uk stockport"."""
    return re.sub(r"\s+", " ", (text or "").strip()).casefold()


class Problems:
    """Problems found in a file, by row label ("row 7", "service 3")."""

    def __init__(self):
        self.by_label: dict[str, list[str]] = {}

    def add(self, label: str, message: str) -> None:
        messages = self.by_label.setdefault(label, [])
        if message not in messages:
            messages.append(message)

    def of(self, label: str) -> list[str]:
        return self.by_label.get(label, [])

    def __bool__(self):
        return any(self.by_label.values())


@dataclasses.dataclass(eq=False)
class Named:
    """What every organisation, listing and venue read from a file has: the row (or record) it came
    from, its open data id if the file gives one, and its name."""

    label: str
    id: str | None
    name: str


@dataclasses.dataclass(eq=False)
class OrganisationData(Named):
    fields: dict = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(eq=False)
class VenueData(Named):
    postcode: str | None
    fields: dict = dataclasses.field(default_factory=dict)
    facilities: list | None = None

    @property
    def description(self) -> str:
        return self.name or "the venue"


@dataclasses.dataclass(eq=False)
class LinkData:
    """A listing at a venue (or, with no venue, its phone or online times): one spreadsheet row."""

    label: str
    id: str | None = None
    venue: VenueData | None = None
    note: str | None = None
    times: list | None = None
    # Open Referral ids of the schedules, in the same order as `times`, when the file has them.
    time_ids: list | None = None


@dataclasses.dataclass(eq=False)
class ListingData(Named):
    organisation: OrganisationData
    fields: dict = dataclasses.field(default_factory=dict)
    terms: dict = dataclasses.field(default_factory=dict)  # topics, formats, audiences, languages: lists
    levels: list | None = None
    links: list = dataclasses.field(default_factory=list)
    remote: LinkData | None = None
    # Whether the file lists every venue of this listing (so venues it leaves out are removed).
    venues_given: bool = False
    # Whether the file gives the phone or online times (so an empty set removes them).
    remote_times_given: bool = False
    labels: list = dataclasses.field(default_factory=list)
    notes: list = dataclasses.field(default_factory=list)


@dataclasses.dataclass(eq=False)
class Unit:
    """What is imported together, or not at all: a listing and its rows, or an organisation alone."""

    organisation: OrganisationData
    listing: ListingData | None
    labels: list
