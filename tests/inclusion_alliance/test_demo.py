"""The demo's Alliance data: trusted groups, applications waiting, open reports; safe to load twice."""

import io
import tempfile
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase
from wagtail.models import GroupPagePermission, Workflow

from directory.models import OrganisationPage
from home.demo import alliance as demo
from home.demo.directory import read_rows
from inclusion_alliance.freshness import out_of_date_cutoff, stale_listings
from inclusion_alliance.models import JoinPage, Membership, MembershipApplication, ProblemReport
from inclusion_alliance.moderation import WORKFLOW_NAME
from inclusion_alliance.permissions import COORDINATORS_GROUP, ensure_coordinators_group
from tests import factories
from tests.html_checks import raw_python_values


def test_the_demo_alliance_loads_once_and_again_without_duplicates(home_page, organisation_index):
    library = factories.OrganisationPageFactory(parent=organisation_index, title=demo.TRUSTED[0])
    other = factories.OrganisationPageFactory(parent=organisation_index, title="Reddish Tech Friends")
    for organisation in (library, other):
        factories.ServicePageFactory(parent=organisation)

    for _ in range(2):
        demo.load_alliance(home_page, [library, other])

    assert JoinPage.objects.child_of(home_page).count() == 1
    assert MembershipApplication.objects.pending().count() == len(read_rows("alliance_applications.csv"))
    assert ProblemReport.objects.open().count() == 2  # one per listing, as there are two listings
    assert Membership.objects.get(organisation=library).trusted
    assert not Membership.objects.get(organisation=other).trusted
    assert Workflow.objects.filter(name=WORKFLOW_NAME).count() == 1
    assert OrganisationPage.objects.count() == 2


def test_the_coordinators_group_can_do_what_coordinators_need(db):
    group = ensure_coordinators_group()
    user = get_user_model().objects.create_user("c", "c@example.org", "pw")
    user.groups.add(group)
    assert group.name == COORDINATORS_GROUP
    for permission in (
        "wagtailadmin.access_admin",
        "directory.change_venue",
        "directory.delete_venue",
        "directory.add_helptopic",
        "directory.change_language",
        "home.change_sitesettings",
        "inclusion_alliance.change_membershipapplication",
        "inclusion_alliance.change_problemreport",
        "inclusion_alliance.change_membership",
        "inclusion_alliance.coordinate_alliance",
    ):
        assert user.has_perm(permission), permission
    assert not user.has_perm("auth.change_user")
    assert ensure_coordinators_group().permissions.count() == group.permissions.count()


