#!/usr/bin/env python
"""Search benchmark: build N synthetic listings across Greater Manchester, then time a fixed mix of
resident queries on the database engine (SQLite and PostgreSQL) and on OpenSearch.

    .venv/bin/python bench/search.py                      # N = 1,000 and 10,000, SQLite and PostgreSQL
    .venv/bin/python bench/search.py --sizes 10000 --databases sqlite
    .venv/bin/python bench/search.py --engines database,opensearch --sizes 10000 --databases sqlite \
        --opensearch-sizes 10000,100000                   # both engines side by side, in one run

PostgreSQL comes from `scripts/postgres` (started if needed); each run uses a fresh database, unless
`--keepdb`: then each size's database is built once (SQLite in var/bench/, PostgreSQL as
bench_search_10k and so on) and later runs time the queries on it straight away:

    .venv/bin/python bench/search.py --sizes 10000 --keepdb   # builds once, then reuses

A kept database is rebuilt only if it does not hold the listings of a finished build.
OpenSearch is OPENSEARCH_URL if set, else a node of the benchmark's own (scripts/opensearch on port
9270, full JIT, 1-2 GB heap), stopped afterwards. Its listings are synthetic search documents bulk
indexed straight into a new index; it reports indexing throughput in listings/s, and is warmed up
with the query mix before it is timed.

The two engines' figures do not time the same work. The database figures include hydration (turning
a page of hits into results from the listings' pages, as /find/ does); the OpenSearch figures do not,
because its synthetic documents have no pages behind them: they time the engine's search alone, and
/find/ on OpenSearch adds the same hydration on top. Each printed heading says which it is.
Prints p50/p95 latency in milliseconds and queries per second for each kind of query. Timings on a
shared machine are noisy: compare figures from one run with each other.
"""

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REPEATS = 40
# How a kept database says its build finished: an SQLite file's user_version, a PostgreSQL comment.
KEPT_VERSION = 1
KEPT_COMMENT = "Signpost search benchmark: finished"
WARM_UP = 30  # rounds of the whole query mix before OpenSearch is timed (its JIT compiles as it runs)


def query_mix():
    """Resident queries, as /find/'s parameters."""
    from django.http import QueryDict

    mix = {
        "place + topic": "where=Stockport&topic=email",
        "place + topic + level": "where=Oldham&topic=nhs-app&level=foundation",
        "place + words": "where=GM1&q=video+call+my+grandchildren",
        "place + topic + words": "where=Stockport&topic=email&q=help+with+email+on+my+tablet",
        "words only": "q=help+with+universal+credit",
        "misspelt words": "q=help+with+univeral+credit",
        "place in the words": "q=email+help+in+Stockport",
        "place + open now": "where=Bolton&open=now&radius=10",
        "everything, page 3": "page=3",
    }
    return {name: QueryDict(params) for name, params in mix.items()}


def bench_moment():
    """The moment every query is timed at: the coming Wednesday, 10:30 on a UK clock, skipping a
    bank holiday. At the real time, "open now" finds nothing on a Saturday night and the figure
    would time an empty search; the synthetic listings are open on weekday mornings."""
    import datetime as dt

    from core.timetable import bank_holiday, local_now, wall_clock

    day = local_now().date() + dt.timedelta(days=1)
    while day.weekday() != 2 or bank_holiday(day):
        day += dt.timedelta(days=1)
    return wall_clock(day, dt.time(10, 30))


def timed_query(params):
    """The query /find/ would make from `params`, made at the benchmark's moment."""
    import dataclasses

    from search.filters import parse_search

    return dataclasses.replace(parse_search(params).query, now=bench_moment())


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def time_queries(
    engine_factory, repeats: int = REPEATS, hydrate_hits: bool = True, warm_up: int = 0
) -> dict[str, dict]:
    from caching.generation import request_memo
    from search.results import hydrate

    for _ in range(warm_up):  # a running server has compiled its hot paths long ago: let it
        for params in query_mix().values():
            engine_factory().search(timed_query(params))

    figures = {}
    for name, params in query_mix().items():
        engine = engine_factory()
        samples, cpu = [], []
        total = 0
        for _ in range(repeats + 3):
            started, cpu_started = time.perf_counter(), time.process_time()
            with request_memo():  # as /find/ runs, in a request (caching/middleware.py)
                results = engine.search(timed_query(params))
                if hydrate_hits:
                    hydrate(results.hits)
            samples.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
            total = results.total
        samples, cpu = samples[3:], cpu[3:]  # the first runs warm caches
        figures[name] = {
            "p50": statistics.median(samples),
            "p95": percentile(samples, 0.95),
            "cpu p50": statistics.median(cpu),
            "cpu p95": percentile(cpu, 0.95),
            "qps": 1000 / statistics.mean(samples),
            "found": total,
        }
    return figures


