"""The insights screens: each figure against the raw rows, the previous period beside it, bad dates,
CSV downloads and the "fewer than 5" rule by district."""

import csv
import html
import io

import pytest
from django.test import Client

from assisted_digital.models import Referral
from directory.models import HelpTopic, Venue
from insights import totals
from insights.choices import Measure
from insights.models import DailyCount
from insights.tables import FEWER_THAN_5

from .conftest import log_searches

pytestmark = pytest.mark.django_db

NOVEMBER = {"start": "2026-11-01", "end": "2026-11-30"}


@pytest.fixture
def logged(directory):
    """November: 7 searches from SK1, 2 from SK5, 1 from SK7; October (the previous period): 5."""
    log_searches(
        ("2026-11-02", "email", "SK1", {}, 4, 5),
        ("2026-11-09", "", "SK1", {"topic": ["universal-credit"]}, 1, 2),
        ("2026-11-10", "smart tv", "SK5", {}, 0, 2),
        ("2026-11-20", "zoom", "SK7", {"level": ["life"]}, 0),
        ("2026-10-20", "email", "SK1", {}, 4, 5),
    )
    totals.update()


def table(response, slug):
    return next(section["table"] for section in response.context["sections"] if section["table"].slug == slug)


def download(client, url, params, slug) -> list[list[str]]:
    response = client.get(url, {**params, "download": slug})
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_demand_counts_topics_with_the_previous_period_beside_them(coordinator_client, logged):
    response = coordinator_client.get("/admin/insights/", NOVEMBER)
    assert response.status_code == 200
    assert response.context["headline"] == {"now": 10, "before": 5, "change": "up 100%"}
    assert table(response, "topics").rows == [
        ["Email", 5, 5, "no change"],
        ["Universal Credit and benefits", 2, 0, "new"],
        ["Video calls", 1, 0, "new"],
    ]
    assert table(response, "levels").rows == [["Life (I know the basics)", 1, 0, "new"]]
    assert [row[:2] for row in table(response, "words").rows] == [["email", 5], ["smart tv", 2], ["zoom", 1]]


def test_demand_by_week_adds_up_to_the_searches_of_the_period(coordinator_client, logged):
    response = coordinator_client.get("/admin/insights/", NOVEMBER)
    weeks = table(response, "weeks").rows
    assert weeks[0][0] == "26 Oct"  # 1 November 2026 is a Sunday
    assert sum(row[1] for row in weeks) == 10
    assert [row[1] for row in weeks] == [0, 5, 4, 1, 0, 0]


def test_counts_under_5_by_district_show_as_fewer_than_5_on_screen_and_in_csv(coordinator_client, logged):
    response = coordinator_client.get("/admin/insights/", NOVEMBER)
    districts = table(response, "districts")
    assert districts.display_rows() == [
        ["SK1", 7, 5],
        ["SK5", FEWER_THAN_5, 0],
        ["SK7", FEWER_THAN_5, 0],
    ]
    page = response.content.decode()
    assert "fewer than 5" in page
    rows = download(coordinator_client, "/admin/insights/", NOVEMBER, "districts")
    assert rows == [
        ["Postcode district", "Searches", "Previous period"],
        ["SK1", "7", "5"],
        ["SK5", FEWER_THAN_5, "0"],
        ["SK7", FEWER_THAN_5, "0"],
    ]


def test_small_counts_not_by_district_are_shown(coordinator_client, logged):
    rows = download(coordinator_client, "/admin/insights/", NOVEMBER, "topics")
    assert ["Video calls", "1", "0", "new"] in rows


@pytest.mark.parametrize(
    ("url", "params", "messages"),
    [
        pytest.param(
            "/admin/insights/",
            {"start": "2026-13-01", "end": "yesterday"},
            ["Enter the 'From' date as a real date", "Enter the 'To' date as a real date"],
            id="dates-that-are-not-dates",
        ),
        pytest.param(
            "/admin/insights/",
            {"start": "2026-11-20", "end": "2026-11-01"},
            ["The 'To' date must be on or after the 'From' date."],
            id="an-end-before-the-start",
        ),
        pytest.param(
            "/admin/insights/unmet/",
            {"group": "everything", "download": "nope"},
            ["Select a valid choice", "There is no table of that name to download."],
            id="an-unknown-grouping-or-table",
        ),
    ],
)
def test_bad_choices_get_a_message_and_the_screen_still_shows(
    coordinator_client, logged, url, params, messages
):
    response = coordinator_client.get(url, params)
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    for message in messages:
        assert message in page


def test_bad_dates_show_the_last_four_weeks(coordinator_client, logged):
    response = coordinator_client.get("/admin/insights/", {"start": "2026-13-01", "end": "yesterday"})
    assert str(response.context["period"]) == "3 November to 30 November 2026"


