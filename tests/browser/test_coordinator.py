"""The council's coordinator in Chromium: sign in, close a listing a resident says has stopped, read the
referrals report, and import a spreadsheet (dry run, then confirm). axe checks the screens we add; as
in test_admin.py, violations inside Wagtail's own components are printed, not failed."""

import re

import pytest
from django.contrib.auth import get_user_model

from directory.models import ServicePage
from inclusion_alliance.choices import ProblemKind
from inclusion_alliance.models import ProblemReport
from inclusion_alliance.permissions import ensure_coordinators_group
from tests import factories

from .browser import describe, run_axe
from .test_admin import is_wagtails

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "a-long-password-1"


def ours(violations: list[dict]) -> list[dict]:
    kept = [
        {**v, "nodes": [node for node in v["nodes"] if not is_wagtails(v["id"], node)]} for v in violations
    ]
    return [violation for violation in kept if violation["nodes"]]


def check_axe(page, name: str) -> None:
    violations = run_axe(page)
    print(f"axe: {name}: {len(violations)} violations\n{describe(violations)}")  # noqa: T201
    assert ours(violations) == [], f"{name}:\n{describe(ours(violations))}"


def log_in(page, url) -> None:
    user = get_user_model().objects.create_user("coordinator", "coordinator@council.example", PASSWORD)
    user.groups.add(ensure_coordinators_group())
    page.goto(url("/admin/login/"))
    page.get_by_label("Username").fill("coordinator")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def import_file(tmp_path) -> str:
    return factories.import_csv(
        tmp_path, [factories.import_row(venue_latitude="53.39", venue_longitude="-2.21")]
    )


def test_the_coordinator_closes_a_stopped_listing_reads_referrals_and_imports(page, url, site_data, tmp_path):
    listing = site_data["email"]
    ProblemReport.objects.create(
        page=listing, kind=ProblemKind.CLOSED, details="I went last week and the room was locked."
    )
    log_in(page, url)

    # The dashboard: the report is the first panel, with its two buttons.
    panel = page.locator("#alliance-urgent-reports-content")
    assert "the room was locked" in panel.inner_text()
    check_axe(page, "coordinator dashboard")
    panel.get_by_role("button", name=re.compile(r"^Mark temporarily closed")).click()
    page.wait_for_load_state()
    assert "now shows as temporarily closed" in page.locator(".messages").inner_text()
    assert ServicePage.objects.get(pk=listing.pk).status == "temporarily_closed"
    page.goto(url(listing.url))
    assert "Temporarily closed." in page.locator("main").inner_text()

    # The referrals report, from the Reports menu's address.
    page.goto(url("/admin/reports/referrals/"))
    assert page.locator("h1").first.inner_text().strip() == "Referrals"
    check_axe(page, "referrals report")

    # Import: a dry run first, then confirm.
    page.goto(url("/admin/import/"))
    check_axe(page, "import page")
    page.get_by_label("Spreadsheet or Open Referral UK file").set_input_files(import_file(tmp_path))
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_load_state()
    report = page.locator("section[aria-labelledby=report-heading]").inner_text()
    assert 'created listing "Tablet help"' in report
    assert "Dry run: nothing was saved" in report
    assert not ServicePage.objects.filter(title="Tablet help").exists()
    check_axe(page, "import dry run report")
    page.get_by_role("button", name="Import", exact=True).click()
    page.wait_for_load_state()
    assert "Changes saved." in page.locator("section[aria-labelledby=report-heading]").inner_text()
    assert ServicePage.objects.get(title="Tablet help").live
