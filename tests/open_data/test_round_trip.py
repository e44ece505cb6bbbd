"""Export, then import into an empty site, gives back the same directory; importing again changes nothing."""

import pytest
from django.core.management import call_command
from wagtail.models import Revision

from directory.models import OrganisationPage, ServicePage, Venue
from open_data.schedule_text import Times
from open_data.text import html_to_text
from tests import factories

pytestmark = pytest.mark.django_db

ORGANISATION_FIELDS = [
    "title",
    "summary",
    "website",
    "email",
    "phone",
    "charity_number",
    "company_number",
    "live",
]
LISTING_FIELDS = [
    "title",
    "summary",
    "levels",
    "cost",
    "cost_note",
    "how_to_take_part",
    "booking_details",
    "booking_url",
    "what_to_bring",
    "offers_devices",
    "offers_free_wifi",
    "offers_free_data",
    "contact_name",
    "contact_phone",
    "contact_email",
    "status",
    "status_note",
    "last_checked",
    "live",
]
VENUE_FIELDS = [
    "name",
    "kind",
    "address",
    "town",
    "postcode",
    "latitude",
    "longitude",
    "accessibility_notes",
    "public_computers",
    "free_wifi",
    "phone",
    "website",
]


def names(terms) -> list[str]:
    return sorted(term.name for term in terms.all())


def snapshot() -> dict:
    """Everything about the directory that the spreadsheet carries, keyed by open data id."""
    organisations = {
        str(org.uuid): {field: getattr(org, field) for field in ORGANISATION_FIELDS}
        | {"description": html_to_text(org.description)}
        for org in OrganisationPage.objects.all()
    }
    listings = {}
    for listing in ServicePage.objects.all():
        listings[str(listing.uuid)] = {field: getattr(listing, field) for field in LISTING_FIELDS} | {
            "organisation": str(listing.get_parent().specific.uuid),
            "description": html_to_text(listing.description),
            "topics": names(listing.topics),
            "formats": names(listing.formats),
            "audiences": names(listing.audiences),
            "languages": names(listing.languages),
            "venues": {
                str(link.uuid): {
                    "venue": str(link.venue.uuid),
                    "note": link.note,
                    "times": [Times.of(row) for row in link.schedules.all()],
                }
                for link in listing.locations.all()
            },
            "remote": [Times.of(row) for row in listing.remote_schedules.all()],
        }
    venues = {
        str(venue.uuid): {field: getattr(venue, field) for field in VENUE_FIELDS}
        | {"facilities": names(venue.access_facilities)}
        for venue in Venue.objects.all()
    }
    return {"organisations": organisations, "listings": listings, "venues": venues}


def wipe_directory() -> None:
    for organisation in OrganisationPage.objects.all():
        organisation.delete()
    Venue.objects.all().delete()
    assert not ServicePage.objects.exists()


def download(client, url, path) -> str:
    response = client.get(url)
    path.write_bytes(b"".join(response.streaming_content))
    return str(path)


def run_import(source, *options) -> list[str]:
    import io

    out = io.StringIO()
    call_command("import_listings", source, *options, stdout=out)
    return out.getvalue().splitlines()


@pytest.fixture
def full_directory(directory, organisation_index):
    """The shared directory, an organisation with no listings and a listing with every detail filled in."""
    factories.OrganisationPageFactory(
        parent=organisation_index,
        title="Brand New Group",
        summary="Joined this month.",
        company_number="SC123456",
    )
    listing = directory["listings"]["phone"]
    listing.what_to_bring = "Your phone.\nA pen."
    listing.offers_devices = True
    listing.offers_free_data = True
    listing.booking_url = "https://age.example.org/book"
    listing.contact_phone = "0161 496 0999"
    listing.cost_note = "+ free tea"  # starts like a spreadsheet formula
    listing.save_revision().publish()
    return directory


def test_csv_export_then_import_into_an_empty_site_gives_back_the_same_directory(
    client, full_directory, tmp_path
):
    before = snapshot()
    source = download(client, "/open-data/directory.csv", tmp_path / "directory.csv")
    wipe_directory()

    lines = run_import(source, "--commit")

    assert snapshot() == before, "\n".join(lines)
    assert any(line.startswith("row 2: created listing") for line in lines)


def test_importing_the_same_csv_twice_changes_nothing_the_second_time(client, full_directory, tmp_path):
    source = download(client, "/open-data/directory.csv", tmp_path / "directory.csv")
    wipe_directory()
    run_import(source, "--commit")
    after_first = snapshot()
    revisions = Revision.objects.count()

    lines = run_import(source, "--commit")

    assert snapshot() == after_first
    assert Revision.objects.count() == revisions
    rows = [line for line in lines if line.startswith("row ")]
    assert rows and all(": skipped " in line for line in rows), "\n".join(lines)


def test_importing_an_export_over_the_same_site_changes_nothing(client, full_directory, tmp_path):
    before, revisions = snapshot(), Revision.objects.count()
    source = download(client, "/open-data/directory.csv", tmp_path / "directory.csv")

    lines = run_import(source, "--commit")

    assert snapshot() == before
    assert Revision.objects.count() == revisions, "\n".join(lines)


def test_open_referral_json_export_then_import_gives_back_what_it_carries(client, full_directory, tmp_path):
    """ORUK has no place for some of Signpost's details (how to take part, devices, a venue's kind),
    so those take their defaults; everything the format carries comes back."""
    not_carried = {"how_to_take_part", "booking_details", "booking_url", "what_to_bring"} | {
        "offers_devices",
        "offers_free_wifi",
        "offers_free_data",
    }

    def carried(state):
        for listing in state["listings"].values():
            for field in not_carried:
                listing.pop(field)
        for venue in state["venues"].values():
            for field in ("kind", "public_computers", "free_wifi"):
                venue.pop(field)
        return state

    before = carried(snapshot())
    source = download(client, "/open-data/directory.json", tmp_path / "directory.json")
    wipe_directory()

    lines = run_import(source, "--commit")

    after = carried(snapshot())
    # An organisation with no listings has no service to travel in.
    del before["organisations"][
        next(k for k, v in before["organisations"].items() if v["title"] == "Brand New Group")
    ]
    assert after == before, "\n".join(lines)
    assert run_import(source, "--commit")[-1].startswith("4 services: 4 skipped")
