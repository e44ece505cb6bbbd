from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class SearchConfig(AppConfig):
    name = "search"
    label = "search"
    verbose_name = "Find help search"

    def ready(self):
        from django.conf import settings

        backends = [backend.get("BACKEND", "") for backend in settings.WAGTAILSEARCH_BACKENDS.values()]
        if settings.OPENSEARCH_URL or any("opensearch" in backend for backend in backends):
            # opensearch-py must be imported our way before anything else uses it (see opensearch_client).
            from . import opensearch_client  # noqa: F401

        from wagtail.signals import page_published, page_unpublished, post_page_move

        from directory.models import HelpTopic, OrganisationPage, ServicePage, Venue, VenueClosure

        from . import indexing, spelling, understanding

        for model in (ServicePage, OrganisationPage):
            page_published.connect(
                indexing.on_page_changed, sender=model, dispatch_uid=f"search-pub-{model.__name__}"
            )
            page_unpublished.connect(
                indexing.on_page_changed, sender=model, dispatch_uid=f"search-unpub-{model.__name__}"
            )
            post_page_move.connect(
                indexing.on_page_moved, sender=model, dispatch_uid=f"search-move-{model.__name__}"
            )
        post_delete.connect(
            indexing.on_page_deleted, sender=ServicePage, dispatch_uid="search-delete-service"
        )
        post_save.connect(indexing.on_venue_changed, sender=Venue, dispatch_uid="search-venue-saved")
        # A venue's closed dates are saved after the venue itself (they are its child rows).
        for signal in (post_save, post_delete):
            signal.connect(
                indexing.on_venue_closure_changed,
                sender=VenueClosure,
                dispatch_uid=f"search-closure-{signal}",
            )
        m2m_changed.connect(
            indexing.on_venue_facilities_changed,
            sender=Venue.access_facilities.through,
            dispatch_uid="search-venue-facilities",
        )
        for signal in (post_save, post_delete):
            signal.connect(
                understanding.forget_topic_phrases, sender=HelpTopic, dispatch_uid=f"search-topics-{signal}"
            )
            signal.connect(
                spelling.forget_vocabulary, sender=HelpTopic, dispatch_uid=f"search-vocabulary-{signal}"
            )
