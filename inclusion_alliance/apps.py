from django.apps import AppConfig


class InclusionAllianceConfig(AppConfig):
    name = "inclusion_alliance"
    verbose_name = "Digital Inclusion Alliance"

    def ready(self):
        # Registered here, before wagtail.snippets registers the Venue viewset, so that Wagtail uses
        # these policies rather than creating its default ones.
        from wagtail.permissions import register_permission_policy

        from directory.models import Venue
        from events.models import CalendarFeed

        from .calendar_feeds import CalendarFeedPermissionPolicy
        from .models import ProblemReport
        from .permissions import ProblemReportPermissionPolicy, VenuePermissionPolicy

        register_permission_policy(Venue, VenuePermissionPolicy(Venue))
        register_permission_policy(ProblemReport, ProblemReportPermissionPolicy(ProblemReport))
        register_permission_policy(CalendarFeed, CalendarFeedPermissionPolicy(CalendarFeed))
