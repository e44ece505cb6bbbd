"""Matching import records to the directory and saving them, with a line of report for each row.

- Organisations match by id, then by name; listings by id, then by name within their organisation;
  venues by id, then by name and postcode; a listing at a venue by id, then by venue. So importing
  the same file twice changes nothing the second time: no new pages, no new revisions.
- A listing and all its rows are imported together or not at all. A dry run (the default) works
  everything out and reports it without saving anything. With commit, everything happens in one
  transaction: any problem means nothing is saved, unless skip_errors says to save the rest.
- New organisations and listings are published (or saved as drafts with `draft`); changes to
  existing pages are saved as a new revision and published the same way. A page with unpublished
  changes waiting in the admin is never overwritten by a publishing import.
- Venues found by postcode are placed through the gazetteer (search.places.find_place).
"""

import dataclasses
import uuid
from collections import Counter

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.text import slugify

from directory.models import (
    OrganisationIndexPage,
    OrganisationPage,
    ServiceAtLocation,
    ServicePage,
    ServiceSchedule,
    Venue,
    VenueSchedule,
)
from inclusion_alliance.permissions import setup_organisation_group
from search.gazetteer import in_uk
from search.models import PlaceKind
from search.places import find_place

from ..queries import parent_path
from ..schedule_text import Times, describe
from ..text import same_text, text_to_html
from .csv_reader import LISTING_FIELDS, LISTING_TERMS, ORGANISATION_FIELDS, VENUE_FIELDS
from .data import LinkData, ListingData, OrganisationData, Problems, Unit, VenueData, name_key


def _columns(spec: dict, extra: dict) -> dict:
    return {field: column for column, (field, _kind) in spec.items()} | extra


ORGANISATION_COLUMNS = _columns(
    ORGANISATION_FIELDS, {"title": "organisation_name", "slug": "organisation_name"}
)
LISTING_COLUMNS = _columns(
    LISTING_FIELDS, {"title": "listing_name", "slug": "listing_name", "levels": "skill_levels"}
)
VENUE_COLUMNS = _columns(VENUE_FIELDS, {"name": "venue_name"})
TERM_WORDS = {field: column.replace("_", " ") for column, field in LISTING_TERMS.items()}
STATUSES = ("created", "updated", "skipped", "error")


@dataclasses.dataclass
class Options:
    commit: bool = False
    skip_errors: bool = False
    draft: bool = False


@dataclasses.dataclass
class Line:
    label: str
    status: str
    text: str

    def __str__(self):
        return f"{self.label}: error: {self.text}" if self.status == "error" else f"{self.label}: {self.text}"


@dataclasses.dataclass
class Report:
    lines: list
    saved: bool
    options: Options

    @property
    def counts(self) -> Counter:
        """Rows created, updated, skipped and with errors (a row with several problems counts once)."""
        status = {}
        for line in self.lines:
            if status.get(line.label) != "error":
                status[line.label] = line.status
        return Counter(status.values())

    @property
    def has_errors(self) -> bool:
        return self.counts["error"] > 0

    def summary(
        self,
        how_to_save: str = "run again with --commit",
        how_to_skip: str = "add --skip-errors to save the rows without errors",
    ) -> str:
        """One sentence of counts and what happened; the last words say how to go on, in the words of
        the tool that ran it (the command line by default, or the admin's import page)."""
        counts = self.counts
        labels = {line.label for line in self.lines}
        noun = next(iter(labels)).split(" ")[0] if labels else "row"
        parts = [f"{counts[status]} {status}" for status in STATUSES if counts[status]]
        text = (
            f"{len(labels)} {noun}{'s' if len(labels) != 1 else ''}: "
            + (", ".join(parts) or "nothing to do")
            + "."
        )
        if self.saved:
            skipped = " The rows with errors were left out." if self.has_errors else ""
            if not (counts["created"] or counts["updated"]):
                return f"{text} Nothing needed changing.{skipped}"
            done = "saved as drafts" if self.options.draft else "saved"
            return f"{text} Changes {done}.{skipped}"
        if not self.options.commit:
            return f"{text} Dry run: nothing was saved. To save, {how_to_save}."
        return (
            f"{text} Nothing was saved, because of the errors above. Fix them and run again, "
            f"or {how_to_skip}."
        )


