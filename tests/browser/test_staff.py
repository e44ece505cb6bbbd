"""Staff mode in the browser: the same search as the public one, laid out compactly so that a librarian
at a desk sees more results at once."""

import pytest

from .data import full_page_of_results
from .pages import make_referrer, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREEN = 900

# Where each result sits on the page, and how many are wholly inside the first screenful.
RESULTS_ON_SCREEN = """(screen) => {
    const boxes = Array.from(document.querySelectorAll("ol.results > li.result"))
        .map(li => li.getBoundingClientRect())
        .map(box => ({top: box.top + window.scrollY, bottom: box.bottom + window.scrollY}));
    return {count: boxes.length, first: boxes[0].top, fit: boxes.filter(box => box.bottom <= screen).length};
}"""


def layout(page, url, path) -> dict:
    page.goto(url(path))
    return page.evaluate(RESULTS_ON_SCREEN, SCREEN)


def test_staff_mode_fits_more_results_in_the_first_screenful_at_1280px(page, url, site_data):
    full_page_of_results(site_data)
    page.set_viewport_size({"width": 1280, "height": SCREEN})
    public = layout(page, url, "/find/?q=email&where=SK1")
    sign_in(page, url, make_referrer(site_data))
    staff = layout(page, url, "/staff/find/?q=email&where=SK1")
    print(f"results in the first {SCREEN}px at 1280px: public {public}, staff {staff}")  # noqa: T201
    assert page.locator("h1").inner_text() == "Find help with a visitor"
    assert staff["count"] == public["count"] == 20, (
        "both searches should show a full page of the same results"
    )
    assert staff["fit"] > public["fit"], f"staff mode shows no more results at once: {staff} vs {public}"
