"""An editor of group A, through the admin's real views, can do nothing to group B's pages, venues,
images or reports: every attempt is refused (403, or a redirect away) and the database is unchanged.
And sees nothing of them: every list, search, chooser, report, bulk action and API of Wagtail's admin
shows none of B's titles (see docs/alliance.md for the list)."""

import csv
import html
import io
from pathlib import Path

import pytest
import wagtail_factories
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.images.models import Image
from wagtail.models import (
    GroupCollectionPermission,
    GroupPagePermission,
    PageViewRestriction,
    Revision,
    WorkflowState,
)

from directory.models import OrganisationPage, Venue
from events.models import EventCancellation, EventPage
from inclusion_alliance.membership import approve_application
from inclusion_alliance.models import Membership, ProblemReport
from inclusion_alliance.wagtail_hooks import ORGANISATION_DELETE_REFUSED
from tests.factories import event_form_data, listing_form_data, venue_form_data
from tests.inclusion_alliance.conftest import page_tree_state
from tests.inclusion_alliance.factories import MembershipApplicationFactory, ProblemReportFactory


def database_state() -> dict:
    return {
        "pages": page_tree_state(),
        "revisions": sorted(Revision.objects.values_list("pk", "object_id", "content")),
        "workflows": sorted(WorkflowState.objects.values_list("pk", "status")),
        "restrictions": list(PageViewRestriction.objects.values_list("pk", "page_id")),
        "events": list(
            EventPage.objects.order_by("pk").values_list(
                "pk", "venue_id", "start_date", "repeat", "rrule", "status", "uuid"
            )
        ),
        "cancelled_dates": list(
            EventCancellation.objects.order_by("pk").values_list("pk", "page_id", "date", "reason")
        ),
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
    return {b.organisation.pk, b.listing.pk, b.event.pk}


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


def edit_data(a, b):
    return listing_form_data(b.venue, title="Taken over by A", slug=b.listing.slug)


def event_edit_data(a, b):
    """B's event retitled, its cancelled date removed and another added: any of it saved is a change."""
    cancelled = b.event.cancelled_dates.get()
    return event_form_data(
        b.venue,
        title="Taken over by A",
        slug=b.event.slug,
        cancelled=[
            {
                "id": cancelled.pk,
                "date": cancelled.date.isoformat(),
                "reason": cancelled.reason,
                "DELETE": "on",
            },
            {"date": "2026-03-17", "reason": "Cancelled by A"},
        ],
    )


def publish(data):
    return lambda a, b: {**data(a, b), "action-publish": "action-publish"}


def submit(data):
    return lambda a, b: {**data(a, b), "action-submit": "action-submit"}


def copy_into_a(a, b):
    return {
        "new_title": "Copied by A",
        "new_slug": "copied-by-a",
        "new_parent_page": a.organisation.pk,
        "copy_subpages": "",
        "publish_copies": "",
    }


def nothing(a, b):
    return {}


def venue_data(a, b):
    return venue_form_data(name="Renamed by A")


def page_attempts(kind: str, edit) -> dict:
    """Every edit, delete, move, copy, unpublish and revision URL for one of B's pages (`kind` is the
    `Member` attribute, "listing" or "event"), with what A's editor posts to each."""
    page = f"/admin/pages/{{b.{kind}.pk}}/"
    live_revision = f"{page}revisions/{{b.{kind}.live_revision_id}}/"
    into_a = f"{page}move/{{a.organisation.pk}}/confirm/"
    return {
        f"edit {kind}: open": ("get", f"{page}edit/", None),
        f"edit {kind}: save draft": ("post", f"{page}edit/", edit),
        f"edit {kind}: publish": ("post", f"{page}edit/", publish(edit)),
        f"edit {kind}: submit for moderation": ("post", f"{page}edit/", submit(edit)),
        f"delete {kind}: open": ("get", f"{page}delete/", None),
        f"delete {kind}: confirm": ("post", f"{page}delete/", nothing),
        f"move {kind}: choose": ("get", f"{page}move/", None),
        f"move {kind} into A: open": ("get", into_a, None),
        f"move {kind} into A: confirm": ("post", into_a, nothing),
        f"move A's {kind} into B": (
            "post",
            f"/admin/pages/{{a.{kind}.pk}}/move/{{b.organisation.pk}}/confirm/",
            nothing,
        ),
        f"copy {kind}: open": ("get", f"{page}copy/", None),
        f"copy {kind} into A": ("post", f"{page}copy/", copy_into_a),
        f"unpublish {kind}: open": ("get", f"{page}unpublish/", None),
        f"unpublish {kind}: confirm": ("post", f"{page}unpublish/", nothing),
        f"{kind} history": ("get", f"{page}history/", None),
        f"{kind} revision: view": ("get", f"{live_revision}view/", None),
        f"{kind} revision: revert form": ("get", f"{live_revision}revert/", None),
        f"{kind} revision: revert and publish": ("post", f"{live_revision}revert/", publish(edit)),
        f"{kind} revisions: compare": ("get", f"{page}revisions/compare/earliest...latest/", None),
        f"{kind} revision: unschedule": (
            "post",
            f"{page}revisions/{{b.{kind}.latest_revision_id}}/unschedule/",
            nothing,
        ),
    }


def venue_snippet(action: str) -> str:
    return f"/admin/snippets/directory/venue/{action}/{{b.venue.pk}}/"


def posts(**data):
    return lambda a, b: data


ORGANISATION = "/admin/pages/{b.organisation.pk}/"
LISTING = "/admin/pages/{b.listing.pk}/"
ADD_LISTING = "/admin/pages/add/directory/servicepage/{b.organisation.pk}/"
STILL_CORRECT = "/admin/alliance/listings/{b.listing.pk}/still-correct/"

# (how, URL, data): the URL is a template filled in with A and B (str.format), and the data is built
# from (a, b), at test time.
ATTEMPTS = {
    **page_attempts("listing", edit_data),
    **page_attempts("event", event_edit_data),
    "edit organisation: open": ("get", ORGANISATION + "edit/", None),
    "edit organisation: save": (
        "post",
        ORGANISATION + "edit/",
        lambda a, b: {"title": "Taken", "slug": b.organisation.slug, "summary": "", "description": "{}"},
    ),
    "delete organisation: confirm": ("post", ORGANISATION + "delete/", nothing),
    "unpublish organisation: confirm": ("post", ORGANISATION + "unpublish/", posts(include_descendants="on")),
    "add listing under B: open": ("get", ADD_LISTING, None),
    "add listing under B: save": (
        "post",
        ADD_LISTING,
        lambda a, b: listing_form_data(b.venue, title="Planted by A", slug="planted"),
    ),
    "add listing under B: submit": (
        "post",
        ADD_LISTING,
        lambda a, b: listing_form_data(b.venue, title="Planted by A", slug="planted", action="submit"),
    ),
    "add event under B: save": (
        "post",
        "/admin/pages/add/events/eventpage/{b.organisation.pk}/",
        lambda a, b: event_form_data(b.venue, title="Planted by A", slug="planted"),
    ),
    "add subpage under B: choose type": ("get", ORGANISATION + "add_subpage/", None),
    "lock listing": ("post", LISTING + "lock/", nothing),
    "privacy: open": ("get", LISTING + "privacy/", None),
    "privacy: set a password": (
        "post",
        LISTING + "privacy/",
        posts(restriction_type="password", password="secret123", groups=[]),
    ),
    "view draft": ("get", LISTING + "view_draft/", None),
    "preview draft": ("post", LISTING + "edit/preview/", edit_data),
    "usage": ("get", LISTING + "usage/", None),
    "workflow history": ("get", LISTING + "workflow_history/", None),
    "venue: edit form": ("get", venue_snippet("edit"), None),
    "venue: save": ("post", venue_snippet("edit"), venue_data),
    "venue: delete form": ("get", venue_snippet("delete"), None),
    "venue: delete": ("post", venue_snippet("delete"), nothing),
    "venue: copy form": ("get", venue_snippet("copy"), None),
    "venue: post to copy": ("post", venue_snippet("copy"), venue_data),
    "still correct: open": ("get", STILL_CORRECT, None),
    "still correct: confirm": ("post", STILL_CORRECT, nothing),
}


@pytest.mark.parametrize("attempt", ATTEMPTS)
def test_editor_of_group_a_cannot_touch_group_b(attempt, editor_a_client, member_a, member_b):
    how, url, data = ATTEMPTS[attempt]
    url = url.format(a=member_a, b=member_b)
    data = data(member_a, member_b) if data is not None else None
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
    assert member_a.listing.title in content
    assert f"/admin/pages/{member_b.listing.pk}/edit/" not in content
    assert member_b.listing.title not in content


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


# -- an organisation's own page: deleting it would end the membership, so only coordinators may ----------


@pytest.fixture
def just_approved(coordinator):
    """A member approved a moment ago: its organisation page is a draft with nothing under it, which
    Wagtail on its own lets the group's editor delete."""
    return approve_application(MembershipApplicationFactory(organisation_name="New Friends"), by=coordinator)


def test_an_editor_cannot_delete_their_own_organisation_page(client, just_approved):
    membership, editor = just_approved.membership, just_approved.user
    organisation = OrganisationPage.objects.get(pk=membership.organisation_id)
    assert organisation.permissions_for_user(editor).can_delete()  # what Wagtail alone would allow
    client.force_login(editor)
    url = f"/admin/pages/{organisation.pk}/delete/"

    for response in (client.get(url, follow=True), client.post(url, follow=True)):
        assert response.redirect_chain == [(f"/admin/pages/{organisation.pk}/edit/", 302)]
        assert ORGANISATION_DELETE_REFUSED in html.unescape(response.content.decode())

    assert OrganisationPage.objects.filter(pk=organisation.pk).exists()
    assert Membership.objects.filter(pk=membership.pk, group=membership.group).exists()
    assert organisation.permissions_for_user(editor).can_edit()


def test_an_editor_cannot_bulk_delete_their_own_organisation_page(client, just_approved):
    organisation_id, editor = just_approved.membership.organisation_id, just_approved.user
    client.force_login(editor)

    response = client.post(
        f"/admin/bulk/wagtailcore/page/delete/?id={organisation_id}", {"select_all": ""}, follow=True
    )

    assert OrganisationPage.objects.filter(pk=organisation_id).exists()
    assert Membership.objects.filter(pk=just_approved.membership.pk).exists()
    assert ORGANISATION_DELETE_REFUSED in html.unescape(response.content.decode())


def test_a_coordinator_can_delete_an_organisation_page(coordinator_client, just_approved):
    organisation_id = just_approved.membership.organisation_id
    response = coordinator_client.post(f"/admin/pages/{organisation_id}/delete/")
    assert response.status_code == 302
    assert not OrganisationPage.objects.filter(pk=organisation_id).exists()


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


# -- what A's editor can see of B: every admin view that lists, searches or chooses ------------------


def b_titles(b) -> list[str]:
    """B's page titles, live and draft, and its image and document titles: none may appear to A."""
    titles = [b.listing.title, b.listing.draft_title, b.event.title, b.event.draft_title]
    return [*titles, "Group B logo", "Group B minutes", B_CALENDAR]


A_CALENDAR = "https://group-a.example/calendar.ics"
B_CALENDAR = "https://group-b.example/calendar.ics"


@pytest.fixture
def b_files(member_b, b_image):
    membership = Membership.objects.get(group=member_b.group)
    document = wagtail_factories.DocumentFactory(title="Group B minutes", collection=membership.collection)
    return b_image, document


@pytest.fixture
def calendars(member_a, member_b):
    """Each group's calendar feed (issue 13's calendar import), by group letter."""
    from events.models import CalendarFeed

    return {
        "a": CalendarFeed.objects.create(organisation=member_a.organisation, url=A_CALENDAR),
        "b": CalendarFeed.objects.create(organisation=member_b.organisation, url=B_CALENDAR),
    }


@pytest.fixture
def a_files(member_a):
    membership = Membership.objects.get(group=member_a.group)
    image = wagtail_factories.ImageFactory(title="Group A logo", collection=membership.collection)
    document = wagtail_factories.DocumentFactory(title="Group A minutes", collection=membership.collection)
    return image, document


def views_that_list() -> dict[str, tuple[str, str]]:
    """Every admin view that lists, searches or chooses, from seen_by_editor_a.csv: by name, its URL
    and what A's own work shows there ("" where the view lists nothing of A's). Both are templates
    filled in with A, B and the organisations index (str.format) at test time."""
    with open(Path(__file__).with_name("seen_by_editor_a.csv"), newline="") as file:
        return {row["view"]: (row["url"], row["own_work"]) for row in csv.DictReader(file)}


SEEN = views_that_list()


@pytest.mark.parametrize("view", SEEN)
def test_editor_of_group_a_sees_nothing_of_group_b(
    view, editor_a_client, member_a, member_b, a_files, b_files, calendars
):
    member_a.calendar, member_b.calendar = calendars["a"], calendars["b"]
    url, own = (
        template.format(a=member_a, b=member_b, index=member_b.organisation.get_parent())
        for template in SEEN[view]
    )
    response = editor_a_client.get(url)

    assert response.status_code in (200, 302, 403, 404), f"answered {response.status_code}"
    content = html.unescape(response.content.decode())
    for title in b_titles(member_b):
        assert title not in content, f"{view} shows {title!r}"
    if own and response.status_code == 200:
        assert own in content, f"{view} does not show A's own {own!r}: the check above proves nothing"


def test_editor_of_group_a_cannot_put_group_b_image_on_its_page(editor_a_client, member_a, b_image):
    organisation = member_a.organisation
    data = {
        "title": organisation.title,
        "slug": organisation.slug,
        "summary": "",
        "description": "{}",
        "logo": b_image.pk,
    }

    response = editor_a_client.post(f"/admin/pages/{organisation.pk}/edit/", data)

    assert response.status_code == 200  # the form again, with the message
    assert "Choose one of your group's own images or documents." in html.unescape(response.content.decode())
    organisation.refresh_from_db()
    assert organisation.logo_id is None
    assert not Revision.objects.filter(object_id=str(organisation.pk), content__logo=b_image.pk).exists()


def test_editor_of_group_a_can_put_its_own_image_on_its_page(editor_a_client, member_a, a_files):
    organisation, (image, _document) = member_a.organisation, a_files
    data = {"title": organisation.title, "slug": organisation.slug, "summary": "", "description": "{}"}

    response = editor_a_client.post(f"/admin/pages/{organisation.pk}/edit/", {**data, "logo": image.pk})

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.get_latest_revision_as_object().logo_id == image.pk


@pytest.mark.parametrize("view", ["history", "usage"])
def test_venue_history_and_usage_are_for_the_group_that_added_it(view, editor_a_client, member_a, member_b):
    refused = editor_a_client.get(f"/admin/snippets/directory/venue/{view}/{member_b.venue.pk}/")
    assert refused.status_code in (302, 403)
    assert member_b.venue.name not in refused.content.decode()
    own = editor_a_client.get(f"/admin/snippets/directory/venue/{view}/{member_a.venue.pk}/")
    assert own.status_code == 200


def test_coordinators_see_every_group_in_the_page_types_report_and_the_images_api(
    coordinator_client, member_a, member_b, a_files, b_files
):
    report = html.unescape(coordinator_client.get("/admin/reports/page-types-usage/").content.decode())
    assert "Group B tablet club (draft)" in report or "Group B drop-in (draft)" in report
    images = coordinator_client.get("/admin/api/main/images/").json()
    assert {item["title"] for item in images["items"]} == {"Group A logo", "Group B logo"}


def test_editors_are_not_offered_the_page_types_report(editor_a_client, member_a):
    assert "/admin/reports/page-types-usage/" not in editor_a_client.get("/admin/").content.decode()


def test_wagtails_default_groups_have_no_rights_on_pages_images_or_documents(db):
    for name in ("Editors", "Moderators"):
        group = Group.objects.get(name=name)
        assert not GroupPagePermission.objects.filter(group=group).exists()
        assert not GroupCollectionPermission.objects.filter(group=group).exists()


def test_setup_alliance_gives_existing_groups_their_document_rights(member_a):
    GroupCollectionPermission.objects.filter(
        group=member_a.group, permission__codename__endswith="_document"
    ).delete()

    call_command("setup_alliance", stdout=io.StringIO())

    collection = Membership.objects.get(group=member_a.group).collection
    assert set(
        GroupCollectionPermission.objects.filter(group=member_a.group, collection=collection).values_list(
            "permission__codename", flat=True
        )
    ) == {"add_image", "choose_image", "change_image", "add_document", "choose_document", "change_document"}
