"""A page of results costs the same number of queries whatever its size (no query per listing)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import Venue
from open_data import views
from tests import factories
from tests.open_data.conftest import add_listing, weekly

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_listings(organisation_index, vocabularies, gazetteer):
    """30 listings in 3 organisations, each at two of 12 venues with regular times, and phone times."""
    topics = list(vocabularies["topics"].values())
    venues = [
        factories.VenueFactory(name=f"Venue {n}", latitude=53.40 + n * 0.003, longitude=-2.15 - n * 0.003)
        for n in range(12)
    ]
    for venue in venues:
        venue.access_facilities.set(vocabularies["facilities"].values())
    for org_number in range(3):
        organisation = factories.OrganisationPageFactory(
            parent=organisation_index, title=f"Group {org_number}"
        )
        for number in range(10):
            index = org_number * 10 + number
            add_listing(
                organisation,
                f"Listing {index:02d}",
                topics=topics[: 1 + index % 3],
                formats=list(vocabularies["formats"].values()),
                languages=list(vocabularies["languages"].values()),
                venues=[
                    (
                        venues[index % 12],
                        "",
                        [weekly("TU", dt.time(10), dt.time(12)), weekly("TH", dt.time(14), dt.time(16))],
                    ),
                    (venues[(index + 5) % 12], "Upstairs", [weekly("FR", dt.time(10), dt.time(11))]),
                ],
                remote=[weekly("MO", dt.time(9), dt.time(17))],
            )
    return venues


def count_queries(client, path, **query) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, query)
    assert response.status_code == 200, response.content
    return len(queries)


LISTS = [
    ("/api/oruk/services", {}),
    ("/api/oruk/services", {"search": "listing", "day": "TU", "start_time": "09:00"}),
    ("/api/oruk/service_at_locations", {}),
    ("/api/oruk/service_at_locations", {"postcode": "SK1 3XE", "proximity": "50000"}),
    ("/api/oruk/service_at_locations", {"taxonomy_id": views.TAXONOMIES[0].id, "day": "FR"}),
]


def test_a_page_of_50_costs_the_same_queries_as_a_page_of_5(client, many_listings):
    for path, query in LISTS:
        client.get(path, query)  # the first request warms caches that every later request shares
        small = count_queries(client, path, per_page=5, **query)
        large = count_queries(client, path, per_page=50, **query)
        assert small == large, (path, query)
        # A full postcode the gazetteer lacks costs one lookup more: its district's (search/places.py).
        budget = 9 if "postcode" in query else 8
        assert large <= budget, (path, query)


def test_a_listing_at_many_venues_costs_the_same_queries_as_one_at_one_venue(
    client, many_listings, vocabularies
):
    organisation = factories.OrganisationPageFactory(
        parent=many_listings[0].service_locations.first().service.get_parent()
    )
    small = add_listing(
        organisation,
        "One venue",
        topics=[vocabularies["topics"]["email"]],
        venues=[(many_listings[0], "", [])],
    )
    large = add_listing(
        organisation,
        "Many venues",
        topics=list(vocabularies["topics"].values()),
        venues=[(venue, "", [weekly("WE", dt.time(10), dt.time(11))]) for venue in Venue.objects.all()],
    )
    client.get(f"/api/oruk/services/{small.uuid}")
    assert count_queries(client, f"/api/oruk/services/{small.uuid}") == count_queries(
        client, f"/api/oruk/services/{large.uuid}"
    )


def test_the_whole_directory_download_reads_listings_in_batches(client, many_listings, monkeypatch):
    def download_queries(batch_size):
        monkeypatch.setattr(views, "DOWNLOAD_BATCH", batch_size)
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/open-data/directory.json")
            b"".join(response.streaming_content)
        return len(queries)

    download_queries(30)  # the first request warms caches that every later request shares
    # Three batches of ten cost two batches' worth of queries more than one batch of thirty.
    one_batch, three_batches = download_queries(30), download_queries(10)
    per_batch = (three_batches - one_batch) / 2
    assert per_batch == int(per_batch) and per_batch <= 10
