import pytest
from django.core.cache import cache
from wagtail.models import Site

from tests import factories


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: cached vocabularies must not outlive a test's data."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site(db):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def home_page(site):
    return site.root_page.specific


@pytest.fixture
def organisation_index(home_page):
    return factories.OrganisationIndexPageFactory(parent=home_page)


@pytest.fixture
def organisation(organisation_index):
    return factories.OrganisationPageFactory(parent=organisation_index)


@pytest.fixture
def venue(db):
    return factories.VenueFactory()


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.org", "password")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def calendar_server(settings):
    """The local feed server, with the fetcher allowed to reach it and its limits made short."""
    from tests.events.calendar_server import CalendarServer

    settings.CALENDAR_IMPORT_ALLOW_PRIVATE_ADDRESSES = True
    settings.CALENDAR_IMPORT_LIMITS = {
        "timeout": 1,
        "deadline": 2,
        "max_bytes": 512 * 1024,
        "max_redirects": 5,
    }
    with CalendarServer() as server:
        yield server
