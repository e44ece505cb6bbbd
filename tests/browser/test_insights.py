"""The insights screens as a coordinator sees them, checked with axe; and the summary's printout.

As on the admin edit page (test_admin.py), violations inside Wagtail's own admin components would be
Wagtail's to fix; none is known on these screens, so any violation fails."""

import pytest
from django.contrib.auth import get_user_model

from inclusion_alliance.permissions import ensure_coordinators_group
from insights import totals
from insights.demo import load_need
from tests.insights.conftest import log_searches

from .browser import describe, run_axe
from .pages import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENS = [
    ("Demand", "/admin/insights/"),
    ("Unmet demand", "/admin/insights/unmet/"),
    ("Coverage gaps", "/admin/insights/coverage/"),
    ("Reach", "/admin/insights/reach/"),
    ("Health of the directory", "/admin/insights/health/"),
    ("Monthly summary", "/admin/insights/summary/?month=2026-11"),
]


@pytest.fixture
def coordinator(site_data, time_machine):
    time_machine.move_to("2026-12-02 10:00 +00:00", tick=True)
    log_searches(
        ("2026-11-20", "email", "SK1", {}, 3, 6),
        ("2026-11-21", "smart tv", "SK5", {}, 0, 2),
        ("2026-11-22", "", "SK7", {"topic": ["universal-credit"], "level": ["life"]}, 1),
        ("2026-11-28", "help with zoom", "SK1", {}, 0, 5),
    )
    load_need()
    totals.update()
    user = get_user_model().objects.create_user("coordinator", password="a-long-password-1")
    user.groups.add(ensure_coordinators_group())
    return user


@pytest.mark.parametrize(("title", "path"), SCREENS, ids=[title for title, _path in SCREENS])
def test_insights_screen_has_no_violations(page, url, coordinator, title, path):
    sign_in(page, url, coordinator)
    page.goto(url(path))
    assert title in page.title()
    assert page.locator("table.listing").count() >= 1
    violations = run_axe(page)
    print(f"axe: insights {title}: {len(violations)} violations")  # noqa: T201 - read by `pytest -s`
    assert violations == [], describe(violations)


def test_the_monthly_summary_prints_without_menus_or_forms(page, url, coordinator):
    sign_in(page, url, coordinator)
    page.goto(url("/admin/insights/summary/?month=2026-11"))
    page.emulate_media(media="print")
    assert not page.locator(".insights-nav").is_visible()
    assert not page.locator(".insights-form").is_visible()
    assert page.locator("#topics-heading").is_visible()
    assert page.locator(".insights-chart svg").first.is_visible()
