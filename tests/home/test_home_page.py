"""The front door: task shortcuts, the three levels in plain words and the place box."""

import pytest
from bs4 import BeautifulSoup

from core.choices import SkillLevel
from home.models import HomePageTask
from tests import factories


def home_soup(client, home_page) -> BeautifulSoup:
    response = client.get(home_page.url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def text_of(tag) -> str:
    return " ".join(tag.get_text().split())


@pytest.mark.django_db
def test_task_shortcuts_ask_where_the_resident_is_for_their_topic(client, home_page):
    nhs_app = factories.HelpTopicFactory(name="NHS App", slug="nhs-app")
    email = factories.HelpTopicFactory(name="Email", slug="email")
    HomePageTask.objects.create(page=home_page, topic=nhs_app, label="Use the NHS App", sort_order=0)
    HomePageTask.objects.create(page=home_page, topic=email, sort_order=1)

    section = home_soup(client, home_page).find("section", attrs={"aria-labelledby": "tasks-heading"})
    links = [(text_of(link), link["href"]) for link in section.find_all("a")]
    # A task without its own words uses the topic's name.
    assert links == [
        ("Use the NHS App", "/find/where/?topic=nhs-app"),
        ("Email", "/find/where/?topic=email"),
    ]


@pytest.mark.django_db
def test_home_page_without_task_shortcuts_has_no_empty_task_list(client, home_page):
    assert home_soup(client, home_page).find(id="tasks-heading") is None


@pytest.mark.django_db
def test_the_three_levels_are_offered_in_plain_words(client, home_page):
    form = home_soup(client, home_page).find("form", attrs={"role": "search"})
    fieldset = form.find("fieldset")
    assert text_of(fieldset.legend) == "How confident do you feel?"
    choices = []
    for radio in fieldset.find_all("input", attrs={"name": "level"}):
        label = fieldset.find("label", attrs={"for": radio["id"]})
        choices.append((radio["value"], text_of(label)))
    assert choices == [
        ("foundation", "I'm new to this"),
        ("life", "I know the basics"),
        ("work", "I want skills for work"),
        ("", "I'm not sure"),
    ]
    assert [value for value, _ in choices[:3]] == SkillLevel.values
    # Each level says what it covers, tied to its radio button for screen readers.
    foundation = fieldset.find("input", id="home-level-foundation")
    hint = fieldset.find(id=foundation["aria-describedby"])
    assert text_of(hint) == SkillLevel.FOUNDATION.description
    # The framework's own names are for the council, not for residents.
    assert "Foundation" not in text_of(fieldset)


@pytest.mark.django_db
def test_the_place_box_asks_where_you_are_and_searches_by_it(client, home_page):
    form = home_soup(client, home_page).find("form", attrs={"role": "search"})
    assert (form["action"], form["method"]) == ("/find/", "get")
    place = form.find("input", attrs={"name": "where"})
    assert text_of(form.find("label", attrs={"for": place["id"]})) == "Where are you?"
    hint = form.find(id=place["aria-describedby"])
    assert "postcode" in text_of(hint)
    assert place["autocomplete"] == "postal-code"
