"""A group editor's journey through the admin in Chromium: the dashboard, typing "2pm" into a regular
time and hearing it back in words, submitting for approval; then the coordinator's compare view. And
adding a missing venue from the venue chooser, placed on its map by the postcode.

Set SIGNPOST_SCREENSHOTS=1 to keep pictures of the venue chooser in screenshots/ (not kept in git)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from directory.models import ServicePage, Venue
from inclusion_alliance.moderation import ensure_alliance_setup
from inclusion_alliance.permissions import ensure_coordinators_group, setup_organisation_group
from search.models import Place, PlaceKind

from .browser import describe, run_axe, screenshot
from .pages import sign_in
from .test_admin import is_wagtails

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def our_violations(page, within: str = "") -> list[dict]:
    violations = run_axe(page, within=within)
    ours = [
        {
            **violation,
            "nodes": [node for node in violation["nodes"] if not is_wagtails(violation["id"], node)],
        }
        for violation in violations
    ]
    return [violation for violation in ours if violation["nodes"]]


@pytest.fixture
def editor(site_data):
    ensure_alliance_setup()
    user = get_user_model().objects.create_user("editor", password="a-long-password-1")
    user.groups.add(setup_organisation_group(site_data["organisation"]))
    return user


def test_the_editors_dashboard_lists_their_pages_with_no_violations_of_our_own(page, url, site_data, editor):
    sign_in(page, url, editor)
    page.goto(url("/admin/"))
    panel = page.locator("#alliance-editor-home-content")
    assert panel.get_by_role("link", name="Email drop-in").is_visible()
    assert panel.get_by_role("button", name="Still correct: Email drop-in").count() == 1
    ours = our_violations(page)
    assert ours == [], describe(ours)


def test_an_editor_types_2pm_hears_it_back_and_submits_it_for_approval(page, url, site_data, editor):
    listing = site_data["email"]
    sign_in(page, url, editor)
    page.goto(url(f"/admin/pages/{listing.pk}/edit/"))
    opens = page.locator("[name='locations-0-schedules-0-opens_at']")
    closes = page.locator("[name='locations-0-schedules-0-closes_at']")
    opens.fill("2pm")
    closes.fill("3:30pm")
    closes.press("Tab")
    # Nothing rewrote what was typed, and the row says it back in words.
    assert (opens.input_value(), closes.input_value()) == ("2pm", "3:30pm")
    row = page.locator("[data-inline-panel-child]", has=opens).last  # the schedule row, inside its venue
    assert "Every Tuesday, 2pm to 3:30pm" in row.locator("[data-read-back]").inner_text()
    ours = our_violations(page)
    assert ours == [], describe(ours)

    page.get_by_role("button", name="Submit for approval").click()
    page.wait_for_url(lambda address: "/edit/" not in address or "pages" in address)
    listing = ServicePage.objects.get(pk=listing.pk)
    assert listing.workflow_in_progress
    draft = listing.get_latest_revision_as_object()
    schedule = draft.locations.all()[0].schedules.all()[0]
    assert (schedule.opens_at.hour, schedule.closes_at.hour, schedule.closes_at.minute) == (14, 15, 30)

    coordinator = get_user_model().objects.create_user("coordinator", password="a-long-password-1")
    coordinator.groups.add(ensure_coordinators_group())
    sign_in(page, url, coordinator)
    page.goto(
        url(
            reverse(
                "wagtailadmin_pages:revisions_compare", args=[listing.pk, "live", listing.latest_revision_id]
            )
        )
    )
    assert "Every Tuesday: 10:00–12:00 → 14:00–15:30 at" in page.locator("main").inner_text()


def open_venue_chooser(page, url, listing):
    """From the listing's edit form, "Choose another venue" for its first venue; returns the modal."""
    page.goto(url(f"/admin/pages/{listing.pk}/edit/"))
    chooser = page.locator("#id_locations-0-venue-chooser")
    chooser.get_by_role("button", name="Actions").click()
    chooser.get_by_role("button", name="Choose another venue").click()
    modal = page.locator(".modal-content")
    modal.get_by_role("tab", name="Add a venue").wait_for()
    # Fully faded in: axe judges colour contrast on what is on screen.
    page.wait_for_function("() => getComputedStyle(document.querySelector('.modal')).opacity === '1'")
    return modal


@pytest.mark.parametrize("width", [1280, 360])
def test_the_venue_chooser_has_no_violations_of_our_own_in_either_tab(page, url, site_data, editor, width):
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, url, editor)
    modal = open_venue_chooser(page, url, site_data["email"])
    table = modal.locator("table")
    assert (
        "Address" in table.locator("thead").inner_text() and "Postcode" in table.locator("thead").inner_text()
    )
    assert "SK1" in table.locator("tbody").inner_text()
    screenshot(page, f"venue-chooser-choose-{width}")
    ours = our_violations(page, within=".modal")
    assert ours == [], describe(ours)

    modal.get_by_role("tab", name="Add a venue").click()
    modal.locator(".venue-pin-map .leaflet-container").wait_for()
    modal.locator(".venue-pin-map").scroll_into_view_if_needed()
    screenshot(page, f"venue-chooser-add-{width}")
    ours = our_violations(page, within=".modal")
    assert ours == [], describe(ours)


def test_an_editor_adds_a_missing_venue_from_the_chooser_with_its_pin_placed_by_the_postcode(
    page, url, site_data, editor
):
    Place.objects.create(
        name="SK6 7AA", key="SK67AA", kind=PlaceKind.POSTCODE, latitude=53.3911, longitude=-2.0612
    )
    sign_in(page, url, editor)
    modal = open_venue_chooser(page, url, site_data["email"])
    modal.get_by_role("tab", name="Add a venue").click()
    modal.get_by_label("Name").fill("Marple Methodist Church")
    modal.get_by_label("Address").fill("Church Lane")
    modal.get_by_label("Town").fill("Marple")
    modal.get_by_label("Postcode").fill("sk6 7aa")
    modal.get_by_label("Postcode").press("Tab")

    # The postcode puts the pin on the map and its position in the boxes, and the page says so.
    pin = modal.locator(".venue-pin-map .leaflet-marker-icon")
    pin.wait_for()
    assert pin.get_attribute("alt") == "Where the venue is"
    assert "The pin is at SK6 7AA" in modal.get_by_role("status").inner_text()
    assert modal.get_by_label("Latitude").input_value() == "53.391100"
    assert modal.get_by_label("Longitude").input_value() == "-2.061200"
    screenshot(page, "venue-chooser-add-pinned-1280")
    ours = our_violations(page, within=".modal")
    assert ours == [], describe(ours)

    # Clicking the map moves the pin, and the boxes follow it.
    canvas = modal.locator(".venue-pin-map__canvas")
    box = canvas.bounding_box()
    canvas.click(position={"x": box["width"] / 2 + 60, "y": box["height"] / 2})
    assert "The pin is where you clicked" in modal.get_by_role("status").inner_text()
    moved = float(modal.get_by_label("Longitude").input_value())
    assert moved > -2.0612

    modal.get_by_role("button", name="Add this venue").click()
    title = page.locator("#id_locations-0-venue-title")
    title.filter(has_text="Marple Methodist Church").wait_for()
    venue = Venue.objects.get(name="Marple Methodist Church")
    assert page.locator("[name='locations-0-venue']").input_value() == str(venue.pk)
    assert venue.postcode.upper().replace(" ", "") == "SK67AA"
    assert venue.latitude == pytest.approx(53.3911, abs=0.001)
    assert venue.longitude == pytest.approx(moved, abs=0.000001)
