"""Test settings: fast hashing, no SSL redirects, email kept in memory."""

from .base import *  # noqa: F403

SECRET_KEY = "signpost-tests-only"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]
SECURE_SSL_REDIRECT = False
# Tests that change data behind the page cache's back (queryset.update()) would see old pages;
# tests of the cache switch it on themselves (tests/caching/).
PAGE_CACHE_ENABLED = False
WAGTAILADMIN_BASE_URL = "http://testserver"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The site searches with the database engine in tests, whatever the environment says; tests of the
# OpenSearch engine use the node at OPENSEARCH_TEST_URL (set by `make test` from scripts/opensearch).
from .base import OPENSEARCH_URL as _OPENSEARCH_FROM_ENVIRONMENT  # noqa: E402

OPENSEARCH_TEST_URL = _OPENSEARCH_FROM_ENVIRONMENT
OPENSEARCH_URL = ""

# Tests of the Redis cache and rate limits use the server at REDIS_TEST_URL (`scripts/redis url`).
from .base import CACHE_URL as _CACHE_FROM_ENVIRONMENT  # noqa: E402

REDIS_TEST_URL = _CACHE_FROM_ENVIRONMENT

# Each test process has its own in-memory cache, emptied before every test (tests/conftest.py). Rate
# limits still count in the database (or in Redis, for the tests that start one): signpost/ratelimit.py.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Every test request comes from one address; the API limits have their own tests (tests/signpost).
API_REQUESTS_PER_MINUTE = JSON_REQUESTS_PER_MINUTE = 1_000_000
