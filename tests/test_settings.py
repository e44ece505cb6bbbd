import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


def run_django_setup(env_changes: dict, then: str = "") -> subprocess.CompletedProcess:
    """Start Django in a new process with these environment variables (and run `then` after)."""
    unset = {
        "SECRET_KEY",
        "DATABASE_URL",
        "OPENSEARCH_URL",
        "WAGTAILADMIN_BASE_URL",
        "CACHE_URL",
        "REDIS_URL",
    }
    env = {key: value for key, value in os.environ.items() if key not in unset}
    env.update(env_changes)
    return run_in_project(["-c", f"import django; django.setup(); {then}"], env)


def run_in_project(arguments: list[str], env: dict) -> subprocess.CompletedProcess:
    """This Python with `arguments`, in the project's folder, with the environment `env`."""
    return subprocess.run(  # noqa: S603 - our own code, run by this Python
        [sys.executable, *arguments], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = run_django_setup(
        {"DJANGO_SETTINGS_MODULE": "signpost.settings.production", "ALLOWED_HOSTS": "x.example"}
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_start_with_a_secret_key():
    result = run_django_setup(
        {
            "DJANGO_SETTINGS_MODULE": "signpost.settings.production",
            "ALLOWED_HOSTS": "x.example",
            "SECRET_KEY": "k" * 50,
            "WAGTAILADMIN_BASE_URL": "https://x.example",
        }
    )
    assert result.returncode == 0, result.stderr


def test_a_malformed_setting_names_its_variable():
    result = run_django_setup(
        {"DJANGO_SETTINGS_MODULE": "signpost.settings.dev", "OPENSEARCH_TIMEOUT": "soon"}
    )
    assert result.returncode != 0
    assert "OPENSEARCH_TIMEOUT must be a number" in result.stderr


PRINT_WAGTAIL_BACKEND = (
    "from django.conf import settings; print(settings.WAGTAILSEARCH_BACKENDS['default']['BACKEND'])"
)
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "signpost.settings.production",
    "ALLOWED_HOSTS": "x.example",
    "SECRET_KEY": "k" * 50,
    "WAGTAILADMIN_BASE_URL": "https://x.example",
}


def test_production_wagtail_search_uses_opensearch_when_opensearch_url_is_set():
    result = run_django_setup(
        {**PRODUCTION, "OPENSEARCH_URL": "http://search.internal:9200"}, then=PRINT_WAGTAIL_BACKEND
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "wagtail.search.backends.opensearch2"


def test_production_wagtail_search_uses_the_database_without_opensearch_url():
    result = run_django_setup(PRODUCTION, then=PRINT_WAGTAIL_BACKEND)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "wagtail.search.backends.database"


def test_production_requires_the_site_address_for_links_in_emails():
    environment = {key: value for key, value in PRODUCTION.items() if key != "WAGTAILADMIN_BASE_URL"}
    result = run_django_setup(environment)
    assert result.returncode != 0
    assert "WAGTAILADMIN_BASE_URL must be set" in result.stderr


def test_gunicorn_started_in_the_project_runs_threaded_workers_one_per_core():
    """gunicorn.conf.py: a worker answers other requests while one waits for OpenSearch or PostgreSQL."""
    env = {
        key: value for key, value in os.environ.items() if key not in {"WEB_CONCURRENCY", "GUNICORN_THREADS"}
    }
    result = run_in_project(["-m", "gunicorn", "--print-config", "signpost.wsgi"], env)
    settings = {
        name.strip(): value.strip()
        for name, _, value in (line.partition("=") for line in result.stdout.splitlines())
    }
    assert result.returncode == 0, result.stderr
    assert settings["worker_class"] == "gthread"
    assert settings["threads"] == "4"
    assert settings["workers"] == str(os.cpu_count())


@pytest.mark.django_db
def test_the_checks_of_the_database_warn_of_nothing():
    """`migrate` runs them and prints what they find: a warning would be printed on every `make run`."""
    call_command("check", databases=["default"], fail_level="WARNING")