def setup_django(database_url: str):
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "signpost.settings.bench"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def kept_name(size: int) -> str:
    """The kept database's name for a size: bench_search_10k for 10,000 listings."""
    return f"bench_search_{size // 1000}k" if size % 1000 == 0 else f"bench_search_{size}"


def run_one(database: str, size: int, keep: bool = False) -> None:
    """Runs in a child process, so each database and size starts with a fresh Django.

    With `keep`, a kept database is used as it is if its build finished (an SQLite file's user_version,
    a PostgreSQL database's comment says so), and is built again otherwise.
    """
    reuse = False
    if database == "sqlite":
        if keep:
            path = ROOT / "var" / "bench" / f"{kept_name(size)}.sqlite3"
            path.parent.mkdir(parents=True, exist_ok=True)
            reuse = path.exists() and sqlite_user_version(path) == KEPT_VERSION
            if not reuse:
                path.unlink(missing_ok=True)
        else:
            path = Path(tempfile.mkdtemp(prefix="signpost-bench-")) / "bench.sqlite3"
        url = f"sqlite:///{path}"
    elif keep:
        url = postgres_database(kept_name(size), keep=True)
        reuse = url is not None
        url = url or postgres_database(kept_name(size))
    else:
        url = postgres_database(f"signpost_bench_{size}")
    setup_django(url)
    from bench.directory import build

    if reuse:
        heading = "kept database, not rebuilt"
    else:
        timings = build(size)
        heading = (
            f"built in {timings['build_seconds']:.0f} s, "
            f"Wagtail index {timings['wagtail_index_seconds']:.0f} s, "
            f"directory index {timings['directory_index_seconds']:.0f} s"
        )
        if keep:
            mark_kept(database, kept_name(size))
    from directory.models import ServicePage
    from search.engines.database import DatabaseEngine

    figures = time_queries(DatabaseEngine)
    print(
        f"\n{database}, {ServicePage.objects.count():,} listings ({heading}); times include hydrating "
        "results; CPU time is this process's alone (not PostgreSQL's)"
    )
    print_figures(figures)


def sqlite_user_version(path: Path) -> int:
    import sqlite3

    with contextlib.closing(sqlite3.connect(path)) as connection:
        return connection.execute("PRAGMA user_version").fetchone()[0]


def mark_kept(database: str, name: str) -> None:
    """Mark the database Django is using as a finished build, for later runs with --keepdb."""
    from django.db import connection

    with connection.cursor() as cursor:
        if database == "sqlite":
            cursor.execute(f"PRAGMA user_version = {KEPT_VERSION}")
        else:
            cursor.execute(f'COMMENT ON DATABASE "{name}" IS %s', [KEPT_COMMENT])


def print_figures(figures: dict[str, dict]) -> None:
    print(f"  {'query':28} {'p50 ms':>8} {'p95 ms':>8} {'cpu p50':>8} {'cpu p95':>8} {'q/s':>7} {'found':>7}")
    for name, row in figures.items():
        print(
            f"  {name:28} {row['p50']:8.1f} {row['p95']:8.1f} {row['cpu p50']:8.1f} {row['cpu p95']:8.1f} "
            f"{row['qps']:7.0f} {row['found']:7}"
        )


