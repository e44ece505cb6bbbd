"""The admin dashboard: coordinators see what is waiting for them; editors see their listings to check."""

import datetime as dt

from bs4 import BeautifulSoup

from directory.models import ServicePage
from tests.inclusion_alliance.factories import MembershipApplicationFactory, ProblemReportFactory


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
    from tests.inclusion_alliance.conftest import listing_form_data

    return listing_form_data(member.venue, title="Changed", slug=member.listing.slug)


def test_editors_do_not_see_the_coordinator_panel(editor_a_client, member_a):
    assert panel_rows(editor_a_client, "alliance-coordinator") is None


def test_editors_see_their_own_listings_to_check_with_a_still_correct_button(
    editor_a_client, member_a, member_b
):
    for member in (member_a, member_b):
        ServicePage.objects.filter(pk=member.listing.pk).update(last_checked=dt.date(2020, 1, 1))

    rows = panel_rows(editor_a_client, "alliance-listings-to-check")

    assert list(rows) == ["Group A drop-in"]
    form = rows["Group A drop-in"].find("form")
    assert form["action"] == f"/admin/alliance/listings/{member_a.listing.pk}/still-correct/"
    assert form.find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]
    response = editor_a_client.post(
        form["action"], {"next": form.find("input", attrs={"name": "next"})["value"]}
    )
    assert response["Location"] == "/admin/"
    assert panel_rows(editor_a_client, "alliance-listings-to-check") is None


def test_editors_with_nothing_to_check_see_no_panel(editor_a_client, member_a):
    assert panel_rows(editor_a_client, "alliance-listings-to-check") is None
