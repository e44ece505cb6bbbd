"""Delete the rate-limit counters of windows that are over, when the limits count in the database
(signpost/ratelimit.py). Run it daily from the scheduler (docs/operations.md); Redis needs nothing."""

from django.core.management.base import BaseCommand

from signpost.ratelimit import delete_expired


class Command(BaseCommand):
    help = "Delete rate-limit counters whose window is over (limits counted in the database)."

    def handle(self, *args, **options):
        deleted = delete_expired()
        self.stdout.write(f"Deleted {deleted} rate-limit counters whose window is over.")
