"""Regular schedules: when a listing runs, at a venue or by phone and online.

Each row is one RFC 5545 rule (weekly, every 2 weeks, or the Nth or last weekday of the month)
with wall-clock opening and closing times, which is what Open Referral UK's schedule carries.
"""

import datetime as dt
import uuid
from collections.abc import Iterator

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable

from ..choices import WEEKDAY_INDEX, Repeat, Weekday
from ..timetable import Session, days, format_time_range, local_now, local_zone, wall_clock

MONTHLY_POSITION = {
    Repeat.MONTHLY_1: 1,
    Repeat.MONTHLY_2: 2,
    Repeat.MONTHLY_3: 3,
    Repeat.MONTHLY_4: 4,
    Repeat.MONTHLY_LAST: -1,
}
ORDINAL_WORDS = {1: "First", 2: "Second", 3: "Third", 4: "Fourth", -1: "Last"}


class AbstractSchedule(Orderable):
    day = models.CharField(max_length=2, choices=Weekday.choices, help_text="The day of the week it runs.")
    repeat = models.CharField(
        "how often",
        max_length=20,
        choices=Repeat.choices,
        default=Repeat.WEEKLY,
        help_text="For example 'Every week', or 'First of the month' for the first Tuesday of each month.",
    )
    opens_at = models.TimeField("starts at", help_text="When it starts, for example 10:00.")
    closes_at = models.TimeField(
        "finishes at",
        help_text="When it finishes, for example 12:00. If it goes on past midnight, give the time it ends.",
    )
    valid_from = models.DateField(
        "first date",
        null=True,
        blank=True,
        help_text="Leave empty if it is already running. Needed for 'Every 2 weeks', to know which weeks.",
    )
    valid_to = models.DateField(
        "last date", null=True, blank=True, help_text="Leave empty if it carries on. Fill in if it is ending."
    )
    note = models.CharField(
        max_length=200, blank=True, help_text="Anything else about the timing, for example 'Term time only'."
    )
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    panels = [
        FieldRowPanel([FieldPanel("day"), FieldPanel("repeat")]),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
        FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_to")]),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        abstract = True

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

    # -- RFC 5545 ---------------------------------------------------------------------------

    @property
    def freq(self) -> str:
        return "WEEKLY" if self.repeat in (Repeat.WEEKLY, Repeat.FORTNIGHTLY) else "MONTHLY"

    @property
    def interval(self) -> int:
        return 2 if self.repeat == Repeat.FORTNIGHTLY else 1

    @property
    def byday(self) -> str:
        position = MONTHLY_POSITION.get(self.repeat)
        return f"{position}{self.day}" if position else self.day

    @property
    def rrule(self) -> str:
        parts = [f"FREQ={self.freq}"]
        if self.interval != 1:
            parts.append(f"INTERVAL={self.interval}")
        parts.append(f"BYDAY={self.byday}")
        if self.valid_to:
            until = wall_clock(self.valid_to, dt.time(23, 59, 59)).astimezone(dt.UTC)
            parts.append(f"UNTIL={until:%Y%m%dT%H%M%SZ}")
        return ";".join(parts)

    @property
    def runs_past_midnight(self) -> bool:
        return self.closes_at <= self.opens_at

    # -- dates ------------------------------------------------------------------------------

    def occurs_on(self, day: dt.date) -> bool:
        """Whether a session starts on this date."""
        if day.weekday() != WEEKDAY_INDEX[self.day]:
            return False
        if (self.valid_from and day < self.valid_from) or (self.valid_to and day > self.valid_to):
            return False
        if self.repeat == Repeat.WEEKLY:
            return True
        if self.repeat == Repeat.FORTNIGHTLY:
            return ((day - self.valid_from).days // 7) % 2 == 0
        position = MONTHLY_POSITION[self.repeat]
        if position == -1:
            return (day + dt.timedelta(days=7)).month != day.month
        return (day.day - 1) // 7 + 1 == position

    def session_on(self, day: dt.date) -> Session:
        # Held in UTC so that comparing and subtracting sessions is exact across clock changes.
        starts = wall_clock(day, self.opens_at).astimezone(dt.UTC)
        end_day = day + dt.timedelta(days=1) if self.runs_past_midnight else day
        ends = wall_clock(end_day, self.closes_at).astimezone(dt.UTC)
        return Session(starts=starts, ends=ends, schedule=self)

    def sessions_between(self, start: dt.date, end: dt.date) -> Iterator[Session]:
        """Sessions starting on dates from start to end inclusive, in order."""
        for day in days(start, end):
            if self.occurs_on(day):
                yield self.session_on(day)

    def upcoming_sessions(
        self, after: dt.datetime | None = None, horizon_days: int = 120
    ) -> Iterator[Session]:
        """Sessions that have not yet finished, soonest first (looking `horizon_days` ahead)."""
        after = after or local_now()
        today = after.astimezone(local_zone()).date()
        for session in self.sessions_between(
            today - dt.timedelta(days=1), today + dt.timedelta(days=horizon_days)
        ):
            if session.ends > after:
                yield session

    def is_open_at(self, moment: dt.datetime) -> bool:
        """Whether a session is under way at `moment`, including one that began the evening before."""
        local_day = moment.astimezone(local_zone()).date()
        for day in (local_day - dt.timedelta(days=1), local_day):
            if self.occurs_on(day):
                session = self.session_on(day)
                if session.starts <= moment < session.ends:
                    return True
        return False

    # -- words ------------------------------------------------------------------------------

    def describe_day(self) -> str:
        weekday = Weekday(self.day).label
        if self.repeat == Repeat.WEEKLY:
            return f"Every {weekday}"
        if self.repeat == Repeat.FORTNIGHTLY:
            return f"Every other {weekday}"
        return f"{ORDINAL_WORDS[MONTHLY_POSITION[self.repeat]]} {weekday} of the month"

    def describe(self) -> str:
        text = f"{self.describe_day()}, {format_time_range(self.opens_at, self.closes_at)}"
        if self.valid_from and self.valid_from > local_now().date():
            text += f", starting {self.valid_from:%-d %B %Y}"
        if self.valid_to:
            text += f", until {self.valid_to:%-d %B %Y}"
        return text


class ServiceAtLocation(ClusterableModel, Orderable):
    """A listing offered at a venue, with its regular times (Open Referral UK's service_at_location)."""

    service = ParentalKey("directory.ServicePage", on_delete=models.CASCADE, related_name="locations")
    venue = models.ForeignKey(
        "directory.Venue",
        on_delete=models.PROTECT,
        related_name="service_locations",
        help_text="Choose the building. If it is not in the list, add it under Venues first.",
    )
    note = models.CharField(
        max_length=200,
        blank=True,
        help_text="Anything about finding you here, for example 'In the community room on the first floor'.",
    )
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    panels = [
        FieldPanel("venue"),
        FieldPanel("note"),
        InlinePanel("schedules", label="Regular times at this venue", heading="When"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "venue and times"
        verbose_name_plural = "venues and times"

    def __str__(self):
        return f"{self.service} at {self.venue}"


class VenueSchedule(AbstractSchedule):
    service_location = ParentalKey(ServiceAtLocation, on_delete=models.CASCADE, related_name="schedules")

    class Meta(AbstractSchedule.Meta):
        verbose_name = "regular time"


class ServiceSchedule(AbstractSchedule):
    """When phone or online help is available (a listing with no venue)."""

    service = ParentalKey("directory.ServicePage", on_delete=models.CASCADE, related_name="remote_schedules")

    class Meta(AbstractSchedule.Meta):
        verbose_name = "phone or online time"
