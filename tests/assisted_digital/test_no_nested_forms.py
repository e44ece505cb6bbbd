"""No form inside another on the main pages, for residents and in staff mode. A browser drops a nested
form's start tag, so "Add to shortlist" inside the search form used to run the search again instead.
(The browser suite checks every page it visits the same way: tests/browser/browser.py.)"""

import pytest

from tests.html_checks import nested_forms

from .conftest import add_to_shortlist

pytestmark = pytest.mark.django_db

PUBLIC_PATHS = [
    "/",
    "/find/",
    "/find/?q=email",
    "/find/?q=email&where=SK1",
    "/find/?where=SK1&level=foundation&sort=name&page=1",
    "/find/?q=underwater+basket+weaving&where=SK7&radius=1",
    "/find/where/?topic=email",
    "/shortlist/",
    "/sitemap.xml",
]


def assert_no_nested_forms(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    assert nested_forms(response.content.decode()) == [], path


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_public_pages_have_no_form_inside_another(client, listing, path):
    add_to_shortlist(client, listing)
    assert_no_nested_forms(client, path)


def test_listing_and_organisation_pages_have_no_form_inside_another(client, listing):
    add_to_shortlist(client, listing)
    assert_no_nested_forms(client, listing.url)
    assert_no_nested_forms(client, listing.get_parent().url)


@pytest.mark.parametrize("path", ["/staff/find/?q=email&where=SK1", "/staff/find/", "/shortlist/", "/"])
def test_staff_mode_pages_have_no_form_inside_another(referrer_client, listing, path):
    add_to_shortlist(referrer_client, listing)
    assert_no_nested_forms(referrer_client, path)
