"""Security headers, and uploads served in production."""

import pytest
from django.test import override_settings
from django.urls import clear_url_caches

pytestmark = pytest.mark.django_db


def test_public_pages_allow_only_our_scripts_and_styles_and_the_tile_server(client, home_page):
    response = client.get("/find/")
    policy = dict(part.split(" ", 1) for part in response["Content-Security-Policy"].split("; "))
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert "https://tile.openstreetmap.org" in policy["img-src"]
    assert policy["object-src"] == "'none'"


def test_only_our_own_pages_may_ask_for_the_location(client, home_page):
    assert "geolocation=(self)" in client.get("/find/")["Permissions-Policy"]


def test_pages_carry_no_inline_script(client, home_page, directory):
    """Data blocks (JSON-LD, map markers) are fine: browsers never run them."""
    from bs4 import BeautifulSoup

    for url in ("/find/?q=email", directory["email"].url):
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        for script in soup.find_all("script"):
            assert script.get("src") or script.get("type") in {"application/json", "application/ld+json"}
        assert not soup.select("[onclick], [onload], [onchange], [onsubmit], [style]")


def test_uploads_are_served_in_production(client, settings, tmp_path):
    import importlib

    import signpost.urls

    (tmp_path / "logo.txt").write_text("a logo")
    settings.MEDIA_ROOT = tmp_path
    try:
        with override_settings(DEBUG=False, SERVE_MEDIA=True):
            clear_url_caches()
            importlib.reload(signpost.urls)
            response = client.get("/media/logo.txt")
            assert response.status_code == 200
            assert b"".join(response.streaming_content) == b"a logo"
            assert client.get("/media/../settings.py").status_code in {400, 404}
    finally:
        importlib.reload(signpost.urls)
        clear_url_caches()
