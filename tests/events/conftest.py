import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def empty_cache():
    """Calendar feeds are cached; each test starts without what an earlier one left."""
    cache.clear()
    yield
    cache.clear()
