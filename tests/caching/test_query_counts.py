"""Each public page runs a fixed number of queries, however many venues, times, topics and events
it shows (issue 15: at most 12), reads of the shared cache included when that cache is the database.
The first request of a test fills the caches every page shares (the site, the page at the path, menus,
site settings, vocabularies, view restrictions, all kept until content changes); the counts are of
the request after it, as every request but the first after an edit is."""

import pytest
from django.core.management import call_command

from directory.models import ServicePage, Venue
from events.models import EventPage

MAX_QUERIES = 12


@pytest.fixture(autouse=True, params=["local memory cache", "database cache"])
def shared_cache(request, settings):
    """Each count holds with the tests' in-memory cache and with Django's database cache, where every
    read of the shared cache is a query too (production's Redis makes them round trips instead)."""
    if request.param == "database cache":
        backend = "django.core.cache.backends.db.DatabaseCache"
        settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": "signpost_cache"}}
        request.getfixturevalue("db")
        call_command("createcachetable", verbosity=0)  # the test database is built without migrate's hook
    return request.param


def count_second_request(
    client, django_assert_max_num_queries, url, writes: int = 0, most: int = MAX_QUERIES
):
    """`writes`: queries that record the visit rather than build the page (insights' view count)."""
    assert client.get(url).status_code == 200
    with django_assert_max_num_queries(most + writes):
        response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.django_db
def test_a_listing_page_with_many_venues_times_and_topics_runs_at_most_one_query(
    client, busy_organisation, django_assert_max_num_queries
):
    """Its rows are kept until content changes and read with its routing: one read of the shared cache
    (a query with the database cache, none with the others)."""
    listing = ServicePage.objects.child_of(busy_organisation).first()
    # One UPDATE more counts the view for the council's insights (no cookie, no identifier), as it is
    # without Redis: with Redis it is counted there (tests/insights/test_listing_views.py).
    response = count_second_request(client, django_assert_max_num_queries, listing.url, writes=1, most=1)
    assert response.content.count(b'class="venue-block"') == 3


@pytest.mark.django_db
def test_an_organisation_page_with_many_listings_runs_at_most_12_queries(
    client, busy_organisation, django_assert_max_num_queries
):
    response = count_second_request(client, django_assert_max_num_queries, busy_organisation.url)
    assert response.content.count(b'class="card"') >= 6


@pytest.mark.django_db
def test_a_venue_page_with_many_listings_runs_at_most_12_queries(
    client, busy_organisation, django_assert_max_num_queries
):
    venue = Venue.objects.filter(service_locations__isnull=False).first()
    count_second_request(client, django_assert_max_num_queries, venue.get_absolute_url())


@pytest.mark.django_db
def test_an_event_page_runs_at_most_12_queries(client, busy_organisation, django_assert_max_num_queries):
    event = EventPage.objects.live().first()
    count_second_request(client, django_assert_max_num_queries, event.url)


@pytest.mark.django_db
def test_the_home_page_runs_at_most_12_queries(client, busy_organisation, django_assert_max_num_queries):
    count_second_request(client, django_assert_max_num_queries, "/")


@pytest.mark.django_db
def test_whats_on_with_many_events_runs_at_most_12_queries(
    client, busy_organisation, django_assert_max_num_queries
):
    count_second_request(client, django_assert_max_num_queries, "/whats-on/")


@pytest.mark.django_db
def test_search_results_become_cards_in_a_fixed_number_of_queries(
    client, busy_organisation, django_assert_max_num_queries
):
    response = count_second_request(client, django_assert_max_num_queries, "/find/?where=SK1")
    assert response.context["results"].total >= 6
