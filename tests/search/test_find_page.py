"""The results page as a resident uses it: one GET search form, with the results and each result's own
small forms outside it; refining a search starts again at page 1; a card says why it is there."""

import pytest
from bs4 import BeautifulSoup

from search.models import SearchLog

pytestmark = pytest.mark.django_db


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def search_form_data(page, **changes) -> list[tuple[str, str]]:
    """What the browser sends for the search form, as a browser builds it: the fields inside the form
    and those joined to it with form="find-form"; ticked boxes only; no disabled fields."""
    form = page.find("form", id="find-form")
    fields = [*form.find_all(["input", "select"]), *page.find_all(["input", "select"], form="find-form")]
    data = []
    for field in fields:
        name = field.get("name")
        if not name or field.has_attr("disabled") or name in changes:
            continue
        if field.name == "select":
            chosen = field.find("option", selected=True) or field.find("option")
            data.append((name, chosen["value"]))
        elif field.get("type") not in ("checkbox", "radio") or field.has_attr("checked"):
            data.append((name, field.get("value", "")))
    for name, value in changes.items():
        for each in value if isinstance(value, list) else [value]:
            data.append((name, each))
    return data


def submit(client, page, **changes):
    form = page.find("form", id="find-form")
    data = search_form_data(page, **changes)
    query = "&".join(f"{name}={value}" for name, value in data)
    return client.get(f"{form['action']}?{query}"), data


@pytest.fixture
def two_pages(monkeypatch, directory):
    monkeypatch.setattr("search.query.PER_PAGE", 2)
    return directory


def current_page(page) -> str:
    return page.find("nav", class_="pagination").find("a", attrs={"aria-current": "page"}).get_text()


def test_the_search_form_is_get_without_a_token_or_a_page(client, directory):
    page = soup(client.get("/find/", {"q": "email", "where": "SK1", "page": "1"}))
    form = page.find("form", id="find-form")
    assert form["method"] == "get"
    names = {name for name, _value in search_form_data(page)}
    assert "csrfmiddlewaretoken" not in names
    assert "page" not in names


def test_each_results_own_form_is_outside_the_search_form(client, directory):
    page = soup(client.get("/find/", {"q": "email", "where": "SK1"}))
    shortlist_forms = page.select("ol.results form.shortlist-form")
    assert shortlist_forms
    for form in shortlist_forms:
        assert form.find_parent("form") is None
        assert form["method"] == "post"


@pytest.mark.parametrize(
    "change",
    [{"radius": "10"}, {"level": "foundation"}, {"sort": "name"}, {"q": "help"}],
    ids=["radius", "a filter", "sort", "new words"],
)
def test_refining_from_page_two_lands_on_page_one_and_is_logged(client, two_pages, change):
    second = soup(client.get("/find/", {"where": "SK1", "radius": "10", "page": "2"}))
    assert current_page(second) == "2"
    SearchLog.objects.all().delete()

    response, sent = submit(client, second, **change)
    names = [name for name, _value in sent]
    assert "page" not in names and "csrfmiddlewaretoken" not in names
    refined = soup(response)
    assert refined.find("ol", class_="results")["start"] == "1"
    pagination = refined.find("nav", class_="pagination")
    assert pagination is None or current_page(refined) == "1"
    assert SearchLog.objects.count() == 1


def test_a_new_place_starts_nearest_first_even_after_choosing_another_order(client, directory):
    by_name = soup(client.get("/find/", {"where": "SK1", "sort": "name", "radius": "10"}))
    assert by_name.find("select", id="find-sort").find("option", selected=True)["value"] == "name"

    response, _sent = submit(client, by_name, where="Bramhall")
    near_bramhall = soup(response)
    assert near_bramhall.find("select", id="find-sort").find("option", selected=True)["value"] == "distance"
    titles = [link.get_text() for link in near_bramhall.select("ol.results .result__title a")]
    assert titles[0] == "Email drop-in"  # at Bramhall Library, 0.1 miles away


def test_the_same_place_keeps_the_order_chosen(client, directory):
    by_name = soup(client.get("/find/", {"where": "SK1", "sort": "name", "radius": "10"}))
    response, _sent = submit(client, by_name, level="life")
    assert soup(response).find("select", id="find-sort").find("option", selected=True)["value"] == "name"


def test_a_result_card_says_what_it_is_and_why_it_is_here(client, directory):
    page = soup(client.get("/find/", {"q": "email", "where": "SK1"}))
    card = page.select("ol.results > li.result")[0]
    text = " ".join(card.get_text().split())
    assert card.find("a").get_text() == "Email drop-in"
    assert "Email drop-in." in card.find(class_="result__summary").get_text()  # the summary
    assert "0.4 miles away" in text
    assert "Level: I'm new to this" in text
    assert "Cost: free." in text
    assert "Next: " in text
    matched = card.find(class_="result__topic--matched")
    # Marked by a tick and in words for screen readers, not by colour alone.
    assert " ".join(matched.get_text().split()) == "✓ Email (what you searched for)"


