"""Events: dated sessions and courses that an organisation runs, one-off or repeating.

An EventPage sits under its organisation's page, so the group that owns it edits it. Its dates are
a first date, UK wall-clock times and a rule the editor fills in with plain words (see
events/recurrence.py). The rule's RRULE text and the series' last possible date are worked out on
save and stored, so that a window of dates first picks candidate events with an indexed query.
"""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, prefetch_related_objects
from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from caching import clock
from core import fields
from core.choices import SkillLevel, Weekday
from core.pages import BasePage, SignpostPageQuerySet
from core.panels import section
from core.timetable import local_now, local_zone
from directory import vocabulary
from directory.fields import ChoiceSetField, skill_levels, terms, venue_link
from directory.forms import NightConfirmationPanel

from .choices import Attendance, Booking, Ends, EventStatus, Repeat, WeekOfMonth
from .forms import EventPageForm
from .occurrences import Occurrence, session
from .recurrence import MAX_COUNT, MAX_INTERVAL, Recurrence, long_date

CHECKBOXES = forms.CheckboxSelectMultiple
RADIOS = forms.RadioSelect
# The recurrence fields, in the order the editor's form shows them.
RULE_FIELD_NAMES = (
    "start_date",
    "start_time",
    "end_time",
    "repeat",
    "days",
    "interval",
    "week_of_month",
    "ends",
    "until_date",
    "count",
    "skip_bank_holidays",
)


def with_organisations(pages) -> list:
    """The pages (events or listings, which always sit under an organisation) as a list, each given its
    organisation with one query for them all, instead of one query per page."""
    from directory.models import OrganisationPage

    pages = list(pages)
    parent_paths = {page.path[: -Page.steplen] for page in pages}
    parents = {parent.path: parent for parent in OrganisationPage.objects.filter(path__in=parent_paths)}
    for page in pages:
        page.organisation = parents.get(page.path[: -Page.steplen])
    return pages


def calendar_url(page, route: str) -> str:
    """The address of a page's calendar route, such as /whats-on/feed.ics.

    Wagtail serves page routes on addresses ending in a slash and without dots, so calendar routes
    are declared as "feed.ics/" and reached through events.urls, which adds the slash back.
    """
    return (page.url + page.reverse_subpage(route)).rstrip("/") if page.url else ""


class EventPageQuerySet(SignpostPageQuerySet):
    def overlapping(self, first: dt.date, last: dt.date):
        """Events that may have a session from `first` to `last`: a cheap, indexed first cut."""
        return self.filter(start_date__lte=last).filter(Q(last_date__isnull=True) | Q(last_date__gte=first))

    def upcoming(self, today: dt.date | None = None):
        """Events with a session today or later (those whose last date has passed are left out)."""
        today = today or local_now().date()
        return self.filter(Q(last_date__isnull=True) | Q(last_date__gte=today))

    def going_ahead(self):
        """Events that are not cancelled or postponed as a whole."""
        return self.filter(status__in=[EventStatus.SCHEDULED, EventStatus.MOVED_ONLINE])

    def at_venue(self, venue):
        return self.filter(venue=venue).exclude(attendance=Attendance.ONLINE)


EventPageManager = PageManager.from_queryset(EventPageQuerySet)


