"""Freshness: "Last checked" for residents, "still correct" in one click, reminders once per period."""

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import time_machine
from bs4 import BeautifulSoup
from django.core import mail
from django.core.management import call_command
from wagtail.models import PageLogEntry

from core.choices import ServiceStatus
from directory.models import ServicePage
from inclusion_alliance.freshness import CONFIRM_LOG_ACTION
from inclusion_alliance.models import ReviewReminder
from tests import factories
from tests.factories import listing_form_data

LONDON = ZoneInfo("Europe/London")


def at(year, month, day, hour=9, minute=0):
    """A moment on the wall clock in the UK, frozen."""
    return time_machine.travel(dt.datetime(year, month, day, hour, minute, tzinfo=LONDON), tick=False)


def checked_on(listing, day: dt.date) -> ServicePage:
    ServicePage.objects.filter(pk=listing.pk).update(last_checked=day)
    return ServicePage.objects.get(pk=listing.pk)


def send_reminders(*args) -> str:
    out = StringIO()
    call_command("send_review_reminders", *args, stdout=out)
    return out.getvalue()


def reminders_to(user) -> list:
    return [message for message in mail.outbox if message.to == [user.email]]


# -- what residents see ------------------------------------------------------------------------------


def test_a_listing_tells_residents_when_it_was_last_checked(client, member_a):
    checked_on(member_a.listing, dt.date(2026, 3, 2))
    soup = BeautifulSoup(client.get(member_a.listing.url).content, "html.parser")
    line = soup.find(class_="last-checked")
    assert line.get_text(" ", strip=True) == "Last checked 2 March 2026 ."
    assert line.time["datetime"] == "2026-03-02"


def test_a_listing_not_checked_for_a_year_says_it_may_be_out_of_date(client, member_a):
    checked_on(member_a.listing, dt.date(2025, 5, 4))
    with at(2026, 5, 4):
        content = client.get(member_a.listing.url).content.decode()
    assert "This listing may be out of date." in content
    assert "last checked on 4 May 2025" in content


def test_a_listing_checked_eleven_months_ago_has_no_warning(client, member_a):
    checked_on(member_a.listing, dt.date(2025, 6, 4))
    with at(2026, 5, 4):
        content = client.get(member_a.listing.url).content.decode()
    assert "may be out of date" not in content


# -- "still correct" --------------------------------------------------------------------------------


def test_the_listing_header_offers_still_correct_in_one_click(editor_a_client, member_a):
    soup = BeautifulSoup(
        editor_a_client.get(f"/admin/pages/{member_a.listing.pk}/edit/").content, "html.parser"
    )
    url = f"/admin/alliance/listings/{member_a.listing.pk}/still-correct/"
    button = soup.find("a", attrs={"data-w-action-url-value": url})
    assert button is not None and "Still correct" in button.get_text()
    assert button["data-action"] == "w-action#post"
    assert button["href"] == url  # without JavaScript, the link opens a page with one button


def test_the_page_explorer_offers_still_correct_for_each_listing(editor_a_client, member_a):
    content = editor_a_client.get(f"/admin/pages/{member_a.organisation.pk}/").content.decode()
    url = f"/admin/alliance/listings/{member_a.listing.pk}/still-correct/"
    assert f'data-w-action-url-value="{url}"' in content


def test_still_correct_is_not_offered_on_an_organisation_page(editor_a_client, member_a):
    content = editor_a_client.get(f"/admin/pages/{member_a.organisation.pk}/edit/").content.decode()
    assert "/still-correct/" not in content


def test_without_javascript_the_confirmation_page_has_one_button(editor_a_client, member_a):
    response = editor_a_client.get(f"/admin/alliance/listings/{member_a.listing.pk}/still-correct/")
    soup = BeautifulSoup(response.content, "html.parser")
    form = soup.find("form", attrs={"method": "post", "action": ""})
    assert form.find("button", attrs={"type": "submit"}).get_text(strip=True) == "Yes, it is still correct"


def test_still_correct_sets_the_date_and_publishes_nothing_else(editor_a_client, member_a):
    listing = checked_on(member_a.listing, dt.date(2025, 1, 1))
    assert listing.has_unpublished_changes  # a draft title waits on top of the live version

    with at(2026, 4, 20):
        response = editor_a_client.post(f"/admin/alliance/listings/{listing.pk}/still-correct/")

    assert response.status_code == 302
    listing = ServicePage.objects.get(pk=listing.pk)
    assert listing.last_checked == dt.date(2026, 4, 20)
    assert listing.title == "Group A drop-in"  # the live title, not the draft's
    assert listing.has_unpublished_changes
    draft = listing.get_latest_revision_as_object()
    assert draft.title == "Group A drop-in (draft)"
    assert draft.last_checked == dt.date(2026, 4, 20)
    assert listing.live_revision.as_object().last_checked == dt.date(2026, 4, 20)
    assert PageLogEntry.objects.filter(page=listing, action=CONFIRM_LOG_ACTION, user=member_a.editor).exists()