class UnitProblem(Exception):
    def __init__(self, by_label: dict[str, list[str]]):
        super().__init__(by_label)
        self.by_label = by_label


@dataclasses.dataclass(eq=False)
class PageState:
    page: object
    is_new: bool
    changed: list
    saved: bool = False
    reported: bool = False


@dataclasses.dataclass(eq=False)
class VenueState:
    venue: Venue
    is_new: bool
    changed: list
    facilities: list | None = None
    saved: bool = False
    reported: bool = False


@dataclasses.dataclass(eq=False)
class LinkPlan:
    data: LinkData | None
    existing: ServiceAtLocation | None
    venue: VenueState | None
    note: str
    times: list
    time_ids: list | None
    changed: list
    new_id: str | None = None

    @property
    def is_new(self) -> bool:
        return self.existing is None


@dataclasses.dataclass(eq=False)
class ListingPlan:
    state: PageState
    organisation: PageState
    terms: dict
    links: list
    removed: list
    remote: list | None
    remote_ids: list | None
    remote_changed: bool

    @property
    def changed(self) -> bool:
        return (
            self.state.is_new
            or bool(self.state.changed)
            or any(link.is_new or link.changed for link in self.links)
            or bool(self.removed)
            or self.remote_changed
        )


class Collector:
    """Problems found while matching, by row label; raised together at the end of a unit."""

    def __init__(self):
        self.by_label: dict[str, list[str]] = {}

    def add(self, label: str, message: str) -> None:
        self.by_label.setdefault(label, []).append(message)

    def validation(self, label: str, error: ValidationError, columns: dict, prefix: str = "") -> None:
        for field, messages in error.message_dict.items():
            column = columns.get(field, field)
            for message in messages:
                where = f"{prefix}{column}" if field != "__all__" else prefix.rstrip(": ")
                self.add(label, f"{where}: {message}" if where else message)

    def raise_if_any(self) -> None:
        if self.by_label:
            raise UnitProblem(self.by_label)


def with_uuid(model, uuid_or_none):
    """The record with this open data id, or None when there is no id or no such record."""
    return model.objects.filter(uuid=uuid_or_none).first() if uuid_or_none else None


def called(candidates, field: str, name: str) -> list:
    """The candidates whose `field` is `name` without case or extra spaces (see name_key)."""
    return [candidate for candidate in candidates if name_key(getattr(candidate, field)) == name_key(name)]


def by_id_or_name(model, open_data_id, candidates, field: str, name: str) -> tuple[object | None, list]:
    """How organisations and venues are matched: the record with this open data id if there is one;
    if not, the candidates whose `field` is `name` (see `called`), narrowed by the database first."""
    existing = with_uuid(model, open_data_id)
    if existing is not None or not name:
        return existing, []
    return None, called(candidates.filter(**{f"{field}__iexact": " ".join(name.split())}), field, name)


def _quoted(names) -> str:
    return ", ".join(f'"{name}"' for name in names)


def first_note(state: PageState | VenueState, kind: str, name: str) -> str:
    """What the report says of an organisation or venue on the first row that names it: that it is
    new, or what of it changed (nothing after the first row, or if nothing changed)."""
    if state.reported:
        return ""
    state.reported = True
    if state.is_new:
        return f'new {kind} "{name}"'
    if state.changed:
        return f"{kind}'s {', '.join(dict.fromkeys(state.changed))} changed"
    return ""


