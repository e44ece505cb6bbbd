"""Wagtail admin URLs that Signpost answers itself, in place of Wagtail's own view at the same address.

signpost/urls.py includes these before Wagtail's admin, so they win. Only for views whose Wagtail
version would show one group's work to another and offers no hook to prevent it (see isolation.py).
"""

from django.urls import path

from .isolation import CoordinatorsPageTypesUsageReportView as PageTypesReport

urlpatterns = [
    path("reports/page-types-usage/", PageTypesReport.as_view(), name="alliance_page_types_usage"),
    path(
        "reports/page-types-usage/results/",
        PageTypesReport.as_view(results_only=True),
        name="alliance_page_types_usage_results",
    ),
]
