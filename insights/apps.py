from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "insights"
    verbose_name = "Insights"

    def ready(self):
        from . import receivers  # noqa: F401 - connects the counters to the signals they listen for
