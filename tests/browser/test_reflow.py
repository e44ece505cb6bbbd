"""Reflow (WCAG 1.4.10) and zoom (1.4.4): at 320 CSS pixels wide, and at 640 (a 1280 pixel screen at
200% zoom), no page scrolls sideways and every target stays at least 24 by 24 pixels (2.5.8)."""

import pytest

from .browser import horizontal_overflow
from .pages import PUBLIC_PAGES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SMALL_TARGETS = """() => Array.from(
        document.querySelectorAll("button, input:not([type=hidden]), select, summary"))
    .filter(el => el.offsetParent !== null)
    .map(el => ({el, box: el.getBoundingClientRect()}))
    .filter(({box}) => box.width < 24 || box.height < 24)
    .map(({el, box}) =>
        `${el.outerHTML.slice(0, 80)} is ${Math.round(box.width)}x${Math.round(box.height)}`)"""


@pytest.mark.parametrize("check", PUBLIC_PAGES, ids=str)
def test_page_does_not_scroll_sideways_at_320px_or_at_200_percent_zoom(page, url, site_data, check):
    page.set_viewport_size({"width": 320, "height": 640})
    check.open(page, url, site_data)
    assert horizontal_overflow(page) <= 0, f"{check.name} is wider than 320 px"
    page.set_viewport_size({"width": 640, "height": 450})
    assert horizontal_overflow(page) <= 0, f"{check.name} is wider than 640 px (1280 px at 200%)"


@pytest.mark.parametrize("check", PUBLIC_PAGES[:3], ids=str)
def test_buttons_and_fields_are_at_least_24px_at_320px(page, url, site_data, check):
    page.set_viewport_size({"width": 320, "height": 640})
    check.open(page, url, site_data)
    assert page.evaluate(SMALL_TARGETS) == []
