"""Answering from the database when OpenSearch cannot: a resident never sees an error for it.

Any failure of the main engine (the cluster unreachable, slower than OPENSEARCH_TIMEOUT, an index
missing, or one built before the mapping last changed and not yet rebuilt) is logged and the same
query is answered by the database engine, with `fell_back=True`.
A circuit breaker (search.opensearch_client.CircuitBreaker) stops asking a cluster that keeps failing:
while it is open every search goes straight to the database, and now and then one search probes the
cluster again.
"""

import dataclasses
import logging

from ..opensearch_client import CircuitBreaker, ConnectionError, TransportError
from ..opensearch_index import StaleIndex
from .base import SearchEngine, SearchResults

logger = logging.getLogger(__name__)


class FallbackEngine(SearchEngine):
    def __init__(self, primary: SearchEngine, fallback: SearchEngine, breaker: CircuitBreaker):
        self.primary = primary
        self.fallback = fallback
        self.breaker = breaker

    @property
    def name(self) -> str:
        return self.primary.name

    def _attempt(self, action: str, call):
        """The primary engine's answer, or None when it failed or the breaker is open."""
        if not self.breaker.allow():
            return None
        try:
            answer = call()
        except StaleIndex:
            # Not the cluster failing: it answered, about an index built before the mapping last
            # changed, which the index logs once a minute (DirectoryIndex.has_current_mapping). So the
            # breaker counts a success (ending a probe, if this was one), and changes and the rebuild
            # still reach the cluster.
            self.breaker.succeeded()
            return None
        except (ConnectionError, TransportError) as error:
            logger.warning("OpenSearch %s failed, answering from the database: %s", action, error)
        except Exception:
            logger.exception("OpenSearch %s failed unexpectedly, answering from the database", action)
        else:
            self.breaker.succeeded()
            return answer
        self.breaker.failed()
        return None

    def search(self, query) -> SearchResults:
        results = self._attempt("search", lambda: self.primary.search(query))
        if results is not None:
            from ..indexing import replay_if_due

            replay_if_due()  # the cluster answers: send it any changes it missed while it did not
            return results
        return dataclasses.replace(self.fallback.search(query), fell_back=True)

    def autocomplete(self, prefix: str, limit: int = 8) -> list[str]:
        found = self._attempt("autocomplete", lambda: self.primary.autocomplete(prefix, limit))
        if found is not None:
            return found
        return self.fallback.autocomplete(prefix, limit)
