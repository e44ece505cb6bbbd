from django.apps import AppConfig


class OpenDataConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "open_data"
    verbose_name = "Open data"
