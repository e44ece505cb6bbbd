from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "Directory"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from . import vocabulary
        from .models import AccessFacility, Audience, Format, HelpTopic, Language

        for model in (HelpTopic, Format, AccessFacility, Language, Audience):
            for signal in (post_save, post_delete):
                signal.connect(
                    vocabulary.forget, sender=model, dispatch_uid=f"vocabulary-{model.__name__}-{signal}"
                )
