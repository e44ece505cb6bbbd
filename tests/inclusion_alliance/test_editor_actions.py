"""What an editor chooses between: the main button of the page editor, and the page types to add."""

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db


def main_button(html: str):
    """The button shown first in the editor's footer (the others are under "More actions")."""
    footer = BeautifulSoup(html, "html.parser").find("nav", attrs={"aria-label": "Actions (footer)"})
    return footer.find("button")


def test_a_moderated_groups_main_button_is_submit_for_approval(editor_a_client, member_a):
    button = main_button(editor_a_client.get(f"/admin/pages/{member_a.listing.pk}/edit/").content.decode())
    assert (button["name"], button.get_text(strip=True)) == ("action-submit", "Submit for approval")


def test_submit_for_approval_is_also_the_main_button_when_adding(editor_a_client, member_a):
    url = f"/admin/pages/add/directory/servicepage/{member_a.organisation.pk}/"
    button = main_button(editor_a_client.get(url).content.decode())
    assert button.get_text(strip=True) == "Submit for approval"


def test_the_main_button_submits_the_page_for_approval(editor_a_client, member_a):
    from tests.factories import listing_form_data

    data = listing_form_data(member_a.venue, title="Changed", slug=member_a.listing.slug, action="submit")
    assert editor_a_client.post(f"/admin/pages/{member_a.listing.pk}/edit/", data).status_code == 302
    member_a.listing.refresh_from_db()
    assert member_a.listing.workflow_in_progress


def test_a_trusted_group_keeps_save_draft_first_and_publish_in_the_menu(client, trusted_member):
    client.force_login(trusted_member.editor)
    html = client.get(f"/admin/pages/{trusted_member.listing.pk}/edit/").content.decode()
    assert "Submit for approval" not in main_button(html).get_text()
    assert 'name="action-publish"' in html


def test_choosing_what_to_add_explains_listing_and_event(editor_a_client, member_a):
    html = editor_a_client.get(f"/admin/pages/{member_a.organisation.pk}/add_subpage/").content.decode()
    descriptions = [tag.get_text(strip=True) for tag in BeautifulSoup(html, "html.parser").select("a small")]
    assert "A listing: help you offer regularly, such as a weekly drop-in." in descriptions
    assert any(text.startswith("An event: something on a particular date") for text in descriptions)
