"""The "Open data" page and its whole-directory downloads."""

import csv
import io
import json

import pytest
from bs4 import BeautifulSoup
from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage, SiteSettings
from open_data.columns import COLUMNS
from open_data.models import OpenDataPage
from open_data.validation import problems, response_validator, schema_validator
from tests.test_accessibility_markup import assert_accessible_structure

pytestmark = pytest.mark.django_db


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


def csv_rows(client) -> list[dict]:
    _response, body = download(client, "/open-data/directory.csv")
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.fixture
def open_data_page(home_page):
    page = OpenDataPage(
        title="Open data", slug="open-data", summary="Use our directory in your own services."
    )
    home_page.add_child(instance=page)
    return page


def test_the_csv_has_the_template_columns_and_opens_as_utf8_in_excel(client, directory):
    response, body = download(client, "/open-data/directory.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="directory-')
    assert body.startswith("\ufeff".encode())
    assert next(csv.reader(io.StringIO(body.decode("utf-8-sig")))) == COLUMNS


def test_the_csv_has_a_row_for_each_listing_at_each_venue_and_for_phone_times(client, directory):
    rows = [(row["listing_name"], row["venue_name"]) for row in csv_rows(client)]
    assert rows == [
        ("Email drop-in", "Central Library"),
        ("Email drop-in", "Reddish Community Hall"),
        ("Phone help line", ""),
        ("Banking with confidence", "Reddish Community Hall"),
        ("Tablet club", "Wilmslow Hub"),
    ]


def test_the_csv_writes_times_in_words(client, directory):
    rows = {(row["listing_name"], row["venue_name"]): row for row in csv_rows(client)}
    assert rows["Email drop-in", "Central Library"]["times"] == (
        "Every Tuesday 10:00-12:00; First Saturday of the month 10:00-12:30 (Not in August)"
    )
    assert rows["Email drop-in", "Reddish Community Hall"]["times"] == (
        "Every other Thursday 13:30-15:30 from 2026-01-08; "
        "Last Friday of the month 18:00-20:00 until 2026-12-25"
    )
    assert rows["Phone help line", ""]["times"] == "Every Monday 09:00-17:00; Every Wednesday 09:00-17:00"


def test_an_organisation_without_listings_has_a_row_of_its_own(client, directory, organisation_index):
    from tests import factories

    factories.OrganisationPageFactory(parent=organisation_index, title="New Members Group")
    rows = [row for row in csv_rows(client) if row["organisation_name"] == "New Members Group"]
    assert len(rows) == 1 and rows[0]["listing_name"] == ""


def test_cells_that_a_spreadsheet_would_run_as_formulas_are_quoted(client, directory):
    listing = directory["listings"]["banking"]
    listing.summary = '=HYPERLINK("http://evil.example","Click")'
    listing.save_revision().publish()
    row = next(row for row in csv_rows(client) if row["listing_name"] == "Banking with confidence")
    assert row["listing_summary"] == '\'=HYPERLINK("http://evil.example","Click")'


def test_the_json_is_every_listing_in_full_as_one_open_referral_page(client, directory):
    response, body = download(client, "/open-data/directory.json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    data = json.loads(body)
    assert not problems(response_validator("/services"), data)
    for service in data["contents"]:
        assert not problems(schema_validator("compiled/service.json"), service)
    assert (data["total_items"], data["total_pages"], data["size"], data["last_page"]) == (4, 1, 4, True)
    assert sum(len(service["service_at_locations"]) for service in data["contents"]) == 4
    assert data["licence"]["name"] == "Open Government Licence v3.0"


def test_an_empty_directory_downloads_as_an_empty_page(client, db):
    data = json.loads(download(client, "/open-data/directory.json")[1])
    assert data["contents"] == [] and data["empty"] is True and data["total_items"] == 0


def test_the_open_data_page_states_the_licence_from_the_site_settings(
    client, directory, open_data_page, site
):
    settings = SiteSettings.for_site(site)
    settings.open_data_licence_name = "Creative Commons Attribution 4.0"
    settings.open_data_licence_url = "https://creativecommons.org/licenses/by/4.0/"
    settings.save()
    soup = BeautifulSoup(client.get(open_data_page.url).content, "html.parser")
    licence = soup.find("a", rel="license")
    assert licence.text == "Creative Commons Attribution 4.0"
    assert licence["href"] == "https://creativecommons.org/licenses/by/4.0/"


def test_the_open_data_page_offers_the_downloads_and_the_api(client, directory, open_data_page):
    response = client.get(open_data_page.url)
    soup = BeautifulSoup(response.content, "html.parser")
    assert_accessible_structure(soup)
    links = {a["href"] for a in soup.find_all("a")}
    assert {
        "/open-data/directory.csv",
        "/open-data/directory.json",
        "/api/oruk/",
        "/api/oruk/openapi.json",
    } <= links
    assert "4 listings at 3 venues" in soup.get_text(" ", strip=True)
    assert "Open Government Licence v3.0" in soup.get_text()


def test_the_download_links_say_what_each_file_is_for_in_plain_english(client, directory, open_data_page):
    soup = BeautifulSoup(client.get(open_data_page.url).content, "html.parser")
    downloads = soup.find("section", attrs={"aria-labelledby": "downloads-heading"})
    links = {a["href"]: a.get_text(" ", strip=True) for a in downloads.find_all("a")}
    assert links == {
        "/open-data/directory.csv": "The whole directory as a spreadsheet (CSV)",
        "/open-data/directory.json": (
            "The whole directory for other websites and apps (JSON, Open Referral UK format)"
        ),
    }


def test_the_api_is_in_a_section_labelled_for_developers(client, directory, open_data_page):
    soup = BeautifulSoup(client.get(open_data_page.url).content, "html.parser")
    api_links = soup.find_all("a", href="/api/oruk/")
    assert len(api_links) == 1
    section = api_links[0].find_parent("section")
    heading = soup.find(id=section["aria-labelledby"])
    assert heading.name == "h2" and heading.get_text(strip=True).startswith("For developers")


def test_every_page_links_to_the_open_data_page_in_its_footer(client, open_data_page, home_page):
    soup = BeautifulSoup(client.get(home_page.url).content, "html.parser")
    footer_links = [a["href"] for a in soup.find("nav", attrs={"aria-label": "Footer"}).find_all("a")]
    assert open_data_page.url in footer_links


def test_the_import_template_can_be_downloaded(client, db):
    response = client.get("/open-data/import-template.csv")
    assert response.status_code == 200
    assert next(csv.reader(io.StringIO(response.content.decode()))) == [
        c for c in COLUMNS if c != "listing_url"
    ]


class OpenDataPageTreeTests(WagtailPageTestCase):
    def test_the_open_data_page_lives_under_the_home_page_only(self):
        self.assertAllowedParentPageTypes(OpenDataPage, {HomePage})
        self.assertAllowedSubpageTypes(OpenDataPage, set())

    def test_an_editor_can_add_the_open_data_page_under_the_home_page(self):
        self.login()
        self.assertCanCreateAt(HomePage, OpenDataPage)
