"""Two Alliance members, A and B, each with an editor, a live listing and a live event (both with
revisions) and a venue, and a coordinator: the cast of the permission, moderation and freshness tests."""

import socket
from dataclasses import dataclass

import pytest
from wagtail.models import Page

from directory.models import OrganisationPage, ServicePage, Venue
from events.models import EventPage
from inclusion_alliance.moderation import ensure_alliance_setup
from inclusion_alliance.permissions import ensure_coordinators_group, setup_organisation_group
from tests import factories
from tests.factories import EventCancellationFactory, EventPageFactory
from tests.inclusion_alliance.factories import UserFactory


@pytest.fixture
def mail_server_down(settings):
    """Django's real SMTP backend pointed at a port nothing listens on: sending fails as in an outage.
    A test sets EMAIL_BACKEND back to the in-memory one to bring the mail server "back"."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
    settings.EMAIL_TIMEOUT = 2


@pytest.fixture
def alliance(organisation_index):
    """The Coordinators group and the moderation workflow on the organisation index."""
    ensure_alliance_setup()
    return organisation_index


@pytest.fixture
def coordinator(alliance):
    return UserFactory(
        username="coordinator", email="coordinator@council.example", groups=[ensure_coordinators_group()]
    )


@dataclass
class Member:
    organisation: OrganisationPage
    group: object
    editor: object
    listing: ServicePage
    venue: Venue
    event: EventPage


def make_member(index, name: str, *, trusted: bool = False) -> Member:
    organisation = factories.OrganisationPageFactory(
        parent=index, title=name, slug=name.lower().replace(" ", "-")
    )
    organisation.save_revision().publish()
    group = setup_organisation_group(organisation, trusted=trusted)
    editor = UserFactory(username=f"editor-{organisation.slug}", groups=[group])
    listing = factories.ServicePageFactory(parent=organisation, title=f"{name} drop-in")
    listing.save_revision().publish()
    listing.title = f"{name} drop-in (draft)"
    listing.save_revision(user=editor)  # an unpublished draft on top of the live version
    venue = factories.VenueFactory(name=f"{name} Hall", created_by_group=group)
    event = EventPageFactory(parent=organisation, title=f"{name} tablet club", venue=venue)
    EventCancellationFactory(page=event)
    event = EventPage.objects.get(pk=event.pk)
    event.save_revision().publish()
    event.title = f"{name} tablet club (draft)"
    event.save_revision(user=editor)
    return Member(
        organisation=OrganisationPage.objects.get(pk=organisation.pk),
        group=group,
        editor=editor,
        listing=ServicePage.objects.get(pk=listing.pk),
        venue=venue,
        event=EventPage.objects.get(pk=event.pk),
    )


@pytest.fixture
def member_a(alliance):
    return make_member(alliance, "Group A")


@pytest.fixture
def member_b(alliance):
    return make_member(alliance, "Group B")


@pytest.fixture
def trusted_member(alliance):
    return make_member(alliance, "Trusted Group", trusted=True)


@pytest.fixture
def editor_a_client(client, member_a):
    client.force_login(member_a.editor)
    return client


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def page_tree_state() -> list[tuple]:
    """Everything a refused admin action must leave exactly as it was."""
    return list(
        Page.objects.order_by("path").values_list(
            "pk",
            "path",
            "depth",
            "numchild",
            "title",
            "draft_title",
            "slug",
            "url_path",
            "live",
            "has_unpublished_changes",
            "latest_revision_id",
            "live_revision_id",
            "locked",
            "owner_id",
        )
    )
