#!/usr/bin/env python
"""Insights benchmark: 1,000,000 logged searches and 100,000 referrals over 13 months, summed into
daily totals (and their monthly and numbered-group roll-ups) by `update_insights`, then each insights
screen timed as a coordinator opens it.

    .venv/bin/python bench/insights.py                          # SQLite and PostgreSQL
    .venv/bin/python bench/insights.py --databases sqlite --searches 200000 --referrals 20000

Each database gets a fresh one (PostgreSQL from `scripts/postgres`), a synthetic directory of 500
listings over Greater Manchester (bench/directory.py) and its districts. Each screen is fetched with
Django's test client (the whole view: queries, tables, charts, template) for the default 4 weeks, a
quarter of odd days and a whole year. Prints the seeding and summing times, then p50/p95 in
milliseconds per screen, and the median CPU time of this process (the whole request on SQLite, all but
the database server's share on PostgreSQL), which other work on a shared machine barely changes.
"""

import argparse
import datetime as dt
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.search import percentile, postgres_database, setup_django  # noqa: E402

REPEATS = 20
DAYS = 396  # 13 months
WORDS = [
    "email",
    "help with email",
    "universal credit",
    "uc journal",
    "zoom",
    "nhs app",
    "smart tv",
    "alexa",
    "cv",
    "online banking",
    "scam text",
    "blue badge",
    "facetime my grandchildren",
    "",
]
SCREENS = {
    "demand": "/admin/insights/",
    "unmet demand": "/admin/insights/unmet/",
    "unmet, by words, district and filters": "/admin/insights/unmet/?group=filters",
    "coverage gaps": "/admin/insights/coverage/",
    "coverage, one topic": "/admin/insights/coverage/?topic=email&level=life",
    "reach": "/admin/insights/reach/",
    "health": "/admin/insights/health/",
    "monthly summary": "/admin/insights/summary/",
}


def insert_searches(searches: int, districts, topics, today, rng: random.Random) -> None:
    """Plain batched INSERTs: a million model instances would take longer than the screens' work."""
    from django.db import connection, transaction
    from django.utils import timezone

    from search.models import SearchLog

    ops = connection.ops
    filters_field = SearchLog._meta.get_field("filters")
    columns = ("created_at", "query", "outward_code", "place_name", "filters", "result_count", "engine")
    sql = (
        f"INSERT INTO {ops.quote_name(SearchLog._meta.db_table)} ({', '.join(map(ops.quote_name, columns))}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    batch = []
    with transaction.atomic(), connection.cursor() as cursor:  # one commit, not one a row
        for number in range(searches):
            day = today - dt.timedelta(days=rng.randrange(DAYS))
            moment = dt.datetime.combine(day, dt.time(rng.randrange(8, 22), rng.randrange(60)))
            filters = {}
            if rng.random() < 0.3:
                filters["topic"] = [rng.choice(topics)]
            if rng.random() < 0.3:
                filters["level"] = [rng.choice(["foundation", "life", "work"])]
            batch.append(
                (
                    ops.adapt_datetimefield_value(timezone.make_aware(moment)),
                    rng.choice(WORDS),
                    rng.choice(districts),
                    "",
                    filters_field.get_db_prep_save(filters, connection),
                    rng.choice([0, 0, 1, 3, 8, 20, 40]),
                    "bench",
                )
            )
            if len(batch) == 10_000 or number == searches - 1:
                cursor.executemany(sql, batch)
                batch = []


def seed(searches: int, referrals: int, rng: random.Random) -> dict:
    from django.utils import timezone

    from assisted_digital.models import Referral
    from directory.models import HelpTopic, ServicePage, Venue
    from search.models import Place, PlaceKind

    districts = list(Place.objects.filter(kind=PlaceKind.OUTWARD).values_list("key", flat=True))
    topics = list(HelpTopic.objects.values_list("slug", flat=True))
    today = timezone.localdate()
    started = time.perf_counter()
    insert_searches(searches, districts, topics, today, rng)
    searches_seconds = time.perf_counter() - started

    started = time.perf_counter()
    listings = list(ServicePage.objects.values_list("pk", flat=True)[:2000])
    venues = list(Venue.objects.values_list("pk", flat=True)[:200])
    topic_ids = list(HelpTopic.objects.values_list("pk", flat=True))
    rows = [
        Referral(
            listing_id=rng.choice(listings),
            venue_id=rng.choice(venues),
            topic_id=rng.choice(topic_ids),
            date=today - dt.timedelta(days=rng.randrange(DAYS)),
        )
        for _number in range(referrals)
    ]
    Referral.objects.bulk_create(rows, batch_size=10_000)
    return {"searches_seconds": searches_seconds, "referrals_seconds": time.perf_counter() - started}


def date_ranges(today: dt.date) -> dict[str, str]:
    """The ranges each screen is timed over (each shown with the period before it): the default
    4 weeks, a quarter of odd days, and a whole year ending today."""
    return {
        "4 weeks": "",
        "quarter": f"start={today - dt.timedelta(days=100)}&end={today - dt.timedelta(days=10)}",
        "1 year": f"start={today - dt.timedelta(days=365)}&end={today}",
    }


RANGES = date_ranges(dt.date.today())


def time_screens(repeats: int) -> dict[str, dict]:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from inclusion_alliance.permissions import ensure_coordinators_group

    user, _created = get_user_model().objects.get_or_create(username="bench-coordinator")
    user.groups.add(ensure_coordinators_group())
    client = Client()
    client.force_login(user)
    figures = {}
    for name, url in SCREENS.items():
        for label, dates in RANGES.items():
            if name == "monthly summary" and label != "4 weeks":
                continue
            address = url + ("&" if "?" in url else "?") + dates if dates else url
            samples, cpu = [], []
            for _run in range(repeats + 2):
                started, cpu_started = time.perf_counter(), time.process_time()
                response = client.get(address, HTTP_HOST="localhost")
                samples.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - cpu_started) * 1000)
                assert response.status_code == 200, (address, response.status_code)
            samples, cpu = samples[2:], cpu[2:]  # the first runs warm caches
            figures[f"{name}, {label}"] = {
                "p50": statistics.median(samples),
                "p95": percentile(samples, 0.95),
                "cpu": statistics.median(cpu),
            }
    return figures


