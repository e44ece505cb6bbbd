"""Reach: referrals by venue, topic, listing, organisation and month; handouts, shortlist emails and
listing page views (counted on the server, without cookies or anything that identifies a visitor)."""

from .. import labels, queries
from ..choices import Measure
from ..periods import Period
from ..queries import compared, grand_total, monthly, totals
from ..tables import Column, Table, change, compared_columns, over_time

TOP_LISTINGS = 50


def counts(period: Period) -> Table:
    rows = []
    for measure, name in (
        (Measure.REFERRAL_VENUE, "Referrals made by staff"),
        (Measure.HANDOUT, "Handouts opened to print"),
        (Measure.EMAIL, "Shortlists emailed"),
        (Measure.VIEW, "Listing page views"),
    ):
        now, before = grand_total(measure, period), grand_total(measure, period.before())
        rows.append([name, now, before, change(now, before)])
    return Table("counts", "Counts", compared_columns("What", counted="Count"), rows, chart=(0, 1))


def _by(measure, period: Period, slug, first, names, caption="", limit=None, counted="Referrals") -> Table:
    """What is `counted` by one measure's key, against the previous period: each row named by `names`
    and headed `first`, under the caption "Referrals by <first>" unless another is given."""
    now, before = totals(measure, period), totals(measure, period.before())
    known = names(set(now) | set(before))
    rows = compared(now, before, limit=limit)
    return Table(
        slug,
        caption or f"{counted} by {first.lower()}",
        compared_columns(first, counted=counted),
        [[labels.name_or(known, key), *figures] for key, *figures in rows],
        chart=(0, 1),
    )


def by_month(period: Period) -> Table:
    months = monthly(queries.by_month(Measure.REFERRAL_VENUE, period), period)
    columns = [Column("Month"), Column("Referrals", is_count=True, numeric=True)]
    rows = [[f"{month:%b %Y}", count] for month, count in months]
    return over_time("months", "Referrals by month", columns, rows, "months")


def views(period: Period) -> Table:
    table = _by(
        Measure.VIEW,
        period,
        "views",
        "Listing",
        labels.page_titles,
        caption=f"Listing page views, the {TOP_LISTINGS} most viewed",
        limit=TOP_LISTINGS,
        counted="Views",
    )
    table.note = "Counted on the server, one for each time the page was shown. No cookies, nothing about who."
    return table


def by_venue(period: Period) -> Table:
    return _by(Measure.REFERRAL_VENUE, period, "venues", "Venue", labels.venue_names)


def by_topic(period: Period) -> Table:
    return _by(Measure.REFERRAL_TOPIC, period, "topics", "Help topic", labels.topic_names_by_id)


def by_listing(period: Period) -> Table:
    return _by(
        Measure.REFERRAL_LISTING,
        period,
        "listings",
        "Listing",
        labels.page_titles,
        caption=f"Referrals by listing, the {TOP_LISTINGS} most referred to",
        limit=TOP_LISTINGS,
    )


def by_organisation(period: Period) -> Table:
    return _by(Measure.REFERRAL_ORGANISATION, period, "organisations", "Organisation", labels.page_titles)


def tables(period: Period) -> list[Table]:
    return [
        counts(period),
        by_month(period),
        by_venue(period),
        by_topic(period),
        by_listing(period),
        by_organisation(period),
        views(period),
    ]
