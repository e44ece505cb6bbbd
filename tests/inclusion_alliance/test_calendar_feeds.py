"""Calendar import for Alliance groups: trusted groups' events are published, other groups' wait for a
coordinator; each group's editors see and fetch only their own feeds; the scheduler's command."""

import datetime as dt
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command

from events.models import CalendarFeed, EventPage
from inclusion_alliance.calendar_feeds import import_feed
from tests import factories
from tests.events.calendar_server import feed_file
from tests.html_checks import raw_python_values

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def first_of_march():
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)):
        yield


@pytest.fixture
def reddish_library(db):
    return factories.VenueFactory(name="Reddish Library", town="Reddish", postcode="SK5 6UG")


def google_feed(member, server) -> CalendarFeed:
    return CalendarFeed.objects.create(organisation=member.organisation, url=f"{server.url}/google.ics")


def assert_refused(response):
    """Wagtail answers a refused admin page with 403, or by going back to the dashboard with a message."""
    assert response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


def imported_and_approved(feed, coordinator, **lookup) -> EventPage:
    """Import a moderated group's feed, and publish the imported event that `lookup` finds as a
    coordinator who approved it would."""
    import_feed(feed)
    page = EventPage.objects.get(calendar_feed=feed, **lookup)
    page.current_workflow_state.cancel(user=coordinator)
    page.get_latest_revision().publish(user=coordinator)
    return page


def revision_count(feed) -> int:
    return sum(page.revisions.count() for page in EventPage.objects.filter(calendar_feed=feed))


# -- trusted and moderated groups ---------------------------------------------------------------------


def test_a_moderated_groups_imported_events_wait_for_a_coordinator(
    member_a, coordinator, reddish_library, calendar_server
):
    feed = google_feed(member_a, calendar_server)
    mail.outbox.clear()

    report = import_feed(feed)

    pages = EventPage.objects.filter(calendar_feed=feed)
    assert pages.count() == 3
    assert not any(page.live for page in pages)
    assert all(page.workflow_in_progress for page in pages)
    assert any(coordinator.email in message.to for message in mail.outbox)
    assert "wait for a coordinator to approve them" in report.summary()

    revisions = revision_count(feed)
    again = import_feed(feed)
    assert not again.changed_anything
    assert revision_count(feed) == revisions


def test_a_change_to_an_approved_event_of_a_moderated_group_waits_and_the_live_version_stays(
    member_a, coordinator, reddish_library, calendar_server
):
    feed = google_feed(member_a, calendar_server)
    drop_in = imported_and_approved(feed, coordinator, title="Tablet and phone drop-in")
    calendar_server.files["/google.ics"] = feed_file("google.ics").replace(
        b"SUMMARY:Tablet and phone drop-in\r\n", b"SUMMARY:Tablets and phones drop-in\r\n"
    )

    report = import_feed(feed)

    drop_in = EventPage.objects.get(pk=drop_in.pk)
    assert drop_in.live and drop_in.title == "Tablet and phone drop-in"  # the approved version stays
    assert drop_in.draft_title == "Tablets and phones drop-in"
    assert drop_in.workflow_in_progress
    assert 'Changed: "Tablets and phones drop-in": title changed' in report.text()


def test_a_trusted_groups_imported_events_are_published(trusted_member, reddish_library, calendar_server):
    feed = google_feed(trusted_member, calendar_server)

    report = import_feed(feed)

    pages = EventPage.objects.filter(calendar_feed=feed)
    assert pages.count() == 3 and all(page.live for page in pages)
    assert not any(page.workflow_in_progress for page in pages)
    assert "coordinator" not in report.summary()


# -- the admin -----------------------------------------------------------------------------------------


