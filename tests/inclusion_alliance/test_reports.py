"""'Report a problem with this listing': a short public form; the group's editors and the coordinators
are told, and the report stays open in the admin until someone marks it resolved."""

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.test import Client

from inclusion_alliance.choices import ReportStatus
from inclusion_alliance.models import ProblemReport
from inclusion_alliance.spam import HONEYPOT_FIELD
from tests import factories
from tests.inclusion_alliance.factories import ProblemReportFactory
from tests.test_accessibility_markup import assert_accessible_structure


def report_url(page):
    return f"/report/{page.pk}/"


def report(**changes):
    data = {"kind": "times", "details": "It moved to Wednesdays.", "contact": "", HONEYPOT_FIELD: ""}
    data.update(changes)
    return data


def post(client, page, data, ip="203.0.113.9"):
    return client.post(report_url(page), data, REMOTE_ADDR=ip)


@pytest.fixture(params=["listing", "event"])
def reported(request, member_a):
    """Each kind of page that carries "Report a problem": (the page, the word its link uses)."""
    return getattr(member_a, request.param), request.param


def test_every_listing_and_event_links_to_its_report_form(client, reported):
    page, kind = reported
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    link = soup.find("a", string=f"Report a problem with this {kind}")
    assert link["href"] == report_url(page)


def test_the_report_form_is_accessible_and_names_the_listing(client, member_a):
    response = client.get(report_url(member_a.listing))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert_accessible_structure(soup)
    assert soup.find("a", string="Group A drop-in")["href"] == member_a.listing.url
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_a_report_is_stored_and_the_groups_editors_and_coordinators_are_emailed(
    client, reported, member_a, coordinator
):
    page, _kind = reported
    response = post(client, page, report(contact="Resident@Example.com"))

    assert response.status_code == 302
    assert response["Location"] == f"/report/{page.pk}/thanks/"
    saved = ProblemReport.objects.get()
    assert (saved.page_id, saved.kind, saved.contact) == (page.pk, "times", "resident@example.com")
    assert saved.is_open
    assert sorted(message.to[0] for message in mail.outbox) == [coordinator.email, member_a.editor.email]
    message = mail.outbox[0]
    assert page.title in message.subject
    assert f"/admin/pages/{page.pk}/edit/" in message.body
    assert "It moved to Wednesdays." in message.body
    assert f"/admin/alliance/problem-reports/inspect/{saved.pk}/" in message.body
    thanks = client.get(response["Location"])
    assert "Thank you: your report has been sent" in thanks.content.decode()


