"""Health of the directory: how many listings were checked lately, open problem reports and their
age, and how long approvals take. Small tables, read live (no daily totals needed)."""

import datetime as dt
import statistics

from django.db.models import Max
from django.utils import timezone

from .. import labels
from ..periods import Period
from ..tables import Column, Table
from ..totals import day_bounds, organisation_of_listings


def _share(part: int, whole: int) -> str:
    return f"{round(part * 100 / whole)}%" if whole else "-"


def checked_by_organisation(today: dt.date | None = None) -> Table:
    """Live listings and the share checked in the last 6 and 12 months, as of today."""
    from directory.models import ServicePage

    today = today or timezone.localdate()
    six, twelve = today - dt.timedelta(days=183), today - dt.timedelta(days=365)
    organisations = organisation_of_listings()
    counted: dict[int | None, list[int]] = {}
    for pk, checked in ServicePage.objects.live().values_list("pk", "last_checked"):
        row = counted.setdefault(organisations.get(pk), [0, 0, 0])
        row[0] += 1
        row[1] += bool(checked and checked >= six)
        row[2] += bool(checked and checked >= twelve)
    names = labels.page_titles(organisation for organisation in counted if organisation)
    rows = [
        [
            labels.name_or(names, organisation),
            listings,
            recent,
            _share(recent, listings),
            _share(year, listings),
        ]
        for organisation, (listings, recent, year) in counted.items()
    ]
    rows.sort(key=lambda row: (row[2] / row[1], row[0]))
    return Table(
        "checked",
        "Listings checked lately, by organisation (least checked first)",
        [
            Column("Organisation"),
            Column("Live listings", numeric=True),
            Column("Checked in the last 6 months", numeric=True),
            Column("Share checked in 6 months"),
            Column("Share checked in 12 months"),
        ],
        rows,
        note="As of today, whatever dates are chosen.",
    )


def open_reports(today: dt.date | None = None) -> Table:
    from inclusion_alliance.models import ProblemReport

    today = today or timezone.localdate()
    rows = []
    for report in ProblemReport.objects.open().select_related("page").order_by("created_at"):
        age = (today - timezone.localtime(report.created_at).date()).days
        rows.append([report.page.title, report.get_kind_display(), f"{report.created_at:%-d %b %Y}", age])
    return Table(
        "open-reports",
        "Open problem reports, oldest first",
        [
            Column("Listing or event"),
            Column("What is wrong"),
            Column("Reported on"),
            Column("Days open", numeric=True),
        ],
        rows,
        chart=None,
        empty="There are no open problem reports.",
    )


def _median_days(durations: list[dt.timedelta]) -> str:
    if not durations:
        return "-"
    return f"{statistics.median(duration.total_seconds() for duration in durations) / 86400:.1f}"


def application_durations(period: Period) -> list[dt.timedelta]:
    from inclusion_alliance.choices import ApplicationStatus
    from inclusion_alliance.models import MembershipApplication

    start, end = day_bounds(period.first, period.last)
    approved = MembershipApplication.objects.filter(
        status=ApplicationStatus.APPROVED, decided_at__gte=start, decided_at__lt=end
    )
    return [decided - submitted for submitted, decided in approved.values_list("submitted_at", "decided_at")]


def publication_durations(period: Period) -> list[dt.timedelta]:
    """From submitting a change for approval to its approval (which publishes it), in Wagtail's
    workflow records."""
    from wagtail.models import WorkflowState

    start, end = day_bounds(period.first, period.last)
    approved = (
        WorkflowState.objects.filter(status=WorkflowState.STATUS_APPROVED)
        .annotate(finished=Max("task_states__finished_at"))
        .filter(finished__gte=start, finished__lt=end)
    )
    return [finished - created for created, finished in approved.values_list("created_at", "finished")]


def reports_in(period: Period) -> tuple[int, int]:
    from inclusion_alliance.models import ProblemReport

    start, end = day_bounds(period.first, period.last)
    made = ProblemReport.objects.filter(created_at__gte=start, created_at__lt=end).count()
    resolved = ProblemReport.objects.filter(resolved_at__gte=start, resolved_at__lt=end).count()
    return made, resolved


def timings(period: Period) -> Table:
    rows = []
    for name, durations in (
        ("Application to join, to approval", application_durations),
        ("Change submitted, to published", publication_durations),
    ):
        now, before = durations(period), durations(period.before())
        rows.append([name, len(now), _median_days(now), len(before), _median_days(before)])
    made, resolved = reports_in(period)
    made_before, resolved_before = reports_in(period.before())
    return Table(
        "timings",
        "How long approvals take, and problem reports made",
        [
            Column("What"),
            Column("How many", numeric=True),
            Column("Median days"),
            Column("How many, previous period", numeric=True),
            Column("Median days, previous period"),
        ],
        [
            *rows,
            ["Problem reports made", made, "-", made_before, "-"],
            ["Problem reports resolved", resolved, "-", resolved_before, "-"],
        ],
    )


def tables(period: Period) -> list[Table]:
    return [checked_by_organisation(), timings(period), open_reports()]
