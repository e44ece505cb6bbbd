import datetime as dt

from django import forms
from django.db import models
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager
from wagtail.search import index

from caching import clock
from caching.generation import fragment
from core import fields
from core.choices import Cost, HowToTakePart, ServiceStatus, SkillLevel
from core.pages import BasePage, SignpostPageQuerySet
from core.panels import section
from core.timetable import Session, local_now, merge_sessions

from .. import vocabulary
from ..fields import skill_levels, terms
from ..forms import RemoteTimesPanel, WhereAndWhenPanel
from .schedules import ServiceAtLocation, closure_prefetches

CHECKBOXES = forms.CheckboxSelectMultiple


def schema_org(page, kind: str, **more) -> dict:
    """The start of a page's schema.org structured data: what it is, its name, summary and address."""
    return {
        "@context": "https://schema.org",
        "@type": kind,
        "name": page.title,
        "description": page.summary,
        "url": page.full_url,
        **more,
    }


class OrganisationIndexPage(BasePage):
    """The list of Alliance members, A to Z."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"], help_text="Shown above the list.")

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["directory.OrganisationPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "organisation index page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["organisations"] = OrganisationPage.objects.child_of(self).live().public().order_by("title")
        return context


class OrganisationPage(RoutablePageMixin, BasePage):
    """An Alliance member. Its listings and events are its child pages, so its group edits them all."""

    description = RichTextField(
        blank=True,
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
        help_text="What your group does and who you help. Plain words: imagine explaining it to a neighbour.",
    )
    logo = fields.optional_link("wagtailimages.Image", "Your group's logo. A square picture works best.")
    website = models.URLField(blank=True, help_text="Your website, starting https://")
    email = models.EmailField(blank=True, help_text="An email address residents can write to.")
    phone = models.CharField(max_length=30, blank=True, help_text="A phone number residents can call.")
    charity_number = fields.charity_number("If you are a registered charity, your charity number.")
    company_number = fields.company_number("If you are a registered company, your Companies House number.")
    uuid = fields.open_data_id()

    content_panels = BasePage.content_panels + [
        FieldPanel("description"),
        FieldPanel("logo"),
        section("Contact details", "website", ("email", "phone")),
        section("Registration", ("charity_number", "company_number")),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("description")]

    parent_page_types = ["directory.OrganisationIndexPage"]
    subpage_types = ["directory.ServicePage", "events.EventPage"]
    # Copying an organisation must not copy its stable open-data id.
    exclude_fields_in_copy = ["uuid"]

    class Meta:
        verbose_name = "organisation"

    def services(self):
        return ServicePage.objects.child_of(self).live().public().order_by("title")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read once per content change (nothing here moves with the clock: each card's next session
        # is worked out from these rows as the page is drawn).
        services, venues = fragment(f"organisation-page:{self.pk}", self.listings_and_venues, learn=False)
        context["services"] = services
        context["venues"] = venues
        return context

    def listings_and_venues(self) -> tuple[list, list]:
        # Each card shows the listing's next session, worked out from its venues' and remote times.
        services = list(
            self.services().prefetch_related(
                Prefetch("locations", queryset=ServiceAtLocation.objects.select_related("venue")),
                "locations__schedules",
                *closure_prefetches(),
                "remote_schedules",
            )
        )
        # "Where we help": the buildings where its published, not closed, listings are given, each
        # once, from the listings just read rather than another query.
        venues = {
            location.venue.pk: location.venue
            for service in services
            if service.status != ServiceStatus.CLOSED
            for location in service.locations.all()
        }
        venues = sorted(venues.values(), key=lambda venue: (venue.name, venue.pk))
        vocabulary.attach_terms((venues, vocabulary.VENUE_TERMS))
        return services, venues

    @path("events.ics/", name="events_feed")
    def events_feed(self, request):
        """The organisation's events as a calendar people can subscribe to."""
        from events.ical import organisation_calendar_response

        return organisation_calendar_response(request, self)

    def json_ld(self) -> dict:
        data = schema_org(self, "Organization")
        for key, value in (("email", self.email), ("telephone", self.phone), ("sameAs", self.website)):
            if value:
                data[key] = value
        return data


def organisation_of(ancestors: list[Page]) -> OrganisationPage | None:
    """A listing's organisation, from its ancestors read with `select_related("organisationpage")`:
    the parent, as itself."""
    try:
        return ancestors[-1].organisationpage if ancestors else None
    except OrganisationPage.DoesNotExist:
        return None


