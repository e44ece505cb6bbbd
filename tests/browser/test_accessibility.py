"""Every public page: zero axe-core violations of WCAG 2.0, 2.1 and 2.2 A and AA, and the structure
assistive technology relies on (one h1, landmarks, a working skip link, nothing hidden from screen
readers that is shown on screen)."""

import pytest

from .browser import describe, run_axe, structure_problems
from .pages import PUBLIC_PAGES, visit_email_errors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("check", PUBLIC_PAGES, ids=str)
def test_page_has_no_wcag_violations(page, url, site_data, check):
    check.open(page, url, site_data)
    violations = run_axe(page)
    print(f"axe: {check.name}: {len(violations)} violations")  # noqa: T201 - read by `pytest -s`
    assert violations == [], f"{check.name} ({page.url}):\n{describe(violations)}"


@pytest.mark.parametrize("check", PUBLIC_PAGES, ids=str)
def test_page_has_one_h1_landmarks_and_a_skip_link(page, url, site_data, check):
    check.open(page, url, site_data)
    assert structure_problems(page) == []


def test_the_skip_link_is_shown_when_focused_and_moves_focus_to_the_main_content(page, url, site_data):
    page.goto(url("/find/?q=email"))
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link[href='#main-content']")
    assert skip.evaluate("el => el === document.activeElement")
    box = skip.bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0 and box["width"] >= 24 and box["height"] >= 24
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main-content"


def test_the_checker_reports_a_page_that_breaks_the_rules(page):
    """The axe run above can fail: on a page with an unlabelled field and pale text it finds both."""
    page.set_content(
        '<html lang="en"><head><title>Bad</title></head><body><main><h1>Bad</h1>'
        '<input type="text"><p style="color:#bbb">Pale text</p></main></body></html>'
    )
    assert {violation["id"] for violation in run_axe(page)} >= {"label", "color-contrast"}


def test_an_error_summary_takes_the_focus_and_its_link_goes_to_the_field(page, url, site_data):
    visit_email_errors(page, url, site_data)
    # The browser applies autofocus at its next rendering step, so wait for it rather than look at once.
    page.wait_for_function("() => document.activeElement.classList.contains('error-summary')", timeout=5_000)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "id_email"
