"""The one rate limiter: atomic, and shared by every worker, in the database or in Redis."""

import io
import os
import subprocess
import sys
import threading
import uuid

import pytest
import time_machine
from django.db import connection

from signpost import ratelimit
from signpost.models import RateLimitCounter
from signpost.ratelimit import Limit
from tests.services import postgresql_only, use_redis_cache

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture(params=["database", "redis"])
def store(request, settings):
    """Where the counts live: the database (the default) or the Redis server from `scripts/redis`."""
    if request.param == "redis":
        use_redis_cache(settings)
    return request.param


def test_a_limit_allows_its_count_then_refuses_until_the_window_ends(store, db):
    limit = Limit("test", count=3, seconds=60)
    with time_machine.travel("2026-03-01 10:00:05 +0000", tick=False):
        assert [ratelimit.take(limit, "203.0.113.5") for _ in range(4)] == [True, True, True, False]
        assert ratelimit.used_up(limit, "203.0.113.5")
        assert not ratelimit.used_up(limit, "203.0.113.6")  # another sender
        assert ratelimit.retry_after(limit) == 55
    with time_machine.travel("2026-03-01 10:01:00 +0000", tick=False):
        assert ratelimit.take(limit, "203.0.113.5")


def test_senders_are_kept_as_keyed_hashes(db):
    ratelimit.take(Limit("test", count=3, seconds=60), "resident@example.org")
    (key,) = RateLimitCounter.objects.values_list("key", flat=True)
    assert "resident" not in key and "example" not in key


def test_the_scheduled_job_deletes_only_the_counters_of_windows_that_are_over(db):
    from django.core.management import call_command

    limit = Limit("test", count=3, seconds=60)
    with time_machine.travel("2026-03-01 10:00:05 +0000", tick=False):
        ratelimit.take(limit, "203.0.113.5")
    with time_machine.travel("2026-03-01 10:01:05 +0000", tick=False):
        ratelimit.take(limit, "203.0.113.5")
        ratelimit.take(limit, "203.0.113.5")  # taking never deletes: each request costs the same queries
        assert RateLimitCounter.objects.count() == 2
        call_command("delete_expired_rate_limits", stdout=io.StringIO())
        assert list(RateLimitCounter.objects.values_list("hits", flat=True)) == [2]  # this minute's
        assert ratelimit.used_up(limit, "203.0.113.5") is False


def test_wait_words_are_plain():
    assert [ratelimit.wait_words(s) for s in (30, 61, 900, 3600, 7200)] == [
        "a minute",
        "2 minutes",
        "15 minutes",
        "an hour",
        "2 hours",
    ]


# -- at the same moment, from several workers ------------------------------------------------------

TAKE_IN_A_WORKER = """
import sys, django
django.setup()
from signpost import ratelimit
limit = ratelimit.Limit(sys.argv[1], count=7, seconds=3600)
sys.stdin.readline()  # all the workers start together
print(sum(ratelimit.take(limit, "203.0.113.9") for _ in range(5)))
"""


def worker_environment(store, settings) -> dict:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "signpost.settings.production"}
    environment.update(
        SECRET_KEY=settings.SECRET_KEY, ALLOWED_HOSTS="testserver", WAGTAILADMIN_BASE_URL="http://testserver"
    )
    environment.pop("CACHE_URL", None)
    environment.pop("REDIS_URL", None)
    if store == "redis":
        environment["CACHE_URL"] = settings.CACHES["default"]["LOCATION"]
        environment["CACHE_KEY_PREFIX"] = settings.CACHES["default"]["KEY_PREFIX"]
    else:
        database = connection.settings_dict
        environment["DATABASE_URL"] = (
            f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:{database['PORT']}"
            f"/{database['NAME']}"
        )
    return environment


@pytest.mark.django_db(transaction=True)
def test_four_worker_processes_taking_at_once_get_exactly_the_limit(store, settings):
    if store == "database":
        postgresql_only()  # worker processes share one PostgreSQL database
    environment = worker_environment(store, settings)
    name = f"workers-{uuid.uuid4().hex[:8]}"
    workers = [
        subprocess.Popen(  # noqa: S603 - our own interpreter and code
            [sys.executable, "-c", TAKE_IN_A_WORKER, name],
            cwd=ROOT,
            env=environment,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    for worker in workers:
        worker.stdin.write("go\n")
        worker.stdin.flush()
    taken = [int(worker.communicate(timeout=120)[0].strip()) for worker in workers]
    assert sum(taken) == 7  # 20 attempts, a limit of 7


@pytest.mark.django_db(transaction=True)
def test_twelve_shortlist_emails_pressed_at_once_get_exactly_the_limit(store):
    """Twelve presses of "Email me this list" from one visitor at the same moment, each a request in a
    thread with its own database connection (as in a threaded worker): exactly three may send."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connections
    from django.test import RequestFactory

    from assisted_digital.views import may_send

    postgresql_only()  # concurrent requests need a database that takes them
    session = SessionStore()
    session.create()
    start = threading.Barrier(12)
    answers = []

    def press():
        request = RequestFactory().post("/shortlist/email/", REMOTE_ADDR="198.51.100.20")
        request.session = SessionStore(session_key=session.session_key)
        start.wait()
        answers.append(may_send(request))
        connections.close_all()

    threads = [threading.Thread(target=press) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers.count(True) == ratelimit.SHORTLIST_EMAIL_PER_SESSION.count == 3