def test_editors_see_and_fetch_only_their_own_groups_feeds(
    client, member_a, member_b, reddish_library, calendar_server
):
    own = google_feed(member_a, calendar_server)
    other = CalendarFeed.objects.create(organisation=member_b.organisation, url="https://b.example/cal.ics")
    client.force_login(member_a.editor)

    index = client.get("/admin/calendar-import/")
    assert index.status_code == 200
    assert own.url in index.content.decode() and other.url not in index.content.decode()
    for address in (f"edit/{other.pk}/", f"delete/{other.pk}/", f"fetch/{other.pk}/"):
        assert_refused(client.get(f"/admin/calendar-import/{address}"))
        assert_refused(
            client.post(f"/admin/calendar-import/{address}", {"url": "https://mine.example/a.ics"})
        )
    other.refresh_from_db()
    assert other.url == "https://b.example/cal.ics"
    other.refresh_from_db()
    assert other.last_fetched_at is None

    # An editor of one group has no organisation to choose: a calendar they add is their group's, even
    # if another group's is sent.
    add = client.get("/admin/calendar-import/new/")
    assert "organisation" not in add.context["form"].fields
    client.post(
        "/admin/calendar-import/new/",
        {"organisation": member_b.organisation.pk, "url": "https://x.example/a.ics"},
    )
    assert CalendarFeed.objects.get(url="https://x.example/a.ics").organisation == member_a.organisation
    again = client.post("/admin/calendar-import/new/", {"url": "https://x.example/a.ics"})
    assert again.status_code == 200 and "You have already added this calendar." in again.content.decode()


def test_an_editor_adds_a_webcal_address_and_fetches_it_now(
    client, member_a, reddish_library, calendar_server
):
    client.force_login(member_a.editor)
    response = client.post(
        "/admin/calendar-import/new/",
        {"organisation": member_a.organisation.pk, "url": "webcal://calendar.example/basic.ics"},
    )
    assert response.status_code == 302
    feed = CalendarFeed.objects.get(organisation=member_a.organisation)
    assert feed.url == "https://calendar.example/basic.ics"
    feed.url = f"{calendar_server.url}/google.ics"
    feed.save()

    page = client.get(f"/admin/calendar-import/fetch/{feed.pk}/")
    assert "Not fetched yet" in page.content.decode()
    assert "wait for a coordinator to approve them" in page.content.decode()
    response = client.post(f"/admin/calendar-import/fetch/{feed.pk}/", follow=True)

    html = response.content.decode()
    assert "Fetched the calendar. 3 added, 1 not imported." in html
    assert "Library closed (Easter Monday)" in html  # the report, line by line
    assert EventPage.objects.filter(calendar_feed=feed).count() == 3


def test_fetch_now_shows_why_a_bad_feed_was_not_imported(client, member_a, calendar_server):
    feed = CalendarFeed.objects.create(
        organisation=member_a.organisation, url=f"{calendar_server.url}/page.html"
    )
    client.force_login(member_a.editor)

    response = client.post(f"/admin/calendar-import/fetch/{feed.pk}/", follow=True)

    assert "Nothing was changed. The address gives a web page" in response.content.decode()


def test_coordinators_see_every_groups_feeds(coordinator_client, member_a, member_b):
    feeds = [
        CalendarFeed.objects.create(organisation=member.organisation, url=f"https://{name}.example/cal.ics")
        for name, member in (("a", member_a), ("b", member_b))
    ]
    html = coordinator_client.get("/admin/calendar-import/").content.decode()
    assert all(feed.url in html for feed in feeds)


# -- the scheduler's command ---------------------------------------------------------------------------


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_calendars", *args, stdout=out)
    return out.getvalue()


def test_the_command_imports_every_feed_and_a_second_run_changes_nothing(
    member_a, trusted_member, reddish_library, calendar_server
):
    google_feed(member_a, calendar_server)
    CalendarFeed.objects.create(
        organisation=trusted_member.organisation, url=f"{calendar_server.url}/outlook.ics"
    )

    first = run()
    assert "Group A (" in first and "Trusted Group (" in first
    assert "3 added, 1 not imported. 1 finished event left out." in first

    second = run()
    assert second.count("Nothing changed:") == 2
    assert "Added" not in second and "Withdrawn" not in second


def test_the_command_imports_one_organisation(member_a, trusted_member, reddish_library, calendar_server):
    google_feed(member_a, calendar_server)
    other = google_feed(trusted_member, calendar_server)

    output = run("--organisation", member_a.organisation.slug)

    assert "Group A" in output and "Trusted Group" not in output
    other.refresh_from_db()
    assert other.last_fetched_at is None
    with pytest.raises(CommandError, match="No calendar feeds"):
        run("--organisation", "nobody")


