import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_django_setup(env_changes: dict) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "DATABASE_URL"}}
    env.update(env_changes)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
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
        }
    )
    assert result.returncode == 0, result.stderr


def test_a_malformed_setting_names_its_variable():
    result = run_django_setup(
        {"DJANGO_SETTINGS_MODULE": "signpost.settings.dev", "OPENSEARCH_TIMEOUT": "soon"}
    )
    assert result.returncode != 0
    assert "OPENSEARCH_TIMEOUT must be a number" in result.stderr
