"""/sitemap.xml lists every public page; /robots.txt points at it and keeps crawlers off results,
staff mode, shortlists and the admin; pages name their canonical address."""

import pytest
from bs4 import BeautifulSoup

from tests.search import conftest as search_fixtures

# The search tests' small directory around Stockport.
directory = search_fixtures.directory
gazetteer = search_fixtures.gazetteer

pytestmark = pytest.mark.django_db


def locations(client) -> set[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    return {loc.get_text() for loc in BeautifulSoup(response.content, "html.parser").find_all("loc")}


def test_the_sitemap_lists_live_pages_and_venues_with_help(client, directory):
    listed = locations(client)
    email = directory["email"]
    assert email.full_url in listed
    assert email.get_parent().full_url in listed
    assert "http://testserver/venues/stockport-central-library/" in listed


def test_the_sitemap_leaves_out_drafts(client, directory):
    assert not any("secret-email-plans" in url for url in locations(client))


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_off_private_pages(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    for path in ("/find/", "/staff/", "/shortlist/", "/handout/", "/admin/"):
        assert f"Disallow: {path}" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_a_listing_names_its_canonical_address_and_describes_itself_from_its_summary(client, directory):
    email = directory["email"]
    page = BeautifulSoup(client.get(email.url, {"utm": "x"}).content, "html.parser")
    assert page.find("link", rel="canonical")["href"] == email.full_url
    assert page.find("meta", attrs={"name": "description"})["content"] == "Email drop-in."
