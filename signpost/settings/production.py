"""Production: SECRET_KEY is required, HTTPS is assumed, static files are served by WhiteNoise."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import MIDDLEWARE, OPENSEARCH_INDEX_PREFIX, OPENSEARCH_INDEX_TIMEOUT, OPENSEARCH_URL
from .env import env_bool, env_int, env_list
from .searching import search_backends

try:
    SECRET_KEY = os.environ["SECRET_KEY"]
except KeyError:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.") from None

# Links in emails (password resets, moderation) start with this: the site's public address.
try:
    WAGTAILADMIN_BASE_URL = os.environ["WAGTAILADMIN_BASE_URL"].strip().rstrip("/")
except KeyError:
    raise ImproperlyConfigured(
        "WAGTAILADMIN_BASE_URL must be set to the site's public address, e.g. https://digitalhelp.example.gov.uk"
    ) from None

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the site's host names, separated by commas.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
# A council site is HTTPS-only, subdomains included; set these to 0 only if a subdomain still needs HTTP.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_REFERRER_POLICY = "same-origin"

# Wagtail's own page search (admin and site search) on OpenSearch when a cluster is configured; the
# public search's database engine keeps using the database backend beside it.
WAGTAILSEARCH_BACKENDS = search_backends(OPENSEARCH_URL, OPENSEARCH_INDEX_PREFIX, OPENSEARCH_INDEX_TIMEOUT)
