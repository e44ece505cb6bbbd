"""Panels on the admin dashboard: the coordinators' summary (an editor's is in editor_home.py)."""

from django.urls import reverse
from wagtail.admin.ui.components import Component

from .admin_views import coordinator_counts
from .choices import ApplicationStatus, ReportStatus


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


def panels_for(user) -> list[Component]:
    from .permissions import is_coordinator

    # A group editor's panel is in editor_home.py.
    return [CoordinatorPanel()] if is_coordinator(user) else []
