"""The Alliance menu in the admin: applications, members and problem reports."""

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.functional import cached_property
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton

from . import admin_views
from .membership import can_resend_welcome
from .models import APPLICATION_FIELDS, Membership, MembershipApplication, ProblemReport
from .venues import InstancePermissionMixin


class MadeElsewhereMixin:
    """For records the admin never creates by hand: applications and problem reports come from the
    public forms, memberships from approving an application. No "Add" button, and no add view."""

    def get_common_view_kwargs(self, **kwargs):
        return {**super().get_common_view_kwargs(**kwargs), "add_url_name": None}

    @property
    def add_view(self):
        def refuse(request, *args, **kwargs):
            raise PermissionDenied

        return refuse


class SubmittedRecordViewSet(MadeElsewhereMixin, ModelViewSet):
    """Records sent in with a public form (applications, problem reports), which coordinators then act on
    with forms about one record (admin_views.RecordFormView)."""

    def record_form(self, view_class):
        """The view of such a form, told the way back to the list and to the record's inspect page."""
        return view_class.as_view(
            index_url_name=self.get_url_name("index"), inspect_url_name=self.get_url_name("inspect")
        )


class PlainValuesMixin:
    """An inspect view in words: "Not given" or "Not yet" rather than a blank or a raw None, and "Yes"
    or "No" rather than True or False."""

    empty_values = {}

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if value is None or value == "":
            return self.empty_values.get(field_name, "Not given")
        if isinstance(value, bool):
            return "Yes" if value else "No"
        return value


# -- applications ------------------------------------------------------------------------------------


class ApplicationInspectView(PlainValuesMixin, generic.InspectView):
    template_name = "inclusion_alliance/admin/application_inspect.html"
    empty_values = {
        **dict.fromkeys(("decided_at", "decided_by"), "Not decided yet"),
        "rejection_reason": "Not turned down",
        "organisation": "Made when the application is approved",
    }
    approve_url_name = None
    reject_url_name = None
    resend_url_name = None

    @cached_property
    def header_buttons(self):
        buttons = []
        if self.object.is_pending and self.user_has_permission("change"):
            buttons.append(
                HeaderButton(
                    "Approve", url=reverse(self.approve_url_name, args=[self.object.pk]), icon_name="check"
                )
            )
            buttons.append(
                HeaderButton(
                    "Turn down", url=reverse(self.reject_url_name, args=[self.object.pk]), icon_name="cross"
                )
            )
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.object
        context["can_decide"] = self.user_has_permission("change")
        context["resend_url"] = (
            reverse(self.resend_url_name, args=[application.pk])
            if context["can_decide"] and can_resend_welcome(application)
            else ""
        )
        return context


class ApplicationViewSet(SubmittedRecordViewSet):
    model = MembershipApplication
    name = "alliance_applications"
    url_prefix = "alliance/applications"
    icon = "group"
    menu_label = "Applications"
    menu_order = 100
    inspect_view_enabled = True
    inspect_view_class = ApplicationInspectView
    copy_view_enabled = False
    list_filter = ["status"]
    search_fields = ["organisation_name", "contact_name", "contact_email"]
    search_backend_name = None
    inspect_view_fields = [
        "status",
        "submitted_at",
        *APPLICATION_FIELDS,
        "consent_text",
        "decided_at",
        "decided_by",
        "rejection_reason",
        "organisation",
    ]
    # Coordinators may correct an application before approving it (a typo in the group's name).
    form_fields = list(APPLICATION_FIELDS)

    @cached_property
    def list_display(self):
        return [
            TitleColumn("organisation_name", label="Organisation", url_name=self.get_url_name("inspect")),
            Column("contact_name", label="Contact"),
            DateColumn("submitted_at", label="Sent"),
            Column("status", label="Status", accessor="get_status_display"),
        ]

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            approve_url_name=self.get_url_name("approve"),
            reject_url_name=self.get_url_name("reject"),
            resend_url_name=self.get_url_name("resend_welcome"),
            **kwargs,
        )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("approve/<int:pk>/", self.record_form(admin_views.ApproveApplicationView), name="approve"),
            path("reject/<int:pk>/", self.record_form(admin_views.RejectApplicationView), name="reject"),
            path(
                "resend-welcome/<int:pk>/",
                admin_views.ResendWelcomeView.as_view(inspect_url_name=self.get_url_name("inspect")),
                name="resend_welcome",
            ),
        ]


# -- members -----------------------------------------------------------------------------------------


