"""/healthz for a load balancer: is this app server able to answer?

The database and the cache are needed to serve a page: either failing answers 503, so the load balancer
takes this server out. The search cluster is reported too, but a cluster that is down or hanging does
not make the server unhealthy: searches are answered by the database meanwhile (search/engines/fallback.py),
and taking every server out because of the cluster would turn a slower search into no site at all.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)
CLUSTER_TIMEOUT = 1.0  # seconds: a load balancer asks often and must not wait on a hanging cluster


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def check_cache() -> str:
    key = "healthz:probe"
    value = str(time.time())
    cache.set(key, value, timeout=30)
    if cache.get(key) != value:
        raise RuntimeError("the cache did not return what was just stored")
    return "ok"


def check_cluster() -> str:
    if not settings.OPENSEARCH_URL:
        return "not configured"
    from search.opensearch_client import client_for

    if not client_for(settings.OPENSEARCH_URL, CLUSTER_TIMEOUT).ping():
        raise RuntimeError("the cluster did not answer a ping")
    return "ok"


CHECKS = {"database": check_database, "cache": check_cache, "cluster": check_cluster}
REQUIRED = {"database", "cache"}


def run_checks() -> dict[str, str]:
    report = {}
    for name, check in CHECKS.items():
        try:
            report[name] = check()
        except Exception as error:
            logger.warning("Health check: %s is failing: %s", name, error)
            report[name] = "failing"
    return report


@never_cache
@require_GET
def healthz(request):
    checks = run_checks()
    healthy = all(checks[name] == "ok" for name in REQUIRED)
    degraded = healthy and checks["cluster"] == "failing"
    status = "ok" if healthy and not degraded else ("degraded" if healthy else "failing")
    return JsonResponse({"status": status, "checks": checks}, status=200 if healthy else 503)


# The page cache middleware reads nothing shared before this view: it checks those services itself.
healthz.checks_services = True
