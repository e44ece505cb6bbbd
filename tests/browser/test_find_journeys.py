"""Journeys through Find help as people walk them, starting where they start (the home page, or staff
sign-in), at a phone's width and a desk's, with and without JavaScript. Every page visited is also
checked for a form inside another form (browser.close)."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from assisted_digital.models import Referral

from .pages import make_referrer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 360, "height": 800}
DESK = {"width": 1280, "height": 900}
WIDTHS = pytest.mark.parametrize("viewport", [PHONE, DESK], ids=["360px", "1280px"])
JAVASCRIPT = pytest.mark.parametrize(
    "javascript", [True, False], ids=["with JavaScript", "without JavaScript"]
)


@pytest.fixture
def open_page(open_context):
    return lambda viewport, javascript=True: open_context(viewport, javascript).new_page()


def search_from_home(page, url, words, place):
    page.goto(url("/"))
    page.get_by_label("What do you need help with?").fill(words)
    page.get_by_label("Where are you?").fill(place)
    page.get_by_role("button", name="Find help").click()
    page.wait_for_url(re.compile(r"/find/\?"))


def address_parameters(page) -> dict:
    return parse_qs(urlsplit(page.url).query)


def current_page_number(page) -> str:
    pagination = page.locator("nav.pagination")
    if not pagination.count():
        return "1"
    return pagination.locator("[aria-current=page]").inner_text()


def first_result_title(page) -> str:
    return page.locator("ol.results > li.result .result__title a").first.inner_text()


@WIDTHS
@JAVASCRIPT
def test_shortlisting_the_first_result_from_a_results_page(open_page, url, site_data, viewport, javascript):
    page = open_page(viewport, javascript)
    search_from_home(page, url, "email", "SK1")
    first = first_result_title(page)
    page.locator("ol.results > li.result").first.get_by_role(
        "button", name=re.compile("^Add to shortlist")
    ).click()
    page.wait_for_load_state()

    # Back on the same results, at the same result, with it on the list: not a new search.
    assert urlsplit(page.url).path == "/find/"
    assert f"Added {first} to your shortlist." in page.locator("[role=status]").first.inner_text()
    assert page.get_by_role("link", name="Your shortlist (1)").count() == 1
    page.get_by_role("link", name="Your shortlist (1)").click()
    # all_inner_texts does not wait: without this it can read the results page before it is left.
    page.wait_for_url(re.compile(r"/shortlist/$"))
    assert page.locator(".shortlist__title").all_inner_texts() == [first]


def go_to_page_two(page, url):
    search_from_home(page, url, "", "SK1")
    page.get_by_label("How far can you go?").select_option("10")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_load_state()
    page.locator("nav.pagination").get_by_role("link", name="2", exact=True).click()
    page.wait_for_load_state()
    assert current_page_number(page) == "2"


def open_filters(page):
    filters = page.locator("details.filters")
    if filters.get_attribute("open") is None:
        filters.locator("summary").click()


def refine_radius(page):
    page.get_by_label("How far can you go?").select_option("5")
    page.get_by_role("button", name="Search", exact=True).click()


def refine_filter(page):
    open_filters(page)
    page.get_by_label(re.compile(r"^Drop-in")).check()
    page.get_by_role("button", name="Apply filters").click()


def refine_sort(page):
    page.get_by_label("Sort by").select_option("name")
    page.get_by_role("button", name="Sort", exact=True).click()


@WIDTHS
@JAVASCRIPT
@pytest.mark.parametrize(
    "refine", [refine_radius, refine_filter, refine_sort], ids=["radius", "a filter", "sort"]
)
def test_refining_a_two_page_search_from_page_two_lands_on_page_one_with_no_token(
    open_page, url, site_data, monkeypatch, viewport, javascript, refine
):
    monkeypatch.setattr("search.query.PER_PAGE", 2)
    page = open_page(viewport, javascript)
    go_to_page_two(page, url)
    refine(page)
    page.wait_for_load_state()

    parameters = address_parameters(page)
    assert "csrfmiddlewaretoken" not in parameters
    assert "page" not in parameters
    assert current_page_number(page) == "1"
    assert page.locator("ol.results").get_attribute("start") == "1"


def test_after_apply_filters_at_360px_the_first_result_is_on_the_first_screen(open_page, url, site_data):
    page = open_page(PHONE, javascript=True)
    search_from_home(page, url, "email", "SK1")
    open_filters(page)
    page.get_by_label(re.compile(r"^I know the basics")).check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()

    assert page.locator("details.filters").get_attribute("open") is None  # folded again
    assert re.match(r"Filters \(1 chosen\)", page.locator("details.filters summary").inner_text())
    title = page.locator("ol.results > li.result .result__title").first.bounding_box()
    print(
        f"first result's title at 360px: top {title['y']:.0f}px, bottom {title['y'] + title['height']:.0f}px"
    )  # noqa: T201
    assert title["y"] + title["height"] <= PHONE["height"]


def test_at_desk_width_the_filters_and_map_stand_beside_the_results(open_page, url, site_data):
    page = open_page({"width": 1280, "height": 900})
    search_from_home(page, url, "email", "SK1")
    filters = page.locator("details.filters").bounding_box()
    results = page.locator(".find__results").bounding_box()
    assert page.locator("details.filters").get_attribute("open") is not None
    assert filters["x"] + filters["width"] <= results["x"]
    assert abs(filters["y"] - results["y"]) < 5


def test_the_map_beside_the_list_has_numbered_pins_a_pin_for_the_place_and_popups(open_page, url, site_data):
    page = open_page(DESK)
    search_from_home(page, url, "", "SK1")
    results = page.locator(".find__results").bounding_box()
    canvas = page.locator(".find__map .map__canvas")
    canvas.wait_for(state="visible")
    assert canvas.bounding_box()["x"] >= results["x"] + results["width"]
    pins = page.locator(".map-pin span")
    assert pins.count() >= 1
    assert pins.first.inner_text() == "1"
    assert page.locator(".map-pin--searched").count() == 1
    # By keyboard: pins at the same venue overlap, and Leaflet's pins are buttons that Enter opens.
    page.locator(".map-pin[title^='1. ']").focus()
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()  # count() does not wait
    assert popup.get_by_role("link", name=re.compile(r"^1\. ")).count() == 1
    assert "Next: " in popup.inner_text()


@pytest.mark.parametrize(
    ("viewport", "javascript"),
    [(DESK, True), (PHONE, False)],
    ids=["1280px with JavaScript", "360px without"],
)
def test_staff_journey_from_sign_in_to_next_visitor(open_page, url, site_data, viewport, javascript):
    make_referrer(site_data)
    page = open_page(viewport, javascript)
    page.goto(url("/staff/login/"))
    page.get_by_label("Username").fill("librarian")
    page.get_by_label("Password").fill("a-long-password-1")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/staff/find/$"))

    page.get_by_label("What do you need help with?").fill("email")
    page.get_by_label("Where are you?").fill("SK1")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_load_state()
    first = page.locator("ol.results > li.result").first

    # Pressed twice by accident: the same form arrives twice at the server, and counts once.
    form = first.locator("form.referral-form")
    fields = {
        name: form.locator(f"input[name={name}]").get_attribute("value")
        for name in ("csrfmiddlewaretoken", "listing", "topic", "token", "next")
    }
    for _press in range(2):
        page.request.post(url("/staff/referrals/"), form=fields, max_redirects=0)
    assert Referral.objects.count() == 1
    page.reload()
    assert "You pressed the button twice" in page.locator("[role=status]").first.inner_text()
    page.get_by_role("button", name=re.compile("^Undo the referral")).click()
    page.wait_for_load_state()
    assert "Referral undone" in page.locator("[role=status]").first.inner_text()
    assert Referral.objects.count() == 0

    page.locator("ol.results > li.result").first.get_by_role(
        "button", name=re.compile("^Add to shortlist")
    ).click()
    page.wait_for_load_state()
    # Header links keep staff mode.
    assert (
        page.get_by_role("navigation", name="Main")
        .get_by_role("link", name="Find help")
        .get_attribute("href")
        == "/staff/find/"
    )
    page.get_by_role("link", name="Shortlist (1)", exact=True).click()
    page.wait_for_url(re.compile(r"/shortlist/$"))
    assert page.get_by_role("link", name="Print your list").count() == 1
    page.get_by_role("button", name="Next visitor (clear the shortlist)").click()
    page.wait_for_url(re.compile(r"/staff/find/$"))
    assert "Ready for the next visitor" in page.locator("[role=status]").first.inner_text()
    assert page.get_by_role("link", name="Shortlist (0)", exact=True).count() == 1
