"""Local development: the embedded default (SQLite, database search, console email)."""

from .base import *  # noqa: F403

DEBUG = True
# A development-only key; production reads SECRET_KEY from the environment.
SECRET_KEY = "django-insecure-signpost-development-only"  # noqa: S105
ALLOWED_HOSTS = ["*"]
