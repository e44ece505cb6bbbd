"""The demo's Alliance data: trusted groups, applications waiting, open reports; safe to load twice."""

from django.contrib.auth import get_user_model
from wagtail.models import Workflow

from directory.models import OrganisationPage
from inclusion_alliance import demo
from inclusion_alliance.models import JoinPage, Membership, MembershipApplication, ProblemReport
from inclusion_alliance.moderation import WORKFLOW_NAME
from inclusion_alliance.permissions import COORDINATORS_GROUP, ensure_coordinators_group
from tests import factories


def test_the_demo_alliance_loads_once_and_again_without_duplicates(home_page, organisation_index):
    library = factories.OrganisationPageFactory(parent=organisation_index, title=demo.TRUSTED[0])
    other = factories.OrganisationPageFactory(parent=organisation_index, title="Reddish Tech Friends")
    for organisation in (library, other):
        factories.ServicePageFactory(parent=organisation)

    for _ in range(2):
        demo.load_alliance(home_page, [library, other])

    assert JoinPage.objects.child_of(home_page).count() == 1
    assert MembershipApplication.objects.pending().count() == len(demo.APPLICATIONS)
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
