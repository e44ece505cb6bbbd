"""The page cache for anonymous visitors: served from the cache until anything the page shows
changes or its clock moves on; never for signed-in visitors, a shortlist or a form with a token."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

from directory.models import HelpTopic, ServicePage, VenueSchedule
from events.models import EventPage
from search.models import SearchLog

# A Sunday morning, UK time: the busy organisation's listings meet Monday, Wednesday and Friday 10-12.
SUNDAY = dt.datetime(2026, 3, 22, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_SECONDS = 3600


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


def cached_twice(client, url) -> bytes:
    """The page, asked for twice: the second answer must come from the cache."""
    first = get(client, url)
    assert first["X-Page-Cache"] == "miss"
    second = get(client, url)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    return second.content


@pytest.fixture
def listing(busy_organisation):
    return ServicePage.objects.child_of(busy_organisation).order_by("pk").first()


@pytest.mark.django_db
def test_an_anonymous_visitor_gets_a_listing_page_from_the_cache_with_headers_a_cdn_understands(
    client, listing
):
    cached_twice(client, listing.url)
    response = get(client, listing.url)
    assert response["Cache-Control"].startswith("public")
    assert "s-maxage=" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


@pytest.mark.django_db
def test_a_new_release_does_not_serve_pages_the_release_before_kept(client, listing):
    # A deploy runs migrate; the pages the release before drew (its templates, its static files'
    # names) must not be served by the new one.
    cached_twice(client, listing.url)
    call_command("migrate", verbosity=0)
    assert get(client, listing.url)["X-Page-Cache"] == "miss"


@pytest.mark.django_db
def test_publishing_a_change_shows_at_once(client, listing, busy_organisation):
    cached_twice(client, busy_organisation.url)
    listing.title = "Brand new title"
    listing.save_revision().publish()
    response = get(client, busy_organisation.url)
    assert response["X-Page-Cache"] == "miss"
    assert b"Brand new title" in response.content


@pytest.mark.django_db
def test_unpublishing_a_listing_takes_it_off_its_organisations_page_at_once(
    client, listing, busy_organisation
):
    assert listing.title.encode() in cached_twice(client, busy_organisation.url)
    listing.unpublish()
    assert listing.title.encode() not in get(client, busy_organisation.url).content


@pytest.mark.django_db
def test_deleting_a_listing_takes_it_off_its_organisations_page_at_once(client, listing, busy_organisation):
    title = listing.title.encode()
    assert title in cached_twice(client, busy_organisation.url)
    listing.delete()
    assert title not in get(client, busy_organisation.url).content


@pytest.mark.django_db
def test_moving_a_listing_to_another_organisation_shows_at_once(client, listing, busy_organisation):
    from tests import factories

    other = factories.OrganisationPageFactory(parent=busy_organisation.get_parent())
    cached_twice(client, other.url)
    listing.move(other, pos="last-child")
    assert listing.title.encode() in get(client, other.url).content


@pytest.mark.django_db
def test_editing_a_venue_shows_at_once_on_the_listings_there(client, listing):
    venue = listing.locations.first().venue
    cached_twice(client, listing.url)
    venue.name = "The New Library"
    venue.save()
    assert b"The New Library" in get(client, listing.url).content


@pytest.mark.django_db
def test_renaming_a_help_topic_shows_at_once(client, listing):
    cached_twice(client, listing.url)
    topic = HelpTopic.objects.filter(services=listing).first()
    topic.name = "Video calls with family"
    topic.save()
    assert b"Video calls with family" in get(client, listing.url).content


@pytest.mark.django_db
def test_changing_a_regular_time_shows_at_once(client, listing):
    with time_machine.travel(SUNDAY, tick=False):
        cached_twice(client, listing.url)
        VenueSchedule.objects.filter(service_location__service=listing).update(opens_at=dt.time(9, 30))
        # .update() sends no signal, as an import's bulk write would not; saving one row does.
        VenueSchedule.objects.filter(service_location__service=listing).first().save()
        assert b"9:30am" in get(client, listing.url).content


@pytest.mark.django_db
def test_cancelling_an_event_shows_at_once(client, busy_organisation):
    event = EventPage.objects.live().first()
    cached_twice(client, event.url)
    event.status = "cancelled"
    event.save_revision().publish()
    assert get(client, event.url)["X-Page-Cache"] == "miss"


@pytest.mark.django_db
def test_a_listing_page_expires_when_its_next_session_starts(client, listing):
    with time_machine.travel(SUNDAY, tick=False):
        assert b"Next session" in cached_twice(client, listing.url)
    # Monday 10am UK time (UTC in March): the session the page called "next" has started.
    with time_machine.travel(dt.datetime(2026, 3, 23, 10, 0, 1, tzinfo=dt.UTC), tick=False):
        assert get(client, listing.url)["X-Page-Cache"] == "miss"


@pytest.mark.django_db
def test_a_page_is_kept_no_later_than_midnight(client, busy_organisation):
    with time_machine.travel(dt.datetime(2026, 3, 22, 23, 59, tzinfo=dt.UTC), tick=False):
        cached_twice(client, "/")
    with time_machine.travel(dt.datetime(2026, 3, 23, 0, 0, 1, tzinfo=dt.UTC), tick=False):
        assert get(client, "/")["X-Page-Cache"] == "miss"


@pytest.mark.django_db
def test_open_now_results_are_never_cached(client, busy_organisation):
    for _ in range(2):
        response = get(client, "/find/?open=now")
        assert "X-Page-Cache" not in response
        assert "public" not in response["Cache-Control"]


@pytest.mark.django_db
def test_a_search_served_from_the_cache_is_still_counted_for_the_councils_reports(client, busy_organisation):
    cached_twice(client, "/find/?where=SK1&q=help")
    assert SearchLog.objects.filter(outward_code="SK1").count() == 2
    # The app must see every search, so a CDN may not keep it.
    assert "s-maxage=0" in get(client, "/find/?where=SK1&q=help")["Cache-Control"]


@pytest.mark.django_db
def test_a_signed_in_visitor_is_never_served_from_the_shared_cache(client, admin_user, listing):
    cached_twice(client, listing.url)
    signed_in = Client()
    signed_in.force_login(admin_user)
    response = signed_in.get(listing.url)
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


@pytest.mark.django_db
def test_a_visitor_with_a_shortlist_sees_their_own_page_not_the_cached_one(client, listing):
    cached_twice(client, listing.url)
    visitor = Client()
    visitor.post("/shortlist/add/", {"page": listing.pk})
    response = visitor.get(listing.url)
    assert "X-Page-Cache" not in response
    assert b"Remove from shortlist" in response.content
    assert "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_page_with_a_form_that_carries_a_csrf_token_is_not_kept(client, listing):
    for _ in range(2):
        response = get(client, f"/report/{listing.pk}/")
        assert b"csrfmiddlewaretoken" in response.content
        assert "X-Page-Cache" not in response
        assert "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_shortlist_buttons_refuse_a_post_from_another_website(client, listing):
    response = client.post("/shortlist/add/", {"page": listing.pk}, headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403
    response = client.post(
        "/shortlist/add/", {"page": listing.pk}, headers={"Origin": "https://evil.example"}
    )
    assert response.status_code == 403
    response = client.post("/shortlist/add/", {"page": listing.pk}, headers={"Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 303


@pytest.mark.django_db
def test_the_shortlist_page_is_never_kept(client, busy_organisation):
    response = get(client, "/shortlist/")
    assert "X-Page-Cache" not in response
    assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]
