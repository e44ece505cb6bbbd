"""An editor of group A, through the admin's real views, can do nothing to group B's pages, venues,
images or reports: every attempt is refused (403, or a redirect away) and the database is unchanged."""

import pytest
import wagtail_factories
from django.contrib.auth.models import Group
from wagtail.images.models import Image
from wagtail.models import GroupPagePermission, PageViewRestriction, Revision, WorkflowState

from directory.models import Venue
from inclusion_alliance.models import Membership, ProblemReport
from tests.inclusion_alliance.conftest import listing_form_data, page_tree_state
from tests.inclusion_alliance.factories import ProblemReportFactory


def database_state() -> dict:
    return {
        "pages": page_tree_state(),
        "revisions": sorted(Revision.objects.values_list("pk", "object_id", "content")),
        "workflows": sorted(WorkflowState.objects.values_list("pk", "status")),
        "restrictions": list(PageViewRestriction.objects.values_list("pk", "page_id")),
        "venues": list(
            Venue.objects.order_by("pk").values_list("pk", "name", "postcode", "created_by_group_id")
        ),
        "images": list(Image.objects.order_by("pk").values_list("pk", "title", "collection_id")),
        "reports": list(ProblemReport.objects.order_by("pk").values_list("pk", "status", "resolution_note")),
        "page_permissions": sorted(
            GroupPagePermission.objects.values_list("group_id", "page_id", "permission_id")
        ),
    }


def b_pages(b):
    return {b.organisation.pk, b.listing.pk}


def assert_refused(response, b):
    assert response.status_code in (302, 403), f"answered {response.status_code}"
    if response.status_code == 302:
        location = response["Location"]
        for page_id in b_pages(b):
            assert f"/admin/pages/{page_id}/" not in location, f"redirected to B's page: {location}"


@pytest.fixture
def b_image(member_b):
    membership = Membership.objects.get(group=member_b.group)
    return wagtail_factories.ImageFactory(title="Group B logo", collection=membership.collection)


@pytest.fixture
def b_report(member_b):
    return ProblemReportFactory(page=member_b.listing)


def edit_data(b):
    return listing_form_data(b.venue, title="Taken over by A", slug=b.listing.slug)


def venue_data(b):
    return {
        "name": "Renamed by A",
        "kind": "other",
        "address": "1 Road",
        "town": "Stockport",
        "postcode": "SK1 3RS",
        "latitude": "53.4",
        "longitude": "-2.15",
        "public_computers": "0",
        "location": "",
    }


