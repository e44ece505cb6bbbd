from django.db import migrations
from django.db.models import Max, Min


def build_numbered_groups(apps, schema_editor):
    """Number the (words, district, filters) of the zero and few daily totals already summed and build
    their totals by group number, by day and by month, from the daily totals (not from raw rows, which
    may be gone). The SQL is insights/rollups.py's, the same that `update_insights` runs; it is only
    reached when there are totals to number."""
    DailyCount = apps.get_model("insights", "DailyCount")
    span = DailyCount.objects.aggregate(first=Min("day"), last=Max("day"))
    if span["first"] is None:
        return
    from insights import rollups

    rollups.number_groups(span["first"], span["last"])
    rollups.roll_group_months(span["first"], span["last"])


def remove_numbered_groups(apps, schema_editor):
    apps.get_model("insights", "GroupMonthlyCount").objects.all().delete()
    apps.get_model("insights", "GroupDailyCount").objects.all().delete()
    apps.get_model("insights", "SearchGroup").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("insights", "0005_issue16_numbered_search_groups")]

    operations = [migrations.RunPython(build_numbered_groups, remove_numbered_groups)]
