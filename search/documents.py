"""What a search engine knows about a listing: one document per listing at a venue (or one for a
listing given only by phone or online). Both engines index exactly these documents."""

import dataclasses
import datetime as dt
import functools

from core.choices import ServiceStatus
from core.timetable import Closed, RegularTime
from directory.models import ServicePage

from .understanding import read_query


@dataclasses.dataclass(frozen=True)
class ScheduleRule:
    """A regular time as plain values an index can store; `regular_time()` works out its dates."""

    day: str
    repeat: str
    opens_at: str
    closes_at: str
    valid_from: str | None
    valid_to: str | None
    skip_bank_holidays: bool = False
    # Closed periods (the listing's at this venue and the venue's) as [first, last] ISO dates.
    closed: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_row(cls, row) -> "ScheduleRule":
        return cls(
            day=row.day,
            repeat=row.repeat,
            opens_at=row.opens_at.strftime("%H:%M"),
            closes_at=row.closes_at.strftime("%H:%M"),
            valid_from=row.valid_from.isoformat() if row.valid_from else None,
            valid_to=row.valid_to.isoformat() if row.valid_to else None,
            skip_bank_holidays=row.skip_bank_holidays,
            closed=tuple((closed.first.isoformat(), closed.last.isoformat()) for closed in row.closures()),
        )

    def as_dict(self) -> dict:
        data = dataclasses.asdict(self)
        data["closed"] = [list(pair) for pair in self.closed]
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "ScheduleRule":
        values = {field.name: data.get(field.name) for field in dataclasses.fields(cls) if field.name in data}
        values["closed"] = tuple(tuple(pair) for pair in values.get("closed") or ())
        return cls(**values)

    def regular_time(self) -> RegularTime:
        return RegularTime(
            day=self.day,
            repeat=self.repeat,
            opens_at=dt.time.fromisoformat(self.opens_at),
            closes_at=dt.time.fromisoformat(self.closes_at),
            valid_from=dt.date.fromisoformat(self.valid_from) if self.valid_from else None,
            valid_to=dt.date.fromisoformat(self.valid_to) if self.valid_to else None,
            skip_bank_holidays=bool(self.skip_bank_holidays),
            closed=tuple(
                Closed(dt.date.fromisoformat(first), dt.date.fromisoformat(last))
                for first, last in self.closed
            ),
        )


def rule_key(rule: dict) -> tuple:
    """An indexed regular time (a dict, as stored) as a hashable key."""
    return (
        rule["day"],
        rule["repeat"],
        rule["opens_at"],
        rule["closes_at"],
        rule.get("valid_from"),
        rule.get("valid_to"),
        bool(rule.get("skip_bank_holidays")),
        tuple(tuple(pair) for pair in rule.get("closed") or ()),
    )


@functools.lru_cache(maxsize=8192)
def regular_time_for(key: tuple) -> RegularTime:
    day, repeat, opens_at, closes_at, valid_from, valid_to, skip, closed = key
    return ScheduleRule(day, repeat, opens_at, closes_at, valid_from, valid_to, skip, closed).regular_time()


def regular_time_of(rule: dict) -> RegularTime:
    """The RegularTime of an indexed rule. Thousands of listings share a few hundred rules, so each
    is built once (and searches and What's on ask the same questions of them)."""
    return regular_time_for(rule_key(rule))


def placement_ids(row) -> dict:
    """Which listing, at which venue, a document, index row or hit is about: the three ids they all carry."""
    return {
        "service_id": row.service_id,
        "service_location_id": row.service_location_id,
        "venue_id": row.venue_id,
    }


@dataclasses.dataclass(frozen=True)
class ListingDocument:
    service_id: int
    service_location_id: int | None
    venue_id: int | None
    latitude: float | None
    longitude: float | None
    title: str
    organisation: str
    summary: str
    text: str
    venue_name: str
    town: str
    postcode: str
    levels: tuple[str, ...]
    topics: tuple[str, ...]
    formats: tuple[str, ...]
    languages: tuple[str, ...]
    access: tuple[str, ...]
    audiences: tuple[str, ...]
    cost: str
    status: str
    schedules: tuple[ScheduleRule, ...]
    position: int
    last_published_at: dt.datetime | None = None
    # The description and what to bring: with the title, summary and topics, what words are matched against.
    body: str = ""
    # Help topics the title itself names ("Help to claim Universal Credit"): a listing on a topic
    # ranks above one that only has the topic among others ("Parents' tech hour").
    title_topics: tuple[str, ...] = ()

    @property
    def doc_id(self) -> str:
        """A stable id: the listing-at-venue, or the listing itself for phone and online help."""
        if self.service_location_id:
            return f"sal-{self.service_location_id}"
        return f"service-{self.service_id}"


