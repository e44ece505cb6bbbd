"""The insights screens in the Wagtail admin: coordinators only (the insights.view_insights permission,
given to the Coordinators group by a migration)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import charts, listing_views, totals
from .models import VIEW_PERMISSION
from .periods import Period, PeriodForm
from .screens import coverage, demand, health, reach, summary, unmet
from .synonyms import AddSynonymForm
from .tables import FEW_RESULTS_NOTE, csv_response


class CoordinatorsOnly:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class InsightsView(CoordinatorsOnly, WagtailAdminTemplateMixin, TemplateView):
    """A screen of tables for a date range, each with its chart and a CSV download."""

    template_name = "insights/screen.html"
    header_icon = "table"
    slug = ""
    intro = ""
    # The module of insights/screens whose tables(period) the screen shows (or override tables()).
    screen = None
    # The form of the dates asked for, and a second form of the screen's own choices (or None).
    period_form_class = PeriodForm
    extra_form_class = None

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("insights:demand"), "label": "Insights"},
            {"url": "", "label": self.get_page_title()},
        ]

    def extra_forms(self) -> list:
        return [self.extra_form] if self.extra_form else []

    def tables(self, period: Period) -> list:
        return self.screen.tables(period)

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.form = self.period_form_class(request.GET or None)
        self.period = self.form.period()
        self.extra_form = self.extra_form_class(request.GET or None) if self.extra_form_class else None

    def get(self, request, *args, **kwargs):
        listing_views.fold()  # views counted in Redis since the last screen was opened
        wanted = request.GET.get("download")
        if wanted:
            for table in self.tables(self.period):
                if table.slug == wanted:
                    filename = f"{self.slug}-{table.slug}-{self.period.first}-to-{self.period.last}"
                    return csv_response(table, filename)
            messages.error(request, "There is no table of that name to download.")
        return super().get(request, *args, **kwargs)

    def download_link(self, slug: str) -> str:
        query = self.request.GET.copy()
        query["download"] = slug
        return "?" + query.urlencode()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tables = self.tables(self.period)
        context.update(
            {
                "form": self.form,
                "extra_forms": self.extra_forms(),
                "period": self.period,
                "previous": self.period.before(),
                "intro": self.intro,
                "sections": [
                    {"table": table, "chart": charts.chart_for(table), "csv": self.download_link(table.slug)}
                    for table in tables
                ],
                "updated": totals.last_updated(),
                "screens": screen_links(),
            }
        )
        return context


class DemandView(InsightsView):
    page_title = "Demand"
    slug = "demand"
    screen = demand
    intro = "What residents search for, at what level and from where, and how it changes week by week."

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "headline": demand.headline(self.period)}


class UnmetView(InsightsView):
    template_name = "insights/unmet.html"
    page_title = "Unmet demand"
    slug = "unmet"
    intro = "Searches that found nothing or very little, and words that named no help topic."
    extra_form_class = unmet.GroupingForm

    def tables(self, period):
        return unmet.tables(period, self.extra_form.grouping())

    def get_context_data(self, **kwargs):
        from directory.models import HelpTopic

        context = super().get_context_data(**kwargs)
        context["topics"] = HelpTopic.objects.order_by("name")
        context["next_url"] = self.request.get_full_path()
        return context


class CoverageView(InsightsView):
    template_name = "insights/coverage.html"
    page_title = "Coverage gaps"
    slug = "coverage"
    extra_form_class = coverage.CoverageForm

    @cached_property
    def rows(self):
        return coverage.gap_rows(self.period, *self.extra_form.chosen())

    def tables(self, period):
        return [coverage.gaps_table(self.rows)]

    def get_context_data(self, **kwargs):
        from django.conf import settings

        context = super().get_context_data(**kwargs)
        heading, invented = coverage.need_heading()
        context.update(
            {
                "intro": (
                    "For each postcode district: searches from there beside the listings and weekly "
                    f"sessions within {coverage.usual_radius():g} miles of its centre (the usual search "
                    "radius). The gap is searches for each listing nearby, counting one listing more than "
                    "there is, so a district with searches and no help at all comes first."
                ),
                "points": coverage.map_points(self.rows),
                "need_heading": heading,
                "need_invented": invented,
                "privacy_note": FEW_RESULTS_NOTE,
                "tile_url": settings.MAP_TILE_URL,
                "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
            }
        )
        return context


class ReachView(InsightsView):
    page_title = "Reach"
    slug = "reach"
    screen = reach
    intro = "How many residents staff pointed to help, what was printed and emailed, and listing page views."


class HealthView(InsightsView):
    page_title = "Health of the directory"
    slug = "health"
    screen = health
    intro = "How up to date the listings are, open problem reports, and how long approvals take."


class AddSynonymView(CoordinatorsOnly, View):
    """POST only: add words residents typed as a synonym of a help topic."""

    http_method_names = ["post"]

    def post(self, request):
        if not request.user.has_perm("directory.change_helptopic"):
            raise PermissionDenied
        form = AddSynonymForm(request.POST)
        if form.is_valid():
            topic = form.save()
            messages.success(
                request,
                f"'{form.cleaned_data['words']}' is now a synonym of {topic.name}. "
                "Searches with these words find that topic from now on.",
            )
        else:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        return redirect(safe_back(request, reverse("insights:unmet")))


def safe_back(request, fallback: str) -> str:
    from django.utils.http import url_has_allowed_host_and_scheme

    wanted = request.POST.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
        return wanted
    return fallback


def screen_links() -> list[tuple[str, str]]:
    return [
        (reverse(f"insights:{name}"), title)
        for name, title in (
            ("demand", "Demand"),
            ("unmet", "Unmet demand"),
            ("coverage", "Coverage gaps"),
            ("reach", "Reach"),
            ("health", "Health"),
            ("summary", "Monthly summary"),
        )
    ]


class SummaryView(InsightsView):
    """One month's headline figures on one printable page, for the Alliance's meeting."""

    template_name = "insights/summary.html"
    page_title = "Monthly summary"
    slug = "summary"
    screen = summary
    intro = (
        "The headline figures of every insights screen for one month, to print for the Alliance's meeting."
    )
    period_form_class = summary.MonthForm

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "headline": demand.headline(self.period)}
