#!/usr/bin/env python
"""Open Referral UK API benchmark: 10,000 listings across Greater Manchester (bench/directory.py), then
the two calls the API must answer in under 100 ms at the 95th percentile, on SQLite and PostgreSQL.

    .venv/bin/python bench/api.py                                  # 10,000 listings, SQLite and PostgreSQL
    .venv/bin/python bench/api.py --sizes 10000 --databases sqlite

Requests go through Django's test client, in-process, with the benchmark settings (no debug). Prints
p50/p95 in milliseconds and the number of queries each request runs. PostgreSQL comes from
`scripts/postgres` (started if needed); each run uses a fresh database. Timings on a shared machine are
noisy: compare figures from one run with each other.
"""

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.search import percentile, postgres_database, setup_django  # noqa: E402

REPEATS = 60
# A full postcode in central Manchester, added to the gazetteer for the proximity search.
POSTCODE = ("M1 1AE", "M11AE", 53.4776, -2.2309)
CALLS = [
    "/api/oruk/services?per_page=50",
    "/api/oruk/service_at_locations?postcode=M1%201AE&proximity=5000",
]


def time_call(client, path: str, repeats: int = REPEATS) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    samples = []
    for _ in range(repeats + 3):
        started = time.perf_counter()
        response = client.get(path)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.content[:300]
    samples = samples[3:]  # the first runs warm caches
    with CaptureQueriesContext(connection) as queries:
        data = client.get(path).json()
    return {
        "p50": statistics.median(samples),
        "p95": percentile(samples, 0.95),
        "queries": len(queries),
        "found": data["total_items"],
        "size": data["size"],
    }


def run_one(database: str, size: int) -> None:
    """Runs in a child process, so each database and size starts with a fresh Django."""
    import tempfile

    if database == "sqlite":
        url = f"sqlite:///{tempfile.mkdtemp(prefix='signpost-bench-')}/bench.sqlite3"
    else:
        url = postgres_database(f"signpost_bench_api_{size}")
    setup_django(url)
    from django.test import Client

    from bench.directory import build
    from search.models import Place, PlaceKind

    timings = build(size)
    Place.objects.get_or_create(
        kind=PlaceKind.POSTCODE,
        key=POSTCODE[1],
        defaults={"name": POSTCODE[0], "latitude": POSTCODE[2], "longitude": POSTCODE[3]},
    )
    client = Client(HTTP_HOST="localhost")
    print(f"\n{database}, {timings['listings']:,} listings (built in {timings['build_seconds']:.0f} s)")
    print(f"  {'call':66} {'p50 ms':>7} {'p95 ms':>7} {'queries':>8} {'found':>7}")
    for path in CALLS:
        row = time_call(client, path)
        print(f"  {path:66} {row['p50']:7.1f} {row['p95']:7.1f} {row['queries']:8} {row['found']:7}")


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000")
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
