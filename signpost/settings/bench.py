"""Benchmarks: like production in what they measure (no debug), with a throwaway database."""

from .base import *  # noqa: F403
from .base import WAGTAILSEARCH_BACKENDS

SECRET_KEY = "signpost-benchmarks-only"  # noqa: S105
DEBUG = False
# Benchmarks build thousands of pages at once and index them in one go afterwards.
WAGTAILSEARCH_BACKENDS = {"default": {**WAGTAILSEARCH_BACKENDS["default"], "AUTO_UPDATE": False}}
LOGGING = {"version": 1, "disable_existing_loggers": False}
