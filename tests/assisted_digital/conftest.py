import pytest
from django.contrib.auth.models import Group

from assisted_digital.models import ReferrerProfile
from assisted_digital.permissions import REFERRERS_GROUP
from tests.search import conftest as search_fixtures

# The search tests' small directory around Stockport, shared.
directory = search_fixtures.directory
gazetteer = search_fixtures.gazetteer


@pytest.fixture
def listing(directory):
    """The email drop-in: two venues, weekly sessions, a phone number and something to bring."""
    service = directory["email"]
    service.what_to_bring = "Your tablet and its charger"
    service.contact_phone = "0161 496 0123"
    service.save_revision().publish()
    return service


def add_to_shortlist(client, page, next_url="/find/"):
    return client.post("/shortlist/add/", {"page": page.pk, "next": next_url})


@pytest.fixture
def referrer(django_user_model, directory):
    user = django_user_model.objects.create_user("librarian", "librarian@example.org", "password")
    user.groups.add(Group.objects.get(name=REFERRERS_GROUP))
    from directory.models import Venue

    ReferrerProfile.objects.create(user=user, venue=Venue.objects.get(name="Reddish Library"))
    return user


@pytest.fixture
def referrer_client(client, referrer):
    client.force_login(referrer)
    return client
