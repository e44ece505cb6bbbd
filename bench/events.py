"""What's on with thousands of repeating events and listings' regular times: how long a week takes.

    .venv/bin/python bench/events.py                 # 2,000 events, 10,000 listings, SQLite file in var/
    DATABASE_URL=postgres://... .venv/bin/python bench/events.py

Builds its own throwaway database (Django's test database for the configured one), fills it with
repeating events that started up to three years ago and listings with regular times (bench/directory.py,
a tenth of their venues with a closed fortnight, most times skipping bank holidays), then times:

  - sessions: finding every session in the next 7 days (the indexed query plus expanding the rules),
  - page: the whole /whats-on/ response, first page, as a resident gets it,
  - filtered pages: with a topic and free only, and near a place,
  - the whole site's calendar feed (every event as one VEVENT), built and from the cache,
  - and, for comparison, expanding every rule from its first date instead of from the window.

Prints p50 and p95 in milliseconds. The target is p95 under 100 ms for the page with 2,000 events.
"""

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "signpost.settings.bench")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(function, runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds for each run. CPU time is this process's own work (with SQLite,
    the database's too), so it shows the cost even when other programs share the machine."""
    function()  # warm up: caches, bank holiday tables, query plans
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        function()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return wall, cpu


def report(name: str, times: tuple[list[float], list[float]]) -> None:
    wall, cpu = times
    print(
        f"{name:<48} wall p50 {statistics.median(wall):6.1f}  p95 {percentile(wall, 0.95):6.1f} ms   "
        f"cpu p50 {statistics.median(cpu):6.1f}  p95 {percentile(cpu, 0.95):6.1f} ms   ({len(wall)} runs)"
    )


def build(count: int, rng: random.Random) -> None:
    from django.db import transaction

    from directory.models import HelpTopic
    from events.choices import Ends, Repeat
    from events.models import EventCancellation, EventIndexPage, EventPage
    from home.models import HomePage
    from search.models import Place, PlaceKind
    from tests import factories

    home = HomePage.objects.get()
    with transaction.atomic():
        home.add_child(instance=EventIndexPage(title="What's on", slug="whats-on"))
        index = factories.OrganisationIndexPageFactory(parent=home)
        organisations = [factories.OrganisationPageFactory(parent=index) for _ in range(50)]
        venues = [
            factories.VenueFactory(
                latitude=53.40 + rng.uniform(-0.1, 0.1), longitude=-2.15 + rng.uniform(-0.1, 0.1)
            )
            for _ in range(100)
        ]
        topics = [HelpTopic.objects.create(name=f"Topic {n}", slug=f"topic-{n}") for n in range(15)]
        Place.objects.create(kind=PlaceKind.OUTWARD, key="SK1", name="SK1", latitude=53.41, longitude=-2.15)
    today = dt.date.today()
    weekdays = ["MO", "TU", "WE", "TH", "FR", "SA"]
    for number in range(count):
        start = today - dt.timedelta(days=rng.randint(0, 3 * 365))
        kind = rng.random()
        fields = {"repeat": Repeat.WEEKLY, "days": rng.sample(weekdays, rng.choice([1, 1, 1, 2]))}
        if kind < 0.15:
            fields = {"repeat": Repeat.EVERY_N_WEEKS, "interval": rng.choice([2, 3]), "days": fields["days"]}
        elif kind < 0.25:
            fields = {"repeat": Repeat.MONTHLY_NTH, "week_of_month": None, "days": []}
            start = start.replace(day=rng.randint(1, 28))
        elif kind < 0.30:
            fields = {"repeat": Repeat.MONTHLY_LAST, "days": []}
            while (start + dt.timedelta(days=7)).month == start.month:
                start += dt.timedelta(days=7)
        elif kind < 0.40:
            fields.update({"ends": Ends.AFTER, "count": rng.randint(4, 10)})
            start = today + dt.timedelta(days=rng.randint(-60, 10))
        days = fields.get("days") or []
        if days and fields["repeat"] in (Repeat.WEEKLY, Repeat.EVERY_N_WEEKS):
            # The first date must be one of the session days.
            while ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][start.weekday()] not in days:
                start += dt.timedelta(days=1)
        hour = rng.choice([9, 10, 11, 13, 14, 18])
        event = EventPage(
            title=f"Session {number:04}",
            slug=f"session-{number:04}",
            venue=rng.choice(venues),
            start_date=start,
            start_time=dt.time(hour),
            end_time=dt.time(hour + 2),
            levels=rng.sample(["foundation", "life", "work"], rng.randint(1, 2)),
            cost=rng.choice(["free", "free", "free", "low_cost"]),
            skip_bank_holidays=rng.random() < 0.3,
            **fields,
        )
        with transaction.atomic():
            rng.choice(organisations).add_child(instance=event)
            event.topics.set(rng.sample(topics, 2))
            if rng.random() < 0.1:
                upcoming = list(
                    event.recurrence.normalised().dates_between(today, today + dt.timedelta(days=30))
                )
                if upcoming:
                    EventCancellation.objects.create(page=event, date=rng.choice(upcoming), reason="Closed")
        if number and number % 500 == 0:
            print(f"  {number} events built", flush=True)
    print(f"  {EventPage.objects.count()} events, {EventCancellation.objects.count()} cancelled dates")


