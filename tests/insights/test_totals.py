"""Daily totals: every figure equals what the raw search log and referrals give when counted directly."""

import datetime as dt
from collections import Counter

import pytest
from django.core.management import call_command
from django.db.models import Sum

from assisted_digital.models import Referral
from directory.models import HelpTopic, Venue
from insights import totals
from insights.choices import Measure
from insights.models import DailyCount
from search.models import SearchLog
from search.understanding import read_query

from .conftest import log_searches

pytestmark = pytest.mark.django_db


@pytest.fixture
def searches(directory):
    return log_searches(
        ("2026-11-02", "email", "SK1", {}, 4),
        ("2026-11-02", "help with gmail", "SK1", {"level": ["foundation"]}, 2),
        ("2026-11-02", "", "SK5", {"topic": ["universal-credit"], "level": ["life"]}, 1),
        ("2026-11-03", "smart tv", "SK5", {}, 0, 3),
        ("2026-11-03", "email", "SK7", {"topic": ["video-calls"]}, 0),
        ("2026-11-04", "zoom", "", {"radius": "2", "page": "1"}, 7),
    )


def summed(measure, **filters) -> int:
    return DailyCount.objects.filter(measure=measure, **filters).aggregate(total=Sum("count"))["total"] or 0


def test_searches_by_district_and_day_equal_the_raw_rows(searches):
    totals.update()
    raw = Counter(
        (row.created_at.astimezone(dt.UTC).date(), row.outward_code) for row in SearchLog.objects.all()
    )
    for (day, district), count in raw.items():
        assert summed(Measure.SEARCHES, day=day, district=district) == count
    assert summed(Measure.SEARCHES) == SearchLog.objects.count() == 8


def test_topics_count_both_words_and_filters_that_name_them(searches):
    totals.update()
    for slug in HelpTopic.objects.values_list("slug", flat=True):
        raw = sum(
            1
            for row in SearchLog.objects.all()
            if slug in row.filters.get("topic", []) or slug in read_query(row.query).topics
        )
        assert summed(Measure.TOPIC, key=slug) == raw, slug
    assert summed(Measure.TOPIC, key="email") == 3
    assert summed(Measure.TOPIC, key="video-calls") == 2  # the filter on one row, "zoom" on another


def test_levels_and_topic_with_level_count_the_chosen_levels(searches):
    totals.update()
    assert summed(Measure.LEVEL, key="foundation") == 1
    assert summed(Measure.LEVEL, key="life", district="SK5") == 1
    assert summed(Measure.TOPIC_LEVEL, key="universal-credit", detail="life") == 1
    assert summed(Measure.TOPIC_LEVEL, key="email", detail="foundation") == 1


def test_zero_and_few_result_searches_are_kept_with_words_district_filters_and_last_seen(searches):
    totals.update()
    zero = DailyCount.objects.get(measure=Measure.ZERO, key="smart tv")
    assert (zero.district, zero.detail, zero.count) == ("SK5", "", 3)
    assert zero.last_seen == SearchLog.objects.filter(query="smart tv").latest("created_at").created_at
    other_zero = DailyCount.objects.get(measure=Measure.ZERO, key="email")
    assert other_zero.detail == "topic=video-calls"
    few = DailyCount.objects.filter(measure=Measure.FEW).order_by("key")
    assert [(row.key, row.detail, row.count) for row in few] == [
        ("", "level=life&topic=universal-credit", 1),
        ("help with gmail", "level=foundation", 1),
    ]
    assert summed(Measure.ZERO) == SearchLog.objects.filter(result_count=0).count()
    assert summed(Measure.FEW) == SearchLog.objects.filter(result_count__in=[1, 2, 3]).count()


def test_words_that_name_no_topic_are_counted_as_unmatched(searches):
    totals.update()
    assert dict(DailyCount.objects.filter(measure=Measure.UNMATCHED).values_list("key", "count")) == {
        "smart tv": 3
    }
    assert summed(Measure.WORDS, key="email") == 2


def test_referrals_by_venue_topic_listing_and_organisation_equal_the_referrals(directory):
    reddish = Venue.objects.get(name="Reddish Library")
    email = HelpTopic.objects.get(slug="email")
    Referral.objects.bulk_create(
        [
            Referral(listing=directory["email"], venue=reddish, topic=email, date=dt.date(2026, 11, 2)),
            Referral(listing=directory["email"], venue=reddish, topic=email, date=dt.date(2026, 11, 2)),
            Referral(listing=directory["uc"], venue=None, topic=None, date=dt.date(2026, 11, 5)),
        ]
    )
    totals.update()
    assert summed(Measure.REFERRAL_VENUE, key=str(reddish.pk)) == 2
    assert summed(Measure.REFERRAL_VENUE, key="") == 1
    assert summed(Measure.REFERRAL_TOPIC, key=str(email.pk)) == 2
    assert summed(Measure.REFERRAL_LISTING, key=str(directory["uc"].pk)) == 1
    library_group = directory["email"].get_parent()
    assert summed(Measure.REFERRAL_ORGANISATION, key=str(library_group.pk)) == 2
    assert summed(Measure.REFERRAL_VENUE) == Referral.objects.count()


def test_updating_again_gives_the_same_totals_and_picks_up_new_rows(searches):
    call_command("update_insights", stdout=None)
    first = list(DailyCount.objects.values_list("measure", "day", "key", "district", "detail", "count"))
    call_command("update_insights", "--from", "2026-11-01")
    again = list(DailyCount.objects.values_list("measure", "day", "key", "district", "detail", "count"))
    assert sorted(first) == sorted(again)
    log_searches(("2026-11-30", "email", "SK1", {}, 4))
    call_command("update_insights")
    assert summed(Measure.SEARCHES) == 9


def test_update_insights_refuses_a_date_it_cannot_read(capsys):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("update_insights", "--from", "30/11/2026")
