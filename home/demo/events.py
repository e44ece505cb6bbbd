"""Demo events: weekly drop-ins, fortnightly and monthly clinics, courses of a few weeks and one-off
talks, spread over whichever organisations and venues the directory demo made.

What the events are is data: `data/events.csv` has one row for each kind of event (its words, help
topics, skill levels, how it repeats, times, booking and what to bring) and
`data/event_cancellation_reasons.csv` the reasons a session is called off. This module decides only
where and when: each in-person kind runs at three venues, each online kind for two organisations.

Nothing here depends on particular organisation or venue names: both are sorted by slug and picked
with a seeded random generator, so the same data gives the same events. Dates are worked out from
today, so the demo always has something on this week. Idempotent: an event whose slug already exists
under its organisation is left as it is.
"""

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.models import Page, Site

from core.choices import Weekday
from core.pages import published_child
from directory.models import HelpTopic
from events.choices import Attendance, Booking, Ends, EventStatus, Repeat
from events.models import EventCancellation, EventIndexPage, EventPage
from events.recurrence import Recurrence, is_last_of_month, week_of_month

from .directory import read_rows

BOOKING = {label: value for value, label in Booking.choices}
WEEKDAYS = {label: value for value, label in Weekday.choices}


@dataclass(frozen=True)
class Kind:
    """One row of `events.csv`: a kind of event, run by several organisations or at several venues."""

    title: str
    summary: str
    description: str
    online: bool
    topics: list[str]
    levels: list[str]
    repeats: str
    days: list[str]
    every_weeks: int | None
    week_of_month: int | None
    sessions: int | None
    days_from_today: int | None
    start_time: dt.time
    end_time: dt.time
    booking: str
    what_to_bring: str


def split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def number(value: str) -> int | None:
    return int(value) if value else None


def read_kinds() -> list[Kind]:
    """The kinds of event in `events.csv`, in the file's order."""
    return [
        Kind(
            title=row["title"],
            summary=row["summary"],
            description=row["description"],
            online=row["online"] == "yes",
            topics=split(row["help_topics"]),
            levels=split(row["skill_levels"]),
            repeats=row["repeats"],
            days=[WEEKDAYS[day] for day in split(row["days"])],
            every_weeks=number(row["every_weeks"]),
            week_of_month=number(row["week_of_month"]),
            sessions=number(row["sessions"]),
            days_from_today=number(row["days_from_today"]),
            start_time=dt.time.fromisoformat(row["start_time"]),
            end_time=dt.time.fromisoformat(row["end_time"]),
            booking=BOOKING[row["booking"]],
            what_to_bring=row["what_to_bring"],
        )
        for row in read_rows("events.csv")
    ]


def first_on_or_after(day: dt.date, weekday: str) -> dt.date:
    return day + dt.timedelta(days=(Weekday(weekday).index - day.weekday()) % 7)


def nth_weekday(year: int, month: int, weekday: str, nth: int) -> dt.date:
    return first_on_or_after(dt.date(year, month, 1), weekday) + dt.timedelta(weeks=nth - 1)


def rule_fields(kind: Kind, today: dt.date, rng: random.Random) -> dict:
    """The EventPage date fields for one demo kind, around `today`."""
    weekday = rng.choice(["TU", "WE", "TH"])
    if kind.repeats == "weekly":
        return {
            "repeat": Repeat.WEEKLY,
            "days": kind.days,
            "start_date": first_on_or_after(today - dt.timedelta(weeks=10), kind.days[0]),
        }
    if kind.repeats == "every few weeks":
        return {
            "repeat": Repeat.EVERY_N_WEEKS,
            "interval": kind.every_weeks,
            "days": kind.days,
            "start_date": first_on_or_after(today - dt.timedelta(weeks=9), kind.days[0]),
        }
    if kind.repeats == "nth weekday of the month":
        month = (today.replace(day=1) - dt.timedelta(days=40)).replace(day=1)
        start = nth_weekday(month.year, month.month, weekday, kind.week_of_month)
        assert week_of_month(start) == kind.week_of_month
        return {"repeat": Repeat.MONTHLY_NTH, "days": [weekday], "start_date": start}
    if kind.repeats == "last weekday of the month":
        day = kind.days[0]
        start = first_on_or_after((today.replace(day=1) - dt.timedelta(days=40)).replace(day=1), day)
        while not is_last_of_month(start):
            start += dt.timedelta(weeks=1)
        return {"repeat": Repeat.MONTHLY_LAST, "days": [day], "start_date": start}
    if kind.repeats == "course":
        # Some courses are half-way through, others start in the next few weeks.
        offset = dt.timedelta(weeks=rng.choice([-2, 1, 3]))
        return {
            "repeat": Repeat.WEEKLY,
            "days": kind.days,
            "start_date": first_on_or_after(today + offset, kind.days[0]),
            "ends": Ends.AFTER,
            "count": kind.sessions,
            "skip_bank_holidays": True,
        }
    if kind.repeats != "one-off":
        raise ValueError(
            f"events.csv: {kind.title!r} repeats {kind.repeats!r}, which the demo does not know."
        )
    # A one-off, on a weekday that is not a bank holiday.
    day = first_on_or_after(today + dt.timedelta(days=kind.days_from_today), weekday)
    rule = Recurrence(start_date=day, start_time=dt.time(10), end_time=dt.time(11), skip_bank_holidays=True)
    while rule.problems():
        day += dt.timedelta(weeks=1)
        rule = Recurrence(
            start_date=day, start_time=dt.time(10), end_time=dt.time(11), skip_bank_holidays=True
        )
    return {"repeat": Repeat.NONE, "start_date": day}