class Importer:
    def __init__(self, options: Options):
        self.options = options
        self.index = OrganisationIndexPage.objects.first()
        self.organisations: dict[int, PageState] = {}
        self.venues: dict[int, VenueState] = {}
        self.slugs: dict = {}
        self.lines: list[Line] = []

    # -- running ------------------------------------------------------------------------

    def run(self, units: list[Unit], problems: Problems) -> Report:
        with transaction.atomic():
            for unit in units:
                self.process(unit, problems)
            has_errors = any(line.status == "error" for line in self.lines)
            saved = self.options.commit and (self.options.skip_errors or not has_errors)
            if not saved:
                transaction.set_rollback(True)
        return Report(lines=self.lines, saved=saved, options=self.options)

    def process(self, unit: Unit, problems: Problems) -> None:
        found = {label: problems.of(label) for label in unit.labels if problems.of(label)}
        if found:
            self.fail(unit, found)
            return
        pending_organisations, pending_venues = dict(self.organisations), dict(self.venues)
        try:
            with transaction.atomic():
                importing = self.import_organisation if unit.listing is None else self.import_listing
                lines = importing(unit)
        except UnitProblem as problem:
            self.organisations, self.venues = pending_organisations, pending_venues
            self.fail(unit, problem.by_label)
            return
        except (ValidationError, DatabaseError) as error:
            self.organisations, self.venues = pending_organisations, pending_venues
            message = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            self.fail(unit, {unit.labels[0]: [f"could not be saved: {message}"]})
            return
        self.lines += lines

    def fail(self, unit: Unit, by_label: dict[str, list[str]]) -> None:
        first_bad = next((label for label in unit.labels if by_label.get(label)), None)
        same = "the same listing" if unit.listing is not None else "the same organisation"
        for label in unit.labels:
            messages = by_label.get(label) or []
            for message in messages:
                self.lines.append(Line(label, "error", message))
            if not messages:
                self.lines.append(
                    Line(label, "error", f"not imported, because {first_bad} ({same}) has a problem")
                )

    # -- organisations -------------------------------------------------------------------

    def import_organisation(self, unit: Unit) -> list[Line]:
        label = unit.labels[0]
        collector = Collector()
        state = self.organisation_state(unit.organisation, label, collector)
        collector.raise_if_any()
        first_mention = not state.reported
        note = self.organisation_note(state)
        if self.options.commit:
            self.save_organisation(state)
        name = state.page.title
        lines = [
            Line(other, "skipped", f'skipped organisation "{name}": no changes') for other in unit.labels
        ]
        if first_mention and state.is_new:
            lines[0] = Line(label, "created", f'created organisation "{name}"{self.draft_note()}')
        elif note:
            lines[0] = Line(label, "updated", f'updated organisation "{name}" ({note}){self.draft_note()}')
        return lines

    def organisation_state(self, data: OrganisationData, label: str, collector: Collector) -> PageState:
        cached = self.organisations.get(id(data))
        if cached is not None:
            return cached
        by_id, same_name = by_id_or_name(
            OrganisationPage, data.id, OrganisationPage.objects, "title", data.name
        )
        if len(same_name) > 1:
            collector.add(label, f'more than one organisation is called "{data.name}": add organisation_id')
            return PageState(page=OrganisationPage(title=data.name), is_new=True, changed=[])
        existing = by_id or (same_name[0] if same_name else None)

        if existing is None:
            if self.index is None:
                collector.add(
                    label, "there is no organisations page to add new organisations to: create one first"
                )
            page = OrganisationPage(title=data.name, uuid=data.id or uuid.uuid4())
            page.slug = self.unique_slug(self.index, data.name)
            state = PageState(page=page, is_new=True, changed=[])
        else:
            state = PageState(page=self.editable(existing), is_new=False, changed=[])
            if by_id is not None and name_key(existing.title) != name_key(data.name):
                state.page.title = data.name
                state.changed.append("name")
        self.set_fields(state, data.fields)
        self.check_page(state, label, ORGANISATION_COLUMNS, "organisation", collector)
        self.organisations[id(data)] = state
        return state

    def organisation_note(self, state: PageState) -> str:
        return first_note(state, "organisation", state.page.title)

    # -- listings ------------------------------------------------------------------------

    def import_listing(self, unit: Unit) -> list[Line]:
        data = unit.listing
        collector = Collector()
        organisation = self.organisation_state(unit.organisation, unit.labels[0], collector)
        collector.raise_if_any()
        plan = self.plan_listing(data, organisation, collector)
        collector.raise_if_any()
        lines = self.listing_lines(data, plan)
        if self.options.commit:
            self.save_organisation(organisation)
            self.save_listing(plan)
        return lines

    def plan_listing(self, data: ListingData, organisation: PageState, collector: Collector) -> ListingPlan:
        label = data.labels[0]
        existing = self.find_listing(data, organisation, label, collector)
        if existing is None:
            page = ServicePage(
                title=data.name, uuid=data.id or uuid.uuid4(), levels=[], last_checked=timezone.localdate()
            )
            page.slug = self.unique_slug(organisation.page, data.name)
            state = PageState(page=page, is_new=True, changed=[])
        else:
            state = PageState(page=self.editable(existing), is_new=False, changed=[])
            if data.id and str(existing.uuid) == data.id and name_key(existing.title) != name_key(data.name):
                state.page.title = data.name
                state.changed.append("name")
        page = state.page
        self.set_fields(state, data.fields)

        terms = {}
        for field, values in data.terms.items():
            current = [] if state.is_new else list(getattr(page, field).all())
            if {term.pk for term in values} != {term.pk for term in current}:
                terms[field] = values
                state.changed.append(TERM_WORDS[field])
        if data.levels is not None and set(data.levels) != set(page.levels):
            page.levels = data.levels
            state.changed.append("skill levels")

        topics = terms["topics"] if "topics" in terms else ([] if state.is_new else list(page.topics.all()))
        if not topics:
            collector.add(label, "a listing needs at least one help topic (help_topics)")
        if not page.levels:
            collector.add(label, "a listing needs at least one skill level (skill_levels)")
        self.check_page(state, label, LISTING_COLUMNS, "listing", collector)

        links, removed = self.plan_links(data, state, collector)
        current_remote = [] if state.is_new else list(page.remote_schedules.all())
        remote, remote_ids, remote_changed = None, None, False
        if data.remote_times_given:
            remote = data.remote.times if data.remote is not None and data.remote.times is not None else []
            remote_ids = data.remote.time_ids if data.remote is not None else None
            remote_changed = remote != [Times.of(row) for row in current_remote]
            if remote_changed:
                self.check_times(
                    ServiceSchedule, remote, data.remote.label if data.remote else label, collector
                )
        return ListingPlan(
            state=state,
            organisation=organisation,
            terms=terms,
            links=links,
            removed=removed,
            remote=remote,
            remote_ids=remote_ids,
            remote_changed=remote_changed,
        )

    def find_listing(self, data: ListingData, organisation: PageState, label: str, collector: Collector):
        existing = with_uuid(ServicePage, data.id)
        if existing is not None:
            if organisation.is_new or parent_path(existing.path) != organisation.page.path:
                owner = OrganisationPage.objects.filter(path=parent_path(existing.path)).first()
                owner_name = owner.title if owner else "another organisation"
                collector.add(
                    label,
                    f'listing_id {data.id} is a listing of "{owner_name}", '
                    f'not of "{organisation.page.title}"',
                )
                return None
            return existing
        if organisation.is_new:
            return None
        same_name = called(ServicePage.objects.child_of(organisation.page), "title", data.name)
        if len(same_name) > 1:
            collector.add(
                label,
                f'"{organisation.page.title}" has more than one listing called "{data.name}": add listing_id',
            )
        return same_name[0] if same_name else None

    def plan_links(self, data: ListingData, state: PageState, collector: Collector) -> tuple[list, list]:
        current = [] if state.is_new else list(state.page.locations.all())
        unmatched = list(current)
        plans = []
        for link in data.links:
            venue = self.venue_state(link.venue, link.label, collector)
            match = None
            if link.id:
                match = next((item for item in unmatched if str(item.uuid) == link.id), None)
                if match is None and ServiceAtLocation.objects.filter(uuid=link.id).exists():
                    collector.add(
                        link.label, f"listing_at_venue_id {link.id} is for another listing or venue"
                    )
                    continue
            if match is None and venue.venue.pk:
                match = next((item for item in unmatched if item.venue_id == venue.venue.pk), None)
            if match is not None:
                unmatched.remove(match)
            current_times = [Times.of(row) for row in match.schedules.all()] if match else []
            times = link.times if link.times is not None else current_times
            note = link.note if link.note is not None else (match.note if match else "")
            changed = []
            if match is not None:
                if match.venue_id != venue.venue.pk:
                    changed.append("venue")
                if match.note != note:
                    changed.append("where at the venue")
                if current_times != times:
                    changed.append("times")
            if match is None or "times" in changed:
                self.check_times(VenueSchedule, times, link.label, collector)
            plans.append(
                LinkPlan(
                    data=link,
                    existing=match,
                    venue=venue,
                    note=note,
                    times=times,
                    time_ids=link.time_ids,
                    changed=changed,
                    new_id=link.id if match is None else None,
                )
            )
        if not data.venues_given:
            plans += [
                LinkPlan(
                    data=None, existing=item, venue=None, note=item.note, times=[], time_ids=None, changed=[]
                )
                for item in unmatched
            ]
            return plans, []
        return plans, unmatched

    def check_times(self, model, times: list, label: str, collector: Collector) -> None:
        for entry in times:
            schedule = model(**entry.fields())
            try:
                schedule.clean_fields(exclude=["service", "service_location", "sort_order", "uuid"])
                schedule.clean()
            except ValidationError as error:
                for messages in error.message_dict.values():
                    for message in messages:
                        collector.add(label, f'times "{describe(entry)}": {message}')

    # -- venues --------------------------------------------------------------------------

    def venue_state(self, data: VenueData, label: str, collector: Collector) -> VenueState:
        cached = self.venues.get(id(data))
        if cached is not None:
            return cached
        candidates = Venue.objects.filter(postcode=data.postcode) if data.postcode else Venue.objects
        by_id, same_name = by_id_or_name(Venue, data.id, candidates, "name", data.name)
        if len(same_name) > 1:
            collector.add(
                label, f'more than one venue is called "{data.name}": add venue_postcode or venue_id'
            )
        existing = by_id or (same_name[0] if len(same_name) == 1 else None)
        if existing is None:
            state = VenueState(
                venue=Venue(name=data.name, uuid=data.id or uuid.uuid4()), is_new=True, changed=[]
            )
        else:
            state = VenueState(venue=existing, is_new=False, changed=[])
            if by_id is not None and data.name and name_key(existing.name) != name_key(data.name):
                existing.name = data.name
                state.changed.append("name")
        venue = state.venue
        for field, value in data.fields.items():
            if field in ("latitude", "longitude"):
                continue
            if getattr(venue, field) != value:
                setattr(venue, field, value)
                state.changed.append(field.replace("_", " "))
        self.place_venue(state, data, label, collector)
        if data.facilities is not None:
            current = set() if state.is_new else set(venue.access_facilities.all())
            if set(data.facilities) != current:
                state.facilities = data.facilities
                state.changed.append("access facilities")
        if state.is_new or state.changed:
            try:
                venue.full_clean(exclude=["slug"])
            except ValidationError as error:
                collector.validation(label, error, VENUE_COLUMNS)
        self.venues[id(data)] = state
        return state

    def place_venue(self, state: VenueState, data: VenueData, label: str, collector: Collector) -> None:
        latitude, longitude = data.fields.get("latitude"), data.fields.get("longitude")
        venue = state.venue
        if (latitude is None) != (longitude is None):
            collector.add(label, "give both venue_latitude and venue_longitude, or neither")
            return
        if latitude is not None:
            if not in_uk(latitude, longitude):
                collector.add(
                    label,
                    f"{latitude}, {longitude} is not in the UK: check venue_latitude and venue_longitude",
                )
                return
            if (venue.latitude, venue.longitude) != (latitude, longitude):
                venue.latitude, venue.longitude = latitude, longitude
                state.changed.append("position")
            return
        if not (state.is_new or "postcode" in state.changed) or not venue.postcode:
            return
        found = find_place(venue.postcode)
        if found.location is None or found.location.kind != PlaceKind.POSTCODE:
            collector.add(
                label,
                f"we could not find where {venue.postcode} is: "
                "add venue_latitude and venue_longitude columns",
            )
            return
        if (venue.latitude, venue.longitude) != (found.location.latitude, found.location.longitude):
            venue.latitude, venue.longitude = found.location.latitude, found.location.longitude
            if not state.is_new:
                state.changed.append("position")

    # -- shared page helpers -------------------------------------------------------------

    def editable(self, page):
        """The version of a page an import changes: the live one, or with draft, the latest draft."""
        if self.options.draft and page.has_unpublished_changes:
            return page.get_latest_revision_as_object()
        return page

    def set_fields(self, state: PageState, fields: dict) -> None:
        page = state.page
        for field, value in fields.items():
            if field == "description":
                if not same_text(page.description, value):
                    page.description = text_to_html(value)
                    state.changed.append(field)
            elif getattr(page, field) != value:
                setattr(page, field, value)
                state.changed.append(field.replace("_", " "))

    def check_page(
        self, state: PageState, label: str, columns: dict, noun: str, collector: Collector
    ) -> None:
        page = state.page
        if not state.is_new and state.changed and not self.options.draft and page.has_unpublished_changes:
            collector.add(
                label,
                f'the {noun} "{page.title}" has changes in the admin that are not published yet: '
                "publish or discard them and import again, or import with --draft",
            )
        if state.is_new or state.changed:
            try:
                # A new page has no place in the tree until it is saved under its parent.
                page.full_clean(exclude=["path", "depth"] if state.is_new else None)
            except ValidationError as error:
                collector.validation(label, error, columns)

    def unique_slug(self, parent, title: str) -> str:
        base = slugify(title)[:80].strip("-") or "page"
        key = parent.pk if parent is not None and parent.pk else id(parent)
        taken = self.slugs.get(key)
        if taken is None:
            taken = (
                set(parent.get_children().values_list("slug", flat=True))
                if parent is not None and parent.pk
                else set()
            )
            self.slugs[key] = taken
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        taken.add(slug)
        return slug

    def draft_note(self) -> str:
        return ", saved as a draft" if self.options.draft else ""

    # -- the report ----------------------------------------------------------------------

    def listing_lines(self, data: ListingData, plan: ListingPlan) -> list[Line]:
        name = plan.state.page.title
        details: dict[str, list[str]] = {label: [] for label in data.labels}
        first = data.labels[0]
        organisation_note = self.organisation_note(plan.organisation)
        if organisation_note:
            details[first].append(organisation_note)
        if plan.state.changed and not plan.state.is_new:
            details[first].append(", ".join(dict.fromkeys(plan.state.changed)) + " changed")
        places: dict[str, list[str]] = {label: [] for label in data.labels}
        changed_labels = {first} if plan.state.changed or plan.state.is_new or organisation_note else set()
        for link in plan.links:
            if link.data is None:
                continue
            venue_name = link.venue.venue.name
            places[link.data.label].append(f'"{venue_name}"')
            venue_note = self.venue_note(link.venue)
            if venue_note:
                details[link.data.label].append(venue_note)
                changed_labels.add(link.data.label)
            if link.is_new and not plan.state.is_new:
                details[link.data.label].append(f'now also at "{venue_name}"')
            elif link.changed:
                details[link.data.label].append(f'{", ".join(link.changed)} at "{venue_name}" changed')
            if link.is_new or link.changed:
                changed_labels.add(link.data.label)
        if plan.removed:
            details[first].append("no longer at " + _quoted(item.venue.name for item in plan.removed))
            changed_labels.add(first)
        if plan.remote_changed:
            remote_label = data.remote.label if data.remote is not None else first
            details[remote_label].append("phone or online times changed" if not plan.state.is_new else "")
            changed_labels.add(remote_label)
        for note in data.notes:
            details[first].append(note)

        lines = []
        for label in data.labels:
            where = f" at {', '.join(places[label])}" if places[label] else ""
            if data.remote is not None and data.remote.label == label and not places[label]:
                where = " by phone or online"
            extra = "; ".join(part for part in details[label] if part)
            extra = f" ({extra})" if extra else ""
            if plan.state.is_new:
                lines.append(
                    Line(label, "created", f'created listing "{name}"{where}{extra}{self.draft_note()}')
                )
            elif label in changed_labels:
                lines.append(
                    Line(label, "updated", f'updated listing "{name}"{where}{extra}{self.draft_note()}')
                )
            else:
                lines.append(Line(label, "skipped", f'skipped listing "{name}"{where}: no changes{extra}'))
        return lines

    def venue_note(self, state: VenueState) -> str:
        return first_note(state, "venue", state.venue.name)

    # -- saving --------------------------------------------------------------------------

    def publish(self, page) -> None:
        revision = page.save_revision(log_action=True)
        if not self.options.draft:
            revision.publish()

    def save_organisation(self, state: PageState) -> None:
        if state.saved:
            return
        if state.is_new:
            state.page.live = not self.options.draft
            self.index.add_child(instance=state.page)
            self.publish(state.page)
            # A new member, as an approved application makes one: an editor group for its people.
            setup_organisation_group(state.page)
        elif state.changed:
            self.publish(state.page)
        state.saved = True

    def save_venue(self, state: VenueState) -> None:
        if state.saved or not (state.is_new or state.changed):
            return
        state.venue.save()
        if state.facilities is not None:
            state.venue.access_facilities.set(state.facilities)
        state.saved = True

    def save_listing(self, plan: ListingPlan) -> None:
        for link in plan.links:
            if link.venue is not None:
                self.save_venue(link.venue)
        if not plan.changed:
            return
        page = plan.state.page
        locations = []
        for order, link in enumerate(plan.links):
            item = link.existing
            if item is None:
                item = ServiceAtLocation(uuid=self.fresh_id(ServiceAtLocation, link.new_id))
            if link.venue is not None:
                item.venue = link.venue.venue
                item.note = link.note
                if link.is_new or "times" in link.changed:
                    current = [] if link.is_new else list(item.schedules.all())
                    item.schedules = self.schedules(VenueSchedule, link.times, current, link.time_ids)
            item.sort_order = order
            locations.append(item)
        page.locations = locations
        if plan.remote_changed:
            current = [] if plan.state.is_new else list(page.remote_schedules.all())
            page.remote_schedules = self.schedules(ServiceSchedule, plan.remote, current, plan.remote_ids)
        for field, values in plan.terms.items():
            setattr(page, field, values)
        if plan.state.is_new:
            page.live = not self.options.draft
            plan.organisation.page.add_child(instance=page)
        self.publish(page)

    def schedules(self, model, times: list, current: list, ids: list | None) -> list:
        """Schedule rows for `times`, keeping the rows (and their open data ids) that have not changed."""
        pool = list(current)
        rows = []
        for order, entry in enumerate(times):
            same = next((row for row in pool if Times.of(row) == entry), None)
            if same is not None:
                pool.remove(same)
                row = same
            else:
                given = ids[order] if ids and order < len(ids) else None
                row = model(uuid=self.fresh_id(model, given), **entry.fields())
            row.sort_order = order
            rows.append(row)
        return rows

    def fresh_id(self, model, given: str | None):
        """The id a file gives a new row, unless something else already has it."""
        if given and not model.objects.filter(uuid=given).exists():
            return uuid.UUID(str(given))
        return uuid.uuid4()
