"""Panels on the admin dashboard: the coordinators' summary, and an editor's listings to check."""

from django.middleware.csrf import get_token
from django.urls import reverse
from wagtail.admin.ui.components import Component

from .admin_views import coordinator_counts, editor_listings_to_check
from .choices import ApplicationStatus, ReportStatus
from .freshness import CONFIRM_URL_NAME, may_be_out_of_date


class CoordinatorPanel(Component):
    name = "alliance_coordinator"
    template_name = "inclusion_alliance/admin/coordinator_panel.html"
    order = 50

    def get_context_data(self, parent_context):
        counts = coordinator_counts()
        applications = reverse("alliance_applications:index") + f"?status={ApplicationStatus.PENDING}"
        reports = reverse("alliance_problem_reports:index") + f"?status={ReportStatus.OPEN}"
        rows = [
            ("Applications waiting for a decision", counts["applications"], applications),
            ("Pages waiting for approval", counts["moderation"], reverse("wagtailadmin_reports:workflow")),
            (
                "Listings not checked for 6 months or more",
                counts["stale"],
                reverse("alliance_stale_listings"),
            ),
            (
                "Listings marked 'may be out of date' (not checked for a year)",
                counts["out_of_date"],
                reverse("alliance_stale_listings"),
            ),
            ("Open problem reports", counts["reports"], reports),
        ]
        return {"rows": [{"label": label, "count": count, "url": url} for label, count, url in rows]}


class EditorListingsPanel(Component):
    name = "alliance_listings_to_check"
    template_name = "inclusion_alliance/admin/editor_panel.html"
    order = 60

    def __init__(self, listings):
        self.listings = listings

    def get_context_data(self, parent_context):
        home = reverse("wagtailadmin_home")
        return {
            "rows": [
                {
                    "listing": listing,
                    "edit_url": reverse("wagtailadmin_pages:edit", args=[listing.pk]),
                    "confirm_url": reverse(CONFIRM_URL_NAME, args=[listing.pk]),
                    "out_of_date": may_be_out_of_date(listing),
                }
                for listing in self.listings
            ],
            "next": home,
            # The panel is rendered outside a RequestContext; its "Still correct" forms need the token.
            "csrf_token": get_token(parent_context["request"]),
        }


def panels_for(user) -> list[Component]:
    from .permissions import is_coordinator

    if is_coordinator(user):
        return [CoordinatorPanel()]
    listings = list(editor_listings_to_check(user)[:50])
    return [EditorListingsPanel(listings)] if listings else []
