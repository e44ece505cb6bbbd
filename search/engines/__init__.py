"""Choosing the search engine: the database by default; OpenSearch when OPENSEARCH_URL is set, with the
database answering whenever OpenSearch cannot."""

from django.conf import settings

from .base import Hit, SearchEngine, SearchResults
from .database import DatabaseEngine

__all__ = ["DatabaseEngine", "Hit", "SearchEngine", "SearchResults", "external_indexes", "get_engine"]


def get_engine() -> SearchEngine:
    if not settings.OPENSEARCH_URL:
        return DatabaseEngine()
    from ..opensearch_client import breaker_for
    from ..opensearch_index import DirectoryIndex
    from .fallback import FallbackEngine
    from .opensearch import OpenSearchEngine

    index = DirectoryIndex.from_settings()
    return FallbackEngine(OpenSearchEngine(index), DatabaseEngine(), breaker_for(index.url))


def external_indexes() -> list:
    """Indexes outside the database that follow the content: the OpenSearch index, when configured."""
    if not settings.OPENSEARCH_URL:
        return []
    from ..opensearch_index import DirectoryIndex

    return [DirectoryIndex.from_settings()]
