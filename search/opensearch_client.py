"""Connecting to OpenSearch: the client, and the circuit breaker that stops a dead cluster being hammered.

opensearch-py imports the PyPI package `events` (`from events import Events`), which our own `events`
app shadows. `load_opensearchpy()` imports opensearch-py once with the PyPI package briefly in
`sys.modules["events"]`, then puts our app back; everything that uses opensearch-py (this app and
Wagtail's `opensearch2` backend) must import it after that, so SearchConfig.ready() calls it first.
"""

import importlib.metadata
import importlib.util
import logging
import sys
import threading
import time

from django.conf import settings

logger = logging.getLogger(__name__)
_load_lock = threading.Lock()


def load_opensearchpy():
    """Import opensearch-py despite our `events` app having the same name as one of its dependencies."""
    with _load_lock:
        if "opensearchpy.metrics.metrics_events" in sys.modules:
            return sys.modules["opensearchpy"]
        ours = sys.modules.get("events")
        init = importlib.metadata.distribution("Events").locate_file("events/__init__.py")
        spec = importlib.util.spec_from_file_location(
            "events", init, submodule_search_locations=[str(init.parent)]
        )
        module = importlib.util.module_from_spec(spec)
        sys.modules["events"] = module
        try:
            spec.loader.exec_module(module)
            import opensearchpy
        finally:
            if ours is not None:
                sys.modules["events"] = ours
            else:
                sys.modules.pop("events", None)
        return opensearchpy


load_opensearchpy()

from opensearchpy import OpenSearch  # noqa: E402 - only once the import above has run
from opensearchpy.exceptions import (  # noqa: E402
    ConnectionError,  # noqa: A004 - opensearch-py's name (covers timeouts too)
    NotFoundError,
    TransportError,
)

__all__ = [
    "CircuitBreaker",
    "ConnectionError",
    "NotFoundError",
    "TransportError",
    "breaker_for",
    "client_for",
    "reset_breakers",
]

_clients: dict[tuple[str, float], OpenSearch] = {}
_clients_lock = threading.Lock()


def client_for(url: str, timeout: float | None = None) -> OpenSearch:
    """One client per cluster and timeout, shared by the threads of a process (it is thread-safe).

    `url` may list a cluster's nodes, separated by commas: a request a node cannot take is tried once
    on each of the others (a node that is down). Otherwise no retries: a search that fails is
    answered by the database straight away instead.
    """
    timeout = float(settings.OPENSEARCH_TIMEOUT if timeout is None else timeout)
    key = (url, timeout)
    hosts = [host.strip() for host in url.split(",") if host.strip()]
    with _clients_lock:
        if key not in _clients:
            _clients[key] = OpenSearch(
                hosts,
                timeout=timeout,
                max_retries=len(hosts) - 1,
                retry_on_timeout=False,
                http_compress=False,
            )
        return _clients[key]


class CircuitBreaker:
    """Stops calling a cluster that keeps failing, and tries it again now and then.

    Closed: every call goes through. After `failures` failures in a row it opens: calls are refused
    for `seconds`. Then one call is let through (half-open): success closes it, failure opens it again.
    """

    def __init__(self, failures: int = 3, seconds: float = 30.0):
        self.threshold = failures
        self.seconds = seconds
        self._lock = threading.Lock()
        self._failures = 0
        self._opened_at: float | None = None
        self._probing = False

    @property
    def state(self) -> str:
        with self._lock:
            if self._opened_at is None:
                return "closed"
            if self._probing or time.monotonic() - self._opened_at >= self.seconds:
                return "half-open"
            return "open"

    def allow(self) -> bool:
        """Whether to call the cluster now (at most one probe at a time while half-open)."""
        with self._lock:
            if self._opened_at is None:
                return True
            if self._probing or time.monotonic() - self._opened_at < self.seconds:
                return False
            self._probing = True
            return True

    def succeeded(self) -> None:
        with self._lock:
            self._failures = 0
            self._opened_at = None
            self._probing = False

    def failed(self) -> None:
        with self._lock:
            self._failures += 1
            if self._probing or self._failures >= self.threshold:
                if self._opened_at is None or self._probing:
                    logger.warning(
                        "OpenSearch failed %d times: searching the database for the next %.0f s",
                        self._failures,
                        self.seconds,
                    )
                self._opened_at = time.monotonic()
            self._probing = False


_breakers: dict[str, CircuitBreaker] = {}


def breaker_for(url: str) -> CircuitBreaker:
    """The breaker for a cluster, shared by every search in this process."""
    with _clients_lock:
        if url not in _breakers:
            _breakers[url] = CircuitBreaker(
                failures=settings.OPENSEARCH_BREAKER_FAILURES,
                seconds=settings.OPENSEARCH_BREAKER_SECONDS,
            )
        return _breakers[url]


def reset_breakers() -> None:
    with _clients_lock:
        _breakers.clear()
