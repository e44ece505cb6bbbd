"""The one-click "add as a synonym" on the unmet demand screen: the search reads it at once."""

import pytest

from directory.models import HelpTopic
from insights import totals
from search.understanding import read_query

from .conftest import log_searches

pytestmark = pytest.mark.django_db
URL = "/admin/insights/unmet/add-synonym/"


def test_adding_words_as_a_synonym_makes_the_search_read_them_as_the_topic(coordinator_client, directory):
    log_searches(("2026-11-10", "smart tv", "SK5", {}, 0, 2))
    totals.update()
    assert read_query("smart tv").topics == frozenset()
    video = HelpTopic.objects.get(slug="video-calls")
    response = coordinator_client.post(
        URL, {"words": "Smart  TV", "topic": video.pk, "next": "/admin/insights/unmet/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/insights/unmet/"
    video.refresh_from_db()
    assert video.synonyms == "zoom, facetime, grandchildren, smart tv"
    assert read_query("help with my smart tv").topics == frozenset({"video-calls"})
    page = coordinator_client.get(response["Location"]).content.decode()
    assert "&#x27;smart tv&#x27; is now a synonym of Video calls." in page
    # The words no longer appear among those that matched no topic.
    assert 'value="smart tv"' not in page


def test_the_finder_finds_the_topic_by_its_new_synonym(coordinator_client, directory):
    video = HelpTopic.objects.get(slug="video-calls")
    coordinator_client.post(URL, {"words": "smart tv", "topic": video.pk})
    response = coordinator_client.get("/find/", {"q": "smart tv"})
    titles = [result.title for result in response.context["page_results"]]
    assert "Video calling club" in titles


@pytest.mark.parametrize(
    ("words", "message"),
    [
        ("", "There were no words to add."),
        ("!!!", "Synonyms need letters or numbers, not only punctuation."),
        ("tv, radio", "Add one synonym at a time, without commas or semicolons."),
        ("gmail", "&#x27;gmail&#x27; already finds Email."),
        ("help", "&#x27;help&#x27; is too common to mean one topic: add more exact words."),
        ("x" * 101, "Words to add as a synonym must be 100 characters or fewer."),
    ],
)
def test_bad_words_get_a_message_and_change_nothing(coordinator_client, directory, words, message):
    before = dict(HelpTopic.objects.values_list("slug", "synonyms"))
    video = HelpTopic.objects.get(slug="video-calls")
    response = coordinator_client.post(URL, {"words": words, "topic": video.pk}, follow=True)
    assert message in response.content.decode()
    assert dict(HelpTopic.objects.values_list("slug", "synonyms")) == before


def test_a_missing_topic_gets_a_message(coordinator_client, directory):
    response = coordinator_client.post(URL, {"words": "smart tv", "topic": "999999"}, follow=True)
    assert "That help topic no longer exists. Choose another." in response.content.decode()
    response = coordinator_client.post(URL, {"words": "smart tv"}, follow=True)
    assert "Choose the help topic these words mean." in response.content.decode()


def test_the_synonym_action_takes_post_only_and_goes_back_only_to_this_site(coordinator_client, directory):
    assert coordinator_client.get(URL).status_code == 405
    video = HelpTopic.objects.get(slug="video-calls")
    response = coordinator_client.post(
        URL, {"words": "smart tv", "topic": video.pk, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/admin/insights/unmet/"
