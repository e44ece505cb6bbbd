import pytest
from django.core.cache import cache

from tests.search import conftest as search_fixtures


@pytest.fixture(autouse=True)
def empty_cache():
    """Calendar feeds are cached; each test starts without what an earlier one left."""
    cache.clear()
    yield
    cache.clear()


# The search tests' small directory around Stockport: What's on shows its listings' regular sessions.
directory = search_fixtures.directory
gazetteer = search_fixtures.gazetteer
