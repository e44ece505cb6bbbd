"""Only live, public content is published, in the API and the downloads; nothing about users; and
ids survive edits. (The `client` also checks each API answer against the specification: conftest.py.)"""

import csv
import datetime as dt
import io
import json

import pytest
from wagtail.models import PageViewRestriction

from directory.models import OrganisationPage, ServicePage
from open_data import queries
from tests import factories
from tests.open_data.conftest import add_listing, weekly

pytestmark = pytest.mark.django_db

EVERY_LISTING = {"Email drop-in", "Phone help line", "Banking with confidence", "Tablet club"}


def listed(client) -> set[str]:
    return {item["name"] for item in client.get("/api/oruk/services").json()["contents"]}


def located(client, **query) -> set[str]:
    answer = client.get("/api/oruk/service_at_locations", query).json()
    return {item["service"]["name"] for item in answer["contents"]}


def downloaded(client) -> dict[str, set[str]]:
    """The listing and organisation names in the CSV download, and the listing names in the JSON one."""
    body = b"".join(client.get("/open-data/directory.csv").streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    data = json.loads(b"".join(client.get("/open-data/directory.json").streaming_content))
    return {
        "csv listings": {row["listing_name"] for row in rows if row["listing_name"]},
        "csv organisations": {row["organisation_name"] for row in rows},
        "json listings": {service["name"] for service in data["contents"]},
    }


def add_draft(directory) -> ServicePage:
    """A listing saved in the admin but never published."""
    draft = add_listing(
        directory["organisations"]["age"],
        "Secret draft",
        topics=[directory["topics"]["email"]],
        venues=[(directory["venues"]["library"], "", [weekly("TU", dt.time(10), dt.time(11))])],
        publish=False,
    )
    draft.live = False
    draft.save()
    return draft


def test_a_draft_listing_is_not_published(client, directory):
    draft = add_draft(directory)
    assert "Secret draft" not in listed(client) and "Secret draft" not in located(client)
    assert client.get(f"/api/oruk/services/{draft.uuid}").status_code == 404
    link = draft.locations.get()
    assert client.get(f"/api/oruk/service_at_locations/{link.uuid}").status_code == 404


def test_an_unpublished_listing_disappears(client, directory):
    directory["listings"]["banking"].unpublish()
    assert "Banking with confidence" not in listed(client)
    assert "Banking with confidence" not in located(client)


def test_unpublished_changes_are_not_published(client, directory):
    listing = directory["listings"]["banking"]
    listing.title = "Renamed in a draft"
    listing.save_revision()
    assert "Renamed in a draft" not in listed(client)
    assert "Banking with confidence" in listed(client)


def test_listings_of_an_unpublished_organisation_are_not_published(client, directory):
    organisation = directory["organisations"]["tech"]
    # Unpublishing only the organisation page leaves its listings live in Wagtail; the API still hides them.
    organisation.unpublish(set_expired=False, commit=True)
    ServicePage.objects.child_of(organisation).update(live=True)
    assert listed(client) == {"Email drop-in", "Phone help line"}
    assert located(client) == {"Email drop-in"}


def test_listings_in_a_private_section_are_not_published(client, directory):
    PageViewRestriction.objects.create(
        page=directory["organisations"]["age"],
        restriction_type=PageViewRestriction.PASSWORD,
        password="secret",
    )
    assert listed(client) == {"Banking with confidence", "Tablet club"}
    email = directory["listings"]["email"]
    assert client.get(f"/api/oruk/services/{email.uuid}").status_code == 404


def test_a_draft_listing_is_not_in_the_downloads(client, directory):
    add_draft(directory)
    found = downloaded(client)
    assert found["csv listings"] == found["json listings"] == EVERY_LISTING


def test_unpublished_changes_are_not_in_the_downloads(client, directory):
    listing = directory["listings"]["banking"]
    listing.title = "Renamed in a draft"
    listing.summary = "A summary nobody has approved."
    listing.save_revision()
    found = downloaded(client)
    assert found["csv listings"] == found["json listings"] == EVERY_LISTING
    csv_body = b"".join(client.get("/open-data/directory.csv").streaming_content)
    json_body = b"".join(client.get("/open-data/directory.json").streaming_content)
    assert b"nobody has approved" not in csv_body and b"nobody has approved" not in json_body


def test_private_organisations_and_listings_are_not_in_the_downloads(client, directory):
    PageViewRestriction.objects.create(
        page=directory["organisations"]["age"],
        restriction_type=PageViewRestriction.PASSWORD,
        password="secret",
    )
    PageViewRestriction.objects.create(
        page=directory["listings"]["wilmslow"], restriction_type=PageViewRestriction.LOGIN
    )
    assert downloaded(client) == {
        "csv listings": {"Banking with confidence"},
        "csv organisations": {"Tech Buddies"},
        "json listings": {"Banking with confidence"},
    }


@pytest.fixture
def many_unpublished_organisations(directory, organisation_index):
    """More unpublished organisations than queries.HIDDEN_LIMIT, each with a live listing at the
    library, so that their listings are left out by the subquery rather than by path."""
    library = directory["venues"]["library"]
    for number in range(queries.HIDDEN_LIMIT + 1):
        organisation = factories.OrganisationPageFactory(
            parent=organisation_index, title=f"Withdrawn group {number}"
        )
        add_listing(
            organisation,
            f"Withdrawn listing {number}",
            topics=[directory["topics"]["email"]],
            venues=[(library, "", [weekly("TU", dt.time(10), dt.time(11))])],
        )
    # Unpublishing only the organisation pages leaves their listings live in Wagtail.
    OrganisationPage.objects.filter(title__startswith="Withdrawn group").update(live=False)
    assert ServicePage.objects.filter(title__startswith="Withdrawn listing", live=True).count() == (
        queries.HIDDEN_LIMIT + 1
    )
    assert len(queries._hidden_organisation_paths()) > queries.HIDDEN_LIMIT


def test_listings_of_many_unpublished_organisations_are_not_in_the_api(
    client, directory, many_unpublished_organisations
):
    assert listed(client) == EVERY_LISTING
    assert client.get("/api/oruk/services").json()["total_items"] == 4
    assert located(client) == {"Email drop-in", "Banking with confidence", "Tablet club"}
    assert located(client, postcode="SK1 3XE") == {"Email drop-in", "Banking with confidence", "Tablet club"}
    assert located(client, postcode="SK1 3XE", proximity=5000) == {"Email drop-in", "Banking with confidence"}
    assert located(client, search="withdrawn") == set()


def test_listings_of_many_unpublished_organisations_are_not_in_the_downloads(
    client, directory, many_unpublished_organisations
):
    assert downloaded(client) == {
        "csv listings": EVERY_LISTING,
        "csv organisations": {"Age Friendly Stockport", "Tech Buddies"},
        "json listings": EVERY_LISTING,
    }


def test_nothing_about_users_is_published(client, directory, django_user_model):
    editor = django_user_model.objects.create_user(
        "editor-age", "private.editor@secret.example", "password", first_name="Priya", last_name="Private"
    )
    listing = directory["listings"]["email"]
    listing.owner = editor
    listing.save_revision(user=editor).publish(user=editor, skip_permission_checks=True)
    answers = [
        client.get(f"/api/oruk/services/{listing.uuid}").content,
        client.get("/api/oruk/services").content,
        client.get("/api/oruk/service_at_locations").content,
        b"".join(client.get("/open-data/directory.json").streaming_content),
        b"".join(client.get("/open-data/directory.csv").streaming_content),
    ]
    for answer in answers:
        text = answer.decode()
        for private in ("private.editor", "secret.example", "Priya", "Private", "editor-age"):
            assert private not in text


def test_ids_stay_the_same_when_a_listing_is_edited(client, directory):
    listing = directory["listings"]["email"]
    before = client.get(f"/api/oruk/services/{listing.uuid}").json()

    listing = ServicePage.objects.get(pk=listing.pk)
    listing.title = "Email and NHS App drop-in"
    library_link = listing.locations.get(venue=directory["venues"]["library"])
    tuesday = library_link.schedules.get(day="TU")
    tuesday.closes_at = dt.time(12, 30)
    library_link.schedules = [tuesday, *library_link.schedules.exclude(pk=tuesday.pk)]
    listing.locations = [library_link, *listing.locations.exclude(pk=library_link.pk)]
    listing.save_revision().publish()

    after = client.get(f"/api/oruk/services/{listing.uuid}").json()
    assert after["name"] == "Email and NHS App drop-in"
    assert after["id"] == before["id"]
    assert [link["id"] for link in after["service_at_locations"]] == [
        link["id"] for link in before["service_at_locations"]
    ]
    assert sorted(schedule["id"] for schedule in after["schedules"]) == sorted(
        schedule["id"] for schedule in before["schedules"]
    )
    assert [item["id"] for item in after["attributes"]] == [item["id"] for item in before["attributes"]]
    tuesday_after = next(s for s in after["schedules"] if s["byday"] == "TU")
    assert tuesday_after["closes_at"] == "12:30"


def test_derived_ids_are_the_same_on_every_request(client, directory):
    listing = directory["listings"]["email"]
    first = client.get(f"/api/oruk/services/{listing.uuid}").content
    second = client.get(f"/api/oruk/services/{listing.uuid}").content
    assert json.loads(first) == json.loads(second)
