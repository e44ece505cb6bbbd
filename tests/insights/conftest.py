"""The insights tests: the search tests' small Stockport directory, a coordinator, an editor, a
librarian, and a helper that writes search log rows at given times."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from assisted_digital.permissions import REFERRERS_GROUP
from inclusion_alliance.permissions import ensure_coordinators_group, setup_organisation_group
from insights.demo import backdated
from search.models import SearchLog
from tests.search import conftest as search_fixtures

directory = search_fixtures.directory
gazetteer = search_fixtures.gazetteer


@pytest.fixture(autouse=True)
def today_is_30_november(time_machine):
    """Insights count days: every test here runs on 30 November 2026, 3 pm."""
    time_machine.move_to("2026-11-30 15:00 +00:00", tick=False)


def at(day: str, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour)))


def log_searches(*rows) -> list[SearchLog]:
    """Rows of (day, words, district, filters, results), or with a sixth item: how many such rows."""
    made = []
    for row in rows:
        day, words, district, filters, found, *times = row
        for _number in range(times[0] if times else 1):
            made.append(
                SearchLog(
                    created_at=at(day),
                    query=words,
                    outward_code=district,
                    filters=filters,
                    result_count=found,
                    engine="database",
                )
            )
    with backdated(SearchLog):
        return SearchLog.objects.bulk_create(made)


@pytest.fixture
def coordinator(django_user_model, db):
    user = django_user_model.objects.create_user("coordinator", "coordinator@example.org", "password")
    user.groups.add(ensure_coordinators_group())
    return user


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def editor(django_user_model, directory):
    from directory.models import OrganisationPage

    user = django_user_model.objects.create_user("editor", "editor@example.org", "password")
    user.groups.add(setup_organisation_group(OrganisationPage.objects.get(title="Reddish Community Hub")))
    return user


@pytest.fixture
def librarian(django_user_model, db):
    user = django_user_model.objects.create_user("librarian", "librarian@example.org", "password")
    user.groups.add(Group.objects.get(name=REFERRERS_GROUP))
    return user
