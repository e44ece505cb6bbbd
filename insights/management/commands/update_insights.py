from django.core.management.base import BaseCommand, CommandError

from insights import totals


class Command(BaseCommand):
    help = (
        "Bring the insights daily totals up to date from the search log and referrals. Run it from a "
        "scheduler (every 15 minutes to hourly): each run starts from the last day it summed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--from",
            dest="since",
            metavar="YYYY-MM-DD",
            help="Sum again from this day (say, after a fix). Days whose raw rows were deleted are skipped.",
        )

    def handle(self, *args, since=None, **options):
        day = None
        if since:
            import datetime as dt

            try:
                day = dt.date.fromisoformat(since)
            except ValueError:
                raise CommandError(f"--from must be a date written as YYYY-MM-DD, not {since!r}.") from None
        done = totals.update(since=day)
        if done is None:
            self.stdout.write("Nothing has been logged yet: no totals to update.")
            return
        first, last, written = done
        self.stdout.write(f"Summed {first} to {last}: {written} daily totals written.")