class EventPage(RoutablePageMixin, BasePage):
    """A session or course: a weekly drop-in, a six-week course, a one-off talk."""

    description = fields.description(
        "What happens at the session and what people will learn. Plain words, short sentences."
    )
    topics = terms(
        "directory.HelpTopic",
        "Tick everything people can get help with or learn here.",
        related_name="events",
        parental=True,
    )
    levels = skill_levels(blank=True)

    # -- where ----------------------------------------------------------------------------------
    attendance = fields.choice(
        Attendance.IN_PERSON,
        "how people take part",
        help_text="At a venue, online (for example on Zoom or Teams), or both.",
    )
    venue = venue_link(
        "events",
        "The building it is in. If it is not in the list, use 'Add a venue' in the chooser.",
        optional=True,
    )
    venue_note = fields.short_text(
        "For example 'In the community room on the first floor'.", "finding it at the venue"
    )
    online_url = models.URLField(
        "joining link",
        blank=True,
        help_text="The link people use to join online. Only add it if anyone may join without booking.",
    )
    online_details = models.TextField(
        "how to join online",
        blank=True,
        help_text="For example 'We email you the Zoom link the day before' or a phone number to dial in.",
    )

    # -- when -----------------------------------------------------------------------------------
    start_date = models.DateField(
        "first date", db_index=True, help_text="The date of the first (or only) session."
    )
    start_time = models.TimeField("starts at", help_text="UK time, for example 10am, 2pm or 14:00.")
    end_time = models.TimeField("finishes at", help_text="UK time, for example 12 noon or 3:30pm.")
    repeat = fields.choice(Repeat.NONE, "does it repeat?", help_text="Choose how often it happens.")
    days = ChoiceSetField(
        "on which days",
        item_choices=Weekday.choices,
        blank=True,
        help_text="For repeating sessions. Leave empty to use the first date's day. "
        "Monthly sessions are on one day only.",
    )
    interval = fields.positive_count(
        "how many weeks apart",
        "Only for 'Every few weeks': 2 for every other week, 3 for every third week.",
        too_few="Give a number of weeks of 1 or more.",
        most=(MAX_INTERVAL, f"Sessions can be up to {MAX_INTERVAL} weeks apart."),
        default=1,
    )
    week_of_month = models.PositiveSmallIntegerField(
        "which week of the month",
        choices=WeekOfMonth.choices,
        null=True,
        blank=True,
        help_text="Only for 'Once a month, in the same week'. Leave empty to use the first date's week.",
    )
    ends = fields.choice(
        Ends.NEVER, "when does it end?", help_text="For a course, choose 'After a number of sessions'."
    )
    until_date = fields.optional_date("last date", "Only for 'On a date': the date of the last session.")
    count = fields.positive_count(
        "number of sessions",
        "Only for 'After a number of sessions': for a 6-week course, 6.",
        too_few="A course has at least 1 session.",
        most=(MAX_COUNT, f"A course can have up to {MAX_COUNT} sessions."),
        null=True,
        blank=True,
    )
    skip_bank_holidays = fields.tick_box(
        "Tick if there is no session on bank holidays in England and Wales. A course still has "
        "the number of sessions you gave: it ends a week later instead.",
        "skip bank holidays",
    )
    # Worked out on save from the fields above; never typed in.
    rrule = models.CharField(
        "repeat rule (RFC 5545)",
        max_length=200,
        blank=True,
        editable=False,
        help_text="How calendars store the repeat. Worked out from your answers when you save.",
    )
    last_date = models.DateField(
        null=True,
        blank=True,
        db_index=True,
        editable=False,
        help_text="The last date a session could be on; empty if it carries on.",
    )

    # -- cost and booking -----------------------------------------------------------------------
    cost = fields.cost()
    cost_note = fields.cost_note()
    booking = fields.choice(
        Booking.NOT_NEEDED, "booking", help_text="Can people just turn up, or do they need to book?"
    )
    booking_phone = models.CharField(
        max_length=30, blank=True, help_text="The number people ring to book, for example 0161 496 0000."
    )
    booking_url = models.URLField(blank=True, help_text="The web page where people book, starting https://")
    capacity = fields.positive_count(
        "places",
        "How many people can come. Leave empty if there is no limit.",
        too_few="Give the number of places, or leave it empty if there is no limit.",
        null=True,
        blank=True,
    )
    what_to_bring = fields.what_to_bring()
    accessibility_notes = models.TextField(
        blank=True,
        help_text="Anything a disabled visitor should know, for example 'Large-print handouts on request'.",
    )

    # -- status ---------------------------------------------------------------------------------
    status = fields.choice(
        EventStatus.SCHEDULED,
        help_text="Change this if the whole event is cancelled, postponed or moved online. "
        "To cancel one date, add it under 'Cancelled dates' instead.",
    )
    status_note = fields.short_text(
        "Say why and what happens next, for example 'Our volunteer is ill; we hope to restart in May'."
    )
    uuid = fields.open_data_id()
    # When the page row last changed, however it was saved; tells the feeds' cache to start again.
    updated_at = models.DateTimeField(auto_now=True)

    # -- imported from a group's calendar (events/calendar_import/) --------------------------------
    # Empty for events made by hand, which an import never touches. An imported event is found again
    # by its feed and the VEVENT's UID, so fetching the same feed twice changes nothing. A session
    # moved to another time in the calendar (a RECURRENCE-ID override) is its own one-off event,
    # keyed by the UID and the RECURRENCE-ID of the session it replaces.
    calendar_feed = fields.optional_link(
        "events.CalendarFeed",
        "The calendar this event was imported from. Empty if it was added by hand.",
        related_name="events",
        editable=False,
    )
    calendar_uid = models.CharField(max_length=255, blank=True, editable=False)
    calendar_recurrence_id = models.CharField(max_length=40, blank=True, editable=False)
    # Set when an import unpublished it (cancelled in, or gone from, the calendar), so that it is
    # published again if it comes back, while an event an editor unpublished by hand stays so.
    calendar_withdrawn = models.BooleanField(default=False, editable=False)

    objects = EventPageManager()
    base_form_class = EventPageForm

    content_panels = BasePage.content_panels + [
        HelpPanel(template="events/admin/from_calendar.html"),
        FieldPanel("description"),
        section("What help", FieldPanel("topics", widget=CHECKBOXES), "levels"),
        section(
            "Where",
            FieldPanel("attendance", widget=RADIOS),
            "venue",
            "venue_note",
            "online_url",
            "online_details",
        ),
        section(
            "When",
            "start_date",
            ("start_time", "end_time"),
            NightConfirmationPanel(),
            FieldPanel("repeat", widget=RADIOS),
            "days",
            ("interval", "week_of_month"),
            FieldPanel("ends", widget=RADIOS),
            ("until_date", "count"),
            "skip_bank_holidays",
            HelpPanel(template="events/admin/schedule_summary.html", heading="Check the dates"),
        ),
        InlinePanel(
            "cancelled_dates",
            label="Cancelled date",
            heading="Cancelled dates",
            help_text="A date when a session is not happening. It stays on the site, marked as cancelled.",
        ),
        section(
            "Cost, booking and what to bring",
            ("cost", "cost_note"),
            FieldPanel("booking", widget=RADIOS),
            ("booking_phone", "booking_url"),
            "capacity",
            "what_to_bring",
            "accessibility_notes",
        ),
        section("Status", "status", "status_note"),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("description"),
        index.RelatedFields("topics", [index.SearchField("name")]),
        index.FilterField("start_date"),
        index.FilterField("last_date"),
        index.FilterField("status"),
    ]

    parent_page_types = ["directory.OrganisationPage"]
    subpage_types: list[str] = []
    exclude_fields_in_copy = [
        "uuid",
        "calendar_feed",
        "calendar_uid",
        "calendar_recurrence_id",
        "calendar_withdrawn",
    ]

    # Shown when an editor chooses what to add.
    page_description = "An event: something on a particular date, or a course with a set number of sessions."

    class Meta:
        verbose_name = "event"
        indexes = [
            models.Index(fields=["start_date", "last_date"], name="event_dates"),
            models.Index(fields=["calendar_feed", "calendar_uid"], name="event_calendar_uid"),
        ]

    # -- the rule ------------------------------------------------------------------------------

    @property
    def recurrence(self) -> Recurrence:
        """The rule, with the answers the editor left empty filled in from the first date."""
        return Recurrence(
            start_date=self.start_date,
            start_time=self.start_time,
            end_time=self.end_time,
            repeat=self.repeat,
            days=tuple(self.days or ()),
            interval=self.interval or 1,
            week_of_month=self.week_of_month,
            ends=self.ends,
            until_date=self.until_date,
            count=self.count,
            skip_bank_holidays=self.skip_bank_holidays,
        ).normalised()

    def normalise_recurrence(self) -> Recurrence:
        """Clear the answers the chosen repeat does not use.

        Days and the week of the month left empty stay empty: they mean "the first date's". Storing
        the first date's weekday in their place kept it ticked when the first date later moved, so a
        Wednesday event moved to Saturdays became "Every Wednesday and Saturday".
        """
        rule = self.recurrence
        self.days = list(rule.days) if self.days else []
        self.interval = rule.interval
        self.week_of_month = rule.week_of_month if self.week_of_month is not None else None
        self.ends = rule.ends
        self.until_date = rule.until_date
        self.count = rule.count
        return rule

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date and self.start_time and self.end_time:
            errors.update(self.normalise_recurrence().problems())
            if not errors:
                # A draft of a live page is saved as a revision only, without save(): keep it complete.
                self.update_rule_fields()
        online = self.attendance in (Attendance.ONLINE, Attendance.MIXED) or (
            self.status == EventStatus.MOVED_ONLINE
        )
        if self.attendance in (Attendance.IN_PERSON, Attendance.MIXED) and not self.venue_id:
            errors["venue"] = "Choose the venue, or choose 'Online' if there is none."
        if online and not (self.online_url or self.online_details.strip()):
            errors["online_details"] = "Say how people join online: give the link, or say how they get it."
        if self.booking == Booking.PHONE and not self.booking_phone.strip():
            errors["booking_phone"] = "Give the phone number people ring to book."
        if self.booking == Booking.LINK and not self.booking_url:
            errors["booking_url"] = "Give the web address where people book."
        if errors:
            raise ValidationError(errors)

    def update_rule_fields(self) -> None:
        """Work out the stored RRULE text and last possible date from the editor's answers."""
        if self.start_date and self.start_time and self.end_time:
            rule = self.normalise_recurrence()
            self.rrule = rule.rrule_string(local_zone())
            self.last_date = rule.last_date

    def save(self, *args, **kwargs):
        self.update_rule_fields()
        super().save(*args, **kwargs)

    # -- words and facts for templates -----------------------------------------------------------

    @cached_property
    def organisation(self):
        # One query by the parent's tree path (rather than the parent's page row and then its own).
        from directory.models import OrganisationPage

        return OrganisationPage.objects.filter(path=self.path[: -self.steplen]).first()

    @property
    def schedule_words(self) -> str:
        if not (self.start_date and self.start_time and self.end_time):
            return ""
        return self.recurrence.describe(today=local_now().date())

    @property
    def level_choices(self) -> list[SkillLevel]:
        return [SkillLevel(level) for level in self.levels]

    @property
    def is_going_ahead(self) -> bool:
        return self.status in (EventStatus.SCHEDULED, EventStatus.MOVED_ONLINE)

    @property
    def is_online(self) -> bool:
        return self.attendance != Attendance.IN_PERSON or self.status == EventStatus.MOVED_ONLINE

    @property
    def is_in_person(self) -> bool:
        return (
            self.attendance != Attendance.ONLINE
            and self.venue_id is not None
            and self.status != EventStatus.MOVED_ONLINE
        )

    @property
    def where_words(self) -> str:
        """Where it is, in one line: 'Reddish Library, Reddish', 'Online' or both."""
        places = []
        if self.is_in_person:
            places.append(str(self.venue))
        if self.is_online:
            places.append("Online")
        return " and ".join(places)

    @property
    def phone(self) -> str:
        organisation = self.organisation
        return self.booking_phone or (organisation.phone if organisation else "")

    @property
    def email(self) -> str:
        organisation = self.organisation
        return organisation.email if organisation else ""

    def dates_without_a_session(
        self, today: dt.date | None = None, weeks: int = 8
    ) -> list[tuple[dt.date, str]]:
        """Coming dates the event would be on but is not: cancelled ones (all of them) and skipped bank
        holidays (in the next `weeks` weeks), soonest first, each with why."""
        today = today or local_now().date()
        dates = {row.date: row.reason for row in self.cancelled_dates.all() if row.date >= today}
        horizon = today + dt.timedelta(weeks=weeks)
        for day, name in self.recurrence.skipped_bank_holidays(today, horizon).items():
            dates.setdefault(day, f"{name} (bank holiday)")
        return sorted(dates.items())

    # -- sessions -----------------------------------------------------------------------------------

    def occurrence_on(self, day: dt.date) -> Occurrence:
        return session(self.pk, self.recurrence, day)

    def next_occurrences(self, limit: int = 3, after: dt.datetime | None = None) -> list[Occurrence]:
        """The next `limit` sessions that have not finished, with cancelled ones marked."""
        after = after or local_now()
        rule = self.recurrence
        cancelled = {row.date: row.reason for row in self.cancelled_dates.all()}
        found = []
        for day in rule.dates_from(after.astimezone(local_zone()).date(), last_date=self.last_date):
            occurrence = session(self.pk, rule, day)
            if occurrence.ends <= after:
                continue
            occurrence.event = self
            if day in cancelled:
                occurrence.cancelled, occurrence.reason = True, cancelled[day]
            found.append(occurrence)
            if len(found) >= limit:
                break
        clock.changes_with(found)
        return found

    def next_occurrence(self, after: dt.datetime | None = None) -> Occurrence | None:
        """The next session that is going ahead (not a cancelled date)."""
        after = after or local_now()
        for occurrence in self.next_occurrences(limit=30, after=after):
            if not occurrence.cancelled:
                return occurrence
        return None

    # -- routes --------------------------------------------------------------------------------------

    @path("event.ics/", name="ics")
    def ics(self, request):
        from .ical import event_calendar_response

        return event_calendar_response(request, self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # What the page and its JSON-LD read, once each, rather than once for every place they are shown.
        prefetch_related_objects([self], "cancelled_dates")
        vocabulary.attach_terms(
            ([self], ("topics",)), ([self.venue] if self.venue_id else [], vocabulary.VENUE_TERMS)
        )
        context["organisation"] = self.organisation
        context["next_sessions"] = self.next_occurrences(limit=3) if self.is_going_ahead else []
        context["dates_without_a_session"] = self.dates_without_a_session()
        context["ics_url"] = calendar_url(self, "ics")
        return context

    # -- structured data ------------------------------------------------------------------------------

    def json_ld(self) -> dict:
        from .jsonld import event_json_ld

        return event_json_ld(self)

    def __str__(self):
        return self.title


class EventCancellation(Orderable):
    """One date of an event that is not happening, and why."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="cancelled_dates")
    date = models.DateField(help_text="The date of the session that is not happening.")
    reason = models.CharField(
        max_length=200,
        help_text="Why, in a few words residents will understand, for example 'The library is closed'.",
    )
    # Made by a calendar import (an EXDATE, or a session moved or cancelled in the group's calendar).
    # The import replaces these each time; dates an editor cancelled by hand are left alone.
    from_calendar = models.BooleanField(default=False, editable=False)

    panels = [FieldRowPanel([FieldPanel("date"), FieldPanel("reason")])]

    class Meta(Orderable.Meta):
        verbose_name = "cancelled date"
        indexes = [models.Index(fields=["date"], name="event_cancellation_date")]

    def __str__(self):
        return f"{long_date(self.date)}: {self.reason}"


class CalendarFeed(models.Model):
    """The address of an organisation's iCalendar feed (Google Calendar, Outlook, Eventbrite), whose
    events are brought in under the organisation's page by events/calendar_import/.

    The last fetch's outcome is kept here for the group's editors to read: when, whether it worked,
    one sentence, and the whole report.
    """

    organisation = models.ForeignKey(
        "directory.OrganisationPage",
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
        help_text="The group whose events these are.",
    )
    url = models.URLField(
        "calendar address",
        max_length=1000,
        help_text="The address of your calendar in iCal format, ending .ics. In Google Calendar it is "
        "'Public address in iCal format' under 'Integrate calendar'; in Outlook, 'Publish a calendar', "
        "ICS link; in Eventbrite, your organiser profile's calendar link.",
    )
    added_at = models.DateTimeField(auto_now_add=True)
    last_fetched_at = models.DateTimeField("last fetched", null=True, blank=True, editable=False)
    last_succeeded = models.BooleanField(null=True, blank=True, editable=False)
    last_result = models.CharField("last result", max_length=500, blank=True, editable=False)
    last_report = models.TextField("last report", blank=True, editable=False)

    class Meta:
        ordering = ["organisation__title", "url"]
        verbose_name = "calendar to import"
        verbose_name_plural = "calendars to import"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "url"], name="one_feed_per_address_per_group")
        ]

    def __str__(self):
        return f"{self.organisation.title}: {self.url}"


class EventIndexPage(RoutablePageMixin, BasePage):
    """What's on: every upcoming session, filterable by when, where, topic, level and cost."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"], help_text="Shown above the list.")

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = "what's on page"

    def get_context(self, request, *args, **kwargs):
        from .whats_on import whats_on_context

        context = super().get_context(request, *args, **kwargs)
        context.update(whats_on_context(request))
        context["feed_url"] = calendar_url(self, "feed")
        return context

    @path("feed.ics/", name="feed")
    def feed(self, request):
        from .ical import site_calendar_response

        return site_calendar_response(request, self)
