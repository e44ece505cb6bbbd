"""Settings shared by every environment. Safe by default: no debug, no secret in the file.

Each optional integration is switched on by its own environment variable (see README.md).
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from signpost.logging import logging_config
from signpost.security import content_security_policy, origin_of

from .env import env_admins, env_bool, env_float, env_int, env_list, env_str, env_url
from .searching import search_backends

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1"])

INSTALLED_APPS = [
    # First, so that its signal receivers run first: a content change renews the page cache's
    # generation (caching/signals.py) before any other receiver reads a cached answer (the search
    # index reads "are there any closures?" when a venue's closed dates are saved).
    "caching",
    "signpost",
    "home",
    "directory",
    "events",
    "inclusion_alliance",
    "search",
    "open_data",
    "assisted_digital",
    "core",
    "insights",
    "wagtail.contrib.settings",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtailgeowidget",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "signpost.security.SecurityHeadersMiddleware",
    "signpost.guards.RequestGuardMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "signpost.throttle.SignInThrottleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so that pages served from the cache still pass through every middleware above.
    "caching.middleware.AnonymousPageCacheMiddleware",
]

ROOT_URLCONF = "signpost.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "signpost.wsgi.application"

# Database: DATABASE_URL (postgres://... in production and CI), a SQLite file otherwise.
try:
    DATABASES = {
        "default": dj_database_url.config(
            env="DATABASE_URL",
            default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
            conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        )
    }
except (ValueError, KeyError) as error:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL Django understands: {error}") from None

# SQLite keeps no extra columns in an index (Django's warning models.W040): there the index on
# search.DirectoryEntry's latitude and longitude is just those two, as meant (see its Meta).
SILENCED_SYSTEM_CHECKS = ["models.W040"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache, shared by every worker: Redis when CACHE_URL (or REDIS_URL) is set, otherwise Django's
# database cache (its table is made by `migrate`). Rate limits count in Redis or in the database
# accordingly (signpost/ratelimit.py).
CACHE_URL = env_url("CACHE_URL", schemes=("redis", "rediss")) or env_url(
    "REDIS_URL", schemes=("redis", "rediss")
)
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "signpost"),
            # A Redis that hangs must not hang every request with it.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "signpost_cache",
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "signpost"),
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
# Schedules are wall-clock times in the UK; every "today" and "open now" is computed in this zone.
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
# Front-end packages come from npm (`npm ci` at setup) and are served as our own static files.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/leaflet", BASE_DIR / "node_modules" / "leaflet" / "dist"),
]
STATIC_ROOT = BASE_DIR / "var" / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = BASE_DIR / "var" / "media"
MEDIA_URL = env_str("MEDIA_URL", "/media/")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Email: SMTP when EMAIL_HOST is set, otherwise printed to the console.
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Signpost <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Errors in the log with their traceback, one JSON line per event (signpost/logging.py), and mailed to
# ADMINS ("Name <address>, address, ...") when it is set.
LOGGING = logging_config(env_str("SIGNPOST_LOG_LEVEL", "INFO"))
ADMINS = env_admins("ADMINS")

# Wagtail
WAGTAIL_SITE_NAME = env_str("SIGNPOST_SITE_NAME", "Signpost")
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "rtf", "txt", "xlsx"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# Uploads are limited by size in bytes and in pixels: a tiny file can be a huge image (an 11,000 x 11,000
# PNG of 15 KB took 3 s to make its first thumbnail). 24 million pixels is a 6000 x 4000 photo.
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env_int("WAGTAILIMAGES_MAX_UPLOAD_SIZE", 10 * 1024 * 1024)
WAGTAILIMAGES_MAX_IMAGE_PIXELS = env_int("WAGTAILIMAGES_MAX_IMAGE_PIXELS", 24_000_000)
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {"features": ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]},
    }
}

# Wagtail's database search: SQLite FTS5 (with the Porter stemmer, see search/migrations/0003) or
# PostgreSQL full text with English stemming. Production adds OpenSearch (see searching.py).
WAGTAILSEARCH_BACKENDS = search_backends()

# Maps: Leaflet is ours (npm); the tile server is a setting. OpenStreetMap's own tiles by default.
MAP_TILE_URL = env_str("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env_str(
    "MAP_TILE_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)
# Requests a minute from one network address to the open data API and to the JSON endpoints.
API_REQUESTS_PER_MINUTE = env_int("API_REQUESTS_PER_MINUTE", 120)
JSON_REQUESTS_PER_MINUTE = env_int("JSON_REQUESTS_PER_MINUTE", 300)

# Security headers (signpost/security.py): scripts and styles from our static files only; images also
# from the tile server and where uploads are served from. Geolocation ("Use my location") for our origin.
CONTENT_SECURITY_POLICY = content_security_policy(origin_of(MAP_TILE_URL), origin_of(MEDIA_URL))
CONTENT_SECURITY_POLICY_EXEMPT = ("/admin/",)
PERMISSIONS_POLICY = "geolocation=(self), camera=(), microphone=(), payment=(), usb=()"
# Production serves uploads itself at MEDIA_URL unless SERVE_MEDIA=false (a web server or object store
# in front serves them instead); see docs/operations.md.
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
# Where the venue map in the admin opens before a venue has a location (the demo borough's centre).
MAP_DEFAULT_CENTRE = {
    "lat": env_float("MAP_DEFAULT_LAT", 53.4083),
    "lng": env_float("MAP_DEFAULT_LNG", -2.1494),
}
GEO_WIDGET_DEFAULT_LOCATION = MAP_DEFAULT_CENTRE
GEO_WIDGET_ZOOM = 12
GEO_WIDGET_LEAFLET_TILE_LAYER = MAP_TILE_URL
GEO_WIDGET_LEAFLET_TILE_LAYER_OPTIONS = {"attribution": MAP_TILE_ATTRIBUTION}

# Whole-page cache for anonymous visitors (caching/, docs/scaling.md), in caches["default"]: pages are
# kept until content changes or their clock moves on, and never longer than PAGE_CACHE_SECONDS.
# PAGE_CACHE_CDN_SECONDS is how long a CDN in front may keep a page (s-maxage); 0 unless you run one.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", True)
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
PAGE_CACHE_CDN_SECONDS = env_int("PAGE_CACHE_CDN_SECONDS", 0)
# A CDN or Varnish in front: Wagtail purges a page's URLs from it when the page is published,
# unpublished or moved. FRONTEND_CACHE_PURGE_URL takes HTTP PURGE requests (Varnish, nginx).
WAGTAILFRONTENDCACHE = {}
if env_url("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE["http"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env_url("FRONTEND_CACHE_PURGE_URL"),
    }
if env_str("FRONTEND_CACHE_CLOUDFLARE_TOKEN"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": env_str("FRONTEND_CACHE_CLOUDFLARE_TOKEN"),
        "ZONEID": env_str("FRONTEND_CACHE_CLOUDFLARE_ZONE"),
    }
if WAGTAILFRONTENDCACHE:
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")

# Search engine for the public "Find help" search: the database unless OPENSEARCH_URL is set.
OPENSEARCH_URL = env_url("OPENSEARCH_URL")
OPENSEARCH_TIMEOUT = env_float("OPENSEARCH_TIMEOUT", 1.0)
# The longest an update to the cluster may hold up a publish; a missed update is queued and replayed.
OPENSEARCH_INDEX_TIMEOUT = env_float("OPENSEARCH_INDEX_TIMEOUT", 2.0)
# How often (seconds) a worker whose searches reach the cluster looks for changes it missed, to replay them.
OPENSEARCH_REPLAY_CHECK_SECONDS = env_float("OPENSEARCH_REPLAY_CHECK_SECONDS", 10.0)
OPENSEARCH_INDEX_PREFIX = env_str("OPENSEARCH_INDEX_PREFIX", "signpost")
# After this many failures in a row, searches skip OpenSearch for this many seconds (then try it again).
OPENSEARCH_BREAKER_FAILURES = env_int("OPENSEARCH_BREAKER_FAILURES", 3)
OPENSEARCH_BREAKER_SECONDS = env_float("OPENSEARCH_BREAKER_SECONDS", 30.0)

# "Get directions" links open the resident's maps app; {lat} and {lng} are the venue's position.
DIRECTIONS_URL = env_str(
    "DIRECTIONS_URL", "https://www.openstreetmap.org/directions?route=%3B{lat}%2C{lng}#map=16/{lat}/{lng}"
)

# Insights: the search log's raw rows are deleted after this many months by `manage.py
# delete_old_searches`; the daily totals made from them are kept.
SEARCH_LOG_KEEP_MONTHS = env_int("SEARCH_LOG_KEEP_MONTHS", 13)
