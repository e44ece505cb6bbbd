from django.apps import AppConfig
from django.db.models.signals import post_migrate


def create_cache_table(using="default", **kwargs):
    """Django's database cache needs its table; `migrate` makes it, so setup needs no extra step."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


def renew_page_cache(**kwargs):
    """A release runs `migrate` as it is deployed (docs/scaling.md, "The page cache"): what the release
    before kept in the shared cache was drawn with its templates, names its static files by their old
    hashes and holds its models' rows as they were. A new content generation makes every page and
    fragment miss once."""
    from caching import generation

    generation.bump()


class SignpostConfig(AppConfig):
    """The project itself: settings, URLs, logging, the health check and the rate limiter."""

    name = "signpost"
    verbose_name = "Signpost"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="signpost-cache-table")
        # After the table is made: on a new database it is where the generation is kept.
        post_migrate.connect(renew_page_cache, sender=self, dispatch_uid="signpost-renew-page-cache")
        from . import throttle  # noqa: F401 - connects the counting of failed sign-ins