class LoadDemoAllianceTests(TestCase):
    """`manage.py load_demo`, as `make run` runs it: each organisation's group and editor, the
    coordinator, applications waiting, stale listings and open problem reports."""

    @classmethod
    def setUpTestData(cls):
        logins = Path(tempfile.mkdtemp()) / "logins.txt"
        call_command("load_demo", password="demo-password", logins_file=str(logins), stdout=io.StringIO())

    def test_each_organisation_has_its_own_group_with_its_editor_in_it(self):
        for organisation in OrganisationPage.objects.all():
            membership = Membership.objects.get(organisation=organisation)
            editor = get_user_model().objects.get(username=f"editor-{organisation.slug}"[:150])
            assert list(editor.groups.all()) == [membership.group]
            assert set(
                GroupPagePermission.objects.filter(group=membership.group).values_list("page_id", flat=True)
            ) == {organisation.pk}

    def test_the_coordinator_is_a_coordinator_and_admin_a_superuser(self):
        coordinator = get_user_model().objects.get(username="coordinator")
        assert list(coordinator.groups.values_list("name", flat=True)) == [COORDINATORS_GROUP]
        assert coordinator.has_perm("inclusion_alliance.coordinate_alliance")
        assert get_user_model().objects.get(username="admin").is_superuser

    def test_there_is_work_waiting_for_the_coordinator(self):
        assert MembershipApplication.objects.pending().count() >= 3
        assert ProblemReport.objects.open().count() >= 3
        assert stale_listings().filter(last_checked__lte=out_of_date_cutoff()).exists()
        assert stale_listings().filter(last_checked__gt=out_of_date_cutoff()).exists()
        assert Membership.objects.filter(trusted=True).count() == len(demo.TRUSTED)

    def test_every_organisation_is_under_the_coordinator_workflow(self):
        for organisation in OrganisationPage.objects.all():
            assert organisation.get_workflow().name == WORKFLOW_NAME

    def test_the_join_page_is_live(self):
        page = JoinPage.objects.get()
        assert page.live
        assert self.client.get(page.url).status_code == 200

    # -- the demo coordinator's screens --------------------------------------------------------------

    def coordinator_client(self):
        self.client.force_login(get_user_model().objects.get(username="coordinator"))
        return self.client

    def test_the_demo_coordinator_can_open_the_referrals_report(self):
        response = self.coordinator_client().get("/admin/reports/referrals/")
        assert response.status_code == 200
        content = response.content.decode()
        assert '<h3 id="by-organisation">By organisation</h3>' in content or "No referrals" in content
        assert "/admin/reports/referrals/" in self.client.get("/admin/").content.decode()

    def test_no_screen_of_ours_shows_a_raw_none_true_or_false(self):
        from inclusion_alliance.choices import ProblemKind, ReportStatus
        from inclusion_alliance.membership import reject_application

        client = self.coordinator_client()
        coordinator = get_user_model().objects.get(username="coordinator")
        # Records with every optional value empty, decided and undecided, as real ones will be.
        bare, turned_down = (
            MembershipApplication.objects.create(
                organisation_name=name,
                summary="Short.",
                help_offered="Some help.",
                contact_name=contact,
                contact_email=f"{contact.lower()}@example.org",
                consent_text="I agree.",
            )
            for name, contact in (("Bare Group", "Kim"), ("Turned Down Group", "Lee"))
        )
        reject_application(turned_down, by=coordinator, reason="Not in Stockport.")
        listing = OrganisationPage.objects.first().get_children().first()
        resolved = ProblemReport.objects.create(page=listing, kind=ProblemKind.OTHER, details="")
        ProblemReport.objects.filter(pk=resolved.pk).update(status=ReportStatus.RESOLVED)
        membership = Membership.objects.first()

        urls = [
            "/admin/",
            "/admin/alliance/applications/",
            "/admin/alliance/members/",
            f"/admin/alliance/members/edit/{membership.pk}/",
            "/admin/alliance/problem-reports/",
            "/admin/reports/listings-to-check/",
            "/admin/reports/referrals/",
        ]
        for application in MembershipApplication.objects.all():
            urls.append(f"/admin/alliance/applications/inspect/{application.pk}/")
        urls += [
            f"/admin/alliance/applications/approve/{bare.pk}/",
            f"/admin/alliance/applications/reject/{bare.pk}/",
        ]
        for report in ProblemReport.objects.all():
            urls.append(f"/admin/alliance/problem-reports/inspect/{report.pk}/")
        urls.append(f"/admin/alliance/problem-reports/resolve/{ProblemReport.objects.open().first().pk}/")

        shown = raw_python_values(client, urls)
        assert not shown, "\n".join(shown)

    # -- the join page is linked from the footer, About and the organisations index --------------------

    def test_the_join_page_is_linked_from_the_footer_about_and_organisations(self):
        from directory.models import OrganisationIndexPage
        from home.models import StandardPage

        join_url = JoinPage.objects.get().url
        about = StandardPage.objects.get(slug="about")
        for url in ("/", about.url, OrganisationIndexPage.objects.get().url):
            content = self.client.get(url).content.decode()
            assert f'href="{join_url}"' in content, url
        about_content = self.client.get(about.url).content.decode()
        assert about_content.count(f'href="{join_url}"') == 2  # the footer, and the invitation in the page
