"""Caching settings from the environment: frontend cache purging, static files for a CDN."""

from tests.test_settings import run_django_setup

PRINT_FRONTEND_CACHE = (
    "from django.conf import settings; "
    "print('wagtail.contrib.frontend_cache' in settings.INSTALLED_APPS, "
    "sorted(settings.WAGTAILFRONTENDCACHE))"
)


def test_frontend_cache_purging_is_wired_when_a_purge_url_is_set():
    result = run_django_setup(
        {
            "DJANGO_SETTINGS_MODULE": "signpost.settings.dev",
            "FRONTEND_CACHE_PURGE_URL": "http://127.0.0.1:6081",
        },
        then=PRINT_FRONTEND_CACHE,
    )
    assert result.stdout.strip() == "True ['http']", result.stderr


def test_frontend_cache_purging_is_off_unless_configured():
    result = run_django_setup({"DJANGO_SETTINGS_MODULE": "signpost.settings.dev"}, then=PRINT_FRONTEND_CACHE)
    assert result.stdout.strip() == "False []", result.stderr


def test_production_serves_compressed_static_files_with_hashed_names():
    result = run_django_setup(
        {
            "DJANGO_SETTINGS_MODULE": "signpost.settings.production",
            "ALLOWED_HOSTS": "x.example",
            "WAGTAILADMIN_BASE_URL": "https://x.example",
            "SECRET_KEY": "k" * 50,
        },
        then="from django.conf import settings; print(settings.STORAGES['staticfiles']['BACKEND'])",
    )
    assert result.stdout.strip() == "whitenoise.storage.CompressedManifestStaticFilesStorage", result.stderr
