"""Regular schedules: when a listing runs, at a venue or by phone and online.

Each row is one RFC 5545 rule (weekly, every 2 weeks, or the Nth or last weekday of the month)
with wall-clock opening and closing times, which is what Open Referral UK's schedule carries.
"""

import datetime as dt
from collections.abc import Iterator

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable

from caching.generation import fragment
from core import fields
from core.choices import WEEKDAY_INDEX, Repeat, Weekday
from core.timetable import Closed, RegularTime, Session, local_now, time_fields

from ..fields import venue_link
from ..forms import NightConfirmationPanel, ReadBackPanel, ScheduleInlinePanel


def _of_regular_time(name: str) -> property:
    """A schedule row's part of its RFC 5545 rule (FREQ, INTERVAL, BYDAY or the whole RRULE), read from
    its RegularTime."""
    return property(lambda row: getattr(row.regular_time, name))


class AbstractSchedule(Orderable):
    day = models.CharField(max_length=2, choices=Weekday.choices, help_text="The day of the week it runs.")
    repeat = fields.choice(
        Repeat.WEEKLY,
        "how often",
        help_text="For example 'Every week', or 'First of the month' for the first Tuesday of each month.",
    )
    opens_at = models.TimeField("starts at", help_text="When it starts, for example 10am, 2pm or 14:00.")
    closes_at = models.TimeField(
        "finishes at",
        help_text="When it finishes, for example 12 noon or 3:30pm. If it goes on past midnight, give the "
        "time it ends.",
    )
    valid_from = fields.optional_date(
        "first date", "Leave empty if it is already running. Needed for 'Every 2 weeks', to know which weeks."
    )
    valid_to = fields.optional_date("last date", "Leave empty if it carries on. Fill in if it is ending.")
    note = fields.short_text("Anything else about the timing, for example 'Term time only'.")
    # On for new times (and for times already entered when this was added): most venues close on
    # bank holidays, and a session shown on Christmas Day sends people to a locked door.
    skip_bank_holidays = fields.tick_box(
        "Untick only if it still runs on bank holidays in England and Wales, like Christmas Day.",
        "not on bank holidays",
        ticked=True,
    )
    uuid = fields.open_data_id()

    panels = [
        FieldRowPanel([FieldPanel("day"), FieldPanel("repeat")]),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
        NightConfirmationPanel(),
        ReadBackPanel(),
        FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_to")]),
        FieldPanel("skip_bank_holidays"),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        abstract = True
        # Rows with the same (or no) sort order keep the order they were added in: without the pk,
        # PostgreSQL returns ties in whatever order it finds them, which changes as rows are saved.
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.describe()

    # -- validation -------------------------------------------------------------------------

    def clean(self):
        super().clean()
        errors = {}
        if self.opens_at and self.closes_at and self.opens_at == self.closes_at:
            errors["closes_at"] = "The finishing time must be different from the starting time."
        if self.repeat == Repeat.FORTNIGHTLY and not self.valid_from:
            errors["valid_from"] = "Give the date of one session, so we know which weeks it runs."
        if self.valid_from and self.day and self.valid_from.weekday() != WEEKDAY_INDEX[self.day]:
            errors["valid_from"] = f"This date is not a {Weekday(self.day).label}."
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = "The last date must be on or after the first date."
        if errors:
            raise ValidationError(errors)

    # -- dates and words, worked out by RegularTime ------------------------------------------

    def closures(self) -> tuple[Closed, ...]:
        """Closed dates that stop this time's sessions (the listing's at a venue, and the venue's)."""
        return ()

    @property
    def regular_time(self) -> RegularTime:
        return RegularTime(
            **time_fields(self), skip_bank_holidays=self.skip_bank_holidays, closed=self.closures()
        )

    freq = _of_regular_time("freq")
    interval = _of_regular_time("interval")
    byday = _of_regular_time("byday")
    rrule = _of_regular_time("rrule")

    def occurs_on(self, day: dt.date) -> bool:
        return self.regular_time.occurs_on(day)

    def sessions_between(self, start: dt.date, end: dt.date) -> Iterator[Session]:
        return self.regular_time.sessions_between(start, end, source=self)

    def upcoming_sessions(
        self, after: dt.datetime | None = None, horizon_days: int = 120
    ) -> Iterator[Session]:
        return self.regular_time.upcoming_sessions(after, horizon_days, source=self)

    def is_open_at(self, moment: dt.datetime) -> bool:
        return self.regular_time.is_open_at(moment)

    def describe(self) -> str:
        return self.regular_time.describe()


class ServiceAtLocation(ClusterableModel, Orderable):
    """A listing offered at a venue, with its regular times (Open Referral UK's service_at_location)."""

    service = ParentalKey("directory.ServicePage", on_delete=models.CASCADE, related_name="locations")
    venue = venue_link(
        "service_locations",
        "Choose the building. If it is not in the list, add it with 'Add a venue' in the chooser.",
    )
    note = fields.short_text(
        "Anything about finding you here, for example 'In the community room on the first floor'."
    )
    uuid = fields.open_data_id()

    panels = [
        FieldPanel("venue"),
        FieldPanel("note"),
        ScheduleInlinePanel("schedules", label="Regular times at this venue", heading="When"),
        InlinePanel("closures_here", label="Closed dates", heading="Dates it is not on here"),
    ]

    class Meta(Orderable.Meta):
        # The pk breaks ties, as for schedule rows: saving a listing must not reorder its venues.
        ordering = ["sort_order", "pk"]
        verbose_name = "venue and times"
        verbose_name_plural = "venues and times"

    def __str__(self):
        return f"{self.service} at {self.venue}"

    def closures(self) -> tuple[Closed, ...]:
        """This listing's closed dates here and the venue's, in date order (prefetch both when
        reading many: `closure_prefetches()`)."""
        if not any_closures():
            return ()
        rows = [*self.closures_here.all(), *self.venue.closures.all()]
        return tuple(sorted(row.closed for row in rows))

    def upcoming_closures(self, today: dt.date | None = None) -> list[Closed]:
        """Closures that have not yet ended, soonest first: what a listing page warns about."""
        today = today or local_now().date()
        return [closure for closure in self.closures() if closure.last >= today]


class AbstractClosure(Orderable):
    """Dates when something is closed: one day, or a period such as 22 December to 2 January."""

    first_date = models.DateField("closed from", help_text="The first day it is closed.")
    last_date = fields.optional_date(
        "closed until", "The last day it is closed. Leave empty if it is closed for one day only."
    )
    note = fields.short_text(
        "Why, in a few words people will understand, for example 'Closed for Christmas'."
    )

    panels = [FieldRowPanel([FieldPanel("first_date"), FieldPanel("last_date")]), FieldPanel("note")]

    class Meta(Orderable.Meta):
        abstract = True

    def __str__(self):
        return self.closed.describe()

    def clean(self):
        super().clean()
        if self.first_date and self.last_date and self.last_date < self.first_date:
            raise ValidationError({"last_date": "The last day must be on or after the first day."})

    @property
    def closed(self) -> Closed:
        return Closed(self.first_date, self.last_date or self.first_date, self.note)


class ServiceLocationClosure(AbstractClosure):
    """Dates a listing is not on at one venue (its regular times there are skipped)."""

    service_location = ParentalKey(ServiceAtLocation, on_delete=models.CASCADE, related_name="closures_here")

    class Meta(AbstractClosure.Meta):
        verbose_name = "closed dates"
        verbose_name_plural = "closed dates"


class VenueClosure(AbstractClosure):
    """Dates a whole venue is closed: no session of any listing is held there."""

    venue = ParentalKey("directory.Venue", on_delete=models.CASCADE, related_name="closures")

    class Meta(AbstractClosure.Meta):
        verbose_name = "closed dates"
        verbose_name_plural = "closed dates"


class VenueSchedule(AbstractSchedule):
    service_location = ParentalKey(ServiceAtLocation, on_delete=models.CASCADE, related_name="schedules")

    class Meta(AbstractSchedule.Meta):
        verbose_name = "regular time"

    def closures(self) -> tuple[Closed, ...]:
        # A time not yet attached to a venue (being checked in a form) has no closures yet.
        if not VenueSchedule.service_location.is_cached(self) and self.service_location_id is None:
            return ()
        return self.service_location.closures()


class ServiceSchedule(AbstractSchedule):
    """When phone or online help is available (a listing with no venue)."""

    service = ParentalKey("directory.ServicePage", on_delete=models.CASCADE, related_name="remote_schedules")

    class Meta(AbstractSchedule.Meta):
        verbose_name = "phone or online time"


def any_closures() -> bool:
    """Whether any listing or venue has closed dates at all. Usually none do, so pages skip reading
    closures altogether; the answer is kept until content next changes (caching/generation.py)."""
    return fragment(
        "any-closures", lambda: ServiceLocationClosure.objects.exists() or VenueClosure.objects.exists()
    )


def closure_prefetches(prefix: str = "locations__") -> tuple[str, ...]:
    """What to prefetch with listings' venues so that `ServiceAtLocation.closures()` reads no more."""
    return (f"{prefix}closures_here", f"{prefix}venue__closures") if any_closures() else ()
