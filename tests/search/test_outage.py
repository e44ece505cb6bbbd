"""While the search cluster is down or hanging: nothing stale after it, no publish held up during it.

Changes made during an outage reach the database index at once (it is in the same transaction) and are
queued for the cluster in search.MissedIndexUpdate; they are sent when the cluster answers again."""

import time

import pytest
from django.core.management import call_command

from directory.models import ServicePage
from search.engines.opensearch import OpenSearchEngine
from search.models import MissedIndexUpdate
from search.opensearch_client import reset_breakers
from search.opensearch_index import all_documents
from signpost.settings.searching import search_backends
from tests.faults import closed_url, hanging_server

from .test_opensearch import find_json, query_for, titles


@pytest.fixture
def outage(directory, opensearch_site, settings, django_capture_on_commit_callbacks):
    """The site on the real node, indexed. `outage(url)` points the site at a broken cluster (the same
    index name) for the `with` block; changes inside it commit as an editor's would."""
    import contextlib

    opensearch_site.rebuild(all_documents())
    settings.OPENSEARCH_REPLAY_CHECK_SECONDS = 0
    settings.OPENSEARCH_INDEX_TIMEOUT = 0.5
    real_url = settings.OPENSEARCH_URL

    @contextlib.contextmanager
    def broken(url):
        settings.OPENSEARCH_URL = url
        settings.WAGTAILSEARCH_BACKENDS = search_backends(url, "signpost-test-outage", timeout=0.5)
        reset_breakers()
        try:
            with django_capture_on_commit_callbacks(execute=True):
                yield
        finally:
            settings.OPENSEARCH_URL = real_url
            settings.WAGTAILSEARCH_BACKENDS = search_backends()
            reset_breakers()

    return broken


def node_titles(opensearch_site, text=""):
    return titles(OpenSearchEngine(opensearch_site).search(query_for(text)))


def test_a_listing_unpublished_while_the_cluster_is_down_is_never_shown_and_leaves_its_index(
    client, directory, outage, opensearch_site
):
    uc = directory["uc"]
    with outage(closed_url()):
        uc.unpublish()
    assert list(MissedIndexUpdate.objects.values_list("service_id", flat=True)) == [uc.pk]
    assert "Universal Credit claim support" in node_titles(opensearch_site)  # the node missed it

    # Back: the first search does not show it (results are built from live pages only) ...
    data = find_json(client, q="universal credit")
    assert data["engine"] == "opensearch"
    assert data["results"] == []
    # ... and, having reached the cluster, sends it what it missed: no rebuild needed.
    assert not MissedIndexUpdate.objects.exists()
    assert "Universal Credit claim support" not in node_titles(opensearch_site)


def test_a_listing_renamed_while_the_cluster_hangs_is_found_by_its_new_name_after_the_replay_command(
    directory, outage, opensearch_site
):
    uc = directory["uc"]
    with hanging_server() as url, outage(url):
        uc.title = "Paperwork cafe"
        uc.save_revision().publish()
    assert MissedIndexUpdate.objects.filter(service_id=uc.pk).exists()
    assert node_titles(opensearch_site, "paperwork") == set()

    call_command("replay_index_updates", verbosity=0)
    assert node_titles(opensearch_site, "paperwork") == {"Paperwork cafe"}
    assert not MissedIndexUpdate.objects.exists()


def test_publishing_while_the_cluster_hangs_is_held_up_only_by_the_index_timeout(directory, outage):
    """Before: 15.9 s (a 5 s timeout, three requests, retries). Now each update gives up after
    OPENSEARCH_INDEX_TIMEOUT (0.5 s here) and later ones skip the cluster while its breaker is open."""
    email = directory["email"]
    with hanging_server() as url, outage(url):
        started = time.monotonic()
        email.title = "Email and inbox drop-in"
        email.save_revision().publish()
        seconds = time.monotonic() - started
    assert seconds < 5
    assert ServicePage.objects.get(pk=email.pk).title == "Email and inbox drop-in"
    assert MissedIndexUpdate.objects.filter(service_id=email.pk).exists()


def test_a_change_rolled_back_does_not_stop_the_next_one_reaching_the_cluster(
    directory, opensearch_site, django_capture_on_commit_callbacks
):
    import contextlib

    from django.db import transaction

    opensearch_site.rebuild(all_documents())
    with django_capture_on_commit_callbacks(execute=True):
        with contextlib.suppress(RuntimeError), transaction.atomic():
            uc = ServicePage.objects.get(pk=directory["uc"].pk)
            uc.title = "Abandoned name"
            uc.save_revision().publish()
            raise RuntimeError("the editor's request failed after the publish")
        jobs = directory["jobs"]
        jobs.title = "Job club at the Quarry"
        jobs.save_revision().publish()
    assert node_titles(opensearch_site, "quarry") == {"Job club at the Quarry"}
    assert node_titles(opensearch_site, "abandoned") == set()