def test_the_command_fails_loudly_for_a_bad_feed_after_doing_the_rest(
    member_a, trusted_member, reddish_library, calendar_server
):
    google_feed(member_a, calendar_server)
    CalendarFeed.objects.create(organisation=trusted_member.organisation, url=f"{calendar_server.url}/loop")
    out = io.StringIO()

    with pytest.raises(CommandError, match="1 of 2 calendars could not be imported"):
        call_command("import_calendars", stdout=out)

    assert "3 added" in out.getvalue() and "redirect loop" in out.getvalue()


def test_an_imported_event_tells_its_editor_to_change_it_in_the_calendar(
    client, trusted_member, reddish_library, calendar_server
):
    feed = google_feed(trusted_member, calendar_server)
    import_feed(feed)
    imported = EventPage.objects.get(calendar_feed=feed, title="Tablet and phone drop-in")
    client.force_login(trusted_member.editor)

    imported_html = client.get(f"/admin/pages/{imported.pk}/edit/").content.decode()
    by_hand_html = client.get(f"/admin/pages/{trusted_member.event.pk}/edit/").content.decode()

    assert "This event comes from your calendar" in imported_html
    assert "This event comes from your calendar" not in by_hand_html


def test_a_moderated_groups_event_removed_and_restored_is_submitted_again_once(
    member_a, coordinator, reddish_library, calendar_server
):
    feed = google_feed(member_a, calendar_server)
    talk = imported_and_approved(feed, coordinator, title__startswith="Staying safe")
    original = calendar_server.files["/google.ics"]
    calendar_server.files["/google.ics"] = original.replace(
        b"UID:7hj6gf5ds4a3s2d1f0g9h8j7k6@google.com", b"UID:another@google.com"
    )
    assert 'Withdrawn: "Staying safe' in import_feed(feed).text()
    talk.refresh_from_db()
    assert not talk.live  # at once, without waiting for approval
    calendar_server.files["/google.ics"] = original

    report = import_feed(feed)

    talk.refresh_from_db()
    assert 'Added: "Staying safe from scams (online talk)": back in the calendar' in report.text()
    assert not talk.live and talk.workflow_in_progress

    again = import_feed(feed)
    assert not again.changed_anything, again.text()


def test_the_calendar_import_screens_are_in_plain_words(client, member_a, calendar_server):
    """No raw None, True or False, for a feed never fetched and one that failed."""

    never = CalendarFeed.objects.create(organisation=member_a.organisation, url="https://a.example/cal.ics")
    failed = CalendarFeed.objects.create(
        organisation=member_a.organisation, url=f"{calendar_server.url}/page.html"
    )
    import_feed(failed)
    client.force_login(member_a.editor)
    urls = ["/admin/calendar-import/", "/admin/calendar-import/new/"]
    for feed in (never, failed):
        urls += [f"/admin/calendar-import/edit/{feed.pk}/", f"/admin/calendar-import/fetch/{feed.pk}/"]

    shown = raw_python_values(client, urls)
    assert not shown
    index = client.get("/admin/calendar-import/").content.decode()
    assert "Not fetched yet" in index and "Nothing was changed. The address gives a web page" in index


def test_the_editors_dashboard_says_when_their_calendar_could_not_be_fetched(
    client, member_a, member_b, calendar_server
):
    failed = CalendarFeed.objects.create(
        organisation=member_a.organisation, url=f"{calendar_server.url}/missing.ics"
    )
    import_feed(failed)
    others = CalendarFeed.objects.create(
        organisation=member_b.organisation, url=f"{calendar_server.url}/page.html"
    )
    import_feed(others)
    client.force_login(member_a.editor)

    html = client.get("/admin/").content.decode()

    assert "Your calendar could not be fetched" in html
    assert "There is no calendar at that address" in html
    assert f"/admin/calendar-import/fetch/{failed.pk}/" in html
    assert "gives a web page" not in html  # group B's calendar is B's business
