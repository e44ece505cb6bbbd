"""Send the search cluster the listing changes it missed while it was down (also done automatically)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from search.indexing import replay_missed
from search.models import MissedIndexUpdate


class Command(BaseCommand):
    help = (
        "Send OpenSearch the listing changes it missed while it could not be reached. Searches and "
        "publishing do this by themselves once the cluster answers; run it from cron to be sure."
    )

    def handle(self, *args, **options):
        waiting = MissedIndexUpdate.objects.count()
        if not settings.OPENSEARCH_URL:
            MissedIndexUpdate.objects.all().delete()
            self.stdout.write(f"OpenSearch is not configured: {waiting} queued listings dropped.")
            return
        sent = replay_missed()
        left = MissedIndexUpdate.objects.count()
        if left:
            raise CommandError(f"Sent {sent} listings; {left} still queued: the cluster is not answering.")
        self.stdout.write(self.style.SUCCESS(f"Sent {sent} listings the cluster had missed; none left."))
