#!/usr/bin/env python
"""Load test: gunicorn (2 workers, with the commit's own gunicorn.conf.py) on PostgreSQL and OpenSearch
with the demo site, driven by Locust (bench/locustfile.py: searches with and without a place, filters,
listing and organisation pages, What's on, the home page, API pages, shortlist adds) for two minutes.
Prints requests per second, p50/p95/p99 per kind of request, errors, and gunicorn's CPU time per request
(its own cost, which the shared machine's noise moves far less than req/s).

    .venv/bin/python bench/load.py                           # this checkout, page cache off then on
    .venv/bin/python bench/load.py --compare 0542aef         # and another commit, same load, ratios
    .venv/bin/python bench/load.py --duration 30 --users 8
    .venv/bin/python bench/load.py --compare 0542aef --kinds listing,organisation,find --duration 30

`--kinds` runs each named kind of request alone instead of the mix (every visitor makes only that
request, as issue 15 measured them), for `--duration` seconds each: REF, then this checkout with the
page cache off and on, and prints one table per kind with the ratios against REF. Kinds are
bench/locustfile.py's KINDS (listing, organisation, find, find-no-place, find-filters, whats-on, home,
api). With the mix every kind waits behind the whole mix's slowest requests; alone it shows its own
speed.

`--compare REF` checks REF out with `git worktree` into a temporary folder and runs it with this
checkout's virtualenv (PYTHONPATH pointing at REF), on its own database, before this checkout. Each
commit gets a PostgreSQL database named after it, kept for the next run (`--fresh` rebuilds): REF's
is built with its own `migrate` and `load_demo`; this checkout's is a copy of it brought up to date
by this checkout's `migrate`, so both serve the same content. Each gets its own OpenSearch index.
Before each measurement an unrecorded run of the first commit (`--warm-up`, 15 s) warms the OpenSearch
node's compiled code and PostgreSQL's memory, which would otherwise slow only the commit measured
first. Every run starts gunicorn with an empty cache (Redis when `redis-server` and the `redis` package are
there, else each worker's local memory), so a cached run's figures include building its cache; workers
keep their database connections open (DATABASE_CONN_MAX_AGE=60, as production should). The
machine is shared and noisy: compare figures from one run with each other, as the ratios do.

Searches go to OPENSEARCH_URL if it is set, else to a node the load test starts for itself (as
bench/search.py does, with the JIT compiler tuned for throughput). A node started by scripts/opensearch
for tests compiles only with the JVM's quick compiler, as no production node runs: the load test
warns if it is given one.
"""

import argparse
import csv
import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import psutil  # Locust's own dependency

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.search import BenchNode, postgres_database  # noqa: E402

