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
indexed straight into an index named after this checkout's folder (other checkouts may bench on the
same node at the same time); it reports indexing throughput in listings/s, and is warmed up with the
query mix before it is timed. With `--keep-index` each size's index is built once and reused by later
runs (until the index's mapping changes); without it the index is deleted afterwards:

    .venv/bin/python bench/search.py --engines opensearch --opensearch-sizes 100000 --keep-index
    .venv/bin/python bench/search.py --engines opensearch --opensearch-sizes 100000 --keep-index --repeated

Both engines' figures include hydration, turning a page of hits into results from the listings'
pages as /find/ does. The synthetic documents have no pages behind them, so each OpenSearch hit is
pointed at a real listing of the kept 10,000-listing SQLite database (listing number modulo the
listings there, at one of its venues), which the OpenSearch run reads as its database: build it
first with `--sizes 10000 --databases sqlite --keepdb`. Hydration reads only the page of hits
(a fixed number of queries for the page), so its cost depends on the page, not on the index's size.
Each query is timed repeatedly. OpenSearch's shard request cache would answer a search made again
(its counts are a request of their own, size 0), and its query cache would hold the search's
filters, so by default the benchmark empties both before each timed search (outside the time): the
figures are those of a search made for the first time. `--repeated` keeps them, for a search
residents make often; the table's heading says which was measured.
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
    engine_factory,
    repeats: int = REPEATS,
    hydrate_hits: bool = True,
    warm_up: int = 0,
    before_each=None,
) -> dict[str, dict]:
    """Each kind of query's figures; `before_each` runs before every timed search, outside its time
    (to empty a cache, so that no figure relies on a cache filled by the same search before)."""
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
            if before_each:
                before_each()
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


# The database whose real listings OpenSearch's hits are hydrated from (see the docstring).
HYDRATED_FROM = 10000
# Part of a kept index's name: change it when the synthetic documents change, so none is reused.
DOCUMENTS_VERSION = 2


def checkout_name() -> str:
    """This checkout's folder, as a name part: "issue-18b" for /work/wt/issue-18b."""
    return "".join(char if char.isalnum() else "-" for char in ROOT.name.lower())


def bench_index(url: str, size: int):
    """The benchmark's index for a size, named after this checkout and the index's definition, so two
    checkouts never share one and a kept index whose mapping has changed since is not reused."""
    import hashlib
    import json

    from search.opensearch_index import DirectoryIndex, Vocabulary

    family = f"signpost-bench-{checkout_name()}-{size}"
    index = DirectoryIndex(url, family, timeout=30)
    definition = index.index_definition("bench", Vocabulary.load()).to_dict()
    digest = hashlib.sha1(  # noqa: S324 - a name, not a secret
        json.dumps([definition, DOCUMENTS_VERSION], sort_keys=True, default=str).encode()
    ).hexdigest()[:10]
    return DirectoryIndex(url, f"{family}-{digest}", timeout=30), family


class RealListings:
    """An engine whose hits point at real listings of this database: the synthetic listing numbered n
    is the (n modulo the listings here)th listing, at one of its venues (the hit's listing-at-venue
    number modulo its venues), so that hydrating a page of hits reads real pages, as /find/ does."""

    def __init__(self, engine, placements: list[list[tuple[int, int | None, int | None]]]):
        self.engine = engine
        self.placements = placements

    @classmethod
    def placements_here(cls) -> list[list[tuple[int, int | None, int | None]]]:
        """Each listing's (service id, listing-at-venue id, venue id), in order, from the database index."""
        from search.models import DirectoryEntry

        by_listing = {}
        for row in DirectoryEntry.objects.order_by("service_id", "position").values_list(
            "service_id", "service_location_id", "venue_id"
        ):
            by_listing.setdefault(row[0], []).append(row)
        return list(by_listing.values())

    def point(self, hit):
        import dataclasses

        venues = self.placements[(hit.service_id - 1) % len(self.placements)]
        service_id, service_location_id, venue_id = venues[(hit.service_location_id or 0) % len(venues)]
        return dataclasses.replace(
            hit, service_id=service_id, service_location_id=service_location_id, venue_id=venue_id
        )

    def search(self, query):
        import dataclasses

        results = self.engine.search(query)
        return dataclasses.replace(
            results,
            hits=[self.point(hit) for hit in results.hits],
            remote_hits=[self.point(hit) for hit in results.remote_hits],
        )