def test_no_editor_of_another_group_is_emailed(client, member_a, member_b, coordinator):
    post(client, member_a.listing, report())
    assert all(message.to != [member_b.editor.email] for message in mail.outbox)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"kind": ""}, "Choose what is wrong."),
        ({"kind": "nonsense"}, "Choose one of the options."),
        ({"kind": "other", "details": "   "}, "Tell us what is wrong."),
        (
            {"contact": "resident at example"},
            "Enter an email address like name@example.com or a phone number",
        ),
        ({"contact": "me@"}, "Enter an email address like name@example.com."),
        ({"details": "x" * 2001}, "Keep this to 2000 characters or fewer. You have typed 2001."),
        ({"contact": "x" * 201}, "Keep this to 200 characters or fewer. You have typed 201."),
    ],
)
def test_bad_input_is_explained_and_nothing_is_stored(client, member_a, changes, message):
    response = post(client, member_a.listing, report(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ProblemReport.objects.exists()
    assert not mail.outbox


def test_what_was_typed_is_kept_when_something_is_wrong(client, member_a):
    response = post(
        client, member_a.listing, report(details="Closed on Tuesdays now", contact="not a contact")
    )
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find(id="id_details").get_text().strip() == "Closed on Tuesdays now"
    assert soup.find(id="id_kind_0").has_attr("checked")
    summary = soup.find(class_="error-summary")
    assert summary.find("a")["href"] == "#id_contact"


def test_a_filled_in_honeypot_is_thanked_but_not_stored(client, member_a, coordinator):
    response = post(client, member_a.listing, report(**{HONEYPOT_FIELD: "buy now"}))
    assert response.status_code == 302
    assert not ProblemReport.objects.exists()
    assert not mail.outbox


def test_one_address_on_the_internet_may_send_ten_reports_an_hour(client, member_a):
    for _ in range(10):
        assert post(client, member_a.listing, report()).status_code == 302
    response = post(client, member_a.listing, report(details="The eleventh"))
    assert response.status_code == 429
    assert "The eleventh" in response.content.decode()
    assert ProblemReport.objects.count() == 10
    assert post(client, member_a.listing, report(), ip="198.51.100.1").status_code == 302


def test_one_contact_may_send_five_reports_a_day(client, member_a):
    for number in range(5):
        assert (
            post(
                client, member_a.listing, report(contact="0161 496 0999"), ip=f"198.51.100.{number}"
            ).status_code
            == 302
        )
    assert (
        post(client, member_a.listing, report(contact="0161 496 0999"), ip="198.51.100.77").status_code == 429
    )


def test_only_live_listings_can_be_reported(client, member_a, organisation):
    draft = factories.ServicePageFactory(parent=member_a.organisation, title="Draft", live=False)
    for page in (draft, member_a.organisation, organisation):
        assert client.get(report_url(page)).status_code == 404
        assert post(client, page, report()).status_code == 404
    assert client.get("/report/999999/").status_code == 404
    assert not ProblemReport.objects.exists()


def test_a_listing_of_a_group_with_no_members_is_reported_to_the_coordinators(
    client, organisation, coordinator
):
    listing = factories.ServicePageFactory(parent=organisation)
    post(client, listing, report())
    assert [message.to for message in mail.outbox] == [[coordinator.email]]


# -- in the admin ------------------------------------------------------------------------------------


def test_coordinators_see_every_open_report(coordinator_client, member_a, member_b):
    a = ProblemReportFactory(page=member_a.listing)
    b = ProblemReportFactory(page=member_b.listing, kind="closed")
    content = coordinator_client.get("/admin/alliance/problem-reports/?status=open").content.decode()
    for item in (a, b):
        assert f"/admin/alliance/problem-reports/inspect/{item.pk}/" in content


def test_a_groups_editor_sees_and_resolves_reports_about_its_own_listings(editor_a_client, member_a):
    item = ProblemReportFactory(page=member_a.listing)
    assert (
        f"/admin/alliance/problem-reports/inspect/{item.pk}/"
        in editor_a_client.get("/admin/alliance/problem-reports/").content.decode()
    )
    inspect = editor_a_client.get(f"/admin/alliance/problem-reports/inspect/{item.pk}/").content.decode()
    assert "It runs on Wednesdays now." in inspect
    assert f"/admin/alliance/problem-reports/resolve/{item.pk}/" in inspect

    response = editor_a_client.post(
        f"/admin/alliance/problem-reports/resolve/{item.pk}/", {"note": "Times corrected."}
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ReportStatus.RESOLVED
    assert item.resolved_by == member_a.editor
    assert item.resolution_note == "Times corrected."
    assert item.resolved_at is not None


def test_resolved_reports_leave_the_open_list(coordinator_client, member_a):
    item = ProblemReportFactory(page=member_a.listing)
    coordinator_client.post(f"/admin/alliance/problem-reports/resolve/{item.pk}/", {"note": ""})
    content = coordinator_client.get("/admin/alliance/problem-reports/?status=open").content.decode()
    assert f"/admin/alliance/problem-reports/inspect/{item.pk}/" not in content


def test_anonymous_visitors_cannot_see_reports_in_the_admin(member_a):
    item = ProblemReportFactory(page=member_a.listing)
    response = Client().get(f"/admin/alliance/problem-reports/inspect/{item.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_report_is_kept_even_when_the_mail_server_is_down(client, member_a, coordinator, mail_server_down):
    response = post(client, member_a.listing, report())
    assert response.status_code == 302
    assert ProblemReport.objects.count() == 1
