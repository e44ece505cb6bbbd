"""Every parameter of /find/ given garbage: a page with a message (200), never an error, and nothing
written to the database but the search log."""

from urllib.parse import parse_qsl

import pytest
from django.apps import apps
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.models import SearchLog
from signpost.guards import CONTROL_CHARACTERS_IN_ADDRESSES as CONTROL_CHARACTERS
from signpost.models import RateLimitCounter
from tests.tables import table

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


@pytest.mark.parametrize(("query", "message"), table(__file__, "bad_values.csv"))
def test_each_bad_value_gets_a_plain_message(client, directory, query, message):
    assert_results_say(client, dict(parse_qsl(query)), message)


@pytest.mark.parametrize(
    ("parameter", "length", "message"),
    [
        ("q", 300, "very long"),
        ("where", 150, "The place you typed was very long, so we used the first 100 letters."),
    ],
)
def test_a_very_long_value_gets_a_plain_message(client, directory, parameter, length, message):
    assert_results_say(client, {parameter: "x" * length}, message)


def assert_results_say(client, params, message):
    """The results for `params` carry a message containing `message`."""
    data = client.get("/find/results.json", params).json()
    assert any(message in text for text in data["messages"]), data["messages"]


def test_a_bad_value_is_dropped_and_the_good_ones_still_apply(client, directory):
    data = client.get("/find/results.json", {"topic": ["knitting", "universal-credit"], "radius": "9"}).json()
    assert [result["title"] for result in data["results"]] == ["Universal Credit claim support"]
