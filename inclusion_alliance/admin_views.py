"""Admin views: deciding applications, resolving problem reports, "still correct", the stale report."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import PermissionCheckedMixin, WagtailAdminTemplateMixin
from wagtail.admin.views.generic.base import BaseObjectMixin
from wagtail.admin.views.reports import ReportView

from core.querystrings import safe_next
from directory.models import ServicePage

from . import freshness
from .choices import ReportStatus
from .forms import ApproveApplicationForm, RejectApplicationForm, ResolveReportForm
from .membership import (
    ApplicationError,
    approve_application,
    can_resend_welcome,
    reject_application,
    resend_welcome,
)
from .models import Membership, MembershipApplication, ProblemReport
from .permissions import COORDINATE_PERMISSION


class RecordFormView(PermissionCheckedMixin, BaseObjectMixin, WagtailAdminTemplateMixin, FormView):
    """A coordinator's form about one application or problem report (the "change" permission), reached
    from the record's inspect page and going back there; the viewset gives the index and inspect URL
    names."""

    permission_required = "change"
    index_url_name = None
    inspect_url_name = None
    # The breadcrumb that leads back to the list of records.
    index_label = ""

    @cached_property
    def inspect_url(self):
        return reverse(self.inspect_url_name, args=[self.object.pk])

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": self.index_label},
            {"url": self.inspect_url, "label": str(self.object)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "cancel_url": self.inspect_url}


# -- applications ------------------------------------------------------------------------------------


class ApplicationDecisionView(RecordFormView):
    """Base for Approve and Reject."""

    model = MembershipApplication
    index_label = "Membership applications"
    header_icon = "group"
    template_name = "inclusion_alliance/admin/application_decision.html"
    action_label = ""
    action_classname = "button"

    def get(self, request, *args, **kwargs):
        if not self.object.is_pending:
            messages.warning(request, self.already_decided_message())
            return redirect(self.inspect_url)
        return super().get(request, *args, **kwargs)

    def already_decided_message(self) -> str:
        return f"The application from {self.object} was already {self.object.get_status_display().lower()}."

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            application=self.object, action_label=self.action_label, action_classname=self.action_classname
        )
        return context

    def decide(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            message = self.decide(form)
        except ApplicationError as error:
            messages.error(self.request, str(error))
            return redirect(self.inspect_url)
        messages.success(self.request, message)
        return redirect(reverse(self.index_url_name))


class ApproveApplicationView(ApplicationDecisionView):
    form_class = ApproveApplicationForm
    page_title = "Approve"
    action_label = "Approve and send the login"

    def get_context_data(self, **kwargs):
        from django.contrib.auth import get_user_model

        context = super().get_context_data(**kwargs)
        application = self.object
        existing = get_user_model().objects.filter(email__iexact=application.contact_email).exists()
        context["explanation"] = [
            f"make a draft page for {application.organisation_name} under Organisations;",
            "make an editor group that can change only that page and the pages under it;",
            (
                f"add {application.contact_email}'s existing login to that group and email them;"
                if existing
                else f"make a login for {application.contact_name} ({application.contact_email}) and email "
                "them a link to choose a password."
            ),
        ]
        return context

    def decide(self, form):
        approval = approve_application(
            self.object, by=self.request.user, trusted=form.cleaned_data["trusted"]
        )
        who = approval.user.get_full_name() or approval.user.email
        if not approval.emailed:
            messages.warning(
                self.request,
                f"We could not send the email to {approval.user.email}. Use 'Send the set-password email "
                "again' on the application when the mail server is working.",
            )
        if approval.new_account:
            return (
                f"{self.object} is now an Alliance member. We have emailed {who} ({approval.user.email}) "
                "a link to choose a password. Their organisation page is a draft until it is approved."
            )
        return (
            f"{self.object} is now an Alliance member. {who} already had a login; we have emailed them "
            "to say they can now edit its pages."
        )


class RejectApplicationView(ApplicationDecisionView):
    form_class = RejectApplicationForm
    page_title = "Turn down"
    action_label = "Turn down and send the reason"
    action_classname = "button serious"

    def decide(self, form):
        reject_application(self.object, by=self.request.user, reason=form.cleaned_data["reason"])
        return (
            f"The application from {self.object} was turned down. "
            "We have emailed the reason to the applicant."
        )


class ResendWelcomeView(PermissionCheckedMixin, TemplateView):
    model = MembershipApplication
    permission_required = "change"
    http_method_names = ["post"]
    inspect_url_name = None

    def post(self, request, pk):
        application = get_object_or_404(MembershipApplication, pk=pk)
        if not can_resend_welcome(application):
            messages.warning(
                request,
                "There is no link to send: the contact has already chosen a password, or the "
                "application is not approved.",
            )
        elif resend_welcome(application):
            messages.success(
                request, f"We have emailed {application.user.email} a new link to choose a password."
            )
        else:
            messages.error(request, "We could not send the email. Please try again later.")
        return redirect(reverse(self.inspect_url_name, args=[pk]))


# -- problem reports ---------------------------------------------------------------------------------


class ResolveReportView(RecordFormView):
    model = ProblemReport
    index_label = "Problem reports"
    header_icon = "warning"
    page_title = "Mark resolved"
    template_name = "inclusion_alliance/admin/resolve_report.html"
    form_class = ResolveReportForm

    def get_base_object_queryset(self):
        return ProblemReport.objects.select_related("page")

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_policy.user_has_permission_for_instance(request.user, "change", self.object):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "report": self.object}

    def form_valid(self, form):
        report = self.object
        if report.status == ReportStatus.RESOLVED:
            messages.warning(self.request, "This report was already marked resolved.")
        else:
            report.status = ReportStatus.RESOLVED
            report.resolved_at = timezone.now()
            report.resolved_by = self.request.user
            report.resolution_note = form.cleaned_data["note"]
            report.save()
            messages.success(self.request, f"The report about '{report.page.title}' is marked resolved.")
        return redirect(reverse(self.index_url_name))


# -- freshness ---------------------------------------------------------------------------------------


class StillCorrectView(BaseObjectMixin, WagtailAdminTemplateMixin, TemplateView):
    """Confirm that a listing is still correct. The admin's button posts here in one click (with
    JavaScript); without JavaScript the link shows this page, with one button to press."""

    template_name = "inclusion_alliance/admin/still_correct.html"
    page_title = "Is this listing still correct?"
    header_icon = "check"
    model = ServicePage
    pk_url_kwarg = "page_id"

    def dispatch(self, request, *args, **kwargs):
        if not self.object.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.object.get_admin_display_title()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["listing"] = self.object
        context["next"] = safe_next(self.request, "")
        context["edit_url"] = reverse("wagtailadmin_pages:edit", args=[self.object.pk])
        return context

    def post(self, request, *args, **kwargs):
        day = freshness.confirm_still_correct(self.object, request.user)
        messages.success(
            request,
            f"Thank you. '{self.object.title}' is marked as checked on {day:%-d %B %Y}. "
            "Nothing else about it has changed.",
        )
        parent_explore = reverse("wagtailadmin_explore", args=[self.object.get_parent().pk])
        return redirect(safe_next(request, parent_explore))


def short_date(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "tzinfo"):
        value = timezone.localtime(value)
    return f"{value:%-d %b %Y}"


class StaleListingsReportView(ReportView):
    """Listings nobody has checked for 6 months or more, oldest first: the coordinators' chase list."""

    page_title = "Listings to check"
    header_icon = "time"
    index_url_name = "alliance_stale_listings"
    index_results_url_name = "alliance_stale_listings_results"
    model = ServicePage
    paginate_by = 50
    list_export = ["title", "organisation_title", "last_checked", "freshness", "reminded_at", "editor_count"]
    export_headings = {
        "title": "Listing",
        "organisation_title": "Organisation",
        "last_checked": "Last checked",
        "freshness": "Status",
        "reminded_at": "Editors last reminded",
        "editor_count": "Editors",
    }

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(COORDINATE_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "title",
                label="Listing",
                get_url=lambda page: reverse("wagtailadmin_pages:edit", args=[page.pk]),
            ),
            Column("organisation_title", label="Organisation"),
            Column("last_checked", label="Last checked", accessor=lambda page: short_date(page.last_checked)),
            Column("freshness", label="Status"),
            Column(
                "reminded_at",
                label="Editors last reminded",
                accessor=lambda page: short_date(page.reminded_at) or "Not yet",
            ),
            Column("editor_count", label="Editors"),
        ]

    def get_queryset(self):
        return freshness.stale_listings().prefetch_related("review_reminders")

    def decorate_paginated_queryset(self, object_list):
        memberships = list(Membership.objects.select_related("organisation", "group"))
        today = timezone.localdate()
        for listing in object_list:
            membership = next((m for m in memberships if listing.path.startswith(m.organisation.path)), None)
            listing.organisation_title = membership.organisation.title if membership else ""
            listing.editor_count = membership.editors().count() if membership else 0
            listing.freshness = (
                "May be out of date" if freshness.may_be_out_of_date(listing, today) else "Needs checking"
            )
            reminders = [r.sent_at for r in listing.review_reminders.all()]
            listing.reminded_at = max(reminders) if reminders else None
        return object_list

    def get_filtered_queryset(self):
        return self.get_queryset()


def coordinator_counts() -> dict:
    """The numbers on the coordinators' dashboard panel."""
    from wagtail.models import WorkflowState

    from .choices import ApplicationStatus

    return {
        "applications": MembershipApplication.objects.filter(status=ApplicationStatus.PENDING).count(),
        "moderation": WorkflowState.objects.filter(
            status=WorkflowState.STATUS_IN_PROGRESS,
            base_content_type__app_label="wagtailcore",
            base_content_type__model="page",
        ).count(),
        "stale": freshness.stale_listings().count(),
        "out_of_date": freshness.stale_listings()
        .filter(last_checked__lte=freshness.out_of_date_cutoff())
        .count(),
        "reports": ProblemReport.objects.open().count(),
    }
