"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Each module marks its tests `browser` and `django_db(transaction=True, serialized_rollback=True)`: the
live server needs committed data, and Wagtail's root page and default site (made by migrations) must
survive the flush after each test. They run in the SQLite pass of `make test` (the PostgreSQL pass
skips the `browser` marker). Without /usr/bin/chromium they skip locally and fail in CI
(REQUIRE_SERVICES=1).
"""

import os

import pytest

from tests.services import need

from . import browser as chromium
from .data import build_site

# Playwright's sync API runs an event loop in this thread; Django's ORM must still be usable here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.fixture(scope="session")
def browser(django_db_setup):
    need(chromium.chromium_available(), f"Chromium ({chromium.CHROMIUM}) and node_modules/axe-core")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    serialized = {
        alias: getattr(connections[alias], "_test_serialized_contents", None) for alias in connections
    }
    with sync_playwright() as playwright:
        # From here on Playwright's event loop runs in this thread, and Django keeps database
        # connections per context instead of per thread: new connection objects, to the same test
        # database. They need the data from migrations that serialized_rollback restores after each
        # test's flush (Wagtail's root page, the default site, groups).
        for alias, contents in serialized.items():
            if contents is not None:
                connections[alias]._test_serialized_contents = contents
        instance = chromium.launch(playwright)
        yield instance
        instance.close()


@pytest.fixture
def media_on_disk(settings, tmp_path):
    """Uploaded images on disk, where the live server serves MEDIA_URL from, rather than in the test
    settings' in-memory storage: the browser must be able to load the logo and its renditions."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }


@pytest.fixture
def site_data(live_server, media_on_disk):
    return build_site()


@pytest.fixture
def context(browser):
    context = chromium.new_context(browser)
    yield context
    chromium.close(context)


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def open_context(browser):
    """Contexts of their own for one test, each at a viewport, with or without JavaScript; all closed
    after it."""
    contexts = []

    def opener(viewport, javascript=True):
        context = chromium.new_context(browser, viewport=viewport, java_script_enabled=javascript)
        contexts.append(context)
        return context

    yield opener
    for context in contexts:
        chromium.close(context)


@pytest.fixture
def url(live_server):
    """An absolute address on the live server."""
    return lambda path: f"{live_server.url}{path}"
