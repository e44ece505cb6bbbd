"""Keeping the search indexes in step with the content.

Publishing, unpublishing, deleting or moving a listing or an organisation, or changing a venue,
re-indexes the listings affected. The database index (search.DirectoryEntry) changes in the same
transaction as the content, so it can never disagree with it; external indexes (OpenSearch) are
told after the transaction commits, so they never see content that was rolled back.
"""

import functools
import logging
import threading
import time

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.choices import Weekday
from directory.models import ServicePage

from . import spelling
from .documents import PREFETCH, Context, ListingDocument, documents_for, placement_ids
from .facets import FACETS
from .models import DirectoryEntry, DirectoryListing, MissedIndexUpdate

logger = logging.getLogger(__name__)
_pending = threading.local()
WEEKDAYS = Weekday.values


def csv_set(values) -> str:
    return f",{','.join(values)}," if values else ""


def indexed_column(document: ListingDocument, field: str, many: bool) -> str:
    """A facet's values as a DirectoryEntry column holds them: ",a,b," or the one value."""
    value = getattr(document, field)
    return csv_set(value) if many else value


def database_entry(document: ListingDocument) -> DirectoryEntry:
    return DirectoryEntry(
        **placement_ids(document),
        latitude=document.latitude,
        longitude=document.longitude,
        title=document.title[:255],
        organisation=document.organisation[:255],
        **{facet.index_field: indexed_column(document, facet.index_field, facet.many) for facet in FACETS},
        title_topics=csv_set(document.title_topics),
        audiences=csv_set(document.audiences),
        status=document.status,
        schedules=[rule.as_dict() for rule in document.schedules],
        days=csv_set(sorted({rule.day for rule in document.schedules}, key=WEEKDAYS.index)),
        position=document.position,
    )


def directory_listing(documents: list[ListingDocument]) -> DirectoryListing:
    """A listing's row for browsing, from its documents: its name and own facets are the same in each,
    and its access needs are every venue's."""
    first = documents[0]
    return DirectoryListing(
        service_id=first.service_id,
        name_key=first.title[:255].lower(),
        organisation_key=first.organisation[:255].lower(),
        **{
            facet.index_field: indexed_column(first, facet.index_field, facet.many)
            for facet in FACETS
            if facet.index_field != "access"
        },
        access=csv_set(sorted({value for document in documents for value in document.access})),
    )


def external_indexes() -> list:
    """Indexes outside the database that follow the content (OpenSearch, when configured)."""
    from . import engines

    return engines.external_indexes()


BATCH_SIZE = 500


def reindex_services(service_ids) -> None:
    """Rebuild the index entries of these listings from their live pages (removing any that went)."""
    service_ids = sorted(set(service_ids))
    for start in range(0, len(service_ids), BATCH_SIZE):
        _reindex_batch(service_ids[start : start + BATCH_SIZE])


def build_documents(service_ids: list[int]) -> dict[int, list[ListingDocument]]:
    services = list(ServicePage.objects.filter(pk__in=service_ids).prefetch_related(*PREFETCH))
    context = Context.for_services(services)
    documents: dict[int, list[ListingDocument]] = {service_id: [] for service_id in service_ids}
    for service in services:
        documents[service.pk] = documents_for(service, context)
    return documents


def _reindex_batch(service_ids: list[int]) -> None:
    spelling.forget_vocabulary()  # listing and organisation names are words residents type
    documents = build_documents(service_ids)
    DirectoryEntry.objects.filter(service_id__in=service_ids).delete()
    DirectoryEntry.objects.bulk_create(
        [database_entry(document) for docs in documents.values() for document in docs]
    )
    DirectoryListing.objects.filter(service_id__in=service_ids).delete()
    DirectoryListing.objects.bulk_create([directory_listing(docs) for docs in documents.values() if docs])
    if external_indexes():
        _queue_external(documents)


def _queue_external(documents: dict[int, list[ListingDocument]]) -> None:
    """Send these documents to the cluster once the transaction commits, in one batch with any others
    queued in the same transaction (an import or a move reindexes many listings one by one)."""
    batch = getattr(_pending, "batch", None)
    if batch is not None and _still_waiting(batch):
        batch.update(documents)
        return
    # The last batch was sent, or its transaction rolled back and Django dropped its callback: either
    # way it must not swallow these documents. (Outside a transaction on_commit runs at once.)
    batch = _pending.batch = dict(documents)
    transaction.on_commit(functools.partial(_flush_external, batch))


def _still_waiting(batch: dict) -> bool:
    """Whether this batch's on-commit callback is still registered on the open transaction."""
    connection = transaction.get_connection()
    return any(
        isinstance(callback, functools.partial) and callback.args[0] is batch
        for _savepoints, callback, *_robust in connection.run_on_commit
    )


