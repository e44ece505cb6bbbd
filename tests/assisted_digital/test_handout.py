import re

import pytest
import qrcode
import time_machine
from bs4 import BeautifulSoup

from assisted_digital.qr import QUIET_ZONE, qr_path

from .conftest import add_to_shortlist

pytestmark = pytest.mark.django_db

# A Monday in term time: the next sessions are Tuesday at Central and Thursday at Bramhall.
MONDAY = "2026-03-02 09:00 +00:00"


def modules_drawn(path: str) -> set[tuple[int, int]]:
    """The dark modules an SVG path of "M{x} {y}h{w}v1h{-w}z" runs covers."""
    drawn = set()
    for x, y, width in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\d+z", path):
        drawn |= {(int(x) + dx, int(y)) for dx in range(int(width))}
    return drawn


def test_the_qr_code_draws_exactly_the_dark_modules_of_the_code():
    data = "https://example.org/organisations/library/email-drop-in/"
    size, path = qr_path(data)
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=QUIET_ZONE)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    assert size == len(matrix)
    dark = {(x, y) for y, row in enumerate(matrix) for x, value in enumerate(row) if value}
    assert modules_drawn(path) == dark


@time_machine.travel(MONDAY, tick=False)
def test_the_print_view_has_everything_a_resident_needs_on_paper(client, listing):
    add_to_shortlist(client, listing)
    response = client.get("/shortlist/print/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    item = soup.find("article", class_="handout-item")
    text = item.get_text(" ", strip=True)
    assert item.h2.get_text(strip=True) == "Email drop-in"
    assert "Run by Library Digital Volunteers" in text
    assert "Stockport Central Library" in text and "SK1 3RS" in text
    assert "Bramhall Library" in text and "SK7 1AW" in text
    assert "Tuesday 3 March, 10am to 12 noon at Stockport Central Library" in text
    assert "Thursday 5 March, 2pm to 4pm at Bramhall Library" in text
    assert "0161 496 0123" in text
    assert "Your tablet and its charger" in text
    assert "Free" in text and "Just turn up" in text
    url = f"http://testserver{listing.url}"
    assert url in text
    svg = item.find("svg")
    assert svg["role"] == "img"
    assert svg["aria-label"] == "QR code: scan it with a phone camera to open the web page for Email drop-in"
    assert item.figcaption.get_text() == "Scan with a phone camera to see this online"


def test_the_print_view_has_a_print_button_only_for_javascript_and_a_menu_hint_without(client, listing):
    add_to_shortlist(client, listing)
    soup = BeautifulSoup(client.get("/shortlist/print/").content, "html.parser")
    button = soup.find("button", attrs={"data-print": True})
    assert button.has_attr("hidden")
    assert "Print menu" in soup.find(attrs={"data-print-hint": True}).get_text()
    assert soup.find("script", src="/static/js/handout.js")


def test_the_print_hint_gives_the_keys_for_windows_and_for_a_mac(client, listing):
    soup = BeautifulSoup(client.get(f"/handout/{listing.pk}/").content, "html.parser")
    hint = soup.find(attrs={"data-print-hint": True}).get_text()
    assert "Ctrl and P" in hint and "Cmd and P on a Mac" in hint


def test_the_print_view_of_an_empty_list_says_so(client, db, home_page):
    response = client.get("/shortlist/print/")
    assert response.status_code == 200
    assert "Your shortlist is empty." in response.content.decode()


def test_a_one_click_handout_for_a_single_listing(client, listing):
    response = client.get(f"/handout/{listing.pk}/?print=1")
    soup = BeautifulSoup(response.content, "html.parser")
    assert [item.h2.get_text(strip=True) for item in soup.select(".handout-item")] == ["Email drop-in"]
    assert soup.find(attrs={"data-autoprint": True}) is not None


def test_there_is_no_handout_for_a_draft(client, directory):
    assert client.get(f"/handout/{directory['draft'].pk}/").status_code == 404


def test_a_temporarily_closed_listing_says_so_on_the_handout(client, listing):
    listing.status = "temporarily_closed"
    listing.status_note = "Back in September"
    listing.save_revision().publish()
    text = BeautifulSoup(client.get(f"/handout/{listing.pk}/").content, "html.parser").get_text(" ")
    assert "Temporarily closed: Back in September" in text


def test_phone_help_shows_its_times_instead_of_an_address(client, directory):
    text = BeautifulSoup(client.get(f"/handout/{directory['helpline'].pk}/").content, "html.parser").get_text(
        " ", strip=True
    )
    assert "By phone or online" in text
    assert "Monday" in text and "9am to 5pm" in text


@time_machine.travel(MONDAY, tick=False)
def test_an_event_on_the_handout_has_its_next_sessions_booking_and_what_to_bring(client, directory):
    import datetime as dt

    from tests.factories import EventCancellationFactory, EventPageFactory

    organisation = directory["email"].get_parent()
    event = EventPageFactory(
        parent=organisation,
        title="Tablet club",
        venue=directory["email"].locations.first().venue,
        booking="phone",
        booking_phone="0161 496 0222",
        what_to_bring="Your tablet",
    )
    EventCancellationFactory(page=event, date=dt.date(2026, 3, 10), reason="Closed")
    add_to_shortlist(client, event)
    soup = BeautifulSoup(client.get("/shortlist/print/").content, "html.parser")
    text = soup.find("article", class_="handout-item").get_text(" ", strip=True)
    assert "Tablet club" in text
    assert "Tuesday 3 March, 10am to 12 noon" in text
    assert "Tuesday 10 March" not in text  # cancelled
    assert "Tuesday 17 March, 10am to 12 noon" in text
    assert "You need to book. Ring 0161 496 0222." in text
    assert "Your tablet" in text
    assert "SK1 3RS" in text
