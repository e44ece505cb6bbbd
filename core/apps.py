from django.apps import AppConfig


class CoreConfig(AppConfig):
    """An app only so that the abstract base page has an app label ("core.BasePage"): Wagtail's search
    backends name every ancestor of an indexed page. Core has no models of its own and no migrations."""

    name = "core"
    verbose_name = "Core"