def _flush_external(batch: dict) -> None:
    if getattr(_pending, "batch", None) is batch:
        _pending.batch = None
    for index in external_indexes():
        update_external(index, dict(batch))


def update_external(index, documents: dict[int, list[ListingDocument]]) -> bool:
    """Send these listings to an external index; queue them if it cannot take them now.

    The database index is already right, so a resident still finds the change (searches fall back to
    the database while the cluster fails). Each request to the cluster waits at most
    OPENSEARCH_INDEX_TIMEOUT seconds, and none is made while its circuit breaker is open.
    """
    try:
        sent = index.replace_services(documents)
    except Exception as error:
        logger.warning("Could not update the %s index for %d listings: %s", index.name, len(documents), error)
        sent = False
    if not sent:
        queue_missed(documents)
        return False
    replay_missed(index)
    return True


def queue_missed(service_ids) -> None:
    now = timezone.now()
    ids = sorted(set(service_ids))
    MissedIndexUpdate.objects.filter(service_id__in=ids).update(missed_at=now)
    MissedIndexUpdate.objects.bulk_create(
        [MissedIndexUpdate(service_id=service_id, missed_at=now) for service_id in ids], ignore_conflicts=True
    )
    logger.warning("Queued %d listings for the search cluster until it answers again", len(ids))


def replay_missed(index=None, batches: int | None = None) -> int:
    """Send the listings the cluster missed, as they are now; returns how many went.

    Stops at the first failure (they stay queued). `batches` bounds the work when a resident's search
    is what noticed the cluster is back.
    """
    indexes = [index] if index is not None else external_indexes()
    sent = 0
    done_batches = 0
    while batches is None or done_batches < batches:
        queued = list(MissedIndexUpdate.objects.values_list("service_id", "missed_at")[:BATCH_SIZE])
        if not queued:
            break
        documents = build_documents([service_id for service_id, _ in queued])
        for target in indexes:
            try:
                if not target.replace_services(documents):
                    return sent
            except Exception as error:
                logger.warning("Replaying missed updates to the %s index failed: %s", target.name, error)
                return sent
        # A listing changed again while this batch was sent keeps its newer row, to be sent once more.
        sent_rows = Q()
        for service_id, missed_at in queued:
            sent_rows |= Q(service_id=service_id, missed_at=missed_at)
        MissedIndexUpdate.objects.filter(sent_rows).delete()
        sent += len(queued)
        done_batches += 1
    if sent:
        logger.info("Replayed %d listings the search cluster had missed", sent)
    return sent


_replay_lock = threading.Lock()
_replay_checked_at = [float("-inf")]


def replay_if_due() -> None:
    """After the cluster answered a search: replay what it missed (from any worker), one batch at a time.

    Looks at the queue at most every OPENSEARCH_REPLAY_CHECK_SECONDS per process, so searches cost no
    extra query most of the time.
    """
    now = time.monotonic()
    with _replay_lock:
        if now - _replay_checked_at[0] < settings.OPENSEARCH_REPLAY_CHECK_SECONDS:
            return
        _replay_checked_at[0] = now
    if MissedIndexUpdate.objects.exists():
        replay_missed(batches=1)


def services_under(page) -> list[int]:
    return list(ServicePage.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True))


def services_at_venue(venue_id: int) -> list[int]:
    return list(
        ServicePage.objects.filter(locations__venue_id=venue_id).values_list("pk", flat=True).distinct()
    )


def rebuild_database_index() -> int:
    """Rebuild the database index from every listing. Returns the number of entries."""
    with transaction.atomic():
        DirectoryEntry.objects.all().delete()
        DirectoryListing.objects.all().delete()
        reindex_services(ServicePage.objects.values_list("pk", flat=True))
    return DirectoryEntry.objects.count()


# -- signal handlers (connected in SearchConfig.ready) -------------------------------------------


def on_page_changed(sender, instance, **kwargs):
    reindex_services(services_under(instance))


def on_page_deleted(sender, instance, **kwargs):
    if isinstance(instance, ServicePage):
        reindex_services([instance.pk])


def on_page_moved(sender, instance, **kwargs):
    reindex_services(services_under(instance))


def on_venue_changed(sender, instance, **kwargs):
    reindex_services(services_at_venue(instance.pk))


def on_venue_closure_changed(sender, instance, **kwargs):
    # The page cache's receiver has already renewed the cached "are there any closures?" answer that
    # the documents read (caching is first in INSTALLED_APPS, so its receivers run first).
    reindex_services(services_at_venue(instance.venue_id))


def on_venue_facilities_changed(sender, instance, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"} and not kwargs.get("reverse"):
        reindex_services(services_at_venue(instance.pk))