def naive_expansion(events) -> int:
    """Every rule expanded from its own first date to the end of the window, as a naive version would."""
    from dateutil.rrule import rrulestr

    today = dt.date.today()
    end = dt.datetime.combine(today + dt.timedelta(days=7), dt.time())
    found = 0
    for start_date, text in events:
        rule = rrulestr(text.split(";UNTIL")[0], dtstart=dt.datetime.combine(start_date, dt.time()))
        found += len(rule.between(dt.datetime.combine(today, dt.time()), end, inc=True))
    return found


def build_listings(count: int, rng: random.Random) -> None:
    from bench.directory import build as build_directory
    from directory.models import Venue, VenueClosure
    from search.indexing import rebuild_database_index
    from search.models import DirectoryEntry

    if count:
        build_directory(count)
    today = dt.date.today()
    venues = list(Venue.objects.values_list("pk", flat=True))
    VenueClosure.objects.bulk_create(
        VenueClosure(
            venue_id=venue, first_date=today + dt.timedelta(days=3), last_date=today + dt.timedelta(days=17)
        )
        for venue in rng.sample(venues, len(venues) // 10)
    )
    rebuild_database_index()
    print(f"  {DirectoryEntry.objects.count()} listings at venues in the search index")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--listings", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--pages-only", action="store_true", help="time What's on only, not the feeds")
    parser.add_argument("--keepdb", action="store_true", help="keep the database, and reuse one kept before")
    parser.add_argument(
        "--profile",
        choices=["page", "sessions", "feed"],
        help="profile What's on's page, its sessions or the site feed instead",
    )
    arguments = parser.parse_args()

    import django
    from django.conf import settings

    if "DATABASE_URL" not in os.environ:
        (ROOT / "var").mkdir(exist_ok=True)
        settings.DATABASES["default"]["TEST"] = {"NAME": str(ROOT / "var" / "bench-events.sqlite3")}
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    database = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=arguments.keepdb)
    try:
        from events.models import EventPage

        print(f"Database: {connection.vendor} ({database})")
        if not EventPage.objects.exists():
            print(f"Building {arguments.events} repeating events...")
            build(arguments.events, random.Random(2026))
            print(f"Building {arguments.listings} listings with regular times...")
            build_listings(arguments.listings, random.Random(2027))

        from core.timetable import local_now
        from events.whats_on import find_sessions, parse_whats_on

        client = Client()

        def sessions():
            from django.http import QueryDict

            return find_sessions(parse_whats_on(QueryDict(""), local_now()).query)

        def page(query="", cached=False):
            """The page as a resident gets it: built (the page cache off, as after any content change
            renews it), or `cached`, from the page cache."""
            from django.test import override_settings

            def get():
                with override_settings(PAGE_CACHE_ENABLED=cached):
                    response = client.get(f"/whats-on/{query}")
                assert response.status_code == 200, response.status_code

            return get

        print(
            f"Sessions in the next 7 days: {len(sessions()[0])}; load average {os.getloadavg()[0]:.1f} "
            f"on {os.cpu_count()} CPUs"
        )
        from django.core.cache import cache

        def feed_built():
            cache.clear()
            page("feed.ics")()

        if arguments.profile:
            import cProfile
            import pstats

            target = {"page": page(), "sessions": sessions, "feed": feed_built}[arguments.profile]
            cProfile.runctx(
                "for _ in range(5): target()", globals(), locals(), str(ROOT / "var" / "bench.prof")
            )
            pstats.Stats(str(ROOT / "var" / "bench.prof")).sort_stats("tottime").print_stats(25)
            return
        report("sessions in the next 7 days", timed(sessions, arguments.runs))
        report("/whats-on/ (next 7 days, first page)", timed(page(), arguments.runs))
        report("/whats-on/ (next 7 days), from the page cache", timed(page(cached=True), arguments.runs))
        report("/whats-on/?page=3 (next 7 days)", timed(page("?page=3"), arguments.runs))
        report(
            "/whats-on/?when=this_week&free=1&topic=topic-3",
            timed(page("?when=this_week&free=1&topic=topic-3"), arguments.runs),
        )
        report("/whats-on/?where=SK1&radius=5", timed(page("?where=SK1&radius=5"), arguments.runs))
        if arguments.pages_only:
            return
        report("/whats-on/feed.ics, built (every event)", timed(feed_built, 10))
        report("/whats-on/feed.ics, from the cache", timed(page("feed.ics"), arguments.runs))
        rules = list(EventPage.objects.exclude(rrule="").values_list("start_date", "rrule"))
        report("for comparison: expanding from first dates", timed(lambda: naive_expansion(rules), 5))
    finally:
        if not arguments.keepdb:
            connection.creation.destroy_test_db(database, verbosity=0)


if __name__ == "__main__":
    main()
