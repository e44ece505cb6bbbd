"""Rebuild the search indexes from the live listings: the database index, then (when OPENSEARCH_URL is
set) a new OpenSearch index that replaces the old one in one atomic alias swap."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from search.indexing import rebuild_database_index
from search.models import MissedIndexUpdate


class Command(BaseCommand):
    help = (
        "Rebuild the Find help search indexes from the live listings. Searches keep answering "
        "throughout: OpenSearch switches to the new index only once it is complete."
    )

    def add_arguments(self, parser):
        parser.add_argument("--skip-database", action="store_true", help="Only rebuild the OpenSearch index.")
        parser.add_argument(
            "--chunk-size", type=int, default=1000, help="Documents sent to OpenSearch per bulk request."
        )

    def handle(self, *args, skip_database=False, chunk_size=1000, **options):
        if chunk_size < 1:
            raise CommandError("--chunk-size must be at least 1.")
        if not skip_database:
            entries = rebuild_database_index()
            self.stdout.write(f"Database index: {entries} entries.")
        if not settings.OPENSEARCH_URL:
            if skip_database:
                raise CommandError("OPENSEARCH_URL is not set, so there is no OpenSearch index to rebuild.")
            self.stdout.write("OpenSearch: not configured (OPENSEARCH_URL is not set).")
            return

        from search.opensearch_client import ConnectionError, TransportError
        from search.opensearch_index import DirectoryIndex, all_documents

        index = DirectoryIndex.from_settings()
        started = timezone.now()
        try:
            report = index.rebuild(all_documents(), chunk_size=chunk_size)
        except (ConnectionError, TransportError) as error:
            raise CommandError(
                f"Could not rebuild the OpenSearch index at {settings.OPENSEARCH_URL}: {error}. "
                "The old index, if any, is still in use."
            ) from error
        # The new index has every listing as it was at the start: changes missed before then are in it.
        MissedIndexUpdate.objects.filter(missed_at__lt=started).delete()
        self.stdout.write(
            self.style.SUCCESS(
                f"OpenSearch index {report.index}: {report.listings} listings ({report.documents} documents) "
                f"in {report.seconds:.1f} s, now live as {index.alias}."
            )
        )