def test_unmet_demand_groups_zero_result_searches_with_last_seen(coordinator_client, logged):
    by_words = coordinator_client.get("/admin/insights/unmet/", {**NOVEMBER, "group": "words"})
    assert [row[:3] for row in table(by_words, "zero").rows] == [["smart tv", 2, 0], ["zoom", 1, 0]]
    assert table(by_words, "zero").rows[0][3] == "10 Nov 2026 12:00"
    by_filters = coordinator_client.get("/admin/insights/unmet/", {**NOVEMBER, "group": "filters"})
    assert table(by_filters, "zero").display_rows() == [
        ["smart tv", "SK5", "none", FEWER_THAN_5, 0, "10 Nov 2026 12:00"],
        ["zoom", "SK7", "level=life", FEWER_THAN_5, 0, "20 Nov 2026 12:00"],
    ]
    assert [row[:2] for row in table(by_words, "few").rows] == [["(no words: filters or place only)", 2]]
    assert [row[:2] for row in table(by_words, "unmatched").rows] == [["smart tv", 2]]


def test_coverage_ranks_districts_by_searches_for_each_listing_nearby(coordinator_client, logged):
    response = coordinator_client.get("/admin/insights/coverage/", {**NOVEMBER, "topic": "universal-credit"})
    gaps = table(response, "gaps")
    # 2 searches for Universal Credit, from SK1; the one such listing is at Reddish Library, 1.8 miles away.
    assert gaps.display_rows() == [["SK1", FEWER_THAN_5, 1, 1.0, "not shown"]]
    everything = table(coordinator_client.get("/admin/insights/coverage/", NOVEMBER), "gaps")
    # 7 searches from SK1; 4 live listings have a venue within 5 miles of its centre.
    assert everything.rows[0][:3] == ["SK1", 7, 4]
    assert everything.rows[0][-1] == round(7 / (4 + 1), 1)
    assert response.context["points"][0]["district"] == "SK1"


def test_reach_counts_referrals_views_handouts_and_emails(coordinator_client, logged, directory, client):
    reddish = Venue.objects.get(name="Reddish Library")
    email = HelpTopic.objects.get(slug="email")
    Referral.objects.create(listing=directory["email"], venue=reddish, topic=email)
    Referral.objects.create(listing=directory["email"], venue=reddish, topic=email)
    totals.update()
    visitor = Client()
    assert visitor.get(directory["email"].url).status_code == 200
    assert visitor.get(directory["email"].url).status_code == 200
    assert visitor.get(f"/handout/{directory['uc'].pk}/").status_code == 200
    assert "sessionid" not in visitor.cookies
    response = coordinator_client.get("/admin/insights/reach/", NOVEMBER)
    assert table(response, "counts").rows == [
        ["Referrals made by staff", 2, 0, "new"],
        ["Handouts opened to print", 1, 0, "new"],
        ["Shortlists emailed", 0, 0, "no change"],
        ["Listing page views", 2, 0, "new"],
    ]
    assert table(response, "venues").rows == [["Reddish Library", 2, 0, "new"]]
    assert table(response, "organisations").rows == [["Library Digital Volunteers", 2, 0, "new"]]
    assert table(response, "views").rows == [["Email drop-in", 2, 0, "new"]]
    assert DailyCount.objects.get(measure=Measure.VIEW).key == str(directory["email"].pk)


def test_health_shows_listings_checked_by_organisation_and_open_reports(coordinator_client, directory):
    import datetime as dt

    from inclusion_alliance.models import ProblemReport

    directory["uc"].last_checked = dt.date(2026, 1, 1)  # 11 months ago
    directory["uc"].save_revision().publish()
    ProblemReport.objects.create(
        page=directory["video"], kind="times", created_at=dt.datetime(2026, 11, 20, tzinfo=dt.UTC)
    )
    response = coordinator_client.get("/admin/insights/health/", NOVEMBER)
    checked = {row[0]: row for row in table(response, "checked").rows}
    hub = checked["Reddish Community Hub"]
    assert hub[1] == 3  # the UC support, the video club and the late help
    assert hub[2] == 2  # the other two were made today
    assert hub[3:] == ["67%", "100%"]
    assert table(response, "open-reports").rows == [
        ["Video calling club", "The days or times are wrong", "20 Nov 2026", 10]
    ]


def test_the_monthly_summary_refuses_a_month_it_cannot_read(coordinator_client, logged):
    good = coordinator_client.get("/admin/insights/summary/", {"month": "2026-11"})
    assert str(good.context["period"]) == "1 November to 30 November 2026"
    assert str(good.context["previous"]) == "1 October to 31 October 2026"
    assert good.context["headline"]["now"] == 10
    bad = coordinator_client.get("/admin/insights/summary/", {"month": "November"})
    assert "Enter the month as YYYY-MM" in bad.content.decode()
    assert str(bad.context["period"]) == "1 October to 31 October 2026"
