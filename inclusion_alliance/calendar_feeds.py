"""Calendar import in the admin and for the scheduler: a group's editors add their calendar's address,
see what the last fetch did, and press "Fetch now"; `manage.py import_calendars` fetches every feed.

The import itself is events.calendar_import. What this layer adds is the Alliance's rule: a trusted
group's imported events are published, anyone else's wait for a coordinator (see moderation.py), and
each group sees and changes only its own feeds, as with its pages.
"""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy

from core.timetable import format_time
from directory.models import OrganisationPage
from events.calendar_import import Report, fetch_and_import
from events.calendar_import.fetch import FeedProblem, normalise_url
from events.models import CalendarFeed, EventPage
from events.recurrence import long_date

from .isolation import sees_everything
from .models import Membership


def publishes_directly(organisation) -> bool:
    """A trusted member's imported events go live; everyone else's wait for approval. An organisation
    with no membership (the council's own pages) is treated as untrusted: its drafts wait too."""
    return Membership.objects.filter(organisation=organisation, trusted=True).exists()


def import_feed(feed: CalendarFeed) -> Report:
    return fetch_and_import(feed, publish=publishes_directly(feed.organisation))


# -- who may see and change which feeds --------------------------------------------------------------


def editable_organisations(user):
    """The organisations whose pages the user may edit: their own group's (coordinators: all)."""
    organisations = OrganisationPage.objects.order_by("title")
    if sees_everything(user):
        return organisations
    editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return organisations.filter(pk__in=editable.values("pk"))


class CalendarFeedPermissionPolicy(ModelPermissionPolicy):
    """Coordinators manage every feed; a group's editors manage the feeds of the organisations they
    edit, and never see another group's."""

    def user_has_permission(self, user, action):
        if not user.is_active:
            return False
        if sees_everything(user):
            return True
        return PagePermissionPolicy().user_has_permission(user, "change")

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        if not user.is_active:
            return False
        return sees_everything(user) or instance.organisation.permissions_for_user(user).can_edit()

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, action, instance) for action in actions)

    def instances_user_has_permission_for(self, user, action):
        manager = self.model._default_manager
        if not user.is_active:
            return manager.none()
        if sees_everything(user):
            return manager.all()
        return manager.filter(organisation__in=editable_organisations(user).values("pk"))

    def instances_user_has_any_permission_for(self, user, actions):
        return self.instances_user_has_permission_for(user, "change")


# -- the form ----------------------------------------------------------------------------------------


class CalendarFeedForm(WagtailAdminModelForm):
    """The organisation (only the user's own to choose from) and the address. `webcal://`, which
    calendars offer for subscribing, is accepted and stored as https://."""

    url = forms.CharField(
        label="Calendar address",
        max_length=1000,
        help_text=CalendarFeed._meta.get_field("url").help_text,
    )

    class Meta:
        model = CalendarFeed
        fields = ["organisation", "url"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is not None:
            organisations = editable_organisations(for_user)
            self.fields["organisation"].queryset = organisations
            only = organisations.first() if organisations.count() == 1 else None
            if only and (not self.instance.pk or self.instance.organisation_id == only.pk):
                # A volunteer of one group has nothing to choose: the calendar is their group's, and a
                # box with one choice (a long name, wider than a phone) only gets in the way.
                self.instance.organisation = only
                del self.fields["organisation"]

    def clean_url(self):
        try:
            url = normalise_url(self.cleaned_data["url"])
            URLValidator(schemes=["http", "https"])(url)
        except (FeedProblem, ValidationError):
            raise ValidationError(
                "This is not a calendar address. Copy it from your calendar's settings: it starts "
                "https:// (or webcal://) and usually ends .ics."
            ) from None
        return url

    def clean(self):
        cleaned_data = super().clean()
        url = cleaned_data.get("url")
        # With no organisation field the model's own uniqueness check is skipped: make it here.
        if "organisation" not in self.fields and url:
            others = CalendarFeed.objects.filter(organisation=self.instance.organisation, url=url)
            if others.exclude(pk=self.instance.pk).exists():
                self.add_error("url", "You have already added this calendar.")
        return cleaned_data


# -- views ---------------------------------------------------------------------------------------------


class OwnFeedMixin:
    """Refuse (403) another group's feed, even by typing its number into the address."""

    def get_object(self, queryset=None):
        instance = super().get_object(queryset)
        if not self.permission_policy.user_has_permission_for_instance(self.request.user, "change", instance):
            raise PermissionDenied
        return instance


class FetchColumn(Column):
    """What the last fetch did, with a link to the feed's "Fetch now" page, where the whole report is:
    the row's "More" menu also has it, but a volunteer may never open that menu."""

    cell_template_name = "inclusion_alliance/admin/calendar_feed_fetch_cell.html"

    def __init__(self, name, fetch_url_name, **kwargs):
        super().__init__(name, **kwargs)
        self.fetch_url_name = fetch_url_name

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["fetch_url"] = reverse(self.fetch_url_name, args=[instance.pk])
        context["feed"] = instance
        return context


class ToFetchPageMixin:
    """After adding a calendar or changing its address, the next step is "Fetch now": go there."""

    fetch_url_name = None
    success_text = ""

    def get_success_url(self):
        return reverse(self.fetch_url_name, args=[self.object.pk])

    def get_success_message(self, *args):
        return self.success_text

    def get_success_buttons(self):
        return []


class FeedIndexView(generic.IndexView):
    fetch_url_name = None
    results_template_name = "inclusion_alliance/admin/calendar_feed_index_results.html"
    add_item_label = "Add a calendar"

    def get_base_queryset(self):
        return self.permission_policy.instances_user_has_permission_for(
            self.request.user, "change"
        ).select_related("organisation")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.append(
            MenuItem("Fetch now", reverse(self.fetch_url_name, args=[instance.pk]), icon_name="download")
        )
        return buttons


class FeedCreateView(ToFetchPageMixin, generic.CreateView):
    success_text = "Calendar added. Press “Fetch now” to bring in its events."


class FeedEditView(OwnFeedMixin, ToFetchPageMixin, generic.EditView):
    success_text = "Calendar address saved. Press “Fetch now” to bring in its events."

    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(
                "Fetch now", url=reverse(self.fetch_url_name, args=[self.object.pk]), icon_name="download"
            )
        ]