def paragraphs(text: str) -> str:
    return f"<p>{escape(text)}</p>"


def build_event(kind: Kind, organisation, venue, *, today: dt.date, rng: random.Random, title: str):
    booking = kind.booking
    event = EventPage(
        title=title,
        slug=slugify(title)[:80],
        summary=kind.summary,
        description=paragraphs(kind.description),
        levels=kind.levels,
        start_time=kind.start_time,
        end_time=kind.end_time,
        booking=booking,
        booking_phone=(organisation.phone or "0161 496 0000") if booking == Booking.PHONE else "",
        booking_url=(organisation.website or "https://example.org/book") if booking == Booking.LINK else "",
        capacity=rng.choice([8, 10, 12]) if booking != Booking.NOT_NEEDED else None,
        what_to_bring=kind.what_to_bring,
        cost="free",
        **rule_fields(kind, today, rng),
    )
    if kind.online:
        event.attendance = Attendance.ONLINE
        event.online_details = "Book and we will email or post you the Zoom link and a how-to-join guide."
    else:
        event.venue = venue
        event.accessibility_notes = rng.choice(
            ["", "Large-print handouts on request.", "Quiet room available if you find groups hard."]
        )
    event.topics = list(HelpTopic.objects.filter(slug__in=kind.topics))
    organisation.add_child(instance=event)
    return event


def add_cancellation(event: EventPage, today: dt.date, rng: random.Random, reasons: list[str]) -> None:
    """Cancel one of the event's next few sessions, with one of the reasons."""
    upcoming = list(dates_after(event, today, 4))
    if len(upcoming) >= 2:
        event.cancelled_dates = [
            EventCancellation(date=upcoming[rng.randrange(1, len(upcoming))], reason=rng.choice(reasons))
        ]


def dates_after(event: EventPage, today: dt.date, limit: int):
    for count, day in enumerate(event.recurrence.normalised().dates_from(today)):
        if count >= limit:
            return
        yield day


def load_index(home: Page) -> EventIndexPage:
    return published_child(
        home,
        EventIndexPage,
        title="What's on",
        slug="whats-on",
        show_in_menus=True,
        summary="Sessions and courses near you this week: drop-ins, courses and talks.",
        intro="<p>Free and low-cost sessions to help you use a phone, tablet or computer. "
        "Choose when and where, or just look at what is on this week.</p>",
    )


def plan_events(kinds: list[Kind], organisations, venues, rng: random.Random) -> list[tuple]:
    """(kind, organisation, venue, title) for every demo event, with titles unique within each
    organisation. Each in-person kind runs at three different venues, each online kind for two
    organisations; the in-person ones are planned first."""
    plan = []
    for kind in kinds:
        if not kind.online:
            for venue in rng.sample(venues, min(3, len(venues))):
                plan.append((kind, rng.choice(organisations), venue, f"{kind.title} at {venue.name}"))
    for kind in kinds:
        if kind.online:
            for organisation in rng.sample(organisations, min(2, len(organisations))):
                plan.append((kind, organisation, None, kind.title))
    used: set[tuple[int, str]] = set()
    unique = []
    for kind, organisation, venue, title in plan:
        suffix = 2
        base = title
        while (organisation.pk, slugify(title)[:80]) in used:
            title, suffix = f"{base} ({suffix})", suffix + 1
        used.add((organisation.pk, slugify(title)[:80]))
        unique.append((kind, organisation, venue, title))
    return unique


def load(organisations, venues) -> int:
    """Add the demo events and the What's on page. Returns how many events were added."""
    # What's on sits under the site's home page, whatever type of page the home page is.
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is not None:
        load_index(site.root_page)
    organisations = sorted(organisations, key=lambda page: page.slug)
    venue_list = sorted(venues.values() if isinstance(venues, dict) else venues, key=lambda venue: venue.slug)
    if not organisations or not venue_list:
        return 0
    kinds = read_kinds()
    reasons = [row["reason"] for row in read_rows("event_cancellation_reasons.csv")]
    rng = random.Random(5)  # noqa: S311 - demo data, not security
    today = timezone.localdate()
    added = 0
    for kind, organisation, venue, title in plan_events(kinds, organisations, venue_list, rng):
        if EventPage.objects.child_of(organisation).filter(slug=slugify(title)[:80]).exists():
            continue
        event = build_event(kind, organisation, venue, today=today, rng=rng, title=title)
        roll = rng.random()
        if roll < 0.25:
            add_cancellation(event, today, rng, reasons)
        elif roll < 0.29 and not kind.online:
            event.status = EventStatus.MOVED_ONLINE
            event.status_note = "The venue is closed for repairs, so we are meeting on Zoom for now."
            event.online_details = "Ring us and we will send you the Zoom link."
        elif roll < 0.32:
            event.status = EventStatus.POSTPONED
            event.status_note = "Our volunteer is unwell. We hope to start again soon."
        elif roll < 0.34:
            event.status = EventStatus.CANCELLED
            event.status_note = "This has stopped. Look at What's on for other sessions."
        event.save_revision().publish()
        added += 1
    return added