class MembershipViewSet(MadeElsewhereMixin, ModelViewSet):
    model = Membership
    name = "alliance_members"
    url_prefix = "alliance/members"
    icon = "group"
    menu_label = "Members"
    menu_order = 200
    copy_view_enabled = False
    form_fields = ["trusted"]
    list_filter = ["trusted"]

    @cached_property
    def list_display(self):
        return [
            TitleColumn("organisation", label="Organisation", url_name=self.get_url_name("edit")),
            # Words, not a tick icon whose hidden text is "True" or "False".
            Column(
                "trusted",
                label="Publishes without approval",
                accessor=lambda m: "Yes" if m.trusted else "No, a coordinator approves changes",
            ),
            Column("editor_count", label="Editors", accessor=lambda m: m.editors().count()),
            DateColumn("joined_at", label="Joined"),
        ]


# -- problem reports ---------------------------------------------------------------------------------


class VisibleReportsMixin:
    """Coordinators see every report; a group's editors see the reports about their own pages."""

    def get_base_queryset(self):
        return (
            self.permission_policy.instances_user_has_any_permission_for(
                self.request.user, {"view", "change"}
            )
            .select_related("page")
            .order_by("-created_at")
        )


class ProblemReportIndexView(VisibleReportsMixin, generic.IndexView):
    resolve_url_name = None

    def get_edit_url(self, instance):
        return None

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.is_open and self.user_has_permission_for_instance("change", instance):
            buttons.append(
                MenuItem(
                    "Mark resolved", reverse(self.resolve_url_name, args=[instance.pk]), icon_name="check"
                )
            )
        return buttons


class ProblemReportInspectView(PlainValuesMixin, generic.InspectView):
    template_name = "inclusion_alliance/admin/report_inspect.html"
    empty_values = {
        **dict.fromkeys(("resolved_at", "resolved_by"), "Not resolved yet"),
        "resolution_note": "No note",
    }
    resolve_url_name = None

    def get_object(self, queryset=None):
        instance = super().get_object(queryset)
        if not self.permission_policy.user_has_any_permission_for_instance(
            self.request.user, ["view", "change"], instance
        ):
            raise PermissionDenied
        return instance

    def get_edit_url(self):
        return None

    @cached_property
    def header_buttons(self):
        if self.object.is_open and self.user_has_permission_for_instance("change", self.object):
            return [
                HeaderButton(
                    "Mark resolved",
                    url=reverse(self.resolve_url_name, args=[self.object.pk]),
                    icon_name="check",
                )
            ]
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = self.object.page
        context["reported_page"] = page
        can_edit = page.permissions_for_user(self.request.user).can_edit()
        context["page_edit_url"] = reverse("wagtailadmin_pages:edit", args=[page.pk]) if can_edit else ""
        return context


class ProblemReportEditView(InstancePermissionMixin, generic.EditView):
    instance_permission = "change"


class ProblemReportDeleteView(InstancePermissionMixin, generic.DeleteView):
    instance_permission = "delete"


class ProblemReportViewSet(SubmittedRecordViewSet):
    model = ProblemReport
    name = "alliance_problem_reports"
    url_prefix = "alliance/problem-reports"
    icon = "warning"
    menu_label = "Problem reports"
    menu_order = 300
    index_view_class = ProblemReportIndexView
    inspect_view_enabled = True
    inspect_view_class = ProblemReportInspectView
    edit_view_class = ProblemReportEditView
    delete_view_class = ProblemReportDeleteView
    copy_view_enabled = False
    form_fields = ["resolution_note"]
    list_filter = ["status", "kind"]
    inspect_view_fields = [
        "status",
        "created_at",
        "kind",
        "details",
        "contact",
        "resolved_at",
        "resolved_by",
        "resolution_note",
    ]

    @cached_property
    def list_display(self):
        return [
            TitleColumn(
                "page",
                label="About",
                accessor=lambda report: report.page.title,
                url_name=self.get_url_name("inspect"),
            ),
            Column("kind", label="What is wrong", accessor="get_kind_display"),
            DateColumn("created_at", label="Reported"),
            Column("status", label="Status", accessor="get_status_display"),
        ]

    def get_common_view_kwargs(self, **kwargs):
        # Wagtail gives it only to the views that declare a resolve_url_name, which link to "Mark resolved".
        return super().get_common_view_kwargs(resolve_url_name=self.get_url_name("resolve"), **kwargs)

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("resolve/<int:pk>/", self.record_form(admin_views.ResolveReportView), name="resolve")
        ]


class AllianceViewSetGroup(ViewSetGroup):
    menu_label = "Alliance"
    menu_icon = "group"
    menu_order = 150
    items = (ApplicationViewSet, MembershipViewSet, ProblemReportViewSet)