PYTHON = sys.executable
SETTINGS = """
from signpost.settings.bench import *  # noqa: F403
import os
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
OPENSEARCH_URL = os.environ.get("OPENSEARCH_URL", "")
OPENSEARCH_INDEX_PREFIX = os.environ["OPENSEARCH_INDEX_PREFIX"]
if os.environ.get("LOAD_REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": os.environ["LOAD_REDIS_URL"]}}
"""
WITHOUT_EDITABLE_INSTALL = """
import sys
sys.meta_path[:] = [hook for hook in sys.meta_path if "__editable__" not in getattr(hook, "__module__", "")]
"""
URLS_SCRIPT = """
import json, django
django.setup()
from directory.models import OrganisationPage, ServicePage
listings = [[page.url, page.pk] for page in ServicePage.objects.live().public().order_by("pk")]
organisations = [page.url for page in OrganisationPage.objects.live().public().order_by("pk")]
print(json.dumps({"listings": listings, "organisations": organisations}))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Checkout:
    """A commit's code: this checkout, or REF in a temporary git worktree."""

    def __init__(self, ref: str | None, settings_dir: Path):
        self.ref = ref
        self.commit = subprocess.run(
            ["git", "rev-parse", "--short", ref or "HEAD"],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        self.label = f"{ref} ({self.commit})" if ref else f"this checkout ({self.commit}+)"
        self.folder = ROOT
        if ref:
            self.folder = Path(tempfile.mkdtemp(prefix="signpost-load-")) / "tree"
            subprocess.run(
                ["git", "worktree", "add", "--detach", str(self.folder), ref],
                cwd=ROOT,
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            # Leaflet and axe come from npm; share this checkout's copy.
            if (ROOT / "node_modules").exists():
                (self.folder / "node_modules").symlink_to(ROOT / "node_modules")
        self.settings_dir = settings_dir
        self.python_path = f"{settings_dir}:{self.folder}"
        if ref:
            # `make setup` installs this checkout into the virtualenv as editable, and its import hook
            # would give REF this checkout's modules wherever REF's differ: REF's processes drop it.
            site = self.folder.parent / "site"
            site.mkdir()
            (site / "sitecustomize.py").write_text(WITHOUT_EDITABLE_INSTALL)
            self.python_path = f"{site}:{self.python_path}"
        # Named after this checkout's folder too: other checkouts on the machine run the load test into
        # databases and indexes of their own at the same time.
        worktree = "".join(char if char.isalnum() else "_" for char in ROOT.name.lower())
        name = f"{'this' if not ref else self.commit}_{worktree}"
        self.database_name = f"signpost_load_{name}"
        self.index_prefix = f"signpost-load-{name.replace('_', '-')}"

    def environment(self, **extra) -> dict:
        return {
            **os.environ,
            "PYTHONPATH": self.python_path,
            "DJANGO_SETTINGS_MODULE": "load_settings",
            "DATABASE_URL": self.database_url,
            "OPENSEARCH_INDEX_PREFIX": self.index_prefix,
            "SIGNPOST_LOG_LEVEL": "WARNING",
            **extra,
        }

    def manage(self, *args, capture=False, **extra):
        return subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=self.folder,
            env=self.environment(**extra),
            check=True,
            capture_output=capture,
            text=True,
        )

    def prepare(self, fresh: bool, copy_of: "Checkout | None" = None) -> None:
        """The demo site in this commit's own database. With `copy_of`, a copy of that commit's
        database brought up to date with this commit's migrations: both run on the same content."""
        exists = database_has_demo(self.database_name) and not fresh
        if exists:
            self.database_url = existing_database(self.database_name)
        elif copy_of:
            self.database_url = postgres_database(self.database_name, template=copy_of.database_name)
            self.manage("migrate", "--noinput", "-v0")
        else:
            self.database_url = postgres_database(self.database_name)
            print(f"  building the demo site for {self.label} (once) ...", flush=True)
            self.manage("migrate", "--noinput", "-v0")
            self.manage("load_demo", capture=True)
        if os.environ.get("OPENSEARCH_URL"):
            self.manage("rebuild_directory_index", capture=True)
        self.urls_file = self.settings_dir / f"urls-{self.commit}.json"
        urls = subprocess.run(
            [PYTHON, "-c", URLS_SCRIPT],
            cwd=self.folder,
            env=self.environment(),
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        self.urls_file.write_text(urls.strip().splitlines()[-1])

    def remove(self) -> None:
        if self.ref:
            subprocess.run(["git", "worktree", "remove", "--force", str(self.folder)], cwd=ROOT, check=False)


def existing_database(name: str) -> str:
    admin = subprocess.run(
        [ROOT / "scripts" / "postgres", "url", "postgres"], check=True, capture_output=True, text=True
    ).stdout.strip()
    return admin.rsplit("/", 1)[0] + f"/{name}"


def database_has_demo(name: str) -> bool:
    import psycopg

    try:
        with psycopg.connect(existing_database(name), connect_timeout=3) as connection:
            return bool(connection.execute("SELECT count(*) FROM directory_servicepage").fetchone()[0])
    except psycopg.Error:
        return False


class Redis:
    """A throwaway redis-server on loopback, if there is one to run, for the shared cache."""

    def __init__(self):
        self.process = None
        self.url = ""

    def start(self) -> str:
        try:
            import redis  # noqa: F401
        except ImportError:
            return ""
        if not shutil.which("redis-server"):
            return ""
        port = free_port()
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        time.sleep(0.5)
        self.url = f"redis://127.0.0.1:{port}/0"
        return self.url

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait()


def run_load(
    checkout: Checkout, page_cache: bool, args, kind: str = "", seconds: int | None = None
) -> dict[str, dict]:
    """One run of `args.duration` seconds (or `seconds`) against a fresh gunicorn and an empty cache: the
    mix, or only `kind` (a key of bench/locustfile.py's KINDS)."""
    redis = Redis()
    redis_url = redis.start()
    port = free_port()
    # Workers keep their database connections open, as docs/scaling.md tells a production set-up to
    # (DATABASE_CONN_MAX_AGE): both commits alike, so neither pays a new connection per request.
    # Every simulated visitor comes from 127.0.0.1: the per-address limits on the API and the JSON
    # answers (which 0542aef did not have) would turn most API requests into quick 429s.
    environment = checkout.environment(
        PAGE_CACHE="on" if page_cache else "off",
        LOAD_REDIS_URL=redis_url,
        DATABASE_CONN_MAX_AGE="60",
        API_REQUESTS_PER_MINUTE="1000000",
        JSON_REQUESTS_PER_MINUTE="1000000",
    )
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "signpost.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=checkout.folder,
        env=environment,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/")
        prefix = Path(tempfile.mkdtemp(prefix="signpost-locust-")) / "run"
        search_node = listening_process(os.environ.get("OPENSEARCH_URL", ""))
        server_cpu = cpu_seconds(server.pid)
        client_cpu = children_cpu_seconds()
        search_cpu = cpu_seconds(search_node.pid, children=False) if search_node else 0.0
        subprocess.run(
            [
                PYTHON,
                "-m",
                "locust",
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.users),
                "--run-time",
                f"{seconds or args.duration}s",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            env={**os.environ, "SIGNPOST_LOAD_URLS": str(checkout.urls_file), "SIGNPOST_LOAD_KIND": kind},
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        server_cpu = cpu_seconds(server.pid) - server_cpu
        client_cpu = children_cpu_seconds() - client_cpu
        search_cpu = cpu_seconds(search_node.pid, children=False) - search_cpu if search_node else 0.0
        rows = read_stats(Path(f"{prefix}_stats.csv"))
        for row in rows.values():
            row["server_cpu_s"], row["client_cpu_s"], row["search_cpu_s"] = server_cpu, client_cpu, search_cpu
        return rows
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait()
        redis.stop()


def cpu_seconds(pid: int, children: bool = True) -> float:
    """CPU time used so far by a process and its children (gunicorn's master and workers): divided by
    the requests answered, its cost per request, which the load's noise moves far less than req/s."""
    process = psutil.Process(pid)
    family = (process, *process.children(recursive=True)) if children else (process,)
    return sum(sum(each.cpu_times()[:2]) for each in family)


def listening_process(url: str) -> psutil.Process | None:
    """The process serving a loopback URL (the OpenSearch node), to count its CPU time too; None when it
    is elsewhere or cannot be seen. Another load on the same node would be counted with ours."""
    port = urllib.parse.urlsplit(url.split(",")[0]).port if url else None
    try:
        for connection in psutil.net_connections(kind="tcp"):
            if connection.status == psutil.CONN_LISTEN and connection.laddr.port == port and connection.pid:
                return psutil.Process(connection.pid)
    except psutil.Error:
        pass
    return None


def children_cpu_seconds() -> float:
    """CPU time of this script's finished children: Locust's, once it has been waited for."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 - our own server on loopback
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not answer on {url}")


def read_stats(path: Path) -> dict[str, dict]:
    rows = {}
    with path.open() as stats:
        for row in csv.DictReader(stats):
            rows[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "errors": int(row["Failure Count"]),
                "rps": float(row["Requests/s"]),
                "p50": float(row["50%"]),
                "p95": float(row["95%"]),
                "p99": float(row["99%"]),
            }
    return rows


def print_run(title: str, rows: dict[str, dict]) -> None:
    print(f"\n{title}")
    print(
        f"  {'request':30} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'count':>7} {'errors':>6}"
    )
    for name, row in rows.items():
        print(
            f"  {name:30} {row['rps']:7.1f} {row['p50']:7.0f} {row['p95']:7.0f} {row['p99']:7.0f} "
            f"{row['requests']:7} {row['errors']:6}"
        )
    if "Aggregated" in rows:
        row = rows["Aggregated"]
        print(
            f"  CPU: gunicorn {server_ms(row):.1f} ms a request, "
            f"OpenSearch {server_ms(row, 'search_cpu_s'):.1f}, Locust {row['client_cpu_s']:.0f} s in all; "
            f"load average {load_average()}"
        )


def print_ratios(title: str, new: dict[str, dict], old: dict[str, dict]) -> None:
    print(f"\n{title}")
    print(f"  {'request':30} {'req/s x':>8} {'p50 x':>7} {'p95 x':>7}")
    for name, row in new.items():
        if name in old and old[name]["rps"] and row["p50"] and row["p95"]:
            before = old[name]
            print(
                f"  {name:30} {row['rps'] / before['rps']:8.2f} {before['p50'] / row['p50']:7.2f} "
                f"{before['p95'] / row['p95']:7.2f}"
            )


def print_kind(title: str, runs: list[tuple[str, dict | None, str]], baseline: dict | None) -> None:
    """One kind of request run alone: each run's figures, the load average just after it, and its
    req/s and p95 against `baseline`."""
    print(f"\n{title}")
    print(
        f"  {'run':24} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'count':>6} {'errors':>6}"
        f" {'req/s x':>8} {'p95 x':>6} {'CPU ms':>7} {'CPU x':>6} {'search':>6}  load average"
    )
    for label, row, load in runs:
        if row is None:
            print(f"  {label:24} no requests: is it one of bench/locustfile.py's KINDS?")
            continue
        ratios = f" {'':8} {'':6}"
        if baseline and baseline["rps"] and row["p95"]:
            ratios = f" {row['rps'] / baseline['rps']:8.2f} {baseline['p95'] / row['p95']:6.2f}"
        cpu = f" {server_ms(row):7.1f} {server_ms(baseline) / server_ms(row) if baseline else 0:6.2f}"
        cpu += f" {server_ms(row, 'search_cpu_s'):6.1f}"
        print(
            f"  {label:24} {row['rps']:7.1f} {row['p50']:7.0f} {row['p95']:7.0f} {row['p99']:7.0f} "
            f"{row['requests']:6} {row['errors']:6}{ratios}{cpu}  {load}"
        )


def server_ms(row: dict, measure: str = "server_cpu_s") -> float:
    """CPU milliseconds per request answered in a run: gunicorn's (its master and workers together), or
    with `measure="search_cpu_s"` the OpenSearch node's."""
    return row.get(measure, 0.0) * 1000 / max(row["requests"], 1)


def only_row(rows: dict[str, dict]) -> dict | None:
    """The one kind of request a per-kind run made (None if it made none: an unknown kind)."""
    named = [{**row, "name": name} for name, row in rows.items() if name != "Aggregated"]
    return named[0] if len(named) == 1 else None


def load_average() -> str:
    """The machine is shared: the load average says how busy it was (1, 5 and 15 minutes)."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def warm_up(checkout: Checkout, args, kind: str = "") -> None:
    """An unrecorded run first, so that the commit measured first does not pay alone for what any
    run's first minutes cost: the OpenSearch node's JIT compiling its search code, PostgreSQL reading
    its tables into memory."""
    if args.warm_up:
        run_load(checkout, page_cache=False, args=args, kind=kind, seconds=args.warm_up)


def run_kinds(kinds: list[str], this: Checkout, other: Checkout | None, args) -> dict:
    """Each kind alone, one after the other: REF, this checkout with the page cache off, then on."""
    results = {}
    for kind in kinds:
        warm_up(other or this, args, kind)
        runs = {}
        if other:
            runs["other"] = only_row(run_load(other, page_cache=False, args=args, kind=kind))
            runs["other_load"] = load_average()
        runs["uncached"] = only_row(run_load(this, page_cache=False, args=args, kind=kind))
        runs["uncached_load"] = load_average()
        runs["cached"] = only_row(run_load(this, page_cache=True, args=args, kind=kind))
        runs["cached_load"] = load_average()
        results[kind] = runs
        name = next((row["name"] for row in (runs.get("other"), runs["uncached"]) if row), kind)
        labelled = [
            *([(other.commit, runs["other"], runs["other_load"])] if other else []),
            ("this, page cache off", runs["uncached"], runs["uncached_load"]),
            ("this, page cache on", runs["cached"], runs["cached_load"]),
        ]
        print_kind(f"{name}: alone, {args.users} users, {args.duration} s each", labelled, runs.get("other"))
    return results


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--compare", metavar="REF", help="also run the same load against this git commit")
    parser.add_argument("--duration", type=int, default=120, help="seconds of load per run (default 120)")
    parser.add_argument("--users", type=int, default=8, help="concurrent visitors (default 8)")
    parser.add_argument("--fresh", action="store_true", help="rebuild each commit's demo database")
    parser.add_argument(
        "--warm-up",
        type=int,
        default=15,
        metavar="SECONDS",
        help="an unrecorded run of the first commit before each measurement (default 15; 0 for none)",
    )
    parser.add_argument(
        "--kinds",
        metavar="KIND,...",
        help="run each kind of request alone instead of the mix (listing,organisation,find,...)",
    )
    args = parser.parse_args()
    with BenchNode() as url:
        os.environ["OPENSEARCH_URL"] = url
        warn_if_started_for_tests(url)
        run(args)


def warn_if_started_for_tests(url: str) -> None:
    """scripts/opensearch starts its nodes for tests with only the JVM's quick compiler, so that they
    start quickly; a load test should measure a node set up as production's would be."""
    with urllib.request.urlopen(f"{url.split(',')[0]}/_nodes/jvm") as answer:  # noqa: S310 - loopback
        nodes = json.load(answer)["nodes"].values()
    if any("-XX:TieredStopAtLevel=1" in node["jvm"].get("input_arguments", []) for node in nodes):
        print(
            f"warning: the OpenSearch node at {url} runs with -XX:TieredStopAtLevel=1 (as scripts/opensearch "
            "starts it for tests): unset OPENSEARCH_URL to have the load test start a node of its own"
        )


def run(args) -> None:
    settings_dir = Path(tempfile.mkdtemp(prefix="signpost-load-settings-"))
    (settings_dir / "load_settings.py").write_text(SETTINGS)
    this = Checkout(None, settings_dir)
    other = Checkout(args.compare, settings_dir) if args.compare else None
    try:
        if other:
            other.prepare(args.fresh)
        this.prepare(args.fresh, copy_of=other)
        if args.kinds:
            print(f"load average before: {load_average()}")
            results = run_kinds(
                [kind.strip() for kind in args.kinds.split(",") if kind.strip()], this, other, args
            )
            (settings_dir / "results.json").write_text(json.dumps(results, indent=1))
            print(f"\nfigures: {settings_dir / 'results.json'}")
            return
        results = {}
        warm_up(other or this, args)
        if other:
            results["other"] = run_load(other, page_cache=False, args=args)
            print_run(f"{other.label}, {args.users} users, {args.duration} s", results["other"])
        results["uncached"] = run_load(this, page_cache=False, args=args)
        print_run(f"{this.label}, page cache off", results["uncached"])
        results["cached"] = run_load(this, page_cache=True, args=args)
        print_run(f"{this.label}, page cache on (starting empty)", results["cached"])
        if other:
            print_ratios(
                f"this checkout, page cache off, against {other.label}", results["uncached"], results["other"]
            )
            print_ratios(
                f"this checkout, page cache on, against {other.label}", results["cached"], results["other"]
            )
        (settings_dir / "results.json").write_text(json.dumps(results, indent=1))
    finally:
        if other:
            other.remove()


if __name__ == "__main__":
    main()
