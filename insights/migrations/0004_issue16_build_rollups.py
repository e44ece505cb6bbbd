from django.db import migrations
from django.db.models import Max, Min


def build_rollups(apps, schema_editor):
    """Build the coarser zero/few rows and the monthly totals from the daily totals already summed
    (not from the raw search log, whose old rows may be gone). The SQL lives in insights/rollups.py,
    the same that `update_insights` runs; it is only reached when there are totals to roll up."""
    DailyCount = apps.get_model("insights", "DailyCount")
    span = DailyCount.objects.aggregate(first=Min("day"), last=Max("day"))
    if span["first"] is None:
        return
    from insights import rollups

    rollups.derive_coarser(span["first"], span["last"])
    rollups.roll_months(span["first"], span["last"])


def remove_rollups(apps, schema_editor):
    DailyCount = apps.get_model("insights", "DailyCount")
    DailyCount.objects.filter(measure__in=["zero_district", "zero_words", "few_district", "few_words"]).delete()
    apps.get_model("insights", "MonthlyCount").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("insights", "0003_issue16_monthly_totals_and_coarser_measures")]

    operations = [migrations.RunPython(build_rollups, remove_rollups)]
