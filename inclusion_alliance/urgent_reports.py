"""Problem reports that cannot wait: a resident says the help has stopped, or its details are wrong.

They sit at the top of a coordinator's dashboard, each with two one-click actions:
- "Mark temporarily closed" (listings only): residents see "Temporarily closed" at once, on the
  listing and wherever it is listed, while the coordinator finds out more. An editor's unpublished
  draft is kept, and closed too, so approving it later does not quietly reopen the listing.
- "Ask the group": email the group's editors what the resident said and where to put it right.

Both are POST forms with Django's CSRF token, and both are written to the page's history (Wagtail's
log), so the group can see who closed their listing and why. The report stays open until someone
marks it resolved: closing a listing is a holding step, not an answer.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View
from wagtail.admin import messages
from wagtail.admin.ui.components import Component
from wagtail.log_actions import log

from core.choices import ServiceStatus
from directory.models import ServicePage

from . import emails
from .choices import ProblemKind
from .models import ProblemReport
from .permissions import is_coordinator
from .views import editors_of

STOPPED = (ProblemKind.CLOSED,)
WRONG_DETAILS = (ProblemKind.TIMES, ProblemKind.PLACE, ProblemKind.CONTACT)

CLOSED_LOG_ACTION = "inclusion_alliance.temporarily_closed"
ASKED_LOG_ACTION = "inclusion_alliance.asked_group"
LOG_ACTIONS = (
    (CLOSED_LOG_ACTION, "Marked temporarily closed", "Marked temporarily closed after a problem report"),
    (ASKED_LOG_ACTION, "Group asked to check", "Emailed the group's editors about a problem report"),
)

# What residents read on the listing while it is closed: plain words, no blame.
CLOSED_NOTE = "Someone told us this has stopped. We are checking with the group."


def urgent_reports():
    """Open reports that the help has stopped or has wrong details, newest first."""
    return (
        ProblemReport.objects.open()
        .filter(kind__in=[*STOPPED, *WRONG_DETAILS])
        .select_related("page")
        .order_by("-created_at")
    )


def can_close(page) -> bool:
    """Only a listing can be temporarily closed (an event is cancelled by its group, date by date)."""
    model = page.specific_class
    return model is not None and issubclass(model, ServicePage)


@transaction.atomic
def mark_temporarily_closed(listing: ServicePage, user, report: ProblemReport) -> bool:
    """Close the live listing, and the editor's draft if there is one. False if already closed."""
    listing = ServicePage.objects.select_for_update().get(pk=listing.pk)
    if listing.status == ServiceStatus.TEMPORARILY_CLOSED:
        return False
    draft = listing.get_latest_revision_as_object() if listing.has_unpublished_changes else None

    listing.status, listing.status_note = ServiceStatus.TEMPORARILY_CLOSED, CLOSED_NOTE
    if listing.live:
        listing.save_revision(user=user, log_action=False).publish(user=user, log_action=False)
    else:
        listing.save_revision(user=user, log_action=False)
    if draft is not None:
        # The editor's draft stays the latest version, closed too, so approving it later does not reopen
        # the listing without anyone deciding to.
        draft.status, draft.status_note = ServiceStatus.TEMPORARILY_CLOSED, CLOSED_NOTE
        draft.save_revision(user=user, log_action=False)
    log(listing, CLOSED_LOG_ACTION, user=user, data={"report": report.pk, "kind": report.kind})
    return True


def ask_the_group(report: ProblemReport, user) -> int:
    """Email the group's editors about the report. Returns how many emails were sent."""
    editors = editors_of(report.page)
    sent = emails.group_asked_to_check(report, editors, by=user)
    if sent:
        log(report.page, ASKED_LOG_ACTION, user=user, data={"report": report.pk, "sent": sent})
    return sent


# -- admin ---------------------------------------------------------------------------------------------


class UrgentReportActionView(View):
    """Base for the two buttons: POST only, coordinators only, back to the dashboard with a message."""

    http_method_names = ["post"]

    def post(self, request, pk):
        if not is_coordinator(request.user):
            raise PermissionDenied
        report = get_object_or_404(ProblemReport.objects.select_related("page"), pk=pk)
        self.act(request, report)
        return redirect(reverse("wagtailadmin_home"))

    def act(self, request, report):
        raise NotImplementedError


class MarkTemporarilyClosedView(UrgentReportActionView):
    def act(self, request, report):
        if not can_close(report.page):
            messages.error(request, f"'{report.page.title}' is not a listing, so it cannot be closed here.")
        elif mark_temporarily_closed(report.page.specific, request.user, report):
            messages.success(
                request,
                f"'{report.page.title}' now shows as temporarily closed. The report stays open until "
                "you mark it resolved.",
            )
        else:
            messages.warning(request, f"'{report.page.title}' was already temporarily closed.")


class AskTheGroupView(UrgentReportActionView):
    def act(self, request, report):
        sent = ask_the_group(report, request.user)
        if sent:
            people = "1 editor" if sent == 1 else f"{sent} editors"
            messages.success(request, f"We have emailed {people} about '{report.page.title}'.")
        elif editors_of(report.page):
            messages.error(request, "We could not send the email. Please try again later.")
        else:
            messages.error(
                request,
                f"Nobody edits '{report.page.title}' with an email address, so there is nobody to ask. "
                "Contact the group another way, or edit the page yourself.",
            )


class UrgentReportsPanel(Component):
    """At the top of a coordinator's dashboard (Wagtail's own panels start at order 100)."""

    name = "alliance_urgent_reports"
    template_name = "inclusion_alliance/admin/urgent_reports_panel.html"
    order = 10

    def __init__(self, reports):
        self.reports = reports

    def get_context_data(self, parent_context):
        return {
            "rows": [
                {
                    "report": report,
                    "page": report.page.specific,
                    "stopped": report.kind in STOPPED,
                    "can_close": can_close(report.page),
                    "closed": getattr(report.page.specific, "status", "") == ServiceStatus.TEMPORARILY_CLOSED,
                    "report_url": reverse("alliance_problem_reports:inspect", args=[report.pk]),
                    "close_url": reverse("alliance_mark_temporarily_closed", args=[report.pk]),
                    "ask_url": reverse("alliance_ask_the_group", args=[report.pk]),
                }
                for report in self.reports
            ],
            # The panel is rendered outside a RequestContext; its forms need the token.
            "csrf_token": get_token(parent_context["request"]),
        }


def urgent_panel_for(user) -> list[Component]:
    if not is_coordinator(user):
        return []
    reports = list(urgent_reports()[:20])
    return [UrgentReportsPanel(reports)] if reports else []
