"""Listing page views with Redis as the shared cache: counted in Redis, not the database, and moved
into the daily totals when the screens are opened or `update_insights` runs, each on its own day."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.test import Client

from insights import listing_views
from insights.choices import Measure
from insights.models import DailyCount, MonthlyCount
from tests.services import use_redis_cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_cache(settings):
    use_redis_cache(settings)
    yield
    listing_views.fold()  # leave nothing of this test's in Redis


def views_in_database() -> list[tuple]:
    return list(DailyCount.objects.of(Measure.VIEW).values_list("day", "key", "count"))


def test_a_view_writes_nothing_to_the_database_until_the_views_are_folded(redis_cache, directory):
    listing = directory["email"]
    visitor = Client()
    for _ in range(2):
        assert visitor.get(listing.url).status_code == 200
    assert views_in_database() == []

    assert listing_views.fold() == 2
    assert views_in_database() == [(dt.date(2026, 11, 30), str(listing.pk), 2)]
    assert listing_views.fold() == 0  # each view is moved once


def test_views_counted_in_redis_show_on_the_reach_screen(redis_cache, directory, coordinator_client):
    visitor = Client()
    for _ in range(3):
        visitor.get(directory["email"].url)
    response = coordinator_client.get("/admin/insights/reach/", {"start": "2026-11-01", "end": "2026-11-30"})
    views = next(s["table"] for s in response.context["sections"] if s["table"].slug == "views")
    assert views.rows == [["Email drop-in", 3, 0, "new"]]


def test_update_insights_folds_views_into_the_day_and_month_they_were_counted(
    redis_cache, directory, time_machine
):
    time_machine.move_to("2026-10-31 23:30 +00:00", tick=False)
    listing_views.count(directory["email"].pk)
    time_machine.move_to("2026-11-30 15:00 +00:00", tick=False)
    listing_views.count(directory["email"].pk)

    call_command("update_insights", "--from", "2026-10-01", stdout=io.StringIO())
    pk = str(directory["email"].pk)
    assert sorted(views_in_database()) == [(dt.date(2026, 10, 31), pk, 1), (dt.date(2026, 11, 30), pk, 1)]
    october = MonthlyCount.objects.get(measure=Measure.VIEW, month=dt.date(2026, 10, 1))
    assert (october.key, october.count) == (pk, 1)


def test_a_fold_the_database_refuses_puts_the_views_back(redis_cache, directory, monkeypatch):
    listing_views.count(directory["email"].pk)

    def refuse(*args, **kwargs):
        raise RuntimeError("the database is down")

    with monkeypatch.context() as patched:
        patched.setattr(DailyCount, "add", refuse)
        with pytest.raises(RuntimeError):
            listing_views.fold()
    assert listing_views.fold() == 1
    assert views_in_database() == [(dt.date(2026, 11, 30), str(directory["email"].pk), 1)]


def test_a_view_is_counted_in_the_database_when_redis_cannot_be_reached(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    listing_views.count(42)
    assert views_in_database() == [(dt.date(2026, 11, 30), "42", 1)]
