"""Choosing the search engine: the database by default; OpenSearch when OPENSEARCH_URL is set."""

from .base import Hit, SearchEngine, SearchResults
from .database import DatabaseEngine

__all__ = ["DatabaseEngine", "Hit", "SearchEngine", "SearchResults", "external_indexes", "get_engine"]


def get_engine() -> SearchEngine:
    return DatabaseEngine()


def external_indexes() -> list:
    return []
