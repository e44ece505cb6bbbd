"""Demo events: weekly drop-ins, fortnightly and monthly clinics, courses of a few weeks and one-off
talks, spread over whichever organisations and venues the directory demo made.

Nothing here depends on particular organisation or venue names: both are sorted by slug and picked
with a seeded random generator, so the same data gives the same events. Dates are worked out from
today, so the demo always has something on this week. Idempotent: an event whose slug already exists
under its organisation is left as it is.
"""

import datetime as dt
import random

from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.models import Page, Site

from core.choices import Weekday
from core.pages import published_child
from directory.models import HelpTopic

from .choices import Attendance, Booking, Ends, EventStatus, Repeat
from .models import EventCancellation, EventIndexPage, EventPage
from .recurrence import Recurrence, is_last_of_month, week_of_month

BRING_DEVICE = "Your phone, tablet or laptop if you have one, and its charger. Any passwords you know."
BRING_NOTHING = "Nothing: we have tablets and laptops you can use."

# (title, summary, description, topics, levels, how it repeats, first session time, booking, what to bring)
# How it repeats: ("weekly", days) / ("every", weeks, days) / ("nth", week) / ("last",) /
# ("course", sessions, days) / ("once", days from today).
KINDS = [
    (
        "Tablet and phone drop-in",
        "Bring your phone or tablet and ask us anything.",
        "Friendly volunteers help you with whatever you are stuck on: settings, apps, photos, messages.",
        ["smartphone", "getting-started"],
        ["foundation", "life"],
        ("weekly", ["TU"]),
        (10, 0, 12, 0),
        Booking.NOT_NEEDED,
        BRING_DEVICE,
    ),
    (
        "Get online: 6-week course",
        "Six friendly sessions for complete beginners, one a week.",
        "Week by week: switching on, wifi, using the internet, email, video calls and staying safe. "
        "Small group, no question too simple.",
        ["getting-started", "wifi-and-internet", "email"],
        ["foundation"],
        ("course", 6, ["WE"]),
        (13, 30, 15, 30),
        Booking.PHONE,
        BRING_NOTHING,
    ),
    (
        "Bring your phone clinic",
        "Once a month, bring your phone and get it working the way you want.",
        "One-to-one help with your own phone: bigger text, contacts, WhatsApp, photos and updates.",
        ["smartphone", "accessibility-tools"],
        ["foundation", "life"],
        ("nth", 1),
        (14, 0, 16, 0),
        Booking.NOT_NEEDED,
        BRING_DEVICE,
    ),
    (
        "NHS App help session",
        "Set up the NHS App and order repeat prescriptions.",
        "We help you prove who you are, link to your GP surgery and use the app to book appointments.",
        ["nhs-app"],
        ["life"],
        ("every", 2, ["TH"]),
        (10, 30, 12, 0),
        Booking.NOT_NEEDED,
        "Your phone, and photo ID such as a passport or driving licence.",
    ),
    (
        "Universal Credit online: help with your journal",
        "Help to use your Universal Credit account and journal.",
        "A work coach volunteer helps you read and reply to journal messages and report changes.",
        ["universal-credit", "government-services"],
        ["life"],
        ("weekly", ["MO"]),
        (13, 0, 15, 0),
        Booking.NOT_NEEDED,
        "Your Universal Credit username and password if you have them.",
    ),
    (
        "Job club: CVs and applications",
        "Write your CV and apply for jobs online, with help.",
        "Use our laptops to search for jobs, write a CV and fill in applications. Printing is free.",
        ["job-search", "work-skills"],
        ["life", "work"],
        ("weekly", ["TH"]),
        (9, 30, 11, 30),
        Booking.NOT_NEEDED,
        "A USB stick or your email login, so you can keep your CV.",
    ),
    (
        "Stay safe from scams: a short talk",
        "Learn how to spot scam texts, emails and calls.",
        "A friendly talk with real examples, and time for your questions. Tea and biscuits.",
        ["staying-safe"],
        ["foundation", "life"],
        ("once", 12),
        (14, 0, 15, 0),
        Booking.NOT_NEEDED,
        "",
    ),
    (
        "Video calls with family",
        "Learn to make video calls on WhatsApp, FaceTime or Zoom.",
        "Practise a video call with a volunteer so you can see family and friends.",
        ["video-calls"],
        ["foundation"],
        ("last", ["FR"]),
        (10, 0, 11, 30),
        Booking.NOT_NEEDED,
        BRING_DEVICE,
    ),
    (
        "Online banking made simple: 4-week course",
        "Four sessions on using your bank's app safely.",
        "Checking your balance, paying bills and keeping your money safe online. One session a week.",
        ["online-banking", "staying-safe"],
        ["life"],
        ("course", 4, ["MO"]),
        (10, 0, 11, 30),
        Booking.PHONE,
        BRING_DEVICE,
    ),
    (
        "Computer basics for beginners",
        "Mouse, keyboard and the internet, at your own pace.",
        "Use our computers with a patient volunteer next to you. Come every week or just once.",
        ["getting-started"],
        ["foundation"],
        ("weekly", ["WE", "FR"]),
        (10, 0, 11, 0),
        Booking.NOT_NEEDED,
        BRING_NOTHING,
    ),
    (
        "Digital skills for work: 8-week course",
        "Email, documents and online meetings for work.",
        "Build the computer skills employers ask for: email, Word, spreadsheets and Teams.",
        ["work-skills", "job-search"],
        ["work"],
        ("course", 8, ["TU"]),
        (18, 0, 20, 0),
        Booking.LINK,
        "A notebook and pen.",
    ),
    (
        "Free tablet and data giveaway",
        "Get a free tablet or SIM card with data, and help to set it up.",
        "For people on a low income who have no device at home. Come along and we will check if you can "
        "have one.",
        ["free-devices-data"],
        ["foundation", "life"],
        ("once", 20),
        (11, 0, 14, 0),
        Booking.PHONE,
        "Proof of your benefits if you have it.",
    ),
    (
        "Online shopping and paying safely",
        "Shop online and pay safely, with help.",
        "We show you how to buy online, track a parcel and spot a fake website.",
        ["online-shopping", "staying-safe"],
        ["life"],
        ("nth", 3),
        (14, 0, 15, 30),
        Booking.NOT_NEEDED,
        BRING_DEVICE,
    ),
    (
        "Council services online",
        "Pay council tax, report a problem and book a tip slot online.",
        "A council officer helps you set up an account on the council website and use it.",
        ["council-services"],
        ["life"],
        ("every", 3, ["WE"]),
        (10, 0, 12, 0),
        Booking.NOT_NEEDED,
        "Your council tax bill, if the help is about council tax.",
    ),
    (
        "Photos and social media",
        "Share photos and keep in touch on Facebook and WhatsApp.",
        "Learn to take, sort and share photos, and use social media safely.",
        ["social-media-photos"],
        ["life"],
        ("weekly", ["SA"]),
        (10, 30, 12, 0),
        Booking.NOT_NEEDED,
        BRING_DEVICE,
    ),
]