class ServicePageQuerySet(SignpostPageQuerySet):
    def running(self):
        return self.exclude(status=ServiceStatus.CLOSED)

    def with_level(self, level: str):
        return self.filter(levels__has=level)

    def checked_before(self, day: dt.date):
        return self.filter(last_checked__lt=day)


ServicePageManager = PageManager.from_queryset(ServicePageQuerySet)


class ServicePage(BasePage):
    """A listing: one kind of help an organisation offers, at one or more venues or by phone or online."""

    description = fields.description(
        "What happens, what people can get help with, and anything else worth knowing."
    )
    topics = terms(
        "directory.HelpTopic",
        "Tick everything people can get help with here.",
        related_name="services",
        blank=False,
        parental=True,
    )
    levels = skill_levels(blank=False)
    formats = terms("directory.Format", "How the help is given.", related_name="services", parental=True)
    audiences = terms(
        "directory.Audience",
        "Leave empty if it is for everyone. Tick groups it is especially for.",
        related_name="services",
        parental=True,
    )
    languages = terms(
        "directory.Language",
        "Languages your helpers speak, including English.",
        related_name="services",
        parental=True,
    )
    cost = fields.cost()
    cost_note = fields.cost_note()
    how_to_take_part = fields.choice(
        HowToTakePart.DROP_IN, help_text="Can people just turn up, or do they need to book or be referred?"
    )
    booking_details = models.TextField(
        blank=True,
        help_text="How to book or get a referral, for example 'Ring the library on 0161 496 0000'.",
    )
    booking_url = models.URLField(blank=True, help_text="A web page where people can book, if you have one.")
    what_to_bring = fields.what_to_bring()
    offers_devices = fields.tick_box(
        "Tick if people can borrow or get a free tablet, laptop or phone.", "free devices"
    )
    offers_free_wifi = fields.tick_box(
        "Tick if people can use free wifi while they are with you.", "free wifi"
    )
    offers_free_data = fields.tick_box(
        "Tick if you give out free SIM cards or mobile data.", "free mobile data"
    )
    contact_name = models.CharField(
        max_length=100,
        blank=True,
        help_text="Who to ask for. Leave empty to use your organisation's details.",
    )
    contact_phone = models.CharField(
        max_length=30, blank=True, help_text="Leave empty to use your organisation's."
    )
    contact_email = models.EmailField(blank=True, help_text="Leave empty to use your organisation's.")
    status = fields.choice(
        ServiceStatus.ACTIVE, help_text="Choose 'Temporarily closed' if it is paused, and say why below."
    )
    status_note = fields.short_text("For example 'Closed over the summer holidays, back on 2 September'.")
    last_checked = models.DateField(
        default=timezone.localdate,
        help_text="The date someone last checked that everything here is right. To change it, press "
        "'Still correct' on your dashboard or at the top of this page.",
    )
    uuid = fields.open_data_id()

    objects = ServicePageManager()

    content_panels = BasePage.content_panels + [
        FieldPanel("description"),
        section(
            "What help",
            FieldPanel("topics", widget=CHECKBOXES),
            "levels",
            FieldPanel("formats", widget=CHECKBOXES),
        ),
        section(
            "Who it is for",
            FieldPanel("audiences", widget=CHECKBOXES),
            FieldPanel("languages", widget=CHECKBOXES),
        ),
        WhereAndWhenPanel("locations", label="Venue", heading="Where and when"),
        RemoteTimesPanel(
            "remote_schedules",
            label="Phone or online time",
            heading="Phone or online help",
            help_text="Only for help by phone or online. Sessions in a building go under 'Where and when'.",
        ),
        section(
            "Cost and how to take part",
            ("cost", "cost_note"),
            "how_to_take_part",
            "booking_details",
            "booking_url",
            "what_to_bring",
        ),
        section("Devices and data", "offers_devices", "offers_free_wifi", "offers_free_data"),
        section("Contact", "contact_name", ("contact_phone", "contact_email")),
        section(
            "Status",
            ("status", "status_note"),
            # Shown, not typed: "Still correct" on the dashboard or the page's header sets it.
            FieldPanel("last_checked", read_only=True),
        ),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("description"),
        index.SearchField("what_to_bring"),
        index.RelatedFields("topics", [index.SearchField("name"), index.SearchField("synonyms")]),
        index.RelatedFields("formats", [index.SearchField("name")]),
        index.FilterField("status"),
        index.FilterField("cost"),
    ]

    parent_page_types = ["directory.OrganisationPage"]
    subpage_types = []
    exclude_fields_in_copy = ["uuid"]
    # Shown when an editor chooses what to add.
    page_description = "A listing: help you offer regularly, such as a weekly drop-in."

    class Meta:
        verbose_name = "listing"

    @cached_property
    def organisation(self) -> OrganisationPage | None:
        # One query by the parent's tree path (rather than the parent's page row and then its own).
        return OrganisationPage.objects.filter(path=self.path[: -self.steplen]).first()

    @property
    def level_choices(self) -> list[SkillLevel]:
        return [SkillLevel(level) for level in self.levels]

    @property
    def is_running(self) -> bool:
        return self.status == ServiceStatus.ACTIVE

    @property
    def phone(self) -> str:
        return self.contact_phone or (self.organisation.phone if self.organisation else "")

    @property
    def email(self) -> str:
        return self.contact_email or (self.organisation.email if self.organisation else "")

    @cached_property
    def next_session(self) -> Session | None:
        sessions = self.upcoming_sessions(count=1)
        return sessions[0] if sessions else None

    def all_schedules(self):
        """Every regular time: at each venue and by phone or online."""
        rows = [schedule for location in self.locations.all() for schedule in location.schedules.all()]
        return rows + list(self.remote_schedules.all())

    def upcoming_sessions(self, count: int = 3, after: dt.datetime | None = None) -> list[Session]:
        if not self.is_running:
            return []
        after = after or local_now()
        streams = [schedule.upcoming_sessions(after) for schedule in self.all_schedules()]
        sessions = merge_sessions(streams, limit=count)
        clock.changes_with(sessions)
        return sessions

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read once per content change, as an organisation's listings are: nothing in them moves with
        # the clock (the next sessions and closures still to come are worked out as the page is drawn).
        prefetched, ancestors = fragment(f"listing-page:{self.pk}", self.rows_shown, learn=False)
        self._prefetched_objects_cache = prefetched
        self.__dict__["organisation"] = organisation_of(ancestors)
        locations = list(self.locations.all())
        context["ancestors"] = ancestors
        context["organisation"] = self.organisation
        context["locations"] = locations
        context["venues"] = [location.venue for location in locations]
        context["upcoming_sessions"] = self.upcoming_sessions()
        return context

    def rows_shown(self) -> tuple[dict, list[Page]]:
        """Everything the page, its JSON-LD and its events read beyond the page's own row, in one query
        per kind however many venues, times, closures and topics the listing has: its prefetched rows
        (venues with their times, closures and access facilities, phone or online times, terms) and
        its ancestors for the breadcrumbs, with the organisation (the parent) as itself."""
        prefetch_related_objects(
            [self],
            Prefetch("locations", queryset=ServiceAtLocation.objects.select_related("venue")),
            "locations__schedules",
            *closure_prefetches(),
            "remote_schedules",
        )
        vocabulary.attach_terms(
            ([self], vocabulary.LISTING_TERMS),
            ([location.venue for location in self.locations.all()], vocabulary.VENUE_TERMS),
        )
        return self._prefetched_objects_cache, list(self.get_ancestors().select_related("organisationpage"))

    def json_ld(self) -> dict:
        data = schema_org(
            self,
            "Service",
            serviceType=[topic.name for topic in self.topics.all()],
            isAccessibleForFree=self.cost == Cost.FREE,
        )
        if self.organisation:
            data["provider"] = {
                "@type": "Organization",
                "name": self.organisation.title,
                "url": self.organisation.full_url,
            }
        url_parts = self.get_url_parts()
        root_url = url_parts[1] if url_parts else ""
        channels = []
        for location in self.locations.all():
            place = location.venue.json_ld(root_url=root_url)
            del place["@context"]
            channels.append({"@type": "ServiceChannel", "serviceLocation": place})
        if self.phone:
            channels.append(
                {
                    "@type": "ServiceChannel",
                    "servicePhone": {"@type": "ContactPoint", "telephone": self.phone},
                }
            )
        if channels:
            data["availableChannel"] = channels
        return data
