"""What's on in Chromium, as a resident uses it at 360 and 1280 pixels wide: the first screen, then
Find help's filters chosen in the form (free, "I'm new to this", near SK1, the next 7 days) and sent
without JavaScript's help, then a bad postcode. Each screen is checked with axe-core (WCAG 2.2 AA) and
must not scroll sideways.

Set SIGNPOST_SCREENSHOTS=1 to keep pictures of each screen at both widths in screenshots/."""

import pytest

from .browser import describe, horizontal_overflow, run_axe, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def check(page, name: str, width: int) -> None:
    screenshot(page, f"whats-on-{name}-{width}", full_page=True)
    violations = run_axe(page)
    assert violations == [], f"What's on, {name}, at {width}px:\n{describe(violations)}"
    assert horizontal_overflow(page) <= 0, f"What's on, {name}, scrolls sideways at {width}px"


@pytest.mark.parametrize("width", [1280, 360])
def test_a_resident_filters_whats_on_with_find_helps_filters(page, url, site_data, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(url(site_data["whats_on"].url))
    check(page, "first", width)
    # Listings' regular sessions are shown beside events, with Find help's card.
    assert page.locator(".session .result__facts").count() > 0

    form = page.get_by_role("form", name="Choose what to show")
    form.get_by_label("Free", exact=True).check()
    form.get_by_label("I'm new to this").check()
    form.get_by_label("Near").fill("SK1")
    form.get_by_role("button", name="Show sessions").click()
    page.wait_for_load_state()
    check(page, "filtered", width)
    assert "cost=free" in page.url and "level=foundation" in page.url
    assert page.locator(".active-filters").get_by_text("Free").count() > 0
    titles = page.locator(".session__title").all_inner_texts()
    assert titles, "no sessions for free, I'm new to this, near SK1"

    # With filters chosen the panel comes back folded (open beside the results at desk widths).
    filters = page.locator("details.whats-on__filters")
    assert (filters.get_attribute("open") is not None) == (width == 1280)
    if width == 360:
        filters.locator("summary").click()
    form.get_by_label("Near").fill("SK99 9ZZ")
    form.get_by_role("button", name="Show sessions").click()
    page.wait_for_load_state()
    check(page, "bad postcode", width)
    assert "We couldn't find the postcode SK99 9ZZ" in page.locator(".notice").inner_text()