def run_one(database: str, searches: int, referrals: int, listings: int, repeats: int) -> None:
    import tempfile

    if database == "sqlite":
        url = f"sqlite:///{tempfile.mkdtemp(prefix='signpost-bench-')}/bench.sqlite3"
    else:
        url = postgres_database("signpost_bench_insights")
    setup_django(url)
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["localhost"]
    from bench.directory import build

    build(listings)
    rng = random.Random(16)  # noqa: S311 - benchmark data, the same each run
    seeded = seed(searches, referrals, rng)
    from django.core.management import call_command

    from insights.models import DailyCount, GroupDailyCount, MonthlyCount, SearchGroup

    started = time.perf_counter()
    call_command("update_insights", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    summed = time.perf_counter() - started
    print(
        f"\n{database}: {searches:,} searches seeded in {seeded['searches_seconds']:.0f} s, {referrals:,} "
        f"referrals in {seeded['referrals_seconds']:.0f} s; update_insights summed them into "
        f"{DailyCount.objects.count():,} daily and {MonthlyCount.objects.count():,} monthly totals "
        f"({SearchGroup.objects.count():,} numbered groups, {GroupDailyCount.objects.count():,} daily "
        f"totals by group) in {summed:.0f} s",
        flush=True,
    )
    print(f"  {'screen':50} {'p50 ms':>8} {'p95 ms':>8} {'cpu ms':>8}")
    for name, row in time_screens(repeats).items():
        print(f"  {name:50} {row['p50']:8.1f} {row['p95']:8.1f} {row['cpu']:8.1f}", flush=True)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--searches", type=int, default=1_000_000)
    parser.add_argument("--referrals", type=int, default=100_000)
    parser.add_argument("--listings", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=REPEATS, help="requests timed per screen")
    parser.add_argument("--one", metavar="DATABASE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        run_one(args.one, args.searches, args.referrals, args.listings, args.repeats)
        return
    print(__doc__.split("\n\n")[0])
    for database in args.databases.split(","):
        subprocess.run(
            [
                sys.executable,
                __file__,
                "--one",
                database,
                "--searches",
                str(args.searches),
                "--referrals",
                str(args.referrals),
                "--listings",
                str(args.listings),
                "--repeats",
                str(args.repeats),
            ],
            check=True,
        )


if __name__ == "__main__":
    main()
