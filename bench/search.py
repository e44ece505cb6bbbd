#!/usr/bin/env python
"""Search benchmark: build N synthetic listings across Greater Manchester, then time a fixed mix of
resident queries on the database engine, on SQLite and on PostgreSQL.

    .venv/bin/python bench/search.py                      # N = 1,000 and 10,000, SQLite and PostgreSQL
    .venv/bin/python bench/search.py --sizes 10000 --databases sqlite

PostgreSQL comes from `scripts/postgres` (started if needed); each run uses a fresh database.
Prints p50/p95 latency in milliseconds and queries per second for each kind of query. Timings on a
shared machine are noisy: compare figures from one run with each other.
"""

import argparse
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


def query_mix():
    """Resident queries, as /find/'s parameters."""
    from django.http import QueryDict

    mix = {
        "place + topic": "where=Stockport&topic=email",
        "place + topic + level": "where=Oldham&topic=nhs-app&level=foundation",
        "place + words": "where=GM1&q=video+call+my+grandchildren",
        "words only": "q=help+with+universal+credit",
        "place + open now": "where=Bolton&open=now&radius=10",
        "everything, page 3": "page=3",
    }
    return {name: QueryDict(params) for name, params in mix.items()}


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def time_queries(engine_factory, repeats: int = REPEATS) -> dict[str, dict]:
    from search.filters import parse_search
    from search.results import hydrate

    figures = {}
    for name, params in query_mix().items():
        engine = engine_factory()
        samples = []
        total = 0
        for _ in range(repeats + 3):
            started = time.perf_counter()
            parsed = parse_search(params)
            results = engine.search(parsed.query)
            hydrate(results.hits)
            samples.append((time.perf_counter() - started) * 1000)
            total = results.total
        samples = samples[3:]  # the first runs warm caches
        figures[name] = {
            "p50": statistics.median(samples),
            "p95": percentile(samples, 0.95),
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


def run_one(database: str, size: int) -> None:
    """Runs in a child process, so each database and size starts with a fresh Django."""
    if database == "sqlite":
        folder = tempfile.mkdtemp(prefix="signpost-bench-")
        url = f"sqlite:///{folder}/bench.sqlite3"
    else:
        url = postgres_database(f"signpost_bench_{size}")
    setup_django(url)
    from bench.directory import build

    timings = build(size)
    from search.engines.database import DatabaseEngine

    figures = time_queries(DatabaseEngine)
    print(
        f"\n{database}, {timings['listings']:,} listings (built in {timings['build_seconds']:.0f} s, "
        f"Wagtail index {timings['wagtail_index_seconds']:.0f} s, "
        f"directory index {timings['directory_index_seconds']:.0f} s)"
    )
    print(f"  {'query':28} {'p50 ms':>8} {'p95 ms':>8} {'q/s':>7} {'found':>7}")
    for name, row in figures.items():
        print(f"  {name:28} {row['p50']:8.1f} {row['p95']:8.1f} {row['qps']:7.0f} {row['found']:7}")


def postgres_database(name: str) -> str:
    subprocess.run([ROOT / "scripts" / "postgres", "start"], check=True, stdout=subprocess.DEVNULL)
    admin = subprocess.run(
        [ROOT / "scripts" / "postgres", "url", "postgres"], check=True, capture_output=True, text=True
    ).stdout.strip()
    import psycopg

    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return admin.rsplit("/", 1)[0] + f"/{name}"


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--one", nargs=2, metavar=("DATABASE", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        run_one(args.one[0], int(args.one[1]))
        return
    print(__doc__.split("\n\n")[0])
    for database in args.databases.split(","):
        for size in args.sizes.split(","):
            subprocess.run([sys.executable, __file__, "--one", database, size], check=True)


if __name__ == "__main__":
    main()
