"""A resident says the help has stopped or is wrong: it is at the top of the coordinator's dashboard,
with one-click "Mark temporarily closed" and "Ask the group"."""

import html

from bs4 import BeautifulSoup
from django.core import mail
from django.test import Client
from wagtail.models import PageLogEntry

from core.choices import ServiceStatus
from directory.models import ServicePage
from inclusion_alliance.choices import ProblemKind
from inclusion_alliance.urgent_reports import ASKED_LOG_ACTION, CLOSED_LOG_ACTION, CLOSED_NOTE
from tests.inclusion_alliance.conftest import page_tree_state
from tests.inclusion_alliance.factories import ProblemReportFactory

PANEL = "alliance-urgent-reports"


def dashboard(client) -> BeautifulSoup:
    return BeautifulSoup(client.get("/admin/").content, "html.parser")


def stopped(member):
    return ProblemReportFactory(page=member.listing, kind=ProblemKind.CLOSED, details="The room was locked.")


def test_a_stopped_report_is_the_first_panel_on_the_coordinators_dashboard(coordinator_client, member_a):
    report = stopped(member_a)
    ProblemReportFactory(page=member_a.event, kind=ProblemKind.OTHER, details="Lovely people.")

    soup = dashboard(coordinator_client)

    panels = soup.select("section.w-panel")
    assert panels[0]["id"] == f"{PANEL}-section"
    text = panels[0].get_text(" ", strip=True)
    assert member_a.listing.title in text
    assert "The room was locked." in text
    assert "Lovely people." not in text  # "something else" can wait in the problem reports list
    forms = panels[0].find_all("form")
    assert [form["action"] for form in forms] == [
        f"/admin/alliance/urgent-reports/{report.pk}/close/",
        f"/admin/alliance/urgent-reports/{report.pk}/ask-the-group/",
    ]
    assert all(
        form["method"] == "post" and form.find(attrs={"name": "csrfmiddlewaretoken"}) for form in forms
    )


def test_a_wrong_details_report_about_an_event_offers_only_ask_the_group(coordinator_client, member_a):
    report = ProblemReportFactory(page=member_a.event, kind=ProblemKind.TIMES)

    panel = dashboard(coordinator_client).find(id=f"{PANEL}-content")

    assert [form["action"] for form in panel.find_all("form")] == [
        f"/admin/alliance/urgent-reports/{report.pk}/ask-the-group/"
    ]


def test_editors_do_not_get_the_panel(editor_a_client, member_a):
    stopped(member_a)
    assert dashboard(editor_a_client).find(id=f"{PANEL}-content") is None


def test_mark_temporarily_closed_shows_residents_the_listing_is_closed(
    client, coordinator_client, coordinator, member_a
):
    report = stopped(member_a)

    response = coordinator_client.post(f"/admin/alliance/urgent-reports/{report.pk}/close/", follow=True)

    assert "now shows as temporarily closed" in html.unescape(response.content.decode())
    listing = ServicePage.objects.get(pk=member_a.listing.pk)
    assert listing.live and listing.status == ServiceStatus.TEMPORARILY_CLOSED
    assert listing.status_note == CLOSED_NOTE
    entry = PageLogEntry.objects.get(page=listing, action=CLOSED_LOG_ACTION)
    assert entry.user == coordinator and entry.data["report"] == report.pk
    report.refresh_from_db()
    assert report.is_open  # closing is a holding step; someone still resolves the report
    public = client.get(listing.url)
    assert "Temporarily closed." in public.content.decode()
    assert CLOSED_NOTE in public.content.decode()


def test_the_editors_draft_is_kept_and_closed_too(coordinator_client, member_a):
    report = stopped(member_a)
    draft_title = member_a.listing.draft_title  # the conftest leaves a draft on top of the live version

    coordinator_client.post(f"/admin/alliance/urgent-reports/{report.pk}/close/")

    listing = ServicePage.objects.get(pk=member_a.listing.pk)
    assert listing.title == "Group A drop-in"  # the live version is not the draft
    draft = listing.get_latest_revision_as_object()
    assert draft.title == draft_title
    assert draft.status == ServiceStatus.TEMPORARILY_CLOSED


def test_closing_twice_changes_nothing_the_second_time(coordinator_client, member_a):
    report = stopped(member_a)
    url = f"/admin/alliance/urgent-reports/{report.pk}/close/"
    coordinator_client.post(url)
    before = page_tree_state()

    response = coordinator_client.post(url, follow=True)

    assert "was already temporarily closed" in html.unescape(response.content.decode())
    assert page_tree_state() == before
    assert PageLogEntry.objects.filter(action=CLOSED_LOG_ACTION).count() == 1


def test_an_event_cannot_be_closed_this_way(coordinator_client, member_a):
    report = ProblemReportFactory(page=member_a.event, kind=ProblemKind.CLOSED)
    before = page_tree_state()

    response = coordinator_client.post(f"/admin/alliance/urgent-reports/{report.pk}/close/", follow=True)

    assert "is not a listing" in html.unescape(response.content.decode())
    assert page_tree_state() == before


def test_ask_the_group_emails_its_editors_and_is_logged(coordinator_client, coordinator, member_a):
    report = stopped(member_a)

    response = coordinator_client.post(
        f"/admin/alliance/urgent-reports/{report.pk}/ask-the-group/", follow=True
    )

    assert "We have emailed 1 editor" in html.unescape(response.content.decode())
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [member_a.editor.email]
    assert message.reply_to == [coordinator.email]
    assert "The room was locked." in message.body
    assert f"/admin/pages/{member_a.listing.pk}/edit/" in message.body
    assert PageLogEntry.objects.filter(page=member_a.listing, action=ASKED_LOG_ACTION).count() == 1


def test_ask_the_group_with_nobody_to_ask_says_so(coordinator_client, member_a):
    report = stopped(member_a)
    member_a.editor.groups.clear()

    response = coordinator_client.post(
        f"/admin/alliance/urgent-reports/{report.pk}/ask-the-group/", follow=True
    )

    assert "there is nobody to ask" in html.unescape(response.content.decode())
    assert not mail.outbox
    assert not PageLogEntry.objects.filter(action=ASKED_LOG_ACTION).exists()


def test_editors_cannot_close_or_ask(editor_a_client, member_a, member_b):
    for member in (member_a, member_b):
        report = stopped(member)
        before = page_tree_state()
        for action in ("close", "ask-the-group"):
            response = editor_a_client.post(f"/admin/alliance/urgent-reports/{report.pk}/{action}/")
            assert response.status_code in (302, 403)
            assert "temporarily closed" not in html.unescape(editor_a_client.get("/admin/").content.decode())
        assert page_tree_state() == before
    assert not mail.outbox


def test_the_buttons_need_a_post_with_the_csrf_token(coordinator, member_a):
    report = stopped(member_a)
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    before = page_tree_state()

    assert client.get(f"/admin/alliance/urgent-reports/{report.pk}/close/").status_code == 405
    assert client.post(f"/admin/alliance/urgent-reports/{report.pk}/close/").status_code == 403
    assert client.post(f"/admin/alliance/urgent-reports/{report.pk}/ask-the-group/").status_code == 403

    assert page_tree_state() == before
    assert not mail.outbox