@dataclasses.dataclass
class Context:
    """What building many listings' documents needs to know once, not once per listing."""

    restricted_paths: tuple[str, ...]
    organisation_titles: dict[str, str]

    @classmethod
    def for_services(cls, services) -> "Context":
        from wagtail.models import Page, PageViewRestriction

        parent_paths = {service.path[: -Page.steplen] for service in services}
        return cls(
            restricted_paths=tuple(PageViewRestriction.objects.values_list("page__path", flat=True)),
            organisation_titles=dict(Page.objects.filter(path__in=parent_paths).values_list("path", "title")),
        )

    def is_searchable(self, service: ServicePage) -> bool:
        """Live, not closed, and not behind a password or login (on the page or above it)."""
        if not service.live or service.status == ServiceStatus.CLOSED:
            return False
        return not any(service.path.startswith(path) for path in self.restricted_paths)


# What documents_for() reads from each listing: prefetch these when building many.
PREFETCH = (
    "topics",
    "formats",
    "languages",
    "audiences",
    "locations__venue__access_facilities",
    "locations__schedules",
    "locations__closures_here",
    "locations__venue__closures",
    "remote_schedules",
)


def documents_for(service: ServicePage, context: Context | None = None) -> list[ListingDocument]:
    """The documents for a listing as it is live now; none if it should not be found."""
    from wagtail.models import Page

    context = context or Context.for_services([service])
    if not context.is_searchable(service):
        return []
    topics = list(service.topics.all())
    languages = list(service.languages.all())
    common = {
        "service_id": service.pk,
        "title": service.title,
        "organisation": context.organisation_titles.get(service.path[: -Page.steplen], ""),
        "summary": service.summary,
        "text": " ".join(
            part
            for part in (
                service.title,
                service.summary,
                _plain(service.description),
                service.what_to_bring,
                " ".join(topic.name for topic in topics),
                " ".join(language.name for language in languages),
            )
            if part
        ),
        "levels": tuple(service.levels),
        "topics": tuple(sorted(topic.slug for topic in topics)),
        "formats": tuple(sorted(fmt.slug for fmt in service.formats.all())),
        "languages": tuple(sorted(language.slug for language in languages)),
        "audiences": tuple(sorted(audience.slug for audience in service.audiences.all())),
        "cost": service.cost,
        "status": service.status,
        "last_published_at": service.last_published_at,
        "body": " ".join(part for part in (_plain(service.description), service.what_to_bring) if part),
        "title_topics": tuple(sorted(read_query(service.title).topics)),
    }
    documents = []
    for position, location in enumerate(service.locations.all()):
        venue = location.venue
        documents.append(
            ListingDocument(
                **common,
                service_location_id=location.pk,
                venue_id=venue.pk,
                latitude=venue.latitude,
                longitude=venue.longitude,
                venue_name=venue.name,
                town=venue.town,
                postcode=venue.postcode,
                access=tuple(sorted(facility.slug for facility in venue.access_facilities.all())),
                schedules=tuple(ScheduleRule.from_row(row) for row in location.schedules.all()),
                position=position,
            )
        )
    remote = list(service.remote_schedules.all())
    if remote or not documents:
        documents.append(
            ListingDocument(
                **common,
                service_location_id=None,
                venue_id=None,
                latitude=None,
                longitude=None,
                venue_name="",
                town="",
                postcode="",
                access=(),
                schedules=tuple(ScheduleRule.from_row(row) for row in remote),
                position=len(documents),
            )
        )
    return documents


def _plain(html: str) -> str:
    from django.utils.html import strip_tags

    return strip_tags(html or "").strip()
