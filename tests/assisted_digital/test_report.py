import csv
import datetime as dt
import io

import pytest
import time_machine

from assisted_digital.models import Referral
from directory.models import HelpTopic, Venue
from inclusion_alliance.permissions import ensure_coordinators_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def referrals(directory):
    reddish = Venue.objects.get(name="Reddish Library")
    bramhall = Venue.objects.get(name="Bramhall Library")
    email = HelpTopic.objects.get(slug="email")
    uc = HelpTopic.objects.get(slug="universal-credit")
    rows = [
        (directory["email"], reddish, email, dt.date(2026, 2, 3)),
        (directory["email"], reddish, email, dt.date(2026, 2, 20)),
        (directory["uc"], reddish, uc, dt.date(2026, 2, 21)),
        (directory["uc"], bramhall, uc, dt.date(2026, 3, 1)),
        (directory["email"], bramhall, email, dt.date(2024, 1, 1)),  # long ago
    ]
    Referral.objects.bulk_create(
        [Referral(listing=listing, venue=venue, topic=topic, date=day) for listing, venue, topic, day in rows]
    )


@pytest.fixture
def coordinator_client(client, django_user_model):
    user = django_user_model.objects.create_user("coordinator", password="password")
    user.groups.add(ensure_coordinators_group())
    client.force_login(user)
    return client


@time_machine.travel("2026-03-10 12:00 +00:00")
def test_the_report_counts_by_venue_topic_and_month(coordinator_client, referrals):
    response = coordinator_client.get("/admin/reports/referrals/")
    assert response.status_code == 200
    context = response.context
    assert context["total"] == 4  # the last twelve months
    assert context["by_venue"] == [("Reddish Library", 3), ("Bramhall Library", 1)]
    assert context["by_topic"] == [("Email", 2), ("Universal Credit and benefits", 2)]
    assert [(row["month"], row["venue"], row["topic"], row["count"]) for row in context["rows"]] == [
        (dt.date(2026, 3, 1), "Bramhall Library", "Universal Credit and benefits", 1),
        (dt.date(2026, 2, 1), "Reddish Library", "Email", 2),
        (dt.date(2026, 2, 1), "Reddish Library", "Universal Credit and benefits", 1),
    ]


@time_machine.travel("2026-03-10 12:00 +00:00")
def test_the_report_counts_by_listing_and_organisation(coordinator_client, referrals):
    Referral.objects.create(listing=None, venue=None, topic=None, date=dt.date(2026, 3, 2))

    response = coordinator_client.get("/admin/reports/referrals/")

    assert response.context["by_listing"] == [
        ("Email drop-in", 2),
        ("Universal Credit claim support", 2),
        ("A listing that has been removed", 1),
    ]
    assert response.context["by_organisation"] == [
        ("Library Digital Volunteers", 2),
        ("Reddish Community Hub", 2),
        ("A listing that has been removed", 1),
    ]
    content = response.content.decode()
    assert '<h3 id="by-organisation">By organisation</h3>' in content
    assert "<td>Reddish Community Hub</td><td>2</td>" in content


@time_machine.travel("2026-03-10 12:00 +00:00")
def test_the_report_filters_by_dates_and_venue(coordinator_client, referrals):
    bramhall = Venue.objects.get(name="Bramhall Library")
    response = coordinator_client.get(
        "/admin/reports/referrals/", {"start": "2024-01-01", "end": "2026-12-31", "venue": bramhall.pk}
    )
    assert response.context["total"] == 2


@time_machine.travel("2026-03-10 12:00 +00:00")
def test_bad_filters_get_a_message_and_the_default_dates(coordinator_client, referrals):
    response = coordinator_client.get(
        "/admin/reports/referrals/", {"start": "2026-03-01", "end": "2026-01-01"}
    )
    assert response.status_code == 200
    assert "must be on or after" in response.content.decode()
    response = coordinator_client.get("/admin/reports/referrals/", {"start": "yesterday", "venue": "x"})
    assert response.status_code == 200
    assert response.context["total"] == 4


@time_machine.travel("2026-03-10 12:00 +00:00")
def test_the_report_downloads_as_csv(coordinator_client, referrals):
    response = coordinator_client.get("/admin/reports/referrals/", {"export": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["month", "venue", "topic", "referrals"]
    assert rows[1] == ["2026-03", "Bramhall Library", "Universal Credit and benefits", "1"]
    assert len(rows) == 4


def test_names_cannot_become_spreadsheet_formulas(coordinator_client, referrals):
    Venue.objects.filter(name="Reddish Library").update(name="=HYPERLINK(1)")
    response = coordinator_client.get(
        "/admin/reports/referrals/", {"export": "csv", "start": "2020-01-01", "end": "2030-01-01"}
    )
    assert "'=HYPERLINK(1)" in response.content.decode()


def test_editors_without_the_permission_cannot_see_the_report(client, referrals, django_user_model):
    from inclusion_alliance.permissions import setup_organisation_group

    user = django_user_model.objects.create_user("editor", password="password")
    organisation = Referral.objects.first().listing.get_parent().specific
    user.groups.add(setup_organisation_group(organisation))
    client.force_login(user)
    response = client.get("/admin/reports/referrals/")
    assert response.status_code in (302, 403)
    assert b"Reddish Library" not in response.content
    assert "/admin/reports/referrals/" not in client.get("/admin/").content.decode()


def test_coordinators_find_the_report_in_the_reports_menu(coordinator_client, referrals):
    assert "/admin/reports/referrals/" in coordinator_client.get("/admin/").content.decode()