def test_still_correct_during_moderation_survives_the_approval(client, member_a, coordinator):
    from wagtail.models import WorkflowState

    client.force_login(member_a.editor)
    client.post(
        f"/admin/pages/{member_a.listing.pk}/edit/",
        listing_form_data(member_a.venue, title="Waiting", slug=member_a.listing.slug, action="submit"),
    )
    with at(2026, 6, 1):
        client.post(f"/admin/alliance/listings/{member_a.listing.pk}/still-correct/")

    client.force_login(coordinator)
    state = WorkflowState.objects.get(
        object_id=str(member_a.listing.pk), status=WorkflowState.STATUS_IN_PROGRESS
    )
    client.post(
        f"/admin/pages/workflow/action/{member_a.listing.pk}/approve/{state.current_task_state.pk}/", {}
    )

    listing = ServicePage.objects.get(pk=member_a.listing.pk)
    assert listing.title == "Waiting"
    assert listing.last_checked == dt.date(2026, 6, 1)


def test_still_correct_returns_to_a_safe_next_page_only(editor_a_client, member_a):
    url = f"/admin/alliance/listings/{member_a.listing.pk}/still-correct/"
    assert editor_a_client.post(url, {"next": "/admin/"})["Location"] == "/admin/"
    assert editor_a_client.post(url, {"next": "https://evil.example/"})["Location"] == (
        f"/admin/pages/{member_a.organisation.pk}/"
    )


def test_still_correct_for_a_page_that_is_not_a_listing_is_not_found(editor_a_client, member_a):
    response = editor_a_client.post(f"/admin/alliance/listings/{member_a.organisation.pk}/still-correct/")
    assert response.status_code == 404


# -- reminders --------------------------------------------------------------------------------------


def test_a_reminder_is_sent_once_at_six_months_and_once_at_twelve_not_every_day(member_a):
    checked_on(member_a.listing, dt.date(2026, 1, 10))
    editor = member_a.editor

    with at(2026, 7, 9):
        send_reminders()
    assert reminders_to(editor) == []

    with at(2026, 7, 10):
        send_reminders()
        send_reminders()
    (first,) = reminders_to(editor)
    assert "Group A drop-in" in first.body
    assert f"/admin/alliance/listings/{member_a.listing.pk}/still-correct/" in first.body
    assert "6 months" in first.body

    for day in (dt.date(2026, 7, 11), dt.date(2026, 9, 1), dt.date(2027, 1, 9)):
        with at(day.year, day.month, day.day):
            send_reminders()
    assert len(reminders_to(editor)) == 1

    with at(2027, 1, 10):
        send_reminders()
    with at(2027, 1, 11):
        send_reminders()
    assert len(reminders_to(editor)) == 2
    assert "may be out of date" in reminders_to(editor)[1].subject
    assert list(ReviewReminder.objects.values_list("stage", flat=True).order_by("sent_at")) == [
        "review",
        "out_of_date",
    ]


def test_confirming_a_listing_starts_a_new_period_of_reminders(editor_a_client, member_a):
    checked_on(member_a.listing, dt.date(2026, 1, 10))
    with at(2026, 7, 10):
        send_reminders()
    with at(2026, 7, 12):
        editor_a_client.post(f"/admin/alliance/listings/{member_a.listing.pk}/still-correct/")
        send_reminders()
    assert len(reminders_to(member_a.editor)) == 1
    with at(2027, 1, 12):
        send_reminders()
    assert len(reminders_to(member_a.editor)) == 2


def test_a_listing_first_found_at_thirteen_months_gets_only_the_twelve_month_reminder(member_a):
    checked_on(member_a.listing, dt.date(2025, 1, 1))
    with at(2026, 2, 1):
        send_reminders()
    (message,) = reminders_to(member_a.editor)
    assert "may be out of date" in message.subject
    assert ReviewReminder.objects.get().stage == "out_of_date"


def test_each_editor_gets_one_email_about_all_their_stale_listings(member_a):
    second = factories.ServicePageFactory(parent=member_a.organisation, title="Tablet club")
    second_editor = factories_user(member_a)
    for listing in (member_a.listing, second):
        checked_on(listing, dt.date(2026, 1, 5))
    with at(2026, 7, 10):
        output = send_reminders()
    assert "Sent 2 reminder email(s) about 2 listing(s)." in output
    for editor in (member_a.editor, second_editor):
        (message,) = reminders_to(editor)
        assert "Group A drop-in" in message.body and "Tablet club" in message.body
        assert "your 2 listings" in message.subject


def factories_user(member):
    from tests.inclusion_alliance.factories import UserFactory

    return UserFactory(username="second-editor", groups=[member.group])


