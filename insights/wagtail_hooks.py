from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from . import listing_views, urls
from .models import VIEW_PERMISSION


@hooks.register("register_admin_urls")
def register_insights_urls():
    return [path("insights/", include((urls.urlpatterns, "insights"), namespace="insights"))]


class InsightsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VIEW_PERMISSION)


SCREENS = (
    ("demand", "Demand", "search"),
    ("unmet", "Unmet demand", "warning"),
    ("coverage", "Coverage gaps", "site"),
    ("reach", "Reach", "group"),
    ("health", "Health", "tick"),
    ("summary", "Monthly summary", "doc-full"),
)


@hooks.register("register_admin_menu_item")
def register_insights_menu():
    items = [
        InsightsMenuItem(
            title, reverse(f"insights:{name}"), name=f"insights-{name}", icon_name=icon, order=order
        )
        for order, (name, title, icon) in enumerate(SCREENS)
    ]
    return SubmenuMenuItem("Insights", Menu(items=items), name="insights", icon_name="table", order=750)


@hooks.register("before_serve_page")
def count_listing_view(page, request, serve_args, serve_kwargs):
    """One more view of a listing page today: a count only, no cookie and nothing about the visitor.
    Previews are not served through here, so editors checking their work are not counted."""
    from directory.models import ServicePage

    if request.method == "GET" and isinstance(page, ServicePage):
        listing_views.count(page.pk)
