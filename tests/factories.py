"""The tests' one module of data builders: factories for the directory's content and events, what the
admin's forms post, and listings with their times. Shared by the tests, benchmarks and demo checks."""

import csv
import datetime as dt
import io

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from core.choices import Cost, HowToTakePart, SkillLevel
from directory import models
from events import models as event_models
from search.models import Place, PlaceKind


class TermFactory(DjangoModelFactory):
    """A term of a vocabulary, one per slug."""

    class Meta:
        abstract = True
        django_get_or_create = ("slug",)


def term_factory(model, word, **fields):
    """A factory for `model`'s terms: "Topic 3" (slug "topic-3") for the word "Topic", or as a test
    names it; `fields` are the vocabulary's own."""
    return factory.make_factory(
        model,
        FACTORY_CLASS=TermFactory,
        name=factory.Sequence(lambda n: f"{word} {n}"),
        slug=factory.Sequence(lambda n: f"{word.lower()}-{n}"),
        **fields,
    )


HelpTopicFactory = term_factory(models.HelpTopic, "Topic", synonyms="")
FormatFactory = term_factory(models.Format, "Format")
AccessFacilityFactory = term_factory(models.AccessFacility, "Facility")
LanguageFactory = term_factory(models.Language, "Language", code="en")
AudienceFactory = term_factory(models.Audience, "Audience")


class VenueFactory(DjangoModelFactory):
    class Meta:
        model = models.Venue

    name = factory.Sequence(lambda n: f"Venue {n}")
    address = "1 High Street"
    town = "Stockport"
    postcode = "SK1 3RS"
    # Stockport Central Library, unless a test puts the venue somewhere else.
    latitude = 53.4066
    longitude = -2.1575


def index_page_factory(model, title, slug):
    """A factory for a section's index page: the parent of its organisations, or of its events."""
    return factory.make_factory(model, FACTORY_CLASS=wagtail_factories.PageFactory, title=title, slug=slug)


OrganisationIndexPageFactory = index_page_factory(
    models.OrganisationIndexPage, "Organisations", "organisations"
)


class OrganisationPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.OrganisationPage

    title = factory.Sequence(lambda n: f"Community Group {n}")
    summary = "A friendly group that helps people get online."
    phone = "0161 496 0100"


