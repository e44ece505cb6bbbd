from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.widgets.button import Button
from wagtail.models import Page

from directory.models import OrganisationPage, ServicePage

from . import admin_views, freshness, isolation, urgent_reports
from .action_menu import put_submit_first
from .calendar_feeds import CalendarFeedViewSet
from .editor_home import editor_home_panels
from .panels import panels_for
from .permissions import COORDINATE_PERMISSION, is_coordinator
from .viewsets import AllianceViewSetGroup


@hooks.register("register_admin_viewset")
def register_alliance_viewsets():
    return AllianceViewSetGroup()


@hooks.register("register_admin_urls")
def register_alliance_admin_urls():
    report = admin_views.StaleListingsReportView
    return [
        path(
            "alliance/listings/<int:page_id>/still-correct/",
            admin_views.StillCorrectView.as_view(),
            name=freshness.CONFIRM_URL_NAME,
        ),
        path("reports/listings-to-check/", report.as_view(), name="alliance_stale_listings"),
        path(
            "reports/listings-to-check/results/",
            report.as_view(results_only=True),
            name="alliance_stale_listings_results",
        ),
    ]


class CoordinatorMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(COORDINATE_PERMISSION)


@hooks.register("register_reports_menu_item")
def register_stale_listings_report():
    return CoordinatorMenuItem(
        "Listings to check", reverse("alliance_stale_listings"), icon_name="time", order=1050
    )


@hooks.register("construct_homepage_panels")
def add_alliance_panels(request, panels):
    panels.extend(panels_for(request.user))


@hooks.register("construct_homepage_panels")
def add_editor_home_panel(request, panels):
    """A group editor's listings and events, those to check first (editor_home.py)."""
    panels.extend(editor_home_panels(request.user))


def still_correct_button(page, user, next_url=None, priority=25):
    """'Still correct' on a listing: one click posts (Wagtail's w-action controller, which returns to
    the current page); the link itself opens a page with a single button, so it works without
    JavaScript too."""
    if page.specific_class is None or not issubclass(page.specific_class, ServicePage):
        return None
    if not page.permissions_for_user(user).can_edit():
        return None
    url = reverse(freshness.CONFIRM_URL_NAME, args=[page.pk])
    attrs = {
        "data-controller": "w-action",
        "data-action": "w-action#post",
        "data-w-action-url-value": url,
    }
    return Button("Still correct", url=url, icon_name="check", attrs=attrs, priority=priority)


@hooks.register("register_page_header_buttons")
def page_header_still_correct(page, user, view_name, next_url=None):
    button = still_correct_button(page, user, next_url)
    return [button] if button else []


@hooks.register("register_page_listing_more_buttons")
def page_listing_still_correct(page, user, next_url=None):
    button = still_correct_button(page, user, next_url, priority=3)
    return [button] if button else []


@hooks.register("construct_page_action_menu")
def submit_for_approval_first(menu_items, request, context):
    """Groups whose changes are approved get "Submit for approval" as the main button."""
    put_submit_first(menu_items)


@hooks.register("register_log_actions")
def register_alliance_log_actions(actions):
    actions.register_action(
        freshness.CONFIRM_LOG_ACTION, "Confirmed still correct", "Confirmed that the listing is still correct"
    )


@hooks.register("before_move_page")
def refuse_moves_the_user_may_not_make(request, page, destination):
    """Wagtail's move confirmation page checks permission only when the move is made (POST); without
    this, its GET would show another group's page to an editor who may not move it."""
    if not page.permissions_for_user(request.user).can_move_to(destination):
        raise PermissionDenied


ORGANISATION_DELETE_REFUSED = (
    "Only the council's Alliance coordinators can delete an organisation's page. Deleting it would also "
    "take away your group's access to its listings and events. If your group has closed or changed, "
    "ask a coordinator."
)


def _is_organisation(page) -> bool:
    return page.specific_class is not None and issubclass(page.specific_class, OrganisationPage)


@hooks.register("before_delete_page")
def refuse_deleting_an_organisation(request, page):
    """Wagtail lets anyone who may edit a draft page with no live pages under it delete it; just after
    approval that is the group's own organisation page. Deleting it deletes the membership too, so the
    group would lose its permissions: only coordinators may."""
    if _is_organisation(page) and not is_coordinator(request.user):
        messages.error(request, ORGANISATION_DELETE_REFUSED)
        return redirect(
            get_valid_next_url_from_request(request) or reverse("wagtailadmin_pages:edit", args=[page.pk])
        )
    return None


@hooks.register("before_bulk_action")
def refuse_bulk_deleting_an_organisation(request, action_type, objects, action_class_instance):
    """The same rule for the page listing's "Delete" bulk action."""
    if action_type != "delete" or is_coordinator(request.user):
        return None
    organisations = [page for page in objects if isinstance(page, Page) and _is_organisation(page)]
    if organisations:
        messages.error(request, ORGANISATION_DELETE_REFUSED)
        return redirect(
            get_valid_next_url_from_request(request)
            or reverse("wagtailadmin_pages:edit", args=[organisations[0].pk])
        )
    return None


# -- isolation: what a group's editors see of other groups in Wagtail's own screens (isolation.py) ----


@hooks.register("construct_page_chooser_queryset")
def page_chooser_shows_only_own_group(pages, request):
    return isolation.visible_pages(pages, request.user)


@hooks.register("construct_explorer_page_queryset")
def explorer_shows_only_own_group(parent_page, pages, request):
    return isolation.visible_pages(pages, request.user)


# order=100: after Wagtail's own registrations, so these replace them.
for bulk_action in isolation.BULK_ACTIONS:
    hooks.register("register_bulk_action", bulk_action, order=100)


@hooks.register("construct_admin_api", order=100)
def admin_api_lists_only_choosable_files(router):
    router.register_endpoint("images", isolation.IsolatedImagesAdminAPIViewSet)
    router.register_endpoint("documents", isolation.IsolatedDocumentsAdminAPIViewSet)


@hooks.register("construct_reports_menu")
def hide_whole_site_reports_from_editors(request, menu_items):
    if not isolation.sees_everything(request.user):
        menu_items[:] = [item for item in menu_items if item.name != "page-types-usage"]


# -- coordinators: urgent problem reports (urgent_reports.py) -----------------------------------------


@hooks.register("register_admin_urls")
def register_urgent_report_urls():
    return [
        path(
            "alliance/urgent-reports/<int:pk>/close/",
            urgent_reports.MarkTemporarilyClosedView.as_view(),
            name="alliance_mark_temporarily_closed",
        ),
        path(
            "alliance/urgent-reports/<int:pk>/ask-the-group/",
            urgent_reports.AskTheGroupView.as_view(),
            name="alliance_ask_the_group",
        ),
    ]


@hooks.register("construct_homepage_panels")
def add_urgent_reports_panel(request, panels):
    panels.extend(urgent_reports.urgent_panel_for(request.user))


@hooks.register("register_log_actions")
def register_urgent_report_log_actions(actions):
    for action, label, message in urgent_reports.LOG_ACTIONS:
        actions.register_action(action, label, message)


# -- calendar import (calendar_feeds.py) ----------------------------------------------------------------


@hooks.register("register_admin_viewset")
def register_calendar_feeds():
    return CalendarFeedViewSet()
