from django.conf import settings
from django.core.management.base import BaseCommand

from insights import retention


class Command(BaseCommand):
    help = (
        "Delete search log rows older than SEARCH_LOG_KEEP_MONTHS months (13 by default), after summing "
        "them into the insights daily totals, which are kept. Run it daily from a scheduler."
    )

    def handle(self, *args, **options):
        deleted = retention.delete_old_searches()
        self.stdout.write(
            f"Deleted {deleted} search log rows from before {retention.cutoff_day()} "
            f"(kept for {settings.SEARCH_LOG_KEEP_MONTHS} months). Daily totals are kept."
        )
