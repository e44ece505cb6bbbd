"""manage.py import_listings with Open Referral UK JSON: files, and feeds served over HTTP on loopback."""

import json
from pathlib import Path

import pytest

from directory.models import ServicePage, Venue
from open_data.taxonomies import TAXONOMY_BY_KEY
from tests.loopback import Handler, LoopbackServer
from tests.open_data.conftest import run, run_failing
from tests.open_data.test_round_trip import snapshot, wipe_directory

pytestmark = pytest.mark.django_db

FOREIGN_SERVICE = Path(__file__).with_name("foreign_service.json")


class Feed(LoopbackServer):
    """A real HTTP server on 127.0.0.1 that answers from a dict of "path?query" -> JSON."""

    def __init__(self):
        self.documents: dict[str, object] = {}
        self.requests: list[str] = []
        feed = self

        class FeedHandler(Handler):
            content_type = "application/json"

            def do_GET(self):  # noqa: N802 - the name http.server calls
                feed.requests.append(self.path)
                if self.path not in feed.documents:
                    self.send_error(404, "Not Found")
                    return
                self.answer(200, json.dumps(feed.documents[self.path]).encode())

        super().__init__(FeedHandler)


@pytest.fixture
def feed():
    with Feed() as running:
        yield running


def mirror_our_api(client, feed, per_page=2) -> str:
    """Copy what our own API answers onto the loopback feed: the pages of /services and each service."""
    page = 1
    while True:
        query = f"per_page={per_page}&page={page}"
        data = client.get(f"/api/oruk/services?{query}").json()
        feed.documents[f"/api/oruk/services?{query}"] = data
        for item in data["contents"]:
            feed.documents[f"/api/oruk/services/{item['id']}"] = client.get(
                f"/api/oruk/services/{item['id']}"
            ).json()
        if data["last_page"]:
            break
        page += 1
    return f"{feed.url}/api/oruk/services?per_page={per_page}&page=1"


def test_a_feed_is_read_page_by_page_and_each_service_in_full(client, directory, feed):
    url = mirror_our_api(client, feed)
    before = snapshot()
    wipe_directory()

    lines = run(url, "--commit")

    assert lines[-1] == "4 services: 4 created. Changes saved."
    assert {path.split("?")[1] for path in feed.requests if "?" in path} == {
        "per_page=2&page=1",
        "per_page=2&page=2",
    }
    assert sum("/api/oruk/services/" in path for path in feed.requests) == 4
    after = snapshot()
    assert after["venues"].keys() == before["venues"].keys()
    assert {k: (v["title"], v["venues"].keys()) for k, v in after["listings"].items()} == {
        k: (v["title"], v["venues"].keys()) for k, v in before["listings"].items()
    }


def test_reading_a_feed_twice_changes_nothing_the_second_time(client, directory, feed):
    url = mirror_our_api(client, feed)
    wipe_directory()
    run(url, "--commit")
    after_first = snapshot()
    lines = run(url, "--commit")
    assert lines[-1] == "4 services: 4 skipped. Nothing needed changing."
    assert snapshot() == after_first


def test_a_single_service_file_is_imported(client, directory, tmp_path):
    listing = directory["listings"]["email"]
    data = client.get(f"/api/oruk/services/{listing.uuid}").json()
    data["name"] = "Email and NHS App drop-in"
    path = tmp_path / "service.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    lines = run(str(path), "--commit")
    assert lines[0] == (
        'service 1: updated listing "Email and NHS App drop-in" '
        'at "Central Library", "Reddish Community Hall" (name changed)'
    )
    assert ServicePage.objects.get(uuid=listing.uuid).title == "Email and NHS App drop-in"


def foreign_service(**changes) -> dict:
    """A service from another council's directory, with its own taxonomy (foreign_service.json)."""
    return json.loads(FOREIGN_SERVICE.read_text(encoding="utf-8")) | changes


