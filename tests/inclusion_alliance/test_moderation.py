"""Group edits go to a coordinator for approval and are not live until approved; everyone is told."""

from django.core import mail
from django.test import Client
from wagtail.models import WorkflowState

from directory.models import ServicePage
from inclusion_alliance.moderation import WORKFLOW_NAME, ensure_moderation_workflow
from tests import factories
from tests.factories import listing_form_data


def submit_edit(client, listing, venue, title, action="submit"):
    return client.post(
        f"/admin/pages/{listing.pk}/edit/",
        listing_form_data(venue, title=title, slug=listing.slug, action=action),
    )


def in_progress_state(page):
    return WorkflowState.objects.get(
        base_content_type__model="page", object_id=str(page.pk), status=WorkflowState.STATUS_IN_PROGRESS
    )


def test_every_organisation_page_is_under_the_coordinator_workflow(member_a, member_b):
    for page in (member_a.organisation, member_a.listing, member_b.listing):
        assert page.get_workflow().name == WORKFLOW_NAME


def test_setting_up_the_workflow_twice_makes_one_workflow(alliance):
    first = ensure_moderation_workflow()
    second = ensure_moderation_workflow()
    assert first == second
    assert list(first.tasks.values_list("name", flat=True)) == ["Coordinator approval"]


def test_a_new_listing_submitted_by_an_editor_waits_for_approval_and_is_not_live(
    editor_a_client, member_a, coordinator
):
    mail.outbox.clear()
    response = editor_a_client.post(
        f"/admin/pages/add/directory/servicepage/{member_a.organisation.pk}/",
        listing_form_data(member_a.venue, title="Email drop-in", slug="email-drop-in", action="submit"),
    )

    assert response.status_code == 302
    listing = ServicePage.objects.get(slug="email-drop-in")
    assert not listing.live
    assert listing.workflow_in_progress
    assert Client().get(listing.get_url()).status_code == 404
    assert any(coordinator.email in message.to for message in mail.outbox)


def test_an_editor_cannot_publish_by_posting_the_publish_action(editor_a_client, member_a):
    live_title = member_a.listing.title
    response = submit_edit(
        editor_a_client, member_a.listing, member_a.venue, "Published by the editor", "publish"
    )

    assert response.status_code in (200, 302)
    listing = ServicePage.objects.get(pk=member_a.listing.pk)
    assert listing.title == live_title
    assert listing.draft_title == "Published by the editor"
    assert listing.has_unpublished_changes


def test_an_edit_stays_off_the_site_until_a_coordinator_approves_it(client, member_a, coordinator):
    client.force_login(member_a.editor)
    submit_edit(client, member_a.listing, member_a.venue, "Email and NHS App drop-in")
    assert client.get(member_a.listing.url).context["page"].title == "Group A drop-in"

    mail.outbox.clear()
    client.force_login(coordinator)
    state = in_progress_state(member_a.listing)
    response = client.post(
        f"/admin/pages/workflow/action/{member_a.listing.pk}/approve/{state.current_task_state.pk}/",
        {"comment": "Looks good, thank you."},
    )

    assert response.status_code in (200, 302)
    listing = ServicePage.objects.get(pk=member_a.listing.pk)
    assert listing.live and listing.title == "Email and NHS App drop-in"
    assert client.get(listing.url).context["page"].title == "Email and NHS App drop-in"
    approved = [message for message in mail.outbox if member_a.editor.email in message.to]
    assert len(approved) == 1
    assert "approved" in approved[0].subject.lower()


def test_a_coordinator_can_send_an_edit_back_with_a_comment_the_editor_receives(
    client, member_a, coordinator
):
    client.force_login(member_a.editor)
    submit_edit(client, member_a.listing, member_a.venue, "Wrong title")
    state = in_progress_state(member_a.listing)

    mail.outbox.clear()
    client.force_login(coordinator)
    client.post(
        f"/admin/pages/workflow/action/{member_a.listing.pk}/reject/{state.current_task_state.pk}/",
        {"comment": "Please give the full address of the venue."},
    )

    listing = ServicePage.objects.get(pk=member_a.listing.pk)
    assert listing.title == "Group A drop-in"
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    to_editor = [message for message in mail.outbox if member_a.editor.email in message.to]
    assert len(to_editor) == 1
    assert "Please give the full address of the venue." in to_editor[0].body