def test_reminders_go_only_to_the_listings_own_group(member_a, member_b):
    checked_on(member_b.listing, dt.date(2026, 1, 5))
    with at(2026, 7, 10):
        send_reminders()
    assert reminders_to(member_a.editor) == []
    assert len(reminders_to(member_b.editor)) == 1


def test_closed_and_unpublished_listings_are_not_chased(member_a):
    closed = factories.ServicePageFactory(
        parent=member_a.organisation, title="Closed club", status=ServiceStatus.CLOSED
    )
    draft = factories.ServicePageFactory(parent=member_a.organisation, title="Draft club", live=False)
    for listing in (closed, draft):
        checked_on(listing, dt.date(2025, 1, 1))
    with at(2026, 7, 10):
        send_reminders()
    assert mail.outbox == []


def test_listings_without_an_editor_are_named_in_the_output_not_emailed(organisation_index, alliance):
    orphan = factories.OrganisationPageFactory(parent=organisation_index, title="No Members Here")
    listing = factories.ServicePageFactory(parent=orphan, title="Lonely listing")
    checked_on(listing, dt.date(2026, 1, 1))
    with at(2026, 7, 10):
        output = send_reminders()
    assert mail.outbox == []
    assert "Lonely listing" in output
    assert not ReviewReminder.objects.exists()


def test_a_dry_run_sends_and_records_nothing(member_a):
    checked_on(member_a.listing, dt.date(2026, 1, 10))
    with at(2026, 7, 10):
        output = send_reminders("--dry-run")
    assert "Would send 1 reminder email(s) about 1 listing(s)." in output
    assert mail.outbox == []
    assert not ReviewReminder.objects.exists()


def test_six_months_is_counted_in_uk_dates_across_the_clock_change(member_a):
    # 25 October 2026, 00:30 in the UK is still 24 October in UTC (the clocks go back at 02:00 BST).
    checked_on(member_a.listing, dt.date(2026, 4, 25))
    with time_machine.travel(dt.datetime(2026, 10, 24, 23, 30, tzinfo=dt.UTC), tick=False):
        send_reminders()
    assert len(reminders_to(member_a.editor)) == 1


def test_twelve_months_is_counted_in_uk_dates_in_summer_time(client, member_a):
    # 00:30 on 30 March 2026 in the UK (BST) is still 29 March in UTC.
    checked_on(member_a.listing, dt.date(2025, 3, 30))
    with at(2026, 3, 30, 0, 30):
        content = client.get(member_a.listing.url).content.decode()
    assert "may be out of date" in content


# -- the coordinators' report -----------------------------------------------------------------------


def test_the_stale_listings_report_lists_the_oldest_first(coordinator_client, member_a, member_b):
    checked_on(member_a.listing, dt.date(2025, 9, 1))
    checked_on(member_b.listing, dt.date(2025, 1, 1))
    fresh = factories.ServicePageFactory(parent=member_a.organisation, title="Fresh club")
    checked_on(fresh, dt.date(2026, 4, 1))

    with at(2026, 5, 1):
        response = coordinator_client.get("/admin/reports/listings-to-check/")

    content = response.content.decode()
    assert response.status_code == 200
    assert content.index("Group B drop-in") < content.index("Group A drop-in")
    assert "Fresh club" not in content
    assert "May be out of date" in content and "Needs checking" in content


def test_the_stale_listings_report_downloads_as_a_spreadsheet(coordinator_client, member_a):
    checked_on(member_a.listing, dt.date(2025, 1, 1))
    with at(2026, 5, 1):
        response = coordinator_client.get("/admin/reports/listings-to-check/?export=csv")
    body = b"".join(response.streaming_content).decode()
    assert body.splitlines()[0] == "Listing,Organisation,Last checked,Status,Editors last reminded,Editors"
    assert "Group A drop-in,Group A,2025-01-01,May be out of date,,1" in body


def test_the_stale_listings_report_downloads_as_excel(coordinator_client, member_a):
    checked_on(member_a.listing, dt.date(2025, 1, 1))
    with at(2026, 5, 1):
        response = coordinator_client.get("/admin/reports/listings-to-check/?export=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_editors_cannot_see_the_stale_listings_report(editor_a_client, member_a):
    assert editor_a_client.get("/admin/reports/listings-to-check/").status_code in (302, 403)
    assert "/admin/reports/listings-to-check/" not in editor_a_client.get("/admin/").content.decode()


def test_reminders_that_cannot_be_sent_are_tried_again_the_next_day(member_a, mail_server_down, settings):
    checked_on(member_a.listing, dt.date(2026, 1, 10))
    out, err = StringIO(), StringIO()
    with at(2026, 7, 10):
        call_command("send_review_reminders", stdout=out, stderr=err)
    assert "Could not send the reminders about 1 listing(s)" in err.getvalue()
    assert not ReviewReminder.objects.exists()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with at(2026, 7, 11):
        send_reminders()
    assert len(reminders_to(member_a.editor)) == 1
