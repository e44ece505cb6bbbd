"""Before any view or database sees a request: control characters refused, the APIs limited per address."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from PIL import Image

from signpost import ratelimit
from tests.services import postgresql_only

pytestmark = pytest.mark.django_db

# Every public address that reads parameters, with the parameters it reads.
SEARCH_PARAMETERS = ["q", "where", "radius", "level", "topic", "format", "cost", "access", "language"]
SEARCH_PARAMETERS += ["day", "open_now", "sort", "page", "lat", "lng"]
PUBLIC_PARAMETERS = [
    *[("/find/", name) for name in SEARCH_PARAMETERS],
    *[("/find/results.json", name) for name in SEARCH_PARAMETERS],
    ("/find/autocomplete.json", "q"),
    *[("/api/oruk/services", name) for name in ("text", "page", "per_page", "taxonomy_id", "postcode")],
    ("/api/oruk/service_at_locations", "taxonomy_id"),
    ("/api/oruk/taxonomy_terms", "taxonomy_id"),
    ("/whats-on/", "when"),
    ("/shortlist/", "next"),
]
CONTROL = st.sampled_from([chr(code) for code in [*range(0, 9), 11, 12, *range(14, 32), 127]])
TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=20)


@st.composite
def text_with_a_control_character(draw):
    before, after = draw(TEXT), draw(TEXT)
    return before + draw(CONTROL) + after


@hypothesis_settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(where=st.sampled_from(PUBLIC_PARAMETERS), value=text_with_a_control_character())
def test_control_characters_in_any_public_parameter_are_refused_plainly_on_postgresql(client, where, value):
    postgresql_only()  # PostgreSQL is the database that cannot store NUL
    path, name = where
    response = client.get(path, {name: value}, REMOTE_ADDR="192.0.2.1")
    assert response.status_code == 400


def test_a_nul_in_autocomplete_is_a_plain_400(client, home_page):
    response = client.get("/find/autocomplete.json?q=%00")
    assert response.status_code == 400
    assert "characters in it that we cannot read" in response.content.decode()


def test_a_nul_in_a_form_field_is_refused_and_nothing_is_saved(client, home_page):
    response = client.post("/shortlist/email/", {"email": "resident\x00@example.org"})
    assert response.status_code == 400


def test_line_breaks_in_a_form_field_are_allowed():
    from django.test import RequestFactory

    from signpost.guards import has_control_characters

    request = RequestFactory().post("/report/", {"details": "Line one\r\nLine two\tend"})
    assert not has_control_characters(request)


def test_the_open_data_api_is_limited_per_address_with_retry_after(client, home_page, monkeypatch):
    monkeypatch.setattr(ratelimit, "API_PER_ADDRESS", ratelimit.Limit("api-test", count=2, seconds=60))
    answers = [client.get("/api/oruk/services", REMOTE_ADDR="198.51.100.40") for _ in range(3)]
    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert 0 < int(answers[2]["Retry-After"]) <= 60
    assert "Too many requests" in answers[2].json()["error"]
    assert client.get("/api/oruk/services", REMOTE_ADDR="198.51.100.41").status_code == 200


def test_the_json_endpoints_are_limited_per_address(client, home_page, monkeypatch):
    monkeypatch.setattr(ratelimit, "JSON_PER_ADDRESS", ratelimit.Limit("json-test", count=1, seconds=60))
    assert client.get("/find/autocomplete.json", {"q": "em"}).status_code == 200
    refused = client.get("/find/results.json", {"q": "em"})
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert "Too many requests" in refused.json()["error"]


def png(width: int, height: int) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("1", (width, height)).save(buffer, "PNG", optimize=True)
    return SimpleUploadedFile("huge.png", buffer.getvalue(), content_type="image/png")


def test_an_image_of_too_many_pixels_is_refused_however_small_the_file():
    from wagtail.images.fields import WagtailImageField

    upload = png(11_000, 11_000)
    assert upload.size < 100_000
    with pytest.raises(ValidationError, match="pixels"):
        WagtailImageField().clean(upload)


def test_an_ordinary_photo_size_is_accepted():
    from wagtail.images.fields import WagtailImageField

    assert WagtailImageField().clean(png(4000, 3000))
