"""The moderation compare view says what changed in words: times, venues, taxonomies; and leaves out
what nobody touched."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset

from directory.models import ServicePage
from tests import factories
from tests.factories import listing_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_listing(member_a):
    """Group A's listing on the site: Tuesdays 10:00-12:00 at Marple Library, about nothing yet."""
    listing = ServicePage.objects.get(pk=member_a.listing.pk)
    library = factories.VenueFactory(name="Marple Library", town="Marple")
    location = factories.ServiceAtLocationFactory(service=listing, venue=library, sort_order=0)
    factories.VenueScheduleFactory(service_location=location, sort_order=0)
    listing = ServicePage.objects.get(pk=listing.pk)
    listing.title = "Email drop-in"
    listing.description = "<p>Bring your phone.</p>"
    listing.save_revision().publish()
    return ServicePage.objects.get(pk=listing.pk)


def submit_edit(client, listing, *, venue, opens_at="10:00", closes_at="12:00", day="TU"):
    """The editor's form, submitted for approval: the listing's one venue row changed, or (for
    another venue) deleted and a new one added, as the form does when a venue is swapped."""
    location = listing.locations.first()
    schedule = location.schedules.first()
    row = {"day": day, "repeat": "weekly", "opens_at": opens_at, "closes_at": closes_at}
    if venue.pk == location.venue_id:
        schedules = inline_formset([{"id": schedule.pk, **row}], initial=1)
        rows = [
            {
                "id": location.pk,
                "venue": venue.pk,
                "note": "",
                "schedules": schedules,
                "closures_here": inline_formset([]),
            }
        ]
    else:
        old = {"id": schedule.pk, "day": "TU", "repeat": "weekly", "opens_at": "10:00", "closes_at": "12:00"}
        rows = [
            {
                "id": location.pk,
                "venue": location.venue_id,
                "note": "",
                "DELETE": "on",
                "schedules": inline_formset([old], initial=1),
                "closures_here": inline_formset([]),
            },
            {
                "venue": venue.pk,
                "note": "",
                "schedules": inline_formset([row]),
                "closures_here": inline_formset([]),
            },
        ]
    data = listing_form_data(
        venue,
        title=listing.title,
        slug=listing.slug,
        action="submit",
        locations=inline_formset(rows, initial=1),
    )
    response = client.post(f"/admin/pages/{listing.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]


def compare_rows(client, listing) -> dict[str, str]:
    listing = ServicePage.objects.get(pk=listing.pk)
    url = reverse(
        "wagtailadmin_pages:revisions_compare", args=[listing.pk, "live", listing.latest_revision_id]
    )
    soup = BeautifulSoup(client.get(url).content.decode(), "html.parser")
    rows = {}
    for row in soup.select("table.listing tbody tr"):
        cells = row.find_all("td")
        if len(cells) == 2:
            rows[cells[0].get_text(strip=True).rstrip(":")] = " ".join(cells[1].get_text(" ").split())
    return rows


def test_a_changed_time_is_said_in_words_at_its_venue(client, member_a, coordinator, live_listing):
    client.force_login(member_a.editor)
    submit_edit(client, live_listing, venue=live_listing.locations.first().venue, closes_at="12:30pm")
    client.force_login(coordinator)

    rows = compare_rows(client, live_listing)

    assert rows["Where and when"] == "Every Tuesday: 10:00–12:00 → 10:00–12:30 at Marple Library"


def test_a_description_nobody_touched_is_not_reported_as_changed(client, member_a, coordinator, live_listing):
    client.force_login(member_a.editor)
    submit_edit(client, live_listing, venue=live_listing.locations.first().venue, closes_at="12:30pm")
    client.force_login(coordinator)

    rows = compare_rows(client, live_listing)

    # The form saves the same words with the editor's block keys: not a change.
    assert (
        "data-block-key"
        in ServicePage.objects.get(pk=live_listing.pk).get_latest_revision_as_object().description
    )
    assert "Description" not in rows


def test_taxonomies_added_are_named(client, member_a, coordinator, live_listing):
    client.force_login(member_a.editor)
    submit_edit(client, live_listing, venue=live_listing.locations.first().venue)
    client.force_login(coordinator)

    rows = compare_rows(client, live_listing)

    assert rows["Topics"] == "Added: Email"
    assert "Where and when" not in rows


def test_a_venue_swapped_is_said_as_one_removed_and_one_added(client, member_a, coordinator, live_listing):
    hall = factories.VenueFactory(name="Romiley Hall", town="Romiley")
    client.force_login(member_a.editor)
    submit_edit(client, live_listing, venue=hall, opens_at="2pm", closes_at="4pm", day="WE")
    client.force_login(coordinator)

    rows = compare_rows(client, live_listing)

    assert rows["Where and when"] == (
        "Venue removed: Marple Library Venue added: Romiley Hall "
        "Added: Every Wednesday 14:00–16:00 at Romiley Hall"
    )