def run_opensearch(size: int) -> None:
    """Runs in a child process: synthetic documents bulk indexed into a new index, then the query mix."""
    folder = tempfile.mkdtemp(prefix="signpost-bench-")
    setup_django(f"sqlite:///{folder}/bench.sqlite3")
    from bench.directory import ensure_places, ensure_taxonomies

    ensure_taxonomies()
    ensure_places()
    from bench.documents import synthetic_documents
    from search.engines.opensearch import OpenSearchEngine
    from search.opensearch_index import DirectoryIndex

    index = DirectoryIndex(os.environ["OPENSEARCH_URL"], f"signpost-bench-{size}", timeout=30)
    index.delete_all()
    try:
        report = index.rebuild(synthetic_documents(size), chunk_size=2000)
        figures = time_queries(lambda: OpenSearchEngine(index), hydrate_hits=False, warm_up=WARM_UP)
    finally:
        index.delete_all()
    print(
        f"\nopensearch, {report.listings:,} listings ({report.documents:,} documents) indexed in "
        f"{report.seconds:.1f} s: {report.listings_per_second:,.0f} listings/s; times are the "
        "engine's search alone, without hydrating results"
    )
    print_figures(figures)


class BenchNode:
    """OPENSEARCH_URL if set, else a node of the benchmark's own, tuned for throughput."""

    PORT = "9270"

    def __init__(self):
        self.environment = {
            **os.environ,
            "OPENSEARCH_PORT": self.PORT,
            "OPENSEARCH_STATE_DIR": str(ROOT / ".services" / "opensearch-bench"),
            "OPENSEARCH_JAVA_OPTS": os.environ.get("OPENSEARCH_JAVA_OPTS", "-Xms1g -Xmx2g"),
        }
        self.started = False

    def __enter__(self) -> str:
        if os.environ.get("OPENSEARCH_URL"):
            return os.environ["OPENSEARCH_URL"]
        subprocess.run([ROOT / "scripts" / "opensearch", "start"], env=self.environment, check=True)
        self.started = True
        return f"http://127.0.0.1:{self.PORT}"

    def __exit__(self, *exc):
        if self.started:
            subprocess.run([ROOT / "scripts" / "opensearch", "stop"], env=self.environment, check=False)


def postgres_admin_url() -> str:
    subprocess.run([ROOT / "scripts" / "postgres", "start"], check=True, stdout=subprocess.DEVNULL)
    return subprocess.run(
        [ROOT / "scripts" / "postgres", "url", "postgres"], check=True, capture_output=True, text=True
    ).stdout.strip()


def postgres_database(name: str, template: str = "", keep: bool = False) -> str | None:
    """A new database's URL; with `keep`, the existing database's of that name (None if there is none)."""
    admin = postgres_admin_url()
    url = admin.rsplit("/", 1)[0] + f"/{name}"
    import psycopg

    with psycopg.connect(admin, autocommit=True) as connection:
        if keep:
            finished = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s AND shobj_description(oid, 'pg_database') = %s",
                [name, KEPT_COMMENT],
            ).fetchone()
            return url if finished else None
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return url


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--engines", default="database", help="database and/or opensearch, comma separated")
    parser.add_argument("--opensearch-sizes", default="10000,100000")
    parser.add_argument(
        "--keepdb",
        action="store_true",
        help="build each size's database once (var/bench/, bench_search_10k) and reuse it on later runs",
    )
    parser.add_argument("--one", nargs=2, metavar=("DATABASE", "SIZE"), help=argparse.SUPPRESS)
    parser.add_argument("--one-opensearch", type=int, metavar="SIZE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        run_one(args.one[0], int(args.one[1]), keep=args.keepdb)
        return
    if args.one_opensearch:
        run_opensearch(args.one_opensearch)
        return
    print(__doc__.split("\n\n")[0])
    engines = args.engines.split(",")
    if "database" in engines:
        for database in args.databases.split(","):
            for size in args.sizes.split(","):
                keep = ["--keepdb"] if args.keepdb else []
                subprocess.run([sys.executable, __file__, "--one", database, size, *keep], check=True)
    if "opensearch" in engines:
        with BenchNode() as url:
            for size in args.opensearch_sizes.split(","):
                subprocess.run(
                    [sys.executable, __file__, "--one-opensearch", size],
                    env={**os.environ, "OPENSEARCH_URL": url},
                    check=True,
                )


if __name__ == "__main__":
    main()
