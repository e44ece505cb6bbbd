"""Locked out after too many wrong passwords, or too many password reset emails: the page (HTTP 429)
says what happened and when to try again, has a way back, and passes axe at a desktop and a phone's
width. The rules themselves are tested in tests/signpost/test_throttle.py."""

import re

import pytest

from signpost.ratelimit import PASSWORD_RESET_PER_ACCOUNT

from .browser import describe, horizontal_overflow, run_axe, screenshot, structure_problems
from .pages import get_locked_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WAIT = re.compile(r"Please wait (a minute|\d+ minutes|an hour|\d+ hours) and try again\.")


def check_the_page(page, width: int, name: str) -> None:
    """No axe violations, and the public pages' structure, at this width."""
    page.set_viewport_size({"width": width, "height": 800})
    screenshot(page, f"{name}-{width}", full_page=True)
    violations = run_axe(page)
    assert violations == [], f"{width}px:\n{describe(violations)}"
    assert structure_problems(page) == []
    assert horizontal_overflow(page) == 0


@pytest.mark.parametrize("path", ["/staff/login/", "/admin/login/"])
def test_a_locked_out_person_is_told_what_happened_when_to_try_again_and_the_way_back(
    page, url, site_data, path
):
    assert get_locked_out(page, url, path) == 429
    main = page.locator("main")
    assert page.locator("h1").inner_text() == "Too many tries to sign in"
    assert "The password was wrong too many times" in main.inner_text()
    assert WAIT.search(main.inner_text())
    for width in (1280, 360):
        check_the_page(page, width, "signing-in-paused" + path.replace("/", "-").rstrip("-"))

    reset = main.get_by_role("link", name="Forgotten your password? Get a new one")
    assert reset.get_attribute("href") == "/admin/password_reset/"
    main.get_by_role("link", name="Go back to the sign-in page").click()
    page.wait_for_load_state()
    assert page.url == url(path)
    assert page.locator("[name='password']").is_visible()


def test_too_many_password_reset_requests_are_explained_with_a_way_back(page, url, site_data):
    for _ in range(PASSWORD_RESET_PER_ACCOUNT.count + 1):
        page.goto(url("/admin/password_reset/"))
        page.locator("[name='email']").fill("forgetful@example.org")
        with page.expect_navigation() as navigation:
            page.locator("[name='email']").press("Enter")
    assert navigation.value.status == 429
    main = page.locator("main")
    assert page.locator("h1").inner_text() == "Too many password reset requests"
    assert "Look in your inbox" in main.inner_text()
    assert WAIT.search(main.inner_text())
    for width in (1280, 360):
        check_the_page(page, width, "password-reset-paused")
    main.get_by_role("link", name="Go back to the password reset page").click()
    page.wait_for_load_state()
    assert page.url == url("/admin/password_reset/")
