"""The council's referrals report: how many residents staff pointed to help, by venue, topic, month,
listing and organisation."""

import csv
import datetime as dt

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.http import HttpResponse
from django.utils import timezone
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import AdminDateInput

from directory.models import OrganisationPage, ServicePage, Venue

from .models import Referral
from .permissions import REPORT_PERMISSION

NO_VENUE = "A venue that has been removed"
NO_TOPIC = "No topic"
NO_LISTING = "A listing that has been removed"
NO_ORGANISATION = "Not part of an organisation"


def months_ago(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


class ReferralReportFilterForm(forms.Form):
    start = forms.DateField(
        label="From", required=False, widget=AdminDateInput, help_text="The first day to count."
    )
    end = forms.DateField(
        label="To", required=False, widget=AdminDateInput, help_text="The last day to count."
    )
    venue = forms.ModelChoiceField(
        queryset=Venue.objects.order_by("name"),
        required=False,
        empty_label="All venues",
        help_text="Only count referrals made by staff at this venue.",
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", "The 'To' date must be on or after the 'From' date.")
        return cleaned


def report_rows(referrals) -> list[dict]:
    """Counts by month, venue and topic, newest month first."""
    rows = (
        referrals.annotate(month=TruncMonth("date"))
        .values("month", "venue__name", "topic__name")
        .annotate(count=Count("pk"))
        .order_by("-month", "venue__name", "topic__name")
    )
    return [
        {
            "month": row["month"],
            "venue": row["venue__name"] or NO_VENUE,
            "topic": row["topic__name"] or NO_TOPIC,
            "count": row["count"],
        }
        for row in rows
    ]


def by_listing_and_organisation(referrals) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """Counts by listing and by the organisation the listing belongs to (its parent page), most first."""
    counts = referrals.values("listing_id", "listing__title").annotate(count=Count("pk"))
    listings = {
        page.pk: page for page in ServicePage.objects.filter(pk__in=[row["listing_id"] for row in counts])
    }
    organisations = list(OrganisationPage.objects.only("title", "path"))
    by_listing, by_organisation = {}, {}
    for row in counts:
        listing = listings.get(row["listing_id"])
        name = row["listing__title"] or NO_LISTING
        owner = next((o.title for o in organisations if listing and listing.path.startswith(o.path)), None)
        owner = owner or (NO_ORGANISATION if listing else NO_LISTING)
        by_listing[name] = by_listing.get(name, 0) + row["count"]
        by_organisation[owner] = by_organisation.get(owner, 0) + row["count"]
    return most_first(by_listing), most_first(by_organisation)


def most_first(counted: dict[str, int]) -> list[tuple[str, int]]:
    return sorted(counted.items(), key=lambda item: (-item[1], item[0]))


def totals(rows: list[dict], key: str) -> list[tuple[str, int]]:
    counted: dict[str, int] = {}
    for row in rows:
        counted[row[key]] = counted.get(row[key], 0) + row["count"]
    return most_first(counted)


class ReferralReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "assisted_digital/admin/referral_report.html"
    page_title = "Referrals"
    header_icon = "list-ul"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(REPORT_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def filtered(self):
        today = timezone.localdate()
        data = self.request.GET.copy()
        form = ReferralReportFilterForm(data)
        start, end, venue = months_ago(today, 11), today, None
        if form.is_valid():
            start = form.cleaned_data["start"] or start
            end = form.cleaned_data["end"] or end
            venue = form.cleaned_data["venue"]
        referrals = Referral.objects.between(start, end)
        if venue:
            referrals = referrals.filter(venue=venue)
        return form, start, end, referrals

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "csv":
            _form, start, end, referrals = self.filtered()
            return csv_response(report_rows(referrals), start, end)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, start, end, referrals = self.filtered()
        rows = report_rows(referrals)
        by_listing, by_organisation = by_listing_and_organisation(referrals)
        query = self.request.GET.copy()
        query["export"] = "csv"
        context.update(
            {
                "form": form,
                "start": start,
                "end": end,
                "rows": rows,
                "total": sum(row["count"] for row in rows),
                "by_venue": totals(rows, "venue"),
                "by_topic": totals(rows, "topic"),
                "by_listing": by_listing,
                "by_organisation": by_organisation,
                "csv_query": query.urlencode(),
            }
        )
        return context


def csv_response(rows: list[dict], start: dt.date, end: dt.date) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"referrals-{start:%Y-%m-%d}-to-{end:%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(["month", "venue", "topic", "referrals"])
    for row in rows:
        writer.writerow([f"{row['month']:%Y-%m}", _cell(row["venue"]), _cell(row["topic"]), row["count"]])
    return response


def _cell(value: str) -> str:
    """Names typed by editors cannot start a formula when the file is opened in a spreadsheet."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