# (how, URL, data): each built from (a, b) at test time.
ATTEMPTS = {
    "edit listing: open": ("get", lambda a, b: f"/admin/pages/{b.listing.pk}/edit/", None),
    "edit listing: save draft": ("post", lambda a, b: f"/admin/pages/{b.listing.pk}/edit/", edit_data),
    "edit listing: publish": (
        "post",
        lambda a, b: f"/admin/pages/{b.listing.pk}/edit/",
        lambda b: {**edit_data(b), "action-publish": "action-publish"},
    ),
    "edit listing: submit for moderation": (
        "post",
        lambda a, b: f"/admin/pages/{b.listing.pk}/edit/",
        lambda b: {**edit_data(b), "action-submit": "action-submit"},
    ),
    "edit organisation: open": ("get", lambda a, b: f"/admin/pages/{b.organisation.pk}/edit/", None),
    "edit organisation: save": (
        "post",
        lambda a, b: f"/admin/pages/{b.organisation.pk}/edit/",
        lambda b: {"title": "Taken", "slug": b.organisation.slug, "summary": "", "description": "{}"},
    ),
    "delete listing: open": ("get", lambda a, b: f"/admin/pages/{b.listing.pk}/delete/", None),
    "delete listing: confirm": ("post", lambda a, b: f"/admin/pages/{b.listing.pk}/delete/", lambda b: {}),
    "delete organisation: confirm": (
        "post",
        lambda a, b: f"/admin/pages/{b.organisation.pk}/delete/",
        lambda b: {},
    ),
    "move listing: choose": ("get", lambda a, b: f"/admin/pages/{b.listing.pk}/move/", None),
    "move listing into A: open": (
        "get",
        lambda a, b: f"/admin/pages/{b.listing.pk}/move/{a.organisation.pk}/confirm/",
        None,
    ),
    "move listing into A: confirm": (
        "post",
        lambda a, b: f"/admin/pages/{b.listing.pk}/move/{a.organisation.pk}/confirm/",
        lambda b: {},
    ),
    "move A's listing into B": (
        "post",
        lambda a, b: f"/admin/pages/{a.listing.pk}/move/{b.organisation.pk}/confirm/",
        lambda b: {},
    ),
    "copy listing: open": ("get", lambda a, b: f"/admin/pages/{b.listing.pk}/copy/", None),
    "copy listing into A": (
        "post",
        lambda a, b: f"/admin/pages/{b.listing.pk}/copy/",
        None,  # filled in by the test: needs A's organisation
    ),
    "unpublish listing: open": ("get", lambda a, b: f"/admin/pages/{b.listing.pk}/unpublish/", None),
    "unpublish listing: confirm": (
        "post",
        lambda a, b: f"/admin/pages/{b.listing.pk}/unpublish/",
        lambda b: {},
    ),
    "unpublish organisation: confirm": (
        "post",
        lambda a, b: f"/admin/pages/{b.organisation.pk}/unpublish/",
        lambda b: {"include_descendants": "on"},
    ),
    "history": ("get", lambda a, b: f"/admin/pages/{b.listing.pk}/history/", None),
    "revision: view": (
        "get",
        lambda a, b: f"/admin/pages/{b.listing.pk}/revisions/{b.listing.live_revision_id}/view/",
        None,
    ),
    "revision: revert form": (
        "get",
        lambda a, b: f"/admin/pages/{b.listing.pk}/revisions/{b.listing.live_revision_id}/revert/",
        None,
    ),
    "revision: revert and publish": (
        "post",
        lambda a, b: f"/admin/pages/{b.listing.pk}/revisions/{b.listing.live_revision_id}/revert/",
        lambda b: {**edit_data(b), "action-publish": "action-publish"},
    ),
    "revisions: compare": (
        "get",
        lambda a, b: f"/admin/pages/{b.listing.pk}/revisions/compare/earliest...latest/",
        None,
    ),
    "revision: unschedule": (
        "post",
        lambda a, b: f"/admin/pages/{b.listing.pk}/revisions/{b.listing.latest_revision_id}/unschedule/",
        lambda b: {},
    ),
    "add listing under B: open": (
        "get",
        lambda a, b: f"/admin/pages/add/directory/servicepage/{b.organisation.pk}/",
        None,
    ),
    "add listing under B: save": (
        "post",
        lambda a, b: f"/admin/pages/add/directory/servicepage/{b.organisation.pk}/",
        lambda b: listing_form_data(b.venue, title="Planted by A", slug="planted"),
    ),
    "add listing under B: submit": (
        "post",
        lambda a, b: f"/admin/pages/add/directory/servicepage/{b.organisation.pk}/",
        lambda b: listing_form_data(b.venue, title="Planted by A", slug="planted", action="submit"),
    ),
    "add subpage under B: choose type": (
        "get",
        lambda a, b: f"/admin/pages/{b.organisation.pk}/add_subpage/",
        None,
    ),
    "lock listing": ("post", lambda a, b: f"/admin/pages/{b.listing.pk}/lock/", lambda b: {}),
    "privacy: open": ("get", lambda a, b: f"/admin/pages/{b.listing.pk}/privacy/", None),
    "privacy: set a password": (
        "post",
        lambda a, b: f"/admin/pages/{b.listing.pk}/privacy/",
        lambda b: {"restriction_type": "password", "password": "secret123", "groups": []},
    ),
    "view draft": ("get", lambda a, b: f"/admin/pages/{b.listing.pk}/view_draft/", None),
    "preview draft": ("post", lambda a, b: f"/admin/pages/{b.listing.pk}/edit/preview/", edit_data),
    "usage": ("get", lambda a, b: f"/admin/pages/{b.listing.pk}/usage/", None),
    "workflow history": ("get", lambda a, b: f"/admin/pages/{b.listing.pk}/workflow_history/", None),
    "venue: edit form": ("get", lambda a, b: f"/admin/snippets/directory/venue/edit/{b.venue.pk}/", None),
    "venue: save": ("post", lambda a, b: f"/admin/snippets/directory/venue/edit/{b.venue.pk}/", venue_data),
    "venue: delete form": ("get", lambda a, b: f"/admin/snippets/directory/venue/delete/{b.venue.pk}/", None),
    "venue: delete": (
        "post",
        lambda a, b: f"/admin/snippets/directory/venue/delete/{b.venue.pk}/",
        lambda b: {},
    ),
    "venue: copy form": ("get", lambda a, b: f"/admin/snippets/directory/venue/copy/{b.venue.pk}/", None),
    "venue: post to copy": (
        "post",
        lambda a, b: f"/admin/snippets/directory/venue/copy/{b.venue.pk}/",
        venue_data,
    ),
    "still correct: open": (
        "get",
        lambda a, b: f"/admin/alliance/listings/{b.listing.pk}/still-correct/",
        None,
    ),
    "still correct: confirm": (
        "post",
        lambda a, b: f"/admin/alliance/listings/{b.listing.pk}/still-correct/",
        lambda b: {},
    ),
}


