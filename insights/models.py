"""Daily totals behind the insights screens, and the optional area need figures.

Screens read these small tables, never the raw search log or referrals, so they answer quickly however
much has been logged, and the totals outlive the raw search log rows (deleted after a set time).
"""

from django.db import models
from django.db.models import F
from django.utils import timezone

from .choices import Measure

VIEW_PERMISSION = "insights.view_insights"


class DailyCountQuerySet(models.QuerySet):
    def between(self, first, last):
        return self.filter(day__gte=first, day__lte=last)

    def of(self, measure: str):
        return self.filter(measure=measure)


class DailyCount(models.Model):
    """How many of one thing happened on one day: searches for a topic from a district, views of a
    listing, referrals to a venue. Nothing about a person."""

    day = models.DateField()
    measure = models.CharField(max_length=30, choices=Measure.choices)
    key = models.CharField(max_length=200, blank=True, help_text="A topic, level, id or words.")
    district = models.CharField(max_length=8, blank=True, help_text="A postcode district, such as SK4.")
    detail = models.CharField(max_length=300, blank=True, help_text="The filters, or a level.")
    count = models.PositiveIntegerField(default=0)
    last_seen = models.DateTimeField(null=True, blank=True)

    objects = DailyCountQuerySet.as_manager()

    class Meta:
        default_permissions = ()
        permissions = [("view_insights", "Can see the council's insights screens")]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "day", "key", "district", "detail"], name="daily_count_unique"
            )
        ]
        # A screen reads one measure over a range of days, added up by some of key, district and
        # detail: this index holds all a count needs, so SQLite need not visit the table (half the time).
        indexes = [
            models.Index(
                fields=["measure", "day", "key", "district", "detail", "count"], name="daily_count_reading"
            )
        ]

    def __str__(self):
        return f"{self.day} {self.measure} {self.key} {self.district}: {self.count}"

    @classmethod
    def add(cls, measure: str, key: str = "", count: int = 1, day=None) -> None:
        """Count `count` more on `day` (today by default), for what is counted as it happens (a view, a
        handout, an email)."""
        day = day or timezone.localdate()
        updated = cls.objects.filter(day=day, measure=measure, key=key, district="", detail="").update(
            count=F("count") + count
        )
        if not updated:
            _row, created = cls.objects.get_or_create(
                day=day, measure=measure, key=key, district="", detail="", defaults={"count": count}
            )
            if not created:  # another request made the row in between
                cls.objects.filter(pk=_row.pk).update(count=F("count") + count)


class MonthlyCount(models.Model):
    """A month of DailyCount rows added up (`month` is its first day), so a year on screen reads
    twelve rows where it would read 365. Rebuilt by `rollups.roll_months` for every month that
    `update_insights` touches; screens read only months that ended before its last run."""

    month = models.DateField()
    measure = models.CharField(max_length=30, choices=Measure.choices)
    key = models.CharField(max_length=200, blank=True)
    district = models.CharField(max_length=8, blank=True)
    detail = models.CharField(max_length=300, blank=True)
    count = models.PositiveBigIntegerField(default=0)
    last_seen = models.DateTimeField(null=True, blank=True)

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "month", "key", "district", "detail"], name="monthly_count_unique"
            )
        ]
        indexes = [
            models.Index(
                fields=["measure", "month", "key", "district", "detail", "count"],
                name="monthly_count_reading",
            )
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.measure} {self.key} {self.district}: {self.count}"


class SearchGroup(models.Model):
    """One (words, postcode district, filters) that searches finding nothing or only a few had, numbered
    once, so the unmet demand screen adds up and ranks integers rather than three strings. Coarser
    groupings leave out fields as "": (words, district, "") or (words, "", "")."""

    words = models.CharField(max_length=200, blank=True)
    district = models.CharField(max_length=8, blank=True)
    filters = models.CharField(max_length=300, blank=True)

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["words", "district", "filters"], name="search_group_unique")
        ]

    def __str__(self):
        return " / ".join((self.words, self.district, self.filters))


class GroupCount(models.Model):
    """What a numbered group's count by day and by month have alike."""

    measure = models.CharField(max_length=30, choices=Measure.choices)
    # Not indexed alone: the group comes first in the unique constraint (see _group_count_rules).
    group = models.ForeignKey(SearchGroup, on_delete=models.PROTECT, related_name="+", db_index=False)
    last_seen = models.DateTimeField(null=True, blank=True)
    # The name of the date column ("day" or "month") and how __str__ writes it.
    period = ""
    period_format = "%Y-%m-%d"

    class Meta:
        abstract = True
        default_permissions = ()

    def __str__(self):
        when = getattr(self, self.period)
        return f"{when:{self.period_format}} {self.measure} {self.group_id}: {self.count}"


def _group_count_rules(period: str, prefix: str) -> tuple[list, list]:
    """A group count's constraint (one row per group, measure and day or month) and its index: indexed
    first by group in the constraint, since the figures of the groups on screen are read by group, and
    ranking reads (measure, period, group, count) only, from the index alone on SQLite."""
    return (
        [models.UniqueConstraint(fields=["group", "measure", period], name=f"{prefix}_unique")],
        [models.Index(fields=["measure", period, "group", "count"], name=f"{prefix}_ranking")],
    )


class GroupDailyCount(GroupCount):
    """DailyCount's zero and few result rows (`choices.GROUPED`) again, each with its words, district
    and filters as one SearchGroup: a narrow copy the unmet demand screen groups by integer. Rebuilt
    from DailyCount by `rollups.number_groups` for the days `update_insights` sums."""

    day = models.DateField()
    count = models.PositiveIntegerField(default=0)
    period = "day"

    class Meta(GroupCount.Meta):
        constraints, indexes = _group_count_rules("day", "group_daily_count")


class GroupMonthlyCount(GroupCount):
    """A month of GroupDailyCount rows added up (`month` is its first day), rebuilt by
    `rollups.roll_group_months` whenever `roll_months` rebuilds MonthlyCount."""

    month = models.DateField()
    count = models.PositiveBigIntegerField(default=0)
    period = "month"
    period_format = "%Y-%m"

    class Meta(GroupCount.Meta):
        constraints, indexes = _group_count_rules("month", "group_monthly_count")


class TotalsUpdate(models.Model):
    """When `update_insights` last ran and the last day it summed, so the next run starts there."""

    updated_to = models.DateField(help_text="The last day summed.")
    finished_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-finished_at"]
        default_permissions = ()

    def __str__(self):
        return f"Totals to {self.updated_to}"


class AreaNeed(models.Model):
    """A figure of need for a postcode district (for example a digital exclusion risk score), loaded
    with `manage.py import_area_need` and shown beside demand and supply."""

    district = models.CharField(max_length=8, unique=True, help_text="A postcode district, such as SK4.")
    value = models.FloatField(help_text="The figure: higher means more need.")
    indicator = models.CharField(max_length=150, help_text="What the figure is, as coordinators read it.")
    invented = models.BooleanField(
        default=False, help_text="Ticked for made-up demo figures, so the screen says they are not real."
    )

    class Meta:
        ordering = ["district"]
        default_permissions = ()

    def __str__(self):
        return f"{self.district}: {self.value}"
