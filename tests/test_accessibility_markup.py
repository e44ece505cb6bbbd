"""The HTML itself has what assistive technology needs: landmarks, one h1, labels and a skip link.

Browser checks with axe-core (tests/browser) go further; these run everywhere, fast.
"""

import pytest
from bs4 import BeautifulSoup

from tests import factories


def page_html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def assert_accessible_structure(soup):
    assert soup.html.get("lang") == "en-GB"
    skip = soup.find("a", class_="skip-link")
    assert skip is not None and skip["href"] == "#main-content"
    mains = soup.find_all("main")
    assert len(mains) == 1 and mains[0].get("id") == "main-content"
    assert soup.find("header") is not None and soup.find("footer") is not None
    assert len(soup.find_all("h1")) == 1
    for nav in soup.find_all("nav"):
        assert nav.get("aria-label"), f"navigation without a label: {nav}"
    for field in soup.find_all(["input", "select", "textarea"]):
        if field.get("type") in {"hidden", "submit", "button"}:
            continue
        labelled = field.get("id") and soup.find("label", attrs={"for": field["id"]})
        assert labelled or field.get("aria-label") or field.get("aria-labelledby"), (
            f"unlabelled field: {field}"
        )
    for image in soup.find_all("img"):
        assert image.has_attr("alt"), f"image without alt text: {image}"
    # Headings do not skip levels (an h2 before any h3, and so on).
    levels = [int(tag.name[1]) for tag in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, f"heading level jumps from h{before} to h{after}"


@pytest.fixture
def listing(organisation, venue):
    service = factories.ServicePageFactory(
        parent=organisation, topics=[factories.HelpTopicFactory(name="Email")]
    )
    factories.VenueScheduleFactory(service_location__service=service, service_location__venue=venue)
    return service


def test_home_page_has_landmarks_labels_and_headings(client, home_page):
    soup = page_html(client, home_page.url)
    assert_accessible_structure(soup)
    assert soup.find("form", attrs={"role": "search"}) is not None


def test_organisation_page_has_landmarks_labels_and_headings(client, organisation, listing):
    assert_accessible_structure(page_html(client, organisation.url))


def test_listing_page_has_landmarks_labels_and_headings(client, listing):
    soup = page_html(client, listing.url)
    assert_accessible_structure(soup)
    assert soup.find(string=lambda text: text and "Last checked" in text)


def test_venue_page_has_landmarks_labels_and_headings(client, listing, venue):
    assert_accessible_structure(page_html(client, venue.get_absolute_url()))
