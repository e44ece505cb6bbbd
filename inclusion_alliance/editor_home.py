"""An editor's home: the dashboard panel listing their group's listings and events.

Each row says whether the page is on the site, whether a change is waiting for a coordinator's
approval, when a listing was last checked and when the next session is. Listings that need checking
come first, each with a one-click "Still correct" (a form that posts, so it works without JavaScript).
"""

import datetime as dt
from dataclasses import dataclass

from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.models import Page, WorkflowState

from core.timetable import format_time, local_zone
from directory.models import ServicePage
from events.models import CalendarFeed, EventPage

from .freshness import CONFIRM_URL_NAME, may_be_out_of_date, review_cutoff
from .models import Membership
from .permissions import is_coordinator

# Enough for any one group; a group with more sees the rest in the page explorer.
MOST_ROWS = 100


@dataclass
class PageRow:
    page: Page
    kind: str  # "Listing" or "Event"
    status: str
    waiting_for_approval: bool
    needs_check: bool
    out_of_date: bool
    last_checked: dt.date | None
    next_session: str
    edit_url: str
    confirm_url: str = ""


def session_words(starts: dt.datetime | None) -> str:
    """'Tue 8 Dec, 2pm': the next session, short enough for a table cell."""
    if starts is None:
        return "None coming up"
    local = starts.astimezone(local_zone())
    return f"{local:%a %-d %b}, {format_time(local.time())}"


def status_words(page: Page) -> str:
    if not page.live:
        return "Draft: not on the site yet"
    if page.has_unpublished_changes:
        return "On the site, with changes not yet published"
    return "On the site"


def group_pages(user):
    """The listings and events of the organisations the user edits for (not a coordinator's: they
    have the coordinator panel instead)."""
    if is_coordinator(user):
        return Page.objects.none()
    organisations = [
        membership.organisation
        for membership in Membership.objects.filter(group__in=user.groups.all()).select_related(
            "organisation"
        )
    ]
    if not organisations:
        return Page.objects.none()
    pages = Page.objects.none()
    for organisation in organisations:
        pages |= Page.objects.child_of(organisation)
    return pages.type(ServicePage, EventPage)


def page_rows(user, today: dt.date | None = None) -> list[PageRow]:
    today = today or timezone.localdate()
    pages = list(group_pages(user).specific().order_by("title")[:MOST_ROWS])
    waiting = set(
        WorkflowState.objects.filter(
            status=WorkflowState.STATUS_IN_PROGRESS,
            base_content_type__app_label="wagtailcore",
            base_content_type__model="page",
            object_id__in=[str(page.pk) for page in pages],
        ).values_list("object_id", flat=True)
    )
    rows = []
    for page in pages:
        is_listing = isinstance(page, ServicePage)
        if is_listing:
            session = page.next_session if page.live else None
            starts = session.starts if session else None
        else:
            occurrence = page.next_occurrence() if page.live else None
            starts = occurrence.starts if occurrence else None
        rows.append(
            PageRow(
                page=page,
                kind="Listing" if is_listing else "Event",
                status=status_words(page),
                waiting_for_approval=str(page.pk) in waiting,
                needs_check=is_listing and page.live and page.last_checked <= review_cutoff(today),
                out_of_date=is_listing and may_be_out_of_date(page, today),
                last_checked=page.last_checked if is_listing else None,
                next_session=session_words(starts) if page.live else "Not on the site yet",
                edit_url=reverse("wagtailadmin_pages:edit", args=[page.pk]),
                confirm_url=reverse(CONFIRM_URL_NAME, args=[page.pk]) if is_listing and page.live else "",
            )
        )
    # Those needing a check first, the longest unchecked at the top; then listings, then events.
    rows.sort(key=lambda row: (not row.needs_check, row.last_checked or today, row.kind != "Listing"))
    return rows


class EditorHomePanel(Component):
    name = "alliance_editor_home"
    template_name = "inclusion_alliance/admin/editor_home_panel.html"
    order = 40

    def __init__(self, rows: list[PageRow]):
        self.rows = rows

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        return {
            "rows": self.rows,
            "to_check": sum(row.needs_check for row in self.rows),
            "add_url": self.add_url(request.user),
            "calendar_problems": calendar_problems(request.user),
            "next": reverse("wagtailadmin_home"),
            # The panel is rendered outside a RequestContext; its "Still correct" forms need the token.
            "csrf_token": get_token(request),
        }

    def add_url(self, user) -> str:
        """Where "Add a listing or event" goes: the choice of page types under their organisation."""
        membership = Membership.objects.filter(group__in=user.groups.all()).order_by("pk").first()
        return (
            reverse("wagtailadmin_pages:add_subpage", args=[membership.organisation_id]) if membership else ""
        )


def calendar_problems(user) -> list[dict]:
    """The group's calendars whose last fetch failed, each with why and its "Fetch now" page: the
    scheduler fetches them unseen, so this is where the group finds out."""
    feeds = CalendarFeed.objects.filter(
        organisation__membership__group__in=user.groups.all(), last_succeeded=False
    ).order_by("pk")
    return [
        {"feed": feed, "fetch_url": reverse("calendar_feeds:fetch", args=[feed.pk])}
        for feed in feeds.select_related("organisation")
    ]


def editor_home_panels(user) -> list[Component]:
    """The panel for a group's editor, even before they have added anything (it says how to)."""
    if is_coordinator(user) or not Membership.objects.filter(group__in=user.groups.all()).exists():
        return []
    return [EditorHomePanel(page_rows(user))]