class FeedDeleteView(OwnFeedMixin, generic.DeleteView):
    pass


def event_state(event) -> str:
    """Whether an imported event is on the site, in words."""
    if event.calendar_withdrawn:
        return "taken off the site: it is cancelled or gone from your calendar"
    waiting = event.workflow_in_progress
    if event.live:
        return "on the site; changes wait for a coordinator to approve them" if waiting else "on the site"
    return "waiting for a coordinator to approve it" if waiting else "a draft, not on the site"


class FetchNowView(WagtailAdminTemplateMixin, TemplateView):
    """GET: the feed, what the last fetch did and a "Fetch now" button. POST: fetch and import now,
    then show the page again with the new report."""

    template_name = "inclusion_alliance/admin/calendar_fetch.html"
    page_title = "Fetch now"
    header_icon = "date"
    index_url_name = None
    edit_url_name = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.feed = get_object_or_404(CalendarFeed.objects.select_related("organisation"), pk=kwargs["pk"])

    def dispatch(self, request, *args, **kwargs):
        policy = CalendarFeedPermissionPolicy(CalendarFeed)
        if not policy.user_has_permission_for_instance(request.user, "change", self.feed):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.feed.organisation.title

    def get_breadcrumbs_items(self):
        return super().get_breadcrumbs_items() + [
            {"url": reverse(self.index_url_name), "label": "Calendar import"},
            {"url": "", "label": "Fetch now"},
        ]

    def post(self, request, *args, **kwargs):
        report = import_feed(self.feed)
        if report.succeeded:
            messages.success(request, f"Fetched the calendar. {report.summary()}")
        else:
            messages.error(request, report.summary())
        return redirect(request.path)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        self.feed.refresh_from_db()
        context["feed"] = self.feed
        context["report_lines"] = self.feed.last_report.splitlines()
        context["drafts"] = not publishes_directly(self.feed.organisation)
        context["edit_url"] = reverse(self.edit_url_name, args=[self.feed.pk])
        if self.feed.last_fetched_at:
            fetched = timezone.localtime(self.feed.last_fetched_at)
            context["fetched_at"] = f"{long_date(fetched.date())} at {format_time(fetched.time())}"
        context["events"] = [
            (event, reverse("wagtailadmin_pages:edit", args=[event.pk]), event_state(event))
            for event in EventPage.objects.filter(calendar_feed=self.feed).order_by("start_date", "title")
        ]
        return context


class CalendarFeedViewSet(ModelViewSet):
    model = CalendarFeed
    name = "calendar_feeds"
    url_prefix = "calendar-import"
    icon = "date"
    menu_label = "Calendar import"
    menu_order = 250
    add_to_admin_menu = True
    form_fields = ["organisation", "url"]
    copy_view_enabled = False
    inspect_view_enabled = False
    index_view_class = FeedIndexView
    add_view_class = FeedCreateView
    edit_view_class = FeedEditView
    delete_view_class = FeedDeleteView
    search_fields = None

    def get_form_class(self, for_update=False):
        return CalendarFeedForm

    @cached_property
    def list_display(self):
        # What happened (and the way to "Fetch now") before the address: on a phone the address, one
        # long word, is what scrolls out of sight.
        return [
            TitleColumn("organisation", label="Organisation", url_name=self.get_url_name("edit")),
            FetchColumn(
                "last_result",
                label="What happened",
                fetch_url_name=self.get_url_name("fetch"),
                accessor=lambda feed: feed.last_result or "Not fetched yet.",
            ),
            DateColumn("last_fetched_at", label="Last fetched"),
            Column("url", label="Calendar address"),
        ]

    def get_common_view_kwargs(self, **kwargs):
        # Wagtail gives it only to the views that declare a fetch_url_name: those that link to "Fetch now".
        return super().get_common_view_kwargs(fetch_url_name=self.get_url_name("fetch"), **kwargs)

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path(
                "fetch/<int:pk>/",
                FetchNowView.as_view(
                    index_url_name=self.get_url_name("index"), edit_url_name=self.get_url_name("edit")
                ),
                name="fetch",
            )
        ]
