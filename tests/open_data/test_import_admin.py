"""Importing in the admin: upload, read the same report as `manage.py import_listings`, then confirm."""

import html
import io
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client

from directory.models import OrganisationPage, ServicePage, Venue
from inclusion_alliance.permissions import ensure_coordinators_group, setup_organisation_group
from tests.inclusion_alliance.factories import UserFactory
from tests.open_data.test_import_csv import row, write_csv

pytestmark = pytest.mark.django_db

URL = "/admin/import/"


@pytest.fixture
def site(organisation_index, vocabularies, gazetteer):
    return organisation_index


@pytest.fixture
def coordinator_client(site):
    client = Client()
    client.force_login(UserFactory(username="coordinator", groups=[ensure_coordinators_group()]))
    return client


def upload(client, path: str, **options):
    data = Path(path).read_bytes()
    file = SimpleUploadedFile(Path(path).name, data, content_type="text/csv")
    return client.post(URL, {"file": file, **{name: "on" for name, on in options.items() if on}})


def report_lines(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [" ".join(item.get_text(" ", strip=True).split()) for item in soup.select("ol.import-report li")]


def summary(response) -> str:
    soup = BeautifulSoup(response.content, "html.parser")
    return soup.select_one("#report-heading").find_next("p").get_text(strip=True)


def confirm(client, response):
    soup = BeautifulSoup(response.content, "html.parser")
    sha = soup.find("input", attrs={"name": "sha256"})
    assert sha is not None, "no Import button"
    return client.post(URL, {"sha256": sha["value"]})


def command_lines(path: str, *options) -> list[str]:
    """The command's report lines, without its summary (which says how to go on at the command line)."""
    out = io.StringIO()
    try:
        call_command("import_listings", path, *options, stdout=out)
    except CommandError:  # errors: the summary is the CommandError's message, not printed
        return [line for line in out.getvalue().splitlines() if line]
    return [line for line in out.getvalue().splitlines() if line][:-1]


def snapshot() -> tuple:
    return (
        sorted(OrganisationPage.objects.values_list("title", "live")),
        sorted(ServicePage.objects.values_list("title", "live", "has_unpublished_changes")),
        sorted(Venue.objects.values_list("name", flat=True)),
    )


def test_the_dry_run_shows_the_commands_report_and_saves_nothing(tmp_path, coordinator_client):
    path = write_csv(tmp_path, [row(), row(listing_name="Phone help", times="Every Friday 10:00-11:00")])

    response = upload(coordinator_client, path)

    assert response.status_code == 200
    assert report_lines(response) == command_lines(path)
    assert (
        summary(response) == '2 rows: 2 created. Dry run: nothing was saved. To save, press "Import" below.'
    )
    assert snapshot() == ([], [], [])


def test_confirm_imports_the_file_and_a_second_confirm_does_nothing(tmp_path, coordinator_client):
    response = upload(coordinator_client, write_csv(tmp_path, [row()]))

    imported = confirm(coordinator_client, response)

    assert imported.status_code == 200
    assert summary(imported) == "1 row: 1 created. Changes saved."
    listing = ServicePage.objects.get(title="Tablet help")
    assert listing.live
    after = snapshot()
    again = confirm(coordinator_client, response)
    assert "That import has already been done" in html.unescape(again.content.decode())
    assert snapshot() == after


def test_save_as_drafts_keeps_new_listings_unpublished(tmp_path, coordinator_client):
    response = upload(coordinator_client, write_csv(tmp_path, [row()]), draft=True)
    confirm(coordinator_client, response)
    assert not ServicePage.objects.get(title="Tablet help").live


def test_a_file_with_a_bad_row_saves_nothing_and_offers_no_import(tmp_path, coordinator_client):
    path = write_csv(tmp_path, [row(), row(listing_name="Broken", skill_levels="Expert")])

    response = upload(coordinator_client, path)

    assert report_lines(response) == command_lines(path)
    assert any(line.startswith("row 3: error:") for line in report_lines(response))
    assert summary(response) == (
        "2 rows: 1 created, 1 error. Dry run: nothing was saved. To save, fix the rows with errors and "
        'upload the file again, or tick "Save the rows without errors".'
    )
    assert BeautifulSoup(response.content, "html.parser").find("input", attrs={"name": "sha256"}) is None
    assert snapshot() == ([], [], [])


def test_told_to_skip_bad_rows_it_imports_the_good_ones(tmp_path, coordinator_client):
    path = write_csv(tmp_path, [row(), row(listing_name="Broken", skill_levels="Expert")])

    response = upload(coordinator_client, path, skip_errors=True)
    imported = confirm(coordinator_client, response)

    assert "The rows with errors were left out." in summary(imported)
    assert list(ServicePage.objects.values_list("title", flat=True)) == ["Tablet help"]


def test_an_open_referral_uk_file_is_imported(tmp_path, coordinator_client):
    # Our own API's answer for one service, from a directory made by the CSV import.
    confirm(coordinator_client, upload(coordinator_client, write_csv(tmp_path, [row()])))
    listing = ServicePage.objects.get(title="Tablet help")
    service = Client().get(f"/api/oruk/services/{listing.uuid}").json()
    service["name"] = "Tablet and phone help"
    path = tmp_path / "service.json"
    path.write_text(json.dumps(service), encoding="utf-8")

    response = upload(coordinator_client, str(path))
    assert report_lines(response) == command_lines(str(path))
    confirm(coordinator_client, response)

    assert ServicePage.objects.get(uuid=listing.uuid).title == "Tablet and phone help"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "The file is empty."),
        ("picture.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "This is not a CSV file."),
        ("broken.json", b'{"id": "1", "name": ', "is not valid JSON"),
        ("header.csv", b"organisation_name,listing_name\n", "no rows of listings"),
    ],
)
def test_a_file_that_cannot_be_read_gets_a_message_and_changes_nothing(
    coordinator_client, name, content, message
):
    response = coordinator_client.post(URL, {"file": SimpleUploadedFile(name, content)})

    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    assert message in text
    assert "Nothing was imported." in text
    assert snapshot() == ([], [], [])


def test_no_file_gets_a_message(coordinator_client):
    response = coordinator_client.post(URL, {})
    assert response.status_code == 200
    assert "Choose a file to import." in response.content.decode()


def test_a_confirm_for_another_file_imports_nothing(tmp_path, coordinator_client):
    upload(coordinator_client, write_csv(tmp_path, [row()]))
    response = coordinator_client.post(URL, {"sha256": "0" * 64})
    assert "Upload the file again" in html.unescape(response.content.decode())
    assert snapshot() == ([], [], [])


def test_editors_are_refused(tmp_path, site):
    organisation = OrganisationPage(title="Group A", slug="group-a")
    site.add_child(instance=organisation)
    editor = UserFactory(username="editor", groups=[setup_organisation_group(organisation)])
    client = Client()
    client.force_login(editor)

    assert client.get(URL).status_code in (302, 403)
    assert upload(client, write_csv(tmp_path, [row()])).status_code in (302, 403)
    assert not ServicePage.objects.exists()
    assert URL not in client.get("/admin/").content.decode()


def test_coordinators_find_it_in_the_menu(coordinator_client):
    assert URL in coordinator_client.get("/admin/").content.decode()
    assert coordinator_client.get(URL).status_code == 200
