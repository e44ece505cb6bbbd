"""Every parameter of /find/ given garbage: a page with a message (200), never an error, and nothing
written to the database but the search log."""

import pytest
from django.apps import apps
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.models import SearchLog
from signpost.guards import CONTROL_CHARACTERS_IN_ADDRESSES as CONTROL_CHARACTERS
from signpost.models import RateLimitCounter

PARAMETERS = [
    "q",
    "where",
    "lat",
    "lng",
    "radius",
    "level",
    "topic",
    "format",
    "cost",
    "access",
    "language",
    "day",
    "open",
    "sort",
    "page",
]

garbage = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "",
            " ",
            "-1",
            "0",
            "1e309",
            "NaN",
            "inf",
            "99999999999999999999",
            "1.5",
            "null",
            "%00",
            "\x00",
            "'; DROP TABLE",
            "<script>",
            "SK1 3XE",
            "🙂",
            "a" * 5000,
        ]
    ),
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)


def table_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        # Searches are logged, and JSON requests counted per address for the rate limit.
        if model not in (SearchLog, RateLimitCounter) and not model._meta.proxy and model._meta.managed
    }


@pytest.mark.django_db
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    params=st.dictionaries(st.sampled_from(PARAMETERS), st.lists(garbage, min_size=1, max_size=3), max_size=6)
)
def test_garbage_in_any_parameter_gives_a_page_not_an_error(client, directory, params):
    before = table_counts()
    # Control characters (NUL above all) are refused before the search sees them (signpost/guards.py).
    refused = any(CONTROL_CHARACTERS.search(value) for values in params.values() for value in values)
    for url in ("/find/", "/find/results.json"):
        response = client.get(url, params)
        assert response.status_code == (400 if refused else 200), (url, params)
    assert table_counts() == before


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"radius": "far"}, "is not a distance we can search"),
        ({"level": "expert"}, "We don't have a level called 'expert'"),
        ({"topic": "knitting"}, "We don't have a help topic called 'knitting'"),
        ({"format": "pigeon-post"}, "We don't have a way of getting help called 'pigeon-post'"),
        ({"access": "lift"}, "We don't have an access need called 'lift'"),
        ({"language": "klingon"}, "We don't have a language called 'klingon'"),
        ({"open": "later"}, "'later' is not something we can filter by, so we left it out."),
        ({"cost": "cheap"}, "'cheap' is not a cost we can filter by. Choose free, low cost or paid."),
        ({"day": "someday"}, "is not a day of the week"),
        ({"sort": "price"}, "We can't sort by 'price'"),
        ({"page": "-3"}, "There is no page '-3'"),
        ({"lat": "53.4"}, "We need both parts of your location"),
        ({"lat": "500", "lng": "0"}, "We couldn't use your location"),
        ({"q": "x" * 300}, "very long"),
        ({"where": "x" * 150}, "The place you typed was very long, so we used the first 100 letters."),
        ({"where": "SK99 9ZZ"}, "We couldn't find the postcode SK99 9ZZ"),
        ({"q": "Bramhall", "words": "sometimes"}, "We couldn't use 'sometimes', so we left it out."),
    ],
)
def test_each_bad_value_gets_a_plain_message(client, directory, params, message):
    data = client.get("/find/results.json", params).json()
    assert any(message in text for text in data["messages"]), data["messages"]


def test_a_bad_value_is_dropped_and_the_good_ones_still_apply(client, directory):
    data = client.get("/find/results.json", {"topic": ["knitting", "universal-credit"], "radius": "9"}).json()
    assert [result["title"] for result in data["results"]] == ["Universal Credit claim support"]
