"""Helpers for tests against a real OpenSearch node."""

import functools
import os
import uuid

from search.opensearch_index import DirectoryIndex

TEST_TIMEOUT = 10  # seconds: generous, the test machine is shared


@functools.cache
def reachable(url: str) -> bool:
    from search.opensearch_client import client_for

    try:
        return bool(client_for(url, 5).ping())
    except Exception:
        return False


def new_index(url: str) -> DirectoryIndex:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    return DirectoryIndex(url, f"signpost-test-{worker}-{uuid.uuid4().hex[:10]}", timeout=TEST_TIMEOUT)
