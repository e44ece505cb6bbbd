"""A volunteer group editor brings their Google calendar in, in Chromium: they sign in at /admin/, find
"Calendar import" in the menu, add their calendar's address, press "Fetch now", read what was imported,
open an imported event and see that it comes from the calendar. Then a wrong address (a web page) gets
a clear message and changes nothing. Every screen of the calendar import is checked with axe-core at
1280 and 360 pixels wide.

Set SIGNPOST_SCREENSHOTS=1 to keep pictures of each screen at both widths in screenshots/."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from events.models import CalendarFeed, EventPage
from inclusion_alliance.moderation import ensure_alliance_setup
from inclusion_alliance.permissions import setup_organisation_group
from tests.events.calendar_server import feed_file

from .browser import describe, horizontal_overflow, screenshot
from .test_editor_journeys import our_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "a-long-password-1"
WIDTHS = (1280, 360)
# The sample feed was written on 1 March 2026; its dates are moved on by whole weeks (so every
# weekday stays the same) to start just after today, whenever the test runs.
WRITTEN = dt.date(2026, 3, 1)
FEED_DATE = re.compile(rb"(20[2-9]\d)(\d\d)(\d\d)(?=T|\r|\n|,|;)")


def google_feed_from_today() -> bytes:
    weeks = max(0, -(-(timezone.localdate() - WRITTEN).days // 7))
    shift = dt.timedelta(weeks=weeks)

    def moved(match):
        day = dt.date(int(match[1]), int(match[2]), int(match[3])) + shift
        return day.strftime("%Y%m%d").encode()

    return FEED_DATE.sub(moved, feed_file("google.ics"))


@pytest.fixture
def editor(site_data):
    ensure_alliance_setup()
    user = get_user_model().objects.create_user("volunteer", password=PASSWORD)
    user.groups.add(setup_organisation_group(site_data["organisation"]))
    return user


FINISHED_MOVING = """() => Array.from(document.querySelectorAll(".messages ul, .messages li"))
    .every(el => getComputedStyle(el).opacity === "1")"""


# Wagtail's layout hides what is too wide rather than letting the page scroll: look for what is cut off
# (outside tables, which scroll sideways by design).
CUT_OFF = """() => Array.from(document.querySelectorAll("main *"))
    .filter(el => !el.closest("table") && el.getBoundingClientRect().width > 0)
    .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .map(el => el.outerHTML.slice(0, 120))"""


def settle(page) -> None:
    """Wait until the admin's menu has finished sliding to its place for this width (the content moves
    with it) and any message has arrived: axe and the pictures must see the page at rest."""
    page.wait_for_function(FINISHED_MOVING)
    where = None
    for _ in range(40):
        now = page.evaluate("() => document.querySelector('main').getBoundingClientRect().left")
        if now == where:
            return
        where = now
        page.wait_for_timeout(150)


def check(page, name: str) -> None:
    """No axe violations of our own on the screen as it is, at each width, with a picture of each; the
    page must not scroll sideways at 360."""
    size = page.viewport_size
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        settle(page)
        screenshot(page, f"calendar-import-{name}-{width}", full_page=True)
        ours = our_violations(page)
        assert ours == [], f"{name} at {width}px:\n{describe(ours)}"
        assert horizontal_overflow(page) <= 0, f"{name} scrolls sideways at {width}px"
        assert page.evaluate(CUT_OFF) == [], f"{name} at {width}px: cut off at the right"
    page.set_viewport_size(size)


def event_state(organisation) -> list[tuple]:
    return list(
        EventPage.objects.descendant_of(organisation)
        .order_by("pk")
        .values_list("pk", "title", "live", "latest_revision_id", "has_unpublished_changes")
    )


def test_a_volunteer_brings_their_google_calendar_in_and_a_wrong_address_changes_nothing(
    page, url, site_data, editor, calendar_server
):
    # Where Google Calendar keeps a calendar's "Public address in iCal format".
    address = "/calendar/ical/reddish.tech.friends%40group.calendar.google.com/public/basic.ics"
    calendar_server.files[address] = google_feed_from_today()
    organisation = site_data["organisation"]

    # Signing in where they always do.
    page.goto(url("/admin/"))
    page.get_by_label("Username").fill("volunteer")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()

    # "Calendar import" is in the menu.
    page.locator("#wagtail-sidebar").get_by_role("link", name="Calendar import").click()
    page.wait_for_load_state()
    assert page.locator("h1").first.inner_text().strip().startswith("Calendar")
    check(page, "index-empty")

    # Adding the address: first mistyped, then right.
    page.get_by_role("link", name="Add a calendar").first.click()
    page.wait_for_load_state()
    check(page, "add")
    assert page.get_by_label("Organisation").count() == 0  # their group's: nothing to choose
    page.get_by_label("Calendar address").fill("my calendar")
    page.get_by_role("button", name="Create").click()
    page.wait_for_load_state()
    assert "This is not a calendar address" in page.locator("main").inner_text()
    check(page, "add-error")
    assert not CalendarFeed.objects.exists()
    page.get_by_label("Calendar address").fill(f"{calendar_server.url}{address}")
    page.get_by_role("button", name="Create").click()
    page.wait_for_load_state()

    # Straight on to "Fetch now", which says what will happen.
    feed = CalendarFeed.objects.get(organisation=organisation)
    assert "Calendar added. Press “Fetch now”" in page.locator(".messages").inner_text()
    assert "Not fetched yet." in page.locator("main").inner_text()
    check(page, "fetch-now")
    page.get_by_role("button", name="Fetch now").click()
    page.wait_for_load_state()

    # The report: what came in, by name, and what did not, and why.
    main = page.locator("main").inner_text()
    assert (
        "Fetched the calendar. 3 added, 1 not imported. 1 finished event left out."
        in page.locator(".messages").inner_text()
    )
    for title in (
        "Tablet and phone drop-in",
        "Tablet and phone drop-in (moved to Thursday)",
        "Staying safe from scams (online talk)",
    ):
        assert f'Added: "{title}"' in main
    assert 'Not imported: "Library closed (Easter Monday)": it is an all-day event' in main
    assert "wait for a coordinator to approve" in main
    for raw in ("None", "True", "False"):
        assert raw not in main.split()
    check(page, "report")
    imported = event_state(organisation)
    assert EventPage.objects.filter(calendar_feed=feed).count() == 3

    # One of them, opened from the report, says it comes from the calendar.
    page.locator(".calendar-events").get_by_role("link", name="Tablet and phone drop-in", exact=True).click()
    page.wait_for_load_state()
    note = page.locator(".help-block", has_text="This event comes from your calendar")
    assert note.is_visible()
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        settle(page)
        note.scroll_into_view_if_needed()
        screenshot(page, f"calendar-import-imported-event-{width}")
        assert note.evaluate("el => el.scrollWidth <= el.clientWidth"), f"the note is cut off at {width}px"
    page.set_viewport_size({"width": 1280, "height": 900})
    assert "Change its name, description, place and times in your calendar" in note.inner_text()

    # A wrong address (the group's calendar web page, not its iCal address): a clear message, and
    # nothing changes.
    page.go_back()
    page.wait_for_load_state()
    page.get_by_role("link", name="change it").click()
    page.wait_for_load_state()
    page.get_by_label("Calendar address").fill(f"{calendar_server.url}/page.html")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert "Calendar address saved" in page.locator(".messages").inner_text()
    page.get_by_role("button", name="Fetch now").click()
    page.wait_for_load_state()
    message = page.locator(".messages").inner_text()
    assert "Nothing was changed. The address gives a web page, not a calendar in iCal format" in message
    assert "it did not work" in page.locator("main").inner_text()
    check(page, "report-failed")
    assert event_state(organisation) == imported

    # The list of calendars says what happened last.
    page.locator("#wagtail-sidebar").get_by_role("link", name="Calendar import").click()
    page.wait_for_load_state()
    assert "Nothing was changed" in page.locator("main table").inner_text()
    check(page, "index")
