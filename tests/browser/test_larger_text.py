"""Larger text (WCAG 1.4.4) and reflow (1.4.10) on Find help and What's on, in Chromium.

At 1280 pixels wide with larger text, Find help's results must keep a readable column with no word
broken across lines, and the distance must show its choices whole. The text is made larger three ways:
the browser's default text size (Chromium's setting, through the DevTools protocol), the root
element's font size (as a user style sheet or an extension sets it) and CSS zoom. Window-width media
queries only follow the first, which is why the page's layout asks how wide its main column is in
rems instead (a container query).

On a phone, What's on folds its filters away once some are chosen, as Find help does, so that after
"Show sessions" the first session is near the top; the fold works by keyboard and without JavaScript.
"""

import pytest

from .browser import horizontal_overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DESK = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 800}

# Each word of the element's text, and how many lines it takes: more than one is a word broken apart.
BROKEN_WORDS = """el => {
    const broken = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const match of node.data.matchAll(/\\S+/g)) {
            const range = document.createRange();
            range.setStart(node, match.index);
            range.setEnd(node, match.index + match[0].length);
            const lines = new Set(Array.from(range.getClientRects(), rect => Math.round(rect.top)));
            if (lines.size > 1) broken.push(match[0]);
        }
    }
    return broken;
}"""

# How wide an element is in its own ems: the same whatever makes the text larger.
WIDTH_IN_EMS = "el => el.offsetWidth / parseFloat(getComputedStyle(el).fontSize)"

# The room, in ems, a drop-down list has beside its longest choice: less than one (the arrow's) and the
# choices are cut ("Up to").
ROOM_BESIDE_LONGEST_CHOICE = """el => {
    const style = getComputedStyle(el);
    const text = document.createElement("canvas").getContext("2d");
    text.font = style.font;
    const longest = Math.max(...Array.from(el.options, option => text.measureText(option.text).width));
    const inside = el.offsetWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return (inside - longest) / parseFloat(style.fontSize);
}"""


def larger_by_browser_setting(context, page):
    session = context.new_cdp_session(page)
    session.send("Page.enable")
    session.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})


def on_the_root_element(style: str, value: str):
    """Set through the CSSOM, which the page's Content-Security-Policy allows, before scripts run."""

    def make_larger(context, page):
        page.add_init_script(
            "document.addEventListener('readystatechange', () => {"
            f" document.documentElement.style.{style} = '{value}'; }}, {{once: true}});"
        )

    return make_larger


@pytest.fixture
def open_page(open_context):
    def opener(viewport, javascript=True):
        context = open_context(viewport, javascript)
        return context, context.new_page()

    return opener


@pytest.mark.parametrize(
    "make_larger",
    [
        larger_by_browser_setting,
        on_the_root_element("fontSize", "200%"),
        on_the_root_element("fontSize", "150%"),
        on_the_root_element("zoom", "2"),
    ],
    ids=["browser text size 200%", "root font size 200%", "root font size 150%", "zoom 2"],
)
def test_find_helps_results_stay_readable_at_1280px_with_larger_text(open_page, url, site_data, make_larger):
    context, page = open_page(DESK)
    make_larger(context, page)
    page.goto(url("/find/?q=&where=SK1"))
    results = page.locator(".find__results")
    assert page.locator(".result__title").count() > 0

    assert results.evaluate(WIDTH_IN_EMS) >= 20, "the results column is narrower than 20 letters' worth"
    assert page.locator("#find-radius").evaluate(ROOM_BESIDE_LONGEST_CHOICE) >= 1, "the distance is cut short"
    assert page.locator(".find__count").evaluate(BROKEN_WORDS) == []
    for title in page.locator(".result__title").all():
        assert title.evaluate(BROKEN_WORDS) == [], f"a word is broken in {title.inner_text()!r}"
    assert horizontal_overflow(page) <= 0


def test_at_1280px_find_help_still_has_its_filters_and_map_beside_the_results(open_page, url, site_data):
    """The container queries keep the desk layout at the default text size."""
    context, page = open_page(DESK)
    page.goto(url("/find/?q=&where=SK1"))
    filters = page.locator("details.filters").bounding_box()
    results = page.locator(".find__results").bounding_box()
    map_box = page.locator(".find__map").bounding_box()
    assert filters["x"] + filters["width"] <= results["x"] <= results["x"] + results["width"] <= map_box["x"]


def choose_filters_on_whats_on(page, url, site_data):
    page.goto(url(site_data["whats_on"].url))
    form = page.get_by_role("form", name="Choose what to show")
    assert form.is_visible(), "with no filter chosen, the filters are open"
    form.get_by_label("Free", exact=True).check()
    form.get_by_label("I'm new to this").check()
    form.get_by_label("Near").fill("SK1")
    form.get_by_role("button", name="Show sessions").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("javascript", [True, False], ids=["with JavaScript", "without JavaScript"])
def test_at_360px_whats_on_shows_the_sessions_first_once_filters_are_chosen(
    open_page, url, site_data, javascript
):
    context, page = open_page(PHONE, javascript)
    choose_filters_on_whats_on(page, url, site_data)

    summary = page.locator("details.whats-on__filters > summary")
    assert summary.inner_text() == "Filters (3 chosen)"
    assert not page.get_by_label("Near").is_visible()
    first = page.locator(".session__title").first.bounding_box()
    print(f"first session's title at 360px: bottom {first['y'] + first['height']:.0f}px")  # noqa: T201
    assert first["y"] + first["height"] <= 1.5 * PHONE["height"], "the first session is not near the top"

    # The chosen filters stay in sight, and the folded panel opens from the keyboard.
    assert page.locator(".active-filters").get_by_text("Free").is_visible()
    summary.focus()
    page.keyboard.press("Enter")
    assert page.get_by_label("Near").input_value() == "SK1"
    assert page.get_by_label("Near").is_visible()


def test_whats_on_keeps_its_filters_open_when_a_place_is_not_found(open_page, url, site_data):
    context, page = open_page(PHONE)
    page.goto(url(f"{site_data['whats_on'].url}?where=SK99+9ZZ&cost=free"))
    assert "We couldn't find the postcode SK99 9ZZ" in page.locator(".notice").inner_text()
    assert page.get_by_label("Near").is_visible()
