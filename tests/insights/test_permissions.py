"""Only coordinators see the insights: editors and librarians are refused, and see no menu."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from insights.models import VIEW_PERMISSION

pytestmark = pytest.mark.django_db

URL = "/admin/insights/unmet/add-synonym/"
SCREENS = [
    "/admin/insights/",
    "/admin/insights/unmet/",
    "/admin/insights/coverage/",
    "/admin/insights/reach/",
    "/admin/insights/health/",
    "/admin/insights/summary/",
    "/admin/insights/?download=topics",
]


def test_the_coordinators_group_has_the_insights_permission_from_its_migration():
    coordinators = Group.objects.get(name="Coordinators")
    assert coordinators.permissions.filter(
        content_type__app_label="insights", codename="view_insights"
    ).exists()


@pytest.mark.parametrize("url", SCREENS)
def test_coordinators_see_every_screen(coordinator_client, directory, url):
    assert coordinator_client.get(url).status_code == 200


@pytest.mark.parametrize("url", SCREENS)
def test_editors_are_refused(client, editor, url):
    client.force_login(editor)
    assert not editor.has_perm(VIEW_PERMISSION)
    response = client.get(url)
    # Wagtail turns a refusal in its admin into a message on the admin's home page.
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert "Sorry, you do not have permission" in client.get("/admin/").content.decode()


@pytest.mark.parametrize("url", SCREENS)
def test_librarians_are_refused(client, librarian, url):
    client.force_login(librarian)
    response = client.get(url)
    # Librarians cannot use the admin at all, so they are sent to its sign-in page.
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_editors_and_librarians_cannot_add_synonyms(client, editor, librarian, directory):
    from directory.models import HelpTopic

    email = HelpTopic.objects.get(slug="email")
    for user in (editor, librarian):
        client.force_login(user)
        response = client.post(URL, {"words": "outlook", "topic": email.pk})
        assert response.status_code == 302
        assert response["Location"] in ("/admin/", f"/admin/login/?next={URL}")
    email.refresh_from_db()
    assert "outlook" not in email.synonyms


def test_only_coordinators_see_the_insights_menu(client, coordinator, editor):
    client.force_login(coordinator)
    assert "Unmet demand" in client.get("/admin/").content.decode()
    client.force_login(editor)
    assert "Unmet demand" not in client.get("/admin/").content.decode()


def test_a_coordinator_of_a_group_made_by_setup_alliance_sees_insights(
    client, django_user_model, editor, librarian
):
    """A fresh install's Coordinators group comes from `setup_alliance` (ensure_coordinators_group),
    not only from the insights migration, so it must carry the insights permission itself."""
    Group.objects.filter(name="Coordinators").delete()
    call_command("setup_alliance", stdout=open("/dev/null", "w"))  # noqa: SIM115
    user = django_user_model.objects.create_user("fresh", "fresh@example.org", "password")
    user.groups.add(Group.objects.get(name="Coordinators"))

    client.force_login(user)
    menu = client.get("/admin/").content.decode()
    assert "Insights" in menu and "/admin/insights/unmet/" in menu
    assert client.get("/admin/insights/").status_code == 200

    client.force_login(editor)
    assert "/admin/insights/" not in client.get("/admin/").content.decode()
    assert client.get("/admin/insights/")["Location"] == "/admin/"
    client.force_login(librarian)
    assert client.get("/admin/insights/")["Location"].startswith("/admin/login/")