ONLINE_KINDS = [
    (
        "Online coffee and tech chat",
        "A relaxed video call where you can ask tech questions.",
        "Join from home. A volunteer answers questions and shows one useful tip each week.",
        ["video-calls", "getting-started"],
        ["foundation", "life"],
        ("weekly", ["FR"]),
        (11, 0, 12, 0),
        Booking.LINK,
        "",
    ),
    (
        "Email from home: 3-week online course",
        "Learn email from home in three short online sessions.",
        "Send, reply, attach a photo and sort your inbox. We post you the joining details.",
        ["email"],
        ["foundation"],
        ("course", 3, ["TH"]),
        (14, 0, 15, 0),
        Booking.PHONE,
        "",
    ),
]

CANCEL_REASONS = [
    "The library is closed for staff training.",
    "Our volunteer is away.",
    "The hall is being used for voting.",
    "The building is closed for repairs.",
]


def first_on_or_after(day: dt.date, weekday: str) -> dt.date:
    return day + dt.timedelta(days=(Weekday(weekday).index - day.weekday()) % 7)


def nth_weekday(year: int, month: int, weekday: str, nth: int) -> dt.date:
    return first_on_or_after(dt.date(year, month, 1), weekday) + dt.timedelta(weeks=nth - 1)


def rule_fields(spec, today: dt.date, rng: random.Random) -> dict:
    """The EventPage date fields for one demo kind, around `today`."""
    kind = spec[0]
    weekday = rng.choice(["TU", "WE", "TH"])
    if kind == "weekly":
        return {
            "repeat": Repeat.WEEKLY,
            "days": spec[1],
            "start_date": first_on_or_after(today - dt.timedelta(weeks=10), spec[1][0]),
        }
    if kind == "every":
        return {
            "repeat": Repeat.EVERY_N_WEEKS,
            "interval": spec[1],
            "days": spec[2],
            "start_date": first_on_or_after(today - dt.timedelta(weeks=9), spec[2][0]),
        }
    if kind == "nth":
        month = (today.replace(day=1) - dt.timedelta(days=40)).replace(day=1)
        start = nth_weekday(month.year, month.month, weekday, spec[1])
        assert week_of_month(start) == spec[1]
        return {"repeat": Repeat.MONTHLY_NTH, "days": [weekday], "start_date": start}
    if kind == "last":
        day = spec[1][0]
        start = first_on_or_after((today.replace(day=1) - dt.timedelta(days=40)).replace(day=1), day)
        while not is_last_of_month(start):
            start += dt.timedelta(weeks=1)
        return {"repeat": Repeat.MONTHLY_LAST, "days": [day], "start_date": start}
    if kind == "course":
        # Some courses are half-way through, others start in the next few weeks.
        offset = dt.timedelta(weeks=rng.choice([-2, 1, 3]))
        return {
            "repeat": Repeat.WEEKLY,
            "days": spec[2],
            "start_date": first_on_or_after(today + offset, spec[2][0]),
            "ends": Ends.AFTER,
            "count": spec[1],
            "skip_bank_holidays": True,
        }
    # A one-off, on a weekday that is not a bank holiday.
    day = first_on_or_after(today + dt.timedelta(days=spec[1]), weekday)
    rule = Recurrence(start_date=day, start_time=dt.time(10), end_time=dt.time(11), skip_bank_holidays=True)
    while rule.problems():
        day += dt.timedelta(weeks=1)
        rule = Recurrence(
            start_date=day, start_time=dt.time(10), end_time=dt.time(11), skip_bank_holidays=True
        )
    return {"repeat": Repeat.NONE, "start_date": day}


