#!/usr/bin/env python
"""Single-request cost of the public pages: queries and milliseconds for one anonymous request each,
on the demo site in the configured database (run `manage.py load_demo` first).

    .venv/bin/python bench/pages.py                    # db.sqlite3 in this checkout
    DATABASE_URL=postgres://... .venv/bin/python bench/pages.py --repeats 20

Requests go through Django's test client, in-process, with the benchmark settings (no debug) and the
page cache switched off, so each figure is the cost of building the page. "queries" is a request's
queries once the pieces every page shares (menus, settings, vocabularies) are cached; "first" is the
first request after a content change, which reads them again. Pages are picked as the
demo's busiest of each kind (most venues, schedules and topics). Timings on a shared machine are
noisy: compare figures from one run with each other.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def busiest_pages() -> dict[str, str]:
    """The path of the demo's biggest page of each kind: the worst case for query counts."""
    from django.db.models import Count

    from directory.models import OrganisationPage, ServicePage, Venue
    from events.models import EventPage

    def url(page) -> str:
        return page.get_url() if page else "/"

    listing = (
        ServicePage.objects.live().annotate(n=Count("locations__schedules")).order_by("-n", "pk").first()
    )
    organisation = (
        OrganisationPage.objects.live().annotate(n=Count("pk")).order_by("pk").first()
        if not ServicePage.objects.exists()
        else max(OrganisationPage.objects.live(), key=lambda org: ServicePage.objects.child_of(org).count())
    )
    venue = Venue.objects.annotate(n=Count("service_locations")).order_by("-n", "pk").first()
    event = EventPage.objects.live().order_by("pk").first()
    return {
        "home": "/",
        "listing": url(listing),
        "organisation": url(organisation),
        "venue": venue.get_absolute_url() if venue else "/",
        "event": url(event),
        "what's on": "/whats-on/",
        "find: place + words": "/find/?where=SK4&q=email",
        "find: place + topic + level": "/find/?where=SK1&topic=email&level=life",
        "find: everything": "/find/",
    }


def measure(client, path: str, repeats: int) -> dict:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()  # the first request after a content change builds the shared pieces again
    with CaptureQueriesContext(connection) as first:
        client.get(path, follow=True)
    first_queries = len(first)  # now: each request empties the connection's log
    samples = []
    for _ in range(repeats + 2):
        started = time.perf_counter()
        response = client.get(path, follow=True)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(path, follow=True)
    samples = samples[2:]
    return {
        "p50": statistics.median(samples),
        "min": min(samples),
        "queries": len(queries),
        "first": first_queries,
    }


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeats", type=int, default=10)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "signpost.settings.bench")
    os.environ["PAGE_CACHE"] = "off"
    import django

    django.setup()
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    print(f"  {'page':30} {'queries':>7} {'first':>5} {'p50 ms':>8} {'min ms':>8}  path")
    for name, path in busiest_pages().items():
        row = measure(client, path, args.repeats)
        print(f"  {name:30} {row['queries']:7} {row['first']:5} {row['p50']:8.1f} {row['min']:8.1f}  {path}")


if __name__ == "__main__":
    main()
