"""A group editor's journey through the admin in Chromium: the dashboard, typing "2pm" into a regular
time and hearing it back in words, submitting for approval; then the coordinator's compare view."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from directory.models import ServicePage
from inclusion_alliance.moderation import ensure_alliance_setup
from inclusion_alliance.permissions import ensure_coordinators_group, setup_organisation_group

from .browser import describe, run_axe
from .pages import sign_in
from .test_admin import is_wagtails

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def our_violations(page) -> list[dict]:
    violations = run_axe(page)
    ours = [
        {
            **violation,
            "nodes": [node for node in violation["nodes"] if not is_wagtails(violation["id"], node)],
        }
        for violation in violations
    ]
    return [violation for violation in ours if violation["nodes"]]


@pytest.fixture
def editor(site_data):
    ensure_alliance_setup()
    user = get_user_model().objects.create_user("editor", password="a-long-password-1")
    user.groups.add(setup_organisation_group(site_data["organisation"]))
    return user


def test_the_editors_dashboard_lists_their_pages_with_no_violations_of_our_own(page, url, site_data, editor):
    sign_in(page, url, editor)
    page.goto(url("/admin/"))
    panel = page.locator("#alliance-editor-home-content")
    assert panel.get_by_role("link", name="Email drop-in").is_visible()
    assert panel.get_by_role("button", name="Still correct: Email drop-in").count() == 1
    ours = our_violations(page)
    assert ours == [], describe(ours)


def test_an_editor_types_2pm_hears_it_back_and_submits_it_for_approval(page, url, site_data, editor):
    listing = site_data["email"]
    sign_in(page, url, editor)
    page.goto(url(f"/admin/pages/{listing.pk}/edit/"))
    opens = page.locator("[name='locations-0-schedules-0-opens_at']")
    closes = page.locator("[name='locations-0-schedules-0-closes_at']")
    opens.fill("2pm")
    closes.fill("3:30pm")
    closes.press("Tab")
    # Nothing rewrote what was typed, and the row says it back in words.
    assert (opens.input_value(), closes.input_value()) == ("2pm", "3:30pm")
    row = page.locator("[data-inline-panel-child]", has=opens).last  # the schedule row, inside its venue
    assert "Every Tuesday, 2pm to 3:30pm" in row.locator("[data-read-back]").inner_text()
    ours = our_violations(page)
    assert ours == [], describe(ours)

    page.get_by_role("button", name="Submit for approval").click()
    page.wait_for_url(lambda address: "/edit/" not in address or "pages" in address)
    listing = ServicePage.objects.get(pk=listing.pk)
    assert listing.workflow_in_progress
    draft = listing.get_latest_revision_as_object()
    schedule = draft.locations.all()[0].schedules.all()[0]
    assert (schedule.opens_at.hour, schedule.closes_at.hour, schedule.closes_at.minute) == (14, 15, 30)

    coordinator = get_user_model().objects.create_user("coordinator", password="a-long-password-1")
    coordinator.groups.add(ensure_coordinators_group())
    sign_in(page, url, coordinator)
    page.goto(
        url(
            reverse(
                "wagtailadmin_pages:revisions_compare", args=[listing.pk, "live", listing.latest_revision_id]
            )
        )
    )
    assert "Every Tuesday: 10:00–12:00 → 14:00–15:30 at" in page.locator("main").inner_text()
