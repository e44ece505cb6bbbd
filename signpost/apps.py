from django.apps import AppConfig
from django.db.models.signals import post_migrate


def create_cache_table(using="default", **kwargs):
    """Django's database cache needs its table; `migrate` makes it, so setup needs no extra step."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class SignpostConfig(AppConfig):
    """The project itself: settings, URLs, logging, the health check and the rate limiter."""

    name = "signpost"
    verbose_name = "Signpost"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="signpost-cache-table")
        from . import throttle  # noqa: F401 - connects the counting of failed sign-ins
