"""Only live, public content is published, nothing about users, and ids survive edits."""

import datetime as dt
import json

import pytest
from wagtail.models import PageViewRestriction

from directory.models import ServicePage
from tests.open_data.conftest import add_listing, weekly

pytestmark = pytest.mark.django_db


def listed(client) -> set[str]:
    return {item["name"] for item in client.get("/api/oruk/services").json()["contents"]}


def located(client) -> set[str]:
    return {
        item["service"]["name"] for item in client.get("/api/oruk/service_at_locations").json()["contents"]
    }


def test_a_draft_listing_is_not_published(client, directory):
    draft = add_listing(
        directory["organisations"]["age"],
        "Secret draft",
        topics=[directory["topics"]["email"]],
        venues=[(directory["venues"]["library"], "", [weekly("TU", dt.time(10), dt.time(11))])],
        publish=False,
    )
    draft.live = False
    draft.save()
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