@pytest.mark.parametrize("attempt", ATTEMPTS)
def test_editor_of_group_a_cannot_touch_group_b(attempt, editor_a_client, member_a, member_b):
    how, url, data = ATTEMPTS[attempt]
    url = url(member_a, member_b)
    if attempt == "copy listing into A":
        data = {
            "new_title": "Copied by A",
            "new_slug": "copied-by-a",
            "new_parent_page": member_a.organisation.pk,
            "copy_subpages": "",
            "publish_copies": "",
        }
    elif data is not None:
        data = data(member_b)
    before = database_state()

    response = editor_a_client.get(url) if how == "get" else editor_a_client.post(url, data)

    assert_refused(response, member_b)
    assert database_state() == before


def test_exploring_group_b_redirects_to_group_a(editor_a_client, member_a, member_b):
    response = editor_a_client.get(f"/admin/pages/{member_b.organisation.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{member_a.organisation.pk}/"


def test_admin_page_search_finds_only_group_a(editor_a_client, member_a, member_b):
    response = editor_a_client.get("/admin/pages/search/", {"q": "drop-in"})
    assert response.status_code == 200
    content = response.content.decode()
    assert f"/admin/pages/{member_a.listing.pk}/edit/" in content
    assert f"/admin/pages/{member_b.listing.pk}/edit/" not in content


def test_group_b_image_cannot_be_edited_or_deleted(editor_a_client, member_a, b_image):
    before = database_state()
    for response in (
        editor_a_client.get(f"/admin/images/{b_image.pk}/"),
        editor_a_client.post(
            f"/admin/images/{b_image.pk}/", {"title": "Taken", "collection": b_image.collection_id}
        ),
        editor_a_client.post(f"/admin/images/{b_image.pk}/delete/"),
    ):
        assert response.status_code in (302, 403)
    assert database_state() == before


def test_group_b_problem_reports_are_hidden_from_group_a(editor_a_client, member_a, b_report):
    before = database_state()
    listing = editor_a_client.get("/admin/alliance/problem-reports/")
    assert listing.status_code == 200
    assert f"/admin/alliance/problem-reports/inspect/{b_report.pk}/" not in listing.content.decode()
    for response in (
        editor_a_client.get(f"/admin/alliance/problem-reports/inspect/{b_report.pk}/"),
        editor_a_client.get(f"/admin/alliance/problem-reports/resolve/{b_report.pk}/"),
        editor_a_client.post(f"/admin/alliance/problem-reports/resolve/{b_report.pk}/", {"note": "Not mine"}),
        editor_a_client.post(
            f"/admin/alliance/problem-reports/edit/{b_report.pk}/", {"resolution_note": "x"}
        ),
        editor_a_client.post(f"/admin/alliance/problem-reports/delete/{b_report.pk}/"),
    ):
        assert response.status_code in (302, 403)
    assert database_state() == before


def test_editors_cannot_see_applications_or_members(editor_a_client, member_a):
    for url in (
        "/admin/alliance/applications/",
        "/admin/alliance/members/",
        "/admin/reports/listings-to-check/",
    ):
        assert editor_a_client.get(url).status_code in (302, 403), url


def test_editors_cannot_make_themselves_trusted(editor_a_client, member_a):
    membership = Membership.objects.get(group=member_a.group)
    response = editor_a_client.post(f"/admin/alliance/members/edit/{membership.pk}/", {"trusted": "on"})
    assert response.status_code in (302, 403)
    membership.refresh_from_db()
    assert not membership.trusted


# -- the same views, on group A's own pages, work: the refusals above are about B, not broken views --


def test_editor_of_group_a_can_open_its_own_pages(editor_a_client, member_a):
    for url in (
        f"/admin/pages/{member_a.organisation.pk}/",
        f"/admin/pages/{member_a.listing.pk}/edit/",
        f"/admin/pages/{member_a.organisation.pk}/edit/",
        f"/admin/pages/add/directory/servicepage/{member_a.organisation.pk}/",
        f"/admin/pages/{member_a.listing.pk}/history/",
        f"/admin/pages/{member_a.listing.pk}/revisions/{member_a.listing.live_revision_id}/view/",
        f"/admin/snippets/directory/venue/edit/{member_a.venue.pk}/",
        f"/admin/snippets/directory/venue/delete/{member_a.venue.pk}/",
        f"/admin/alliance/listings/{member_a.listing.pk}/still-correct/",
    ):
        assert editor_a_client.get(url).status_code == 200, url


def test_editor_of_group_a_can_copy_its_listing_as_a_draft(editor_a_client, member_a):
    response = editor_a_client.post(
        f"/admin/pages/{member_a.listing.pk}/copy/",
        {
            "new_title": "Second drop-in",
            "new_slug": "second-drop-in",
            "new_parent_page": member_a.organisation.pk,
            "copy_subpages": "",
            "publish_copies": "",
        },
    )
    assert response.status_code == 302
    copy = member_a.organisation.get_children().get(slug="second-drop-in")
    assert not copy.live


def test_coordinators_can_edit_every_group(coordinator_client, member_a, member_b):
    for member in (member_a, member_b):
        assert coordinator_client.get(f"/admin/pages/{member.listing.pk}/edit/").status_code == 200
        assert (
            coordinator_client.get(f"/admin/snippets/directory/venue/edit/{member.venue.pk}/").status_code
            == 200
        )


def test_each_group_has_page_permissions_on_its_own_organisation_only(member_a, member_b):
    for member in (member_a, member_b):
        permissions = GroupPagePermission.objects.filter(group=member.group)
        assert {p.page_id for p in permissions} == {member.organisation.pk}
        assert {p.permission.codename for p in permissions} == {"add_page", "change_page"}
        assert not Group.objects.get(pk=member.group.pk).permissions.filter(codename="publish_page").exists()


@pytest.mark.parametrize("section", ["applications", "members", "problem-reports"])
def test_alliance_records_cannot_be_typed_into_the_admin_even_by_a_superuser(admin_client, section):
    index = admin_client.get(f"/admin/alliance/{section}/")
    assert index.status_code == 200
    assert f"/admin/alliance/{section}/new/" not in index.content.decode()
    assert admin_client.get(f"/admin/alliance/{section}/new/").status_code in (302, 403)
    assert admin_client.post(f"/admin/alliance/{section}/new/", {"resolution_note": "x"}).status_code in (
        302,
        403,
    )
