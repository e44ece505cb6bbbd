"""Whatever is typed into any parameter, the API answers 200 or 400 with JSON: never a 500."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

PARAMETERS = [
    "search",
    "page",
    "per_page",
    "taxonomy_term_id",
    "taxonomy_id",
    "day",
    "start_time",
    "end_time",
    "postcode",
    "proximity",
    "modified_after",
    "minimum_age",
    "maximum_age",
]
# Text that looks almost right is where bugs hide: numbers, times, dates, ids and postcodes, bent.
nearly_right = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.from_regex(r"\A[0-9]{1,3}:[0-9]{1,3}(:[0-9]{1,3})?\Z"),
    st.from_regex(r"\A[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([T ][0-9:.+Z-]{0,14})?\Z"),
    st.uuids().map(str),
    st.from_regex(r"\A[A-Za-z]{1,2}[0-9]{1,2} ?[0-9][A-Za-z]{2}\Z"),
    st.sampled_from(["MO", "tu", "Sunday", "-1FR", "\x00", "%00", "'; drop table x; --", "１２", "٣"]),
)
queries = st.dictionaries(st.sampled_from(PARAMETERS), nearly_right, max_size=4)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    query=queries,
    path=st.sampled_from(
        [
            "/api/oruk/services",
            "/api/oruk/service_at_locations",
            "/api/oruk/taxonomies",
            "/api/oruk/taxonomy_terms",
        ]
    ),
)
def test_any_parameter_values_get_200_or_400_with_json(client, directory, query, path):
    response = client.get(path, query)
    assert response.status_code in (200, 400), (query, response.content[:300])
    data = response.json()
    assert ("contents" in data) if response.status_code == 200 else isinstance(data["error"], str)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    identifier=st.one_of(st.text(min_size=1, max_size=40), st.uuids().map(str)),
    path=st.sampled_from(["services", "service_at_locations", "taxonomies", "taxonomy_terms"]),
)
def test_any_id_gets_200_400_or_404_with_json(client, directory, identifier, path):
    response = client.get(f"/api/oruk/{path}/{identifier.replace('/', '')}")
    assert response.status_code in (200, 400, 404), (identifier, response.content[:300])
    assert response.json()
