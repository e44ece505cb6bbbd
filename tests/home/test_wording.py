"""Names and phone numbers inside sentences on listing pages."""

import pytest
from django.template import Context, Template

from home.templatetags.signpost_tags import audience_words, in_sentence
from tests import factories


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "Email, video calls, shopping and banking, the NHS App, benefits and staying safe.",
            "email, video calls, shopping and banking, the NHS App, benefits and staying safe.",
        ),
        ("NHS App", "NHS App"),
        ("Universal Credit and benefits", "Universal Credit and benefits"),
        ("WhatsApp", "WhatsApp"),
        ("People looking for work", "people looking for work"),
        ("Email", "email"),
    ],
)
def test_names_keep_their_capitals_inside_a_sentence_only_where_they_need_them(name, expected):
    assert in_sentence(name) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("slugs", "expected"),
    [
        (["everyone"], "Everyone is welcome."),
        (["everyone", "job-seekers"], "Everyone is welcome, especially people looking for work."),
        (
            ["families", "carers", "job-seekers"],
            "Especially for families and parents, carers and people looking for work.",
        ),
    ],
)
def test_who_a_listing_is_for_reads_as_english(slugs, expected):
    names = {
        "everyone": "Everyone",
        "job-seekers": "People looking for work",
        "families": "Families and parents",
        "carers": "Carers",
    }
    audiences = [factories.AudienceFactory(slug=slug, name=names[slug]) for slug in slugs]
    assert audience_words(audiences) == expected


def test_phone_numbers_in_text_become_links_a_phone_can_call_and_the_rest_is_escaped():
    html = Template("{% load signpost_tags %}{{ text|phone_links }}").render(
        Context({"text": "Ring 0161 496 0123 <b>or</b> 07700 900123.\nAsk for Sam."})
    )
    assert html == (
        'Ring <a href="tel:01614960123">0161 496 0123</a> &lt;b&gt;or&lt;/b&gt; '
        '<a href="tel:07700900123">07700 900123</a>.<br>Ask for Sam.'
    )