def test_a_long_summary_is_cut_on_the_card_and_a_short_one_is_whole(client, directory):
    long_summary = "Help with email for people who have never used it. " * 5  # 255 characters
    directory["email"].summary = long_summary
    directory["email"].save_revision().publish()
    page = soup(client.get("/find/", {"q": "email"}))
    summaries = {
        card.find("a").get_text(): card.find(class_="result__summary").get_text()
        for card in page.select("ol.results > li.result")
    }
    assert summaries["Email drop-in"] == long_summary[:159] + "…"  # "...used it. Help w…"
    assert summaries["Digital helpline"] == "Digital helpline."


def test_a_topic_the_search_did_not_ask_for_is_shown_but_not_marked(client, directory):
    page = soup(client.get("/find/", {"q": "nhs app"}))
    helpline = next(
        card for card in page.select("li.result") if card.find("a").get_text() == "Digital helpline"
    )
    topics = {
        " ".join(li.get_text().split()): "result__topic--matched" in li.get("class", [])
        for li in helpline.select(".result__topics li")
    }
    assert topics == {"✓ NHS App (what you searched for)": True, "Email": False}


def test_the_map_pins_are_numbered_as_the_list_and_the_searched_place_has_its_own(client, two_pages):
    response = client.get("/find/", {"where": "SK1", "radius": "10", "page": "2"})
    markers = response.context["markers"]
    numbered = [marker for marker in markers if "number" in marker]
    assert [marker["number"] for marker in numbered] == [3, 4]
    assert all(marker["url"] and marker["title"] for marker in numbered)
    searched = [marker for marker in markers if marker.get("kind") == "searched"]
    assert len(searched) == 1 and searched[0]["title"] == "You searched near SK1"


def test_the_filters_fold_into_one_control_that_counts_what_is_chosen(client, directory):
    page = soup(client.get("/find/", {"where": "SK1", "level": "life", "format": "drop-in"}))
    filters = page.find("details", id="filters")
    assert " ".join(filters.find("summary").get_text().split()) == "Filters (2 chosen)"
    assert not filters.has_attr("open")  # folded on phones; filters.js opens it at desk widths
    results = page.find("div", class_="find__results")
    assert filters.find_next_sibling("div") is results


def test_results_pages_are_not_indexed_and_have_no_canonical_link(client, directory):
    page = soup(client.get("/find/", {"q": "email"}))
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert page.find("link", rel="canonical") is None


def test_the_place_step_asks_where_the_resident_is_for_a_task(client, directory):
    page = soup(client.get("/find/where/", {"topic": "universal-credit"}))
    form = page.find("form", role="search")
    assert form["action"] == "/find/" and form["method"] == "get"
    assert form.find("input", attrs={"name": "topic"})["value"] == "universal-credit"
    assert page.find("label", attrs={"for": "step-where"})
    assert form.find("button", attrs={"data-use-location": True})
    assert "help with Universal Credit and benefits near you" in page.get_text()


def test_the_place_step_with_an_unknown_topic_says_so_and_asks_for_words(client, directory):
    page = soup(client.get("/find/where/", {"topic": "<knitting>"}))
    assert "We don't have a help topic called '<knitting>'" in page.find(role="status").get_text()
    assert page.find("input", attrs={"name": "q"})
    assert page.find("input", attrs={"name": "topic"}) is None


def test_a_place_typed_in_the_words_box_starts_nearest_first_after_an_order_chosen_without_one(
    client, directory
):
    by_name = soup(client.get("/find/", {"q": "email", "sort": "name"}))
    assert by_name.find("select", id="find-sort").find("option", selected=True)["value"] == "name"

    response, sent = submit(client, by_name, q="Bramhall")
    assert ("sort", "name") in sent
    near_bramhall = soup(response)
    assert near_bramhall.find("select", id="find-sort").find("option", selected=True)["value"] == "distance"
    titles = [link.get_text() for link in near_bramhall.select("ol.results .result__title a")]
    assert titles[0] == "Email drop-in"  # at Bramhall Library, 0.1 miles away


def test_a_keyboard_user_can_skip_past_the_filters_to_the_results(client, directory):
    page = soup(client.get("/find/", {"where": "SK1", "q": "email"}))
    focusable = page.select("a[href], input:not([type=hidden]), select, button, summary")
    skip = page.find("a", string="Skip to results")
    first_filter = page.select_one("#filters summary")
    # The link comes before the filters, in the order the Tab key takes, and lands on the results.
    assert focusable.index(skip) < focusable.index(first_filter)
    target = page.find(id=skip["href"].removeprefix("#"))
    assert page.select_one("ol.results")["aria-labelledby"] == target["id"]
    assert target["tabindex"] == "-1"
