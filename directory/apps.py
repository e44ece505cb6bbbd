from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "Directory"

    def ready(self):
        from django.db import models as db_models
        from django.db.models.signals import post_delete, post_save
        from wagtail.admin.forms.models import register_form_field_override

        from .entry import DateBox, TimeBox, TypedDateField, TypedTimeField

        # Every admin form reads dates and times as typed, instead of through Wagtail's pickers, which
        # replaced what they could not read ("2pm" became 02:00, "2026-12-16" became today).
        register_form_field_override(
            db_models.TimeField, override={"form_class": TypedTimeField, "widget": TimeBox}
        )
        register_form_field_override(
            db_models.DateField, override={"form_class": TypedDateField, "widget": DateBox}
        )

        from . import vocabulary
        from .models import AccessFacility, Audience, Format, HelpTopic, Language

        for model in (HelpTopic, Format, AccessFacility, Language, Audience):
            for signal in (post_save, post_delete):
                signal.connect(
                    vocabulary.forget, sender=model, dispatch_uid=f"vocabulary-{model.__name__}-{signal}"
                )
