"""The admin dashboard: coordinators see what is waiting for them; editors see their listings to check."""

import datetime as dt

from bs4 import BeautifulSoup
from django.utils import timezone

from directory.models import ServicePage
from tests import factories
from tests.inclusion_alliance.factories import MembershipApplicationFactory, ProblemReportFactory, UserFactory


def panel_rows(client, panel_id):
    soup = BeautifulSoup(client.get("/admin/").content, "html.parser")
    panel = soup.find(id=f"{panel_id}-content")
    if panel is None:
        return None
    return {row.find("a").get_text(strip=True): row for row in panel.find_all("tr") if row.find("a")}


def test_coordinators_see_counts_with_links(client, coordinator, member_a, member_b):
    MembershipApplicationFactory.create_batch(2)
    ProblemReportFactory(page=member_a.listing)
    ServicePage.objects.filter(pk=member_b.listing.pk).update(last_checked=dt.date(2020, 1, 1))
    client.force_login(member_a.editor)
    client.post(
        f"/admin/pages/{member_a.listing.pk}/edit/",
        {**_edit(member_a), "action-submit": "action-submit"},
    )
    client.force_login(coordinator)

    rows = panel_rows(client, "alliance-coordinator")

    def count(label):
        return rows[label].find_all("td")[1].get_text(strip=True)

    assert count("Applications waiting for a decision") == "2"
    assert count("Pages waiting for approval") == "1"
    assert count("Listings not checked for 6 months or more") == "1"
    assert count("Listings marked 'may be out of date' (not checked for a year)") == "1"
    assert count("Open problem reports") == "1"
    assert rows["Applications waiting for a decision"].find("a")["href"] == (
        "/admin/alliance/applications/?status=pending"
    )
    assert rows["Open problem reports"].find("a")["href"] == "/admin/alliance/problem-reports/?status=open"
    assert (
        rows["Listings not checked for 6 months or more"].find("a")["href"]
        == "/admin/reports/listings-to-check/"
    )


def _edit(member):
    from tests.factories import listing_form_data

    return listing_form_data(member.venue, title="Changed", slug=member.listing.slug)


def test_editors_do_not_see_the_coordinator_panel(editor_a_client, member_a):
    assert panel_rows(editor_a_client, "alliance-coordinator") is None


def test_editors_see_their_groups_listings_and_events_those_to_check_first(
    editor_a_client, member_a, member_b
):
    fresh = factories.ServicePageFactory(parent=member_a.organisation, title="A fresh listing")
    fresh.save_revision().publish()
    for member in (member_a, member_b):
        ServicePage.objects.filter(pk=member.listing.pk).update(last_checked=dt.date(2020, 1, 1))

    rows = panel_rows(editor_a_client, "alliance-editor-home")

    # Another group's pages are not there; the listing to check is first, then the rest.
    assert list(rows) == ["Group A drop-in (draft)", "A fresh listing", "Group A tablet club (draft)"]
    stale = [cell.get_text(" ", strip=True) for cell in rows["Group A drop-in (draft)"].find_all("td")]
    assert "May be out of date" in stale[0] and "Listing" in stale[0]
    assert stale[1] == "On the site, with changes not yet published"
    assert stale[2] == "1 January 2020"
    event = [cell.get_text(" ", strip=True) for cell in rows["Group A tablet club (draft)"].find_all("td")]
    assert event[0].endswith("Event") and event[2] == "Not needed for events"
    assert event[3] != "None coming up"
    assert rows["Group A tablet club (draft)"].find("form") is None


def test_a_listing_waiting_for_approval_says_so_on_the_editors_dashboard(editor_a_client, member_a):
    editor_a_client.post(
        f"/admin/pages/{member_a.listing.pk}/edit/", {**_edit(member_a), "action-submit": "action-submit"}
    )
    rows = panel_rows(editor_a_client, "alliance-editor-home")
    assert "Waiting for approval" in rows["Changed"].get_text(" ", strip=True)
    assert "Waiting for approval" not in rows["Group A tablet club (draft)"].get_text(" ", strip=True)


def test_still_correct_on_the_dashboard_sets_the_date_in_one_click_and_records_it(editor_a_client, member_a):
    from wagtail.models import PageLogEntry

    ServicePage.objects.filter(pk=member_a.listing.pk).update(last_checked=dt.date(2020, 1, 1))
    form = panel_rows(editor_a_client, "alliance-editor-home")["Group A drop-in (draft)"].find("form")
    assert form["action"] == f"/admin/alliance/listings/{member_a.listing.pk}/still-correct/"
    assert form.find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]

    response = editor_a_client.post(
        form["action"], {"next": form.find("input", attrs={"name": "next"})["value"]}
    )

    assert response["Location"] == "/admin/"
    assert ServicePage.objects.get(pk=member_a.listing.pk).last_checked == timezone.localdate()
    entry = PageLogEntry.objects.filter(
        page=member_a.listing, action="inclusion_alliance.still_correct"
    ).get()
    assert entry.user == member_a.editor
    row = panel_rows(editor_a_client, "alliance-editor-home")["Group A drop-in (draft)"]
    assert "May be out of date" not in row.get_text()


def test_an_editor_with_no_pages_yet_is_told_how_to_add_one(client, alliance):
    from inclusion_alliance.permissions import setup_organisation_group

    organisation = factories.OrganisationPageFactory(parent=alliance, title="New Group")
    editor = UserFactory(username="new-editor", groups=[setup_organisation_group(organisation)])
    client.force_login(editor)
    soup = BeautifulSoup(client.get("/admin/").content, "html.parser")
    panel = soup.find(id="alliance-editor-home-content")
    assert "Your group has no listings or events yet." in panel.get_text()
    assert (
        panel.find("a", string="Add a listing or event")["href"]
        == f"/admin/pages/{organisation.pk}/add_subpage/"
    )


def test_coordinators_do_not_get_the_editors_panel(coordinator_client, member_a):
    assert panel_rows(coordinator_client, "alliance-editor-home") is None


def test_last_checked_is_shown_not_typed_on_the_listing_form(editor_a_client, member_a):
    url = f"/admin/pages/{member_a.listing.pk}/edit/"
    soup = BeautifulSoup(editor_a_client.get(url).content, "html.parser")
    assert soup.find(attrs={"name": "last_checked"}) is None
    checked = member_a.listing.last_checked
    shown = soup.select_one("[aria-labelledby$=last_checked-label][aria-readonly=true]")
    assert shown.get_text(strip=True) == f"{checked:%-d %b %Y}"
    # A typed date is ignored.
    editor_a_client.post(url, _edit(member_a) | {"last_checked": "01/01/2030"})
    listing = ServicePage.objects.get(pk=member_a.listing.pk)
    assert listing.get_latest_revision_as_object().last_checked == checked