def paragraphs(text: str) -> str:
    return f"<p>{escape(text)}</p>"


def build_event(kind, organisation, venue, *, online: bool, today: dt.date, rng: random.Random, title: str):
    name, summary, description, topics, levels, repeat, times, booking, bring = kind
    event = EventPage(
        title=title,
        slug=slugify(title)[:80],
        summary=summary,
        description=paragraphs(description),
        levels=levels,
        start_time=dt.time(times[0], times[1]),
        end_time=dt.time(times[2], times[3]),
        booking=booking,
        booking_phone=(organisation.phone or "0161 496 0000") if booking == Booking.PHONE else "",
        booking_url=(organisation.website or "https://example.org/book") if booking == Booking.LINK else "",
        capacity=rng.choice([8, 10, 12]) if booking != Booking.NOT_NEEDED else None,
        what_to_bring=bring,
        cost="free",
        **rule_fields(repeat, today, rng),
    )
    if online:
        event.attendance = Attendance.ONLINE
        event.online_details = "Book and we will email or post you the Zoom link and a how-to-join guide."
    else:
        event.venue = venue
        event.accessibility_notes = rng.choice(
            ["", "Large-print handouts on request.", "Quiet room available if you find groups hard."]
        )
    event.topics = list(HelpTopic.objects.filter(slug__in=topics))
    organisation.add_child(instance=event)
    return event


def add_cancellation(event: EventPage, today: dt.date, rng: random.Random) -> None:
    """Cancel one of the event's next few sessions, with a reason."""
    upcoming = list(dates_after(event, today, 4))
    if len(upcoming) >= 2:
        event.cancelled_dates = [
            EventCancellation(
                date=upcoming[rng.randrange(1, len(upcoming))], reason=rng.choice(CANCEL_REASONS)
            )
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


def plan_events(organisations, venues, rng: random.Random) -> list[tuple]:
    """(kind, online, organisation, venue, title) for every demo event, with titles unique within
    each organisation. Each in-person kind runs at three different venues."""
    plan = []
    for kind in KINDS:
        for venue in rng.sample(venues, min(3, len(venues))):
            plan.append((kind, False, rng.choice(organisations), venue, f"{kind[0]} at {venue.name}"))
    for kind in ONLINE_KINDS:
        for organisation in rng.sample(organisations, min(2, len(organisations))):
            plan.append((kind, True, organisation, None, kind[0]))
    used: set[tuple[int, str]] = set()
    unique = []
    for kind, online, organisation, venue, title in plan:
        number = 2
        base = title
        while (organisation.pk, slugify(title)[:80]) in used:
            title, number = f"{base} ({number})", number + 1
        used.add((organisation.pk, slugify(title)[:80]))
        unique.append((kind, online, organisation, venue, title))
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
    rng = random.Random(5)  # noqa: S311 - demo data, not security
    today = timezone.localdate()
    added = 0
    for kind, online, organisation, venue, title in plan_events(organisations, venue_list, rng):
        if EventPage.objects.child_of(organisation).filter(slug=slugify(title)[:80]).exists():
            continue
        event = build_event(kind, organisation, venue, online=online, today=today, rng=rng, title=title)
        roll = rng.random()
        if roll < 0.25:
            add_cancellation(event, today, rng)
        elif roll < 0.29 and not online:
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
