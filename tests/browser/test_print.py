"""The shortlist's print view on paper: A4, large type, no site navigation, one listing to a page at most."""

import re

import pytest

from .pages import make_referrer, sign_in, visit_print_view

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def test_the_print_view_prints_only_the_handout_in_large_type(page, url, site_data):
    visit_print_view(page, url, site_data)
    page.emulate_media(media="print")
    for hidden in (".site-header", ".site-footer", ".skip-link", ".handout-tools"):
        assert not page.locator(hidden).is_visible(), f"{hidden} is printed"
    assert page.locator(".handout-item").count() == 2
    body_size = page.evaluate(
        "() => parseFloat(getComputedStyle(document.querySelector('.handout')).fontSize)"
    )
    assert body_size >= 18  # 14pt
    for svg in page.locator(".handout-item svg.qr").all():
        box = svg.bounding_box()
        assert box["width"] >= 120  # at least 3 cm across on paper, easy for an old phone camera


def test_a_one_item_handout_prints_on_one_a4_page(page, url, site_data):
    page.goto(url(f"/handout/{site_data['email'].pk}/"))
    assert pdf_pages(page.pdf(format="A4", prefer_css_page_size=True)) == 1


def test_a_two_item_handout_prints_on_at_most_two_a4_pages(page, url, site_data):
    visit_print_view(page, url, site_data)
    assert 1 <= pdf_pages(page.pdf(format="A4", prefer_css_page_size=True)) <= 2


# Counts calls to window.print instead of opening the browser's print dialog.
COUNT_PRINTS = "window.printCalls = 0; window.print = () => { window.printCalls += 1; };"


def test_the_one_click_handout_opens_the_print_dialog_once(page, url, site_data):
    page.add_init_script(COUNT_PRINTS)
    page.goto(url(f"/handout/{site_data['email'].pk}/?print=1"), wait_until="networkidle")
    assert page.locator(".handout-item h2").all_inner_texts() == ["Email drop-in"]
    assert page.evaluate("() => window.printCalls") == 1


def test_a_handout_without_the_print_parameter_prints_only_when_asked(page, url, site_data):
    page.add_init_script(COUNT_PRINTS)
    page.goto(url(f"/handout/{site_data['email'].pk}/"), wait_until="networkidle")
    assert page.evaluate("() => window.printCalls") == 0
    page.get_by_role("button", name="Print this page").click()
    assert page.evaluate("() => window.printCalls") == 1


def test_print_handout_on_a_staff_result_opens_the_print_dialog_once(page, url, site_data):
    page.add_init_script(COUNT_PRINTS)
    sign_in(page, url, make_referrer(site_data))
    page.goto(url("/staff/find/?q=email&where=SK1"))
    page.get_by_role("link", name=re.compile(r"^Print handout\W+Email drop-in$")).click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".handout-item h2").all_inner_texts() == ["Email drop-in"]
    assert page.evaluate("() => window.printCalls") == 1
