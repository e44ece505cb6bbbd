"""The Wagtail admin's listing edit page, as a community group's editor sees it, checked with axe.

Violations in Wagtail's own admin components are Wagtail's to fix: they are listed in WAGTAILS (and
printed with -s) and do not fail the suite. Any other violation, such as one in the fields, labels,
help text and panels we add to the page, fails it."""

import pytest
from django.contrib.auth import get_user_model

from inclusion_alliance.permissions import setup_organisation_group

from .browser import describe, run_axe
from .pages import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# (axe rule, a piece of the failing element's HTML) for known problems in Wagtail's own components.
WAGTAILS = {
    # Draftail, Wagtail's rich text editor: its editable box is not tied to the field's label.
    ("aria-input-field-name", "public-DraftEditor-content"),
    # The icon buttons in each inline panel's header (move up and down, drag, delete) and the panel's
    # "Toggle section" button are 20-22 px, close together: axe's target-size rule flags them whenever
    # the header's layout puts them side by side (it depends on the window width and panel nesting).
    ("target-size", "data-inline-panel-child-move-up"),
    ("target-size", "data-inline-panel-child-move-down"),
    ("target-size", "data-inline-panel-child-drag"),
    ("target-size", "-DELETE-button"),
    ("target-size", "data-panel-toggle"),
}


def is_wagtails(rule: str, node: dict) -> bool:
    return any(rule == known_rule and snippet in node["html"] for known_rule, snippet in WAGTAILS)


def test_listing_edit_page_for_an_editor_has_no_violations_of_our_own(page, url, site_data):
    editor = get_user_model().objects.create_user("editor", password="a-long-password-1")
    editor.groups.add(setup_organisation_group(site_data["organisation"]))
    sign_in(page, url, editor)
    page.goto(url(f"/admin/pages/{site_data['email'].pk}/edit/"))
    assert page.locator("h1").first.inner_text().strip() == "Editing Listing: Email drop-in"
    violations = run_axe(page)
    print(f"axe: admin listing edit page: {len(violations)} violations\n{describe(violations)}")  # noqa: T201
    ours = [
        {
            **violation,
            "nodes": [node for node in violation["nodes"] if not is_wagtails(violation["id"], node)],
        }
        for violation in violations
    ]
    ours = [violation for violation in ours if violation["nodes"]]
    assert ours == [], describe(ours)
