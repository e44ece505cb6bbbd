"""A resident's journey by keyboard alone, with and without JavaScript: home page, search, a listing,
add it to the shortlist, the shortlist, and its print view. Every stop shows where the focus is."""

import re

import pytest

from .browser import close, focused, new_context, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("javascript", [True, False], ids=["with JavaScript", "without JavaScript"])
def test_keyboard_only_from_home_to_a_printable_shortlist(browser, url, site_data, javascript):
    context = new_context(browser, java_script_enabled=javascript)
    page = context.new_page()
    try:
        page.goto(url("/"))
        # The skip link comes first and takes the keyboard to the main content.
        page.keyboard.press("Tab")
        assert focused(page)["text"] == "Skip to main content"
        page.keyboard.press("Enter")
        assert focused(page)["id"] == "main-content"

        tab_to(page, lambda el: el["id"] == "home-q")
        page.keyboard.type("email")
        tab_to(page, lambda el: el["id"] == "home-where")
        page.keyboard.type("SK1")
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/find/\?q=email&where=SK1"))
        assert page.locator("h2#results-heading").inner_text().endswith("of SK1")

        tab_to(page, lambda el: el["text"] == "Email drop-in")
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/email-drop-in/$"))
        assert page.locator("h1").inner_text() == "Email drop-in"

        tab_to(page, lambda el: el["text"].startswith("Add to shortlist"))
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/email-drop-in/#shortlist-\d+$"))
        assert "Added Email drop-in to your shortlist." in page.locator("[role=status]").inner_text()

        # Back at the same place: the next stop is the link to the shortlist beside the button.
        tab_to(page, lambda el: el["href"] == "/shortlist/", limit=3)
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/shortlist/$"))
        assert page.locator(".shortlist__title").all_inner_texts() == ["Email drop-in"]

        tab_to(page, lambda el: el["text"] == "Print your list")
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/shortlist/print/$"))
        assert page.locator("h1").inner_text() == "Your list of help to get online"
        print_button = page.get_by_role("button", name="Print this page")
        if javascript:
            assert print_button.is_visible()
        else:
            assert print_button.count() == 0 or not print_button.is_visible()
            assert page.get_by_text("use your browser's Print menu").is_visible()
    finally:
        close(context)
