"""The council's referrals report: how many residents staff pointed to help, by venue, topic and month."""

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

from directory.models import Venue

from .models import Referral
from .permissions import REPORT_PERMISSION

NO_VENUE = "A venue that has been removed"
NO_TOPIC = "No topic"


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


def totals(rows: list[dict], key: str) -> list[tuple[str, int]]:
    counted: dict[str, int] = {}
    for row in rows:
        counted[row[key]] = counted.get(row[key], 0) + row["count"]
    return sorted(counted.items(), key=lambda item: (-item[1], item[0]))


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
        return form, start, end, report_rows(referrals)

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "csv":
            _form, start, end, rows = self.filtered()
            return csv_response(rows, start, end)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, start, end, rows = self.filtered()
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