def test_a_feed_from_another_directory_is_matched_to_our_vocabularies(directory, feed):
    feed.documents["/services"] = {
        "total_items": 1,
        "total_pages": 1,
        "page_number": 1,
        "size": 1,
        "first_page": True,
        "last_page": True,
        "empty": False,
        "contents": [foreign_service()],
    }
    lines = run(f"{feed.url}/services", "--commit")
    assert lines[0] == (
        'service 1: created listing "Digital Champions at the Hub" at "Wythenshawe Forum" '
        '(new organisation "Wythenshawe Community Hub"; new venue "Wythenshawe Forum"; '
        'left out terms we do not use: "Adult learning")'
    )
    listing = ServicePage.objects.get(title="Digital Champions at the Hub")
    assert [topic.name for topic in listing.topics.all()] == ["Email"]
    assert listing.levels == ["foundation"]
    assert listing.summary == "Volunteers help you get online."
    link = listing.locations.get()
    assert [schedule.day for schedule in link.schedules.all()] == ["MO", "WE"]
    assert Venue.objects.get(name="Wythenshawe Forum").postcode == "M22 5RX"


def test_a_service_without_a_help_topic_we_know_is_an_error(directory, tmp_path):
    service = foreign_service(attributes=[])
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([service]), encoding="utf-8")
    lines, _error = run_failing(str(path))
    assert "service 1: error: a listing needs at least one help topic (help_topics)" in lines


def test_a_term_from_our_own_taxonomy_that_we_do_not_have_is_an_error(directory, tmp_path):
    service = foreign_service()
    service["attributes"][0]["taxonomy_term"]["taxonomy_id"] = TAXONOMY_BY_KEY["help-topics"].id
    service["attributes"][0]["taxonomy_term"]["name"] = "Knitting"
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(service), encoding="utf-8")
    lines, _error = run_failing(str(path))
    assert 'service 1: error: unknown help topic "Knitting"' in lines


def test_a_service_that_breaks_the_schema_is_reported(directory, tmp_path):
    broken = foreign_service(status="open", id="not-a-uuid")
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([broken, foreign_service(id="1d2e3f4a-5b6c-4d7e-8f9a-0b1c2d3e4f5a")]))
    lines = run(str(path), "--commit", "--skip-errors")
    assert (
        "service 1: error: does not match the Open Referral UK service schema "
        "at id: 'not-a-uuid' is not a 'uuid'" in lines
    )
    assert any(
        line.startswith("service 1: error: does not match") and "'open' is not one of" in line
        for line in lines
    )
    assert lines[-1].startswith("2 services: 1 created, 1 error.")


def test_a_schedule_signpost_cannot_show_is_an_error(directory, tmp_path):
    service = foreign_service()
    service["schedules"][0] = {**service["schedules"][0], "interval": 3}
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(service))
    lines, _error = run_failing(str(path))
    assert "is not weekly, fortnightly or monthly on a weekday" in lines[0]


def test_monthly_and_fortnightly_schedules_are_understood(directory, tmp_path):
    service = foreign_service()
    service["schedules"] = [
        {
            **service["schedules"][0],
            "id": "b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d01",
            "freq": "MONTHLY",
            "byday": "-1FR",
        },
        {
            **service["schedules"][0],
            "id": "c2d3e4f5-a6b7-4c8d-9e0f-1a2b3c4d5e02",
            "interval": 2,
            "byday": "TH",
            "dtstart": "2026-01-08",
        },
    ]
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(service))
    run(str(path), "--commit")
    schedules = ServicePage.objects.get(title="Digital Champions at the Hub").locations.get().schedules.all()
    assert [schedule.regular_time.describe_day() for schedule in schedules] == [
        "Last Friday of the month",
        "Every other Thursday",
    ]
    assert [str(schedule.uuid) for schedule in schedules] == [
        "b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d01",
        "c2d3e4f5-a6b7-4c8d-9e0f-1a2b3c4d5e02",
    ]


def test_a_feed_that_cannot_be_fetched_is_refused(directory, feed):
    _lines, error = run_failing(f"{feed.url}/missing")
    assert error == f"{feed.url}/missing answered 404 Not Found. Nothing was imported."


def test_an_address_that_is_not_json_is_refused(directory, feed):
    feed.documents["/text"] = "just a string"
    _lines, error = run_failing(f"{feed.url}/text")
    assert "is not Open Referral JSON" in error


def test_only_web_addresses_are_fetched(directory):
    _lines, error = run_failing("ftp://example.org/feed.json")
    assert error == "Only http:// and https:// addresses can be imported. Nothing was imported."