def cache_emptier(index):
    """What empties the index's shard request cache and query cache, so the next search is worked out
    as if it had never been made."""

    def empty() -> None:
        index.client.indices.clear_cache(index=index.alias, request=True, query=True)

    return empty


def run_opensearch(size: int, keep: bool = False, repeated: bool = False) -> None:
    """Runs in a child process: synthetic documents bulk indexed into an index of this checkout's (or
    the kept one reused), then the query mix, its hits hydrated from the kept SQLite database; unless
    `repeated`, with the index's caches emptied before each timed search."""
    database = ROOT / "var" / "bench" / f"{kept_name(HYDRATED_FROM)}.sqlite3"
    if not database.exists() or sqlite_user_version(database) != KEPT_VERSION:
        sys.exit(
            f"OpenSearch's hits are hydrated from {database.relative_to(ROOT)}: build it first with "
            f"bench/search.py --sizes {HYDRATED_FROM} --databases sqlite --keepdb"
        )
    setup_django(f"sqlite:///{database}")
    from bench.documents import synthetic_documents
    from search.engines.opensearch import OpenSearchEngine

    index, family = bench_index(os.environ["OPENSEARCH_URL"], size)
    if keep and index.exists():
        count = index.client.count(index=index.alias)["count"]
        heading = f"kept index {index.alias}, {count:,} documents, not rebuilt"
    else:
        index.client.indices.delete(
            index=f"{family}-*", ignore_unavailable=True, allow_no_indices=True, request_timeout=60
        )
        report = index.rebuild(synthetic_documents(size), chunk_size=2000)
        heading = (
            f"{report.listings:,} listings ({report.documents:,} documents) indexed in "
            f"{report.seconds:.1f} s: {report.listings_per_second:,.0f} listings/s"
        )
    try:
        placements = RealListings.placements_here()
        figures = time_queries(
            lambda: RealListings(OpenSearchEngine(index), placements),
            warm_up=WARM_UP,
            before_each=None if repeated else cache_emptier(index),
        )
    finally:
        if not keep:
            index.delete_all()
    measured = (
        "searches made again (request and query caches kept)"
        if repeated
        else "first-time searches (request and query caches emptied before each)"
    )
    print(
        f"\nopensearch, {heading}; {measured}; times include hydrating results from "
        f"{len(placements):,} real listings"
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
    parser.add_argument(
        "--keep-index",
        action="store_true",
        help="build each size's OpenSearch index once (named after this checkout) and reuse it on later runs",
    )
    parser.add_argument(
        "--repeated",
        action="store_true",
        help="time OpenSearch's searches made again, its caches kept (by default, made for the first time)",
    )
    parser.add_argument("--one", nargs=2, metavar=("DATABASE", "SIZE"), help=argparse.SUPPRESS)
    parser.add_argument("--one-opensearch", type=int, metavar="SIZE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        run_one(args.one[0], int(args.one[1]), keep=args.keepdb)
        return
    if args.one_opensearch:
        run_opensearch(args.one_opensearch, keep=args.keep_index, repeated=args.repeated)
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
                    [sys.executable, __file__, "--one-opensearch", size]
                    + (["--keep-index"] if args.keep_index else [])
                    + (["--repeated"] if args.repeated else []),
                    env={**os.environ, "OPENSEARCH_URL": url},
                    check=True,
                )


if __name__ == "__main__":
    main()