class TopicalPageFactory(wagtail_factories.PageFactory):
    """A page that has topics: `topics=[...]` are set, and saved with the page."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    @factory.post_generation
    def topics(page, create, extracted, **kwargs):
        if extracted:
            page.topics.set(extracted)
            if create:
                page.save()


class ServicePageFactory(TopicalPageFactory):
    class Meta:
        model = models.ServicePage

    title = factory.Sequence(lambda n: f"Computer help {n}")
    summary = "Friendly help with computers, phones and tablets."
    levels = [SkillLevel.FOUNDATION, SkillLevel.LIFE]
    cost = Cost.FREE
    how_to_take_part = HowToTakePart.DROP_IN
    last_checked = factory.LazyFunction(dt.date.today)


class ServiceAtLocationFactory(DjangoModelFactory):
    class Meta:
        model = models.ServiceAtLocation

    service = factory.SubFactory(ServicePageFactory)
    venue = factory.SubFactory(VenueFactory)


class VenueScheduleFactory(DjangoModelFactory):
    class Meta:
        model = models.VenueSchedule

    service_location = factory.SubFactory(ServiceAtLocationFactory)
    day = "TU"
    repeat = "weekly"
    opens_at = dt.time(10, 0)
    closes_at = dt.time(12, 0)


# -- events ---------------------------------------------------------------------------------------


EventIndexPageFactory = index_page_factory(event_models.EventIndexPage, "What's on", "whats-on")


class EventPageFactory(TopicalPageFactory):
    """A weekly Tuesday morning drop-in at a venue, from 3 March 2026, unless a test says otherwise."""

    class Meta:
        model = event_models.EventPage

    title = factory.Sequence(lambda n: f"Tablet club {n}")
    summary = "Bring your tablet and learn something new."
    venue = factory.SubFactory(VenueFactory)
    start_date = dt.date(2026, 3, 3)
    start_time = dt.time(10, 0)
    end_time = dt.time(12, 0)
    repeat = "weekly"
    levels = ["foundation"]

    class Params:
        # online=True: held online only, with no venue.
        online = factory.Trait(venue=None, attendance="online", online_details="We email the link.")
        # monday_course=True: a course of six weekly Monday sessions from 30 March 2026 that skips bank
        # holidays, so it runs on 30 March, 13, 20 and 27 April, 11 and 18 May.
        monday_course = factory.Trait(
            start_date=dt.date(2026, 3, 30), days=["MO"], ends="after", count=6, skip_bank_holidays=True
        )


class EventCancellationFactory(DjangoModelFactory):
    class Meta:
        model = event_models.EventCancellation

    page = factory.SubFactory(EventPageFactory)
    date = dt.date(2026, 3, 10)
    reason = "The library is closed for the day."


# -- what the admin's forms post ---------------------------------------------------------------------


def event_form_data(
    venue,
    *,
    title="Tablet club",
    slug="tablet-club",
    topics=(),
    levels=("foundation",),
    days=("TU",),
    skip_bank_holidays=False,
    cancelled=(),
    **overrides,
) -> dict:
    """What the admin's event form posts (for the add and edit views): a weekly Tuesday morning session
    at `venue` from 3 March 2026. `topics` are the topics' ids. `cancelled` holds the cancelled dates,
    each a date ("2026-03-10", closed) or a row of the formset; a row with an "id" is an existing date
    (add "DELETE": "on" to drop it)."""
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    rows = [row if isinstance(row, dict) else {"date": row, "reason": "Closed"} for row in cancelled]
    data = {
        "title": title,
        "slug": slug,
        "summary": "Bring your tablet.",
        "description": rich_text("<p>Friendly help.</p>"),
        "attendance": "in_person",
        "venue": getattr(venue, "pk", venue),  # a Venue, or "" for none
        "venue_note": "",
        "online_url": "",
        "online_details": "",
        "start_date": "2026-03-03",
        "start_time": "10:00",
        "end_time": "12:00",
        "repeat": "weekly",
        "interval": "1",
        "week_of_month": "",
        "ends": "never",
        "until_date": "",
        "count": "",
        "cancelled_dates": inline_formset(rows, initial=sum("id" in row for row in rows)),
        "cost": "free",
        "cost_note": "",
        "booking": "not_needed",
        "booking_phone": "",
        "booking_url": "",
        "capacity": "",
        "what_to_bring": "",
        "accessibility_notes": "",
        "status": "scheduled",
        "status_note": "",
    }
    data.update(overrides)
    form = nested_form_data(data)
    # Multiple-choice fields are posted as repeated keys, which nested_form_data would flatten.
    if topics:
        form["topics"] = list(topics)
    form["levels"] = list(levels)
    form["days"] = list(days)
    if skip_bank_holidays:
        form["skip_bank_holidays"] = "on"
    return form


def listing_form_data(
    venue,
    *,
    title="Email drop-in",
    slug="email-drop-in",
    topics=None,
    levels=("foundation",),
    action=None,
    **overrides,
) -> dict:
    """What the admin's listing form posts (for the add and edit views): email help at `venue` on
    Tuesday mornings. `topics` are the topics' ids (by default, Email's); `action` a button pressed."""
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    if topics is None:
        topics = [HelpTopicFactory(name="Email", slug="email").pk]
    data = {
        "title": title,
        "slug": slug,
        "summary": "Help with email.",
        "description": rich_text("<p>Bring your phone.</p>"),
        "cost": "free",
        "how_to_take_part": "drop_in",
        "status": "active",
        "last_checked": "2026-03-01",
        "locations": inline_formset(
            [
                {
                    "venue": venue.pk,
                    "note": "",
                    "schedules": inline_formset(
                        [{"day": "TU", "repeat": "weekly", "opens_at": "10:00", "closes_at": "12:00"}]
                    ),
                    "closures_here": inline_formset([]),
                }
            ]
        ),
        "remote_schedules": inline_formset([]),
    }
    data.update(overrides)
    form = nested_form_data(data)
    # Multiple-choice fields are posted as repeated keys, which nested_form_data would flatten.
    form["topics"] = list(topics)
    form["levels"] = list(levels)
    if action:
        form[f"action-{action}"] = f"action-{action}"
    return form


def venue_form_data(**fields) -> dict:
    """What the admin's venue form posts: a hall in Stockport with no closed dates, with `fields` changed."""
    return {
        "name": "Hall",
        "kind": "other",
        "address": "1 Road",
        "town": "Stockport",
        "postcode": "SK1 3RS",
        "latitude": "53.4",
        "longitude": "-2.15",
        "public_computers": "0",
        "location": "",
        # The "Closed dates" rows (none).
        **{f"closures-{name}": "0" for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS")},
        **fields,
    }


def add_reddish_library(client, **where):
    """Post the admin's venue form for Reddish Library as `client`; `where` places it (postcode,
    position). Returns the response."""
    form = venue_form_data(
        name="Reddish Library", kind="library", address="Gorton Road", town="Reddish", public_computers="6"
    )
    return client.post("/admin/snippets/directory/venue/add/", form | where)


# -- listings with their times -------------------------------------------------------------------------


def times(day, opens, closes, repeat="weekly", **extra) -> dict:
    """A schedule's fields: `times("TU", (10,), (12, 30))` is every Tuesday from 10am to 12:30pm."""
    return {"day": day, "repeat": repeat, "opens_at": dt.time(*opens), "closes_at": dt.time(*closes), **extra}


def listing_with_times(parent, title, *, topics=(), formats=(), languages=(), at=(), remote=(), **fields):
    """A listing under `parent` with its vocabularies' terms, at venues with regular times: `at` holds
    (venue, [VenueSchedule fields, ...]) pairs, `remote` the ServiceSchedule fields of help by phone
    or online."""
    if "levels" in fields:
        fields["levels"] = list(fields["levels"])
    service = ServicePageFactory(parent=parent, title=title, **fields)
    service.topics.set(list(topics))
    service.formats.set(list(formats))
    service.languages.set(list(languages))
    service.save()  # parental many-to-many relations are written when the page is saved
    for order, (venue, times) in enumerate(at):
        location = ServiceAtLocationFactory(service=service, venue=venue, sort_order=order)
        for rule in times:
            VenueScheduleFactory(service_location=location, **rule)
    for rule in remote:
        models.ServiceSchedule.objects.create(service=service, **rule)
    return service


# -- the import template -------------------------------------------------------------------------------


def keyed_listing_builder(topics: dict, formats: dict, venues: dict, *, summary_of=None, **defaults):
    """listing_with_times for a test site whose terms are looked up by slug and venues by key:
    `listing(title, parent, topics_=["email"], at=[("central", [times(...)])])`. `defaults` go to
    every listing; `summary_of(title)`, if given, is the summary of a listing that names none."""

    def listing(title, parent, *, topics_, formats_=(), at=(), **fields):
        if summary_of is not None:
            fields.setdefault("summary", summary_of(title))
        return listing_with_times(
            parent,
            title,
            topics=[topics[slug] for slug in topics_],
            formats=[formats[slug] for slug in formats_],
            at=[(venues[key], rules) for key, rules in at],
            **{**defaults, **fields},
        )

    return listing


def import_row(**cells) -> dict:
    """A row of the import template (open_data/columns.csv): Cheadle Computer Club's tablet help at
    Cheadle Library on Tuesday mornings, with `cells` changed or added."""
    base = {
        "organisation_name": "Cheadle Computer Club",
        "listing_name": "Tablet help",
        "listing_summary": "Help with tablets.",
        "help_topics": "Email",
        "skill_levels": "Foundation",
        "venue_name": "Cheadle Library",
        "venue_address": "Ashfield Road",
        "venue_town": "Cheadle",
        "venue_postcode": "SK1 3XE",
        "times": "Every Tuesday 10:00-12:00",
    }
    return base | cells


def import_csv(tmp_path, rows, header=None, encoding="utf-8", name="listings.csv") -> str:
    """A spreadsheet of `rows` in the import template's columns (all but the listing's address, which
    an export adds), written under `tmp_path`; returns its path."""
    from open_data.columns import COLUMNS

    if header is None:
        header = [column for column in COLUMNS if column != "listing_url"]
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=header, extrasaction="ignore")
    writer.writeheader()
    for item in rows:
        writer.writerow(item)
    path = tmp_path / name
    path.write_bytes(text.getvalue().encode(encoding))
    return str(path)


def add_places(*rows) -> None:
    """Gazetteer rows, (kind, name, latitude, longitude) each, keyed as the postcode import keys them:
    a full postcode without its space, an outward code as it is, a place name in lower case."""

    def key(kind, name):
        return {PlaceKind.POSTCODE: name.replace(" ", ""), PlaceKind.PLACE: name.lower()}.get(kind, name)

    Place.objects.bulk_create(
        [
            Place(kind=kind, key=key(kind, name), name=name, latitude=lat, longitude=lon)
            for kind, name, lat, lon in rows
        ]
    )


# Where the search and browser tests' listings are: three postcode districts and two places.
STOCKPORT_AREAS = (
    (PlaceKind.OUTWARD, "SK1", 53.4100, -2.1500),
    (PlaceKind.OUTWARD, "SK5", 53.4350, -2.1550),
    (PlaceKind.OUTWARD, "SK7", 53.3600, -2.1500),
    (PlaceKind.PLACE, "Stockport", 53.4083, -2.1494),
    (PlaceKind.PLACE, "Bramhall", 53.3575, -2.1630),
)