def test_a_coordinator_is_emailed_once_when_an_editor_submits(client, member_a, coordinator):
    client.force_login(member_a.editor)
    mail.outbox.clear()
    submit_edit(client, member_a.listing, member_a.venue, "New title")
    to_coordinator = [message for message in mail.outbox if coordinator.email in message.to]
    assert len(to_coordinator) == 1
    assert "New title" in to_coordinator[0].subject + to_coordinator[0].body


def test_editors_cannot_approve_their_own_edits(client, member_a, coordinator):
    client.force_login(member_a.editor)
    submit_edit(client, member_a.listing, member_a.venue, "Self-approved")
    state = in_progress_state(member_a.listing)
    response = client.post(
        f"/admin/pages/workflow/action/{member_a.listing.pk}/approve/{state.current_task_state.pk}/", {}
    )
    assert response.status_code in (302, 403)
    assert ServicePage.objects.get(pk=member_a.listing.pk).title == "Group A drop-in"
    assert in_progress_state(member_a.listing).pk == state.pk


def test_a_trusted_group_publishes_without_approval(client, trusted_member):
    client.force_login(trusted_member.editor)
    response = submit_edit(
        client, trusted_member.listing, trusted_member.venue, "Published at once", "publish"
    )
    assert response.status_code == 302
    listing = ServicePage.objects.get(pk=trusted_member.listing.pk)
    assert listing.live and listing.title == "Published at once"
    assert not listing.workflow_in_progress


def test_an_untrusted_group_made_trusted_gains_publish_and_loses_it_again(member_a):
    from wagtail.models import GroupPagePermission

    from inclusion_alliance.models import Membership

    membership = Membership.objects.get(group=member_a.group)

    def codenames():
        return set(
            GroupPagePermission.objects.filter(group=member_a.group).values_list(
                "permission__codename", flat=True
            )
        )

    membership.trusted = True
    membership.save()
    assert codenames() == {"add_page", "change_page", "publish_page"}
    membership.trusted = False
    membership.save()
    assert codenames() == {"add_page", "change_page"}


def test_a_venue_added_by_an_editor_belongs_to_their_group(editor_a_client, member_a):
    response = factories.add_reddish_library(
        editor_a_client, postcode="SK5 6UB", latitude="53.4359", longitude="-2.1601"
    )
    assert response.status_code == 302
    from directory.models import Venue

    venue = Venue.objects.get(name="Reddish Library")
    assert venue.created_by_group == member_a.group
    assert editor_a_client.get(f"/admin/snippets/directory/venue/edit/{venue.pk}/").status_code == 200


def test_editors_may_choose_any_venue_for_a_listing(editor_a_client, member_a, member_b):
    council_venue = factories.VenueFactory(name="Central Library")
    chooser = editor_a_client.get("/admin/snippets/choose/directory/venue/")
    assert chooser.status_code == 200
    for venue in (member_a.venue, member_b.venue, council_venue):
        assert venue.name in chooser.content.decode()

    response = editor_a_client.post(
        f"/admin/pages/add/directory/servicepage/{member_a.organisation.pk}/",
        listing_form_data(member_b.venue, title="At B's hall", slug="at-bs-hall", action="submit"),
    )
    assert response.status_code == 302
    assert ServicePage.objects.get(
        slug="at-bs-hall"
    ).get_latest_revision_as_object().locations.first().venue == (member_b.venue)


def test_the_venue_list_offers_edit_only_on_the_groups_own_venues(editor_a_client, member_a, member_b):
    content = editor_a_client.get("/admin/snippets/directory/venue/").content.decode()
    assert member_b.venue.name in content
    assert f"/admin/snippets/directory/venue/edit/{member_a.venue.pk}/" in content
    assert f"/admin/snippets/directory/venue/edit/{member_b.venue.pk}/" not in content
    assert f"/admin/snippets/directory/venue/delete/{member_b.venue.pk}/" not in content
