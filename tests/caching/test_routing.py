"""Routing from the shared cache (caching/sites.py): a page found once is found again without a query,
and never at a path it has left or once it is no longer published. The page cache is off here (as in
every test but its own), so each answer is built again and only the cached route is tested."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import ServicePage
from tests import factories


@pytest.fixture
def listing(organisation):
    return factories.ServicePageFactory(parent=organisation, title="Tablet club")


@pytest.mark.django_db
def test_a_page_found_once_is_found_again_without_reading_the_sites_or_the_page_tree(client, listing):
    assert client.get(listing.url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(listing.url).status_code == 200
    routing = [
        query["sql"]
        for query in queries
        if 'FROM "wagtailcore_site"' in query["sql"] or '"wagtailcore_page"."url_path" =' in query["sql"]
    ]
    assert routing == []


@pytest.mark.django_db
def test_a_renamed_page_is_found_at_its_new_address_and_not_at_its_old_one(client, listing):
    old_url = listing.url
    assert client.get(old_url).status_code == 200
    listing.slug = "tablet-club-on-tuesdays"
    listing.save_revision().publish()
    listing = ServicePage.objects.get(pk=listing.pk)
    assert client.get(listing.url).status_code == 200
    assert client.get(old_url).status_code == 404


@pytest.mark.django_db
def test_an_unpublished_page_is_not_served_from_its_cached_route(client, listing):
    assert client.get(listing.url).status_code == 200
    listing.unpublish()
    assert client.get(listing.url).status_code == 404


@pytest.mark.django_db
def test_a_page_published_at_an_address_that_was_not_found_before_is_served(client, organisation):
    url = f"{organisation.url}new-listing/"
    assert client.get(url).status_code == 404
    factories.ServicePageFactory(parent=organisation, title="New listing", slug="new-listing")
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_a_changed_page_is_shown_as_it_is_now(client, listing):
    assert b"Tablet club" in client.get(listing.url).content
    listing.title = "Tablet and phone club"
    listing.save_revision().publish()
    assert b"Tablet and phone club" in client.get(listing.url).content
