"""The public search, /find/ and /find/results.json, on the database engine."""

import datetime as dt
from urllib.parse import parse_qs

import pytest
import time_machine
from bs4 import BeautifulSoup

from search.models import SearchLog

from .conftest import FILTER_CASES, LONDON, OPEN_NOW_CASES, SYNONYM_CASES


def find(client, **params):
    response = client.get("/find/results.json", params)
    assert response.status_code == 200
    return response.json()


def titles(data) -> list[str]:
    return [result["title"] for result in data["results"]]


def test_no_parameters_lists_every_live_listing_a_to_z(client, directory):
    data = find(client)
    assert titles(data) == sorted(titles(data), key=str.lower)
    assert data["total"] == 6
    assert "Secret email plans" not in titles(data)  # a draft
    assert "Old email class" not in titles(data)  # closed


def test_words_find_listings_that_contain_them_best_match_first(client, directory):
    # "tablet" is in one listing's title and the other's description.
    assert titles(find(client, q="tablet")) == ["Late night phone and tablet help", "Email drop-in"]


def test_word_endings_do_not_matter(client, directory):
    assert "Video calling club" in titles(find(client, q="calling"))
    assert "Video calling club" in titles(find(client, q="clubs"))


@pytest.mark.parametrize(("typed", "expected"), SYNONYM_CASES)
def test_help_topic_synonyms_find_listings_on_that_topic(client, directory, typed, expected):
    assert set(titles(find(client, q=typed))) == expected


def test_topic_words_and_other_words_together_narrow_to_both(client, directory):
    # "tablet" is only in the Email drop-in's description; both email listings are on the topic.
    assert titles(find(client, q="email tablet")) == ["Email drop-in"]


def test_a_help_topic_added_since_the_last_search_can_be_searched_for_at_once(client, directory):
    from directory.models import HelpTopic

    assert find(client, topic="knitting-apps")["messages"] == [
        "We don't have a help topic called 'knitting-apps', so we left it out."
    ]
    HelpTopic.objects.create(name="Knitting apps", slug="knitting-apps")
    data = find(client, topic="knitting-apps")
    assert data["messages"] == []
    assert data["total"] == 0  # the topic is searched for: no listing has it yet


def test_words_that_match_nothing_find_nothing(client, directory):
    data = find(client, q="knitting")
    assert data["total"] == 0


def test_a_postcode_sorts_by_distance_and_limits_to_five_miles(client, directory):
    data = find(client, where="SK1 3XE")
    assert data["place"] == "SK1 3XE" and data["radius_miles"] == 5
    distances = [result["distance_miles"] for result in data["results"]]
    assert distances == sorted(distances)
    assert all(distance <= 5 for distance in distances)
    assert "Job club" not in titles(data)  # Manchester, over 6 miles away
    assert titles(data)[0] in {"Email drop-in", "Late night phone and tablet help"}  # both at Central Library


@pytest.mark.parametrize(("radius", "expected"), [("1", 2), ("2", 3), ("5", 4), ("10", 5)])
def test_radius_limits_results_to_that_distance(client, directory, radius, expected):
    data = find(client, where="SK1", radius=radius)
    assert data["total"] == expected
    assert all(result["distance_miles"] <= int(radius) for result in data["results"])


def test_a_place_name_and_an_outward_code_are_both_places(client, directory):
    assert titles(find(client, where="bramhall", radius="1")) == ["Email drop-in"]
    assert titles(find(client, where="sk5", radius="1")) == ["Universal Credit claim support"]


def test_a_listing_at_several_venues_appears_once_at_its_nearest(client, directory):
    near_bramhall = find(client, where="Bramhall", q="email", radius="10")
    email = [result for result in near_bramhall["results"] if result["title"] == "Email drop-in"]
    assert len(email) == 1
    assert email[0]["venue"] == "Bramhall Library"
    near_central = find(client, where="SK1", q="email", radius="10")
    assert [r["venue"] for r in near_central["results"] if r["title"] == "Email drop-in"] == [
        "Stockport Central Library"
    ]


def test_location_from_the_browser_is_a_place(client, directory):
    data = find(client, lat="53.4359", lng="-2.1601", radius="1")
    assert titles(data) == ["Universal Credit claim support"]
    assert data["results"][0]["distance_miles"] == pytest.approx(0.0, abs=0.01)


def test_phone_and_online_help_is_offered_beside_a_place_search(client, directory):
    response = client.get("/find/", {"q": "email", "where": "SK1"})
    html = response.content.decode()
    assert "You can also get help by phone or online" in html
    assert "Digital helpline" in html
    assert "Digital helpline" not in titles(find(client, q="email", where="SK1"))


@pytest.mark.usefixtures("ordinary_week")
@pytest.mark.parametrize(("params", "expected"), FILTER_CASES)
def test_each_filter_keeps_only_matching_listings(client, directory, params, expected):
    assert set(titles(find(client, **params))) == expected


@pytest.mark.usefixtures("ordinary_week")
def test_a_session_past_midnight_belongs_to_the_day_it_starts_on(client, directory):
    # The late night help runs from 10pm on Friday to 1am on Saturday.
    assert set(titles(find(client, day="fri"))) == {"Job club", "Late night phone and tablet help"}
    assert titles(find(client, day="sat")) == []


@pytest.mark.usefixtures("ordinary_week")
def test_filters_combine_with_place_and_words(client, directory):
    data = find(client, where="SK1", q="email", level="foundation", access="step-free", day="thu")
    assert titles(data) == ["Email drop-in"]
    assert (
        data["results"][0]["venue"] == "Bramhall Library"
    )  # the only step-free venue with a Thursday session


def test_access_filter_picks_the_venue_that_has_it(client, directory):
    data = find(client, where="Bramhall", q="email", radius="10", access="hearing-loop")
    assert [r["venue"] for r in data["results"]] == ["Stockport Central Library"]


def test_facet_counts_match_the_results_each_value_would_give(client, directory):
    base = {"where": "SK1", "radius": "10"}
    facets = find(client, **base)["facets"]
    for facet, counts in facets.items():
        for value, count in counts.items():
            assert find(client, **base, **{facet: value})["total"] == count, (facet, value)


def test_facet_counts_for_a_chosen_facet_ignore_that_facet(client, directory):
    facets = find(client, topic="email")["facets"]
    # Other topics still show how many listings they would add.
    assert facets["topic"]["universal-credit"] == 1
    # Other facets count within email help only.
    assert facets["format"] == {"drop-in": 1, "phone": 1}


@pytest.mark.parametrize(("moment", "expected"), OPEN_NOW_CASES)
def test_open_now_uses_uk_time_including_past_midnight(client, directory, moment, expected):
    with time_machine.travel(moment, tick=False):
        assert set(titles(find(client, open="now"))) == expected


def test_open_now_on_the_day_the_clocks_go_forward(client, directory):
    # Sunday 29 March 2026: clocks go from 1am to 2am. Tuesday sessions at 10am are 9am UTC after it.
    with time_machine.travel(dt.datetime(2026, 3, 31, 9, 30, tzinfo=dt.UTC), tick=False):
        assert "Email drop-in" in titles(find(client, open="now"))
    with time_machine.travel(dt.datetime(2026, 3, 24, 9, 30, tzinfo=dt.UTC), tick=False):
        assert "Email drop-in" not in titles(find(client, open="now"))  # 9:30am GMT: not yet open


@pytest.mark.parametrize("sort", ["distance", "relevance", "name"])
def test_every_sort_returns_the_same_listings(client, directory, sort):
    data = find(client, where="SK1", radius="10", sort=sort)
    assert set(titles(data)) == set(titles(find(client, where="SK1", radius="10")))
    if sort == "name":
        assert titles(data) == sorted(titles(data), key=str.lower)


def test_pages_split_the_results_and_a_page_past_the_end_shows_the_last(client, directory, monkeypatch):
    monkeypatch.setattr("search.query.PER_PAGE", 2)
    everything = ["Digital helpline", "Email drop-in", "Job club", "Late night phone and tablet help"]
    everything.append("Universal Credit claim support")  # the five free listings, A to Z
    first = find(client, cost="free")
    assert (first["total"], first["pages"], first["per_page"]) == (5, 3, 2)
    assert titles(first) == everything[:2]
    second = find(client, cost="free", page="2")
    assert second["page"] == 2 and titles(second) == everything[2:4]

    html = client.get("/find/", {"cost": "free", "page": "2"}).content.decode()
    assert '<a href="?cost=free&amp;page=1" rel="prev">Previous' in html
    assert '<a href="?cost=free&amp;page=3" rel="next">Next' in html
    assert "Job club" in html and "Email drop-in" not in html

    past = find(client, cost="free", page="9")
    assert past["page"] == 3 and titles(past) == everything[4:]
    assert "There are only 3 pages of results, so here is the last one." in past["messages"]


def test_a_page_past_the_end_of_a_single_page_says_so_in_plain_words(client, directory):
    past = find(client, page="9")
    assert past["page"] == 1 and past["pages"] == 1
    assert "There is only 1 page of results, so here it is." in past["messages"]
    assert not any("1 pages" in message for message in past["messages"])


def test_same_parameters_give_the_same_page(client, directory):
    params = {"q": "help", "where": "SK1", "radius": "10", "level": ["life", "foundation"]}
    assert find(client, **params) == find(client, **params)


def test_the_suggested_place_keeps_the_residents_other_choices(client, directory):
    html = client.get("/find/", {"where": "Stokport", "q": "email", "level": "foundation"}).content.decode()
    assert '<a href="?q=email&amp;where=Stockport&amp;level=foundation">Search near Stockport</a>' in html


def test_an_unknown_place_gets_a_suggestion_and_results_without_distance(client, directory):
    response = client.get("/find/", {"where": "Stokport"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "We couldn&#x27;t find &#x27;Stokport&#x27;. Did you mean Stockport?" in html
    data = find(client, where="Stokport")
    assert data["place"] is None and data["total"] == 6
    assert all(result["distance_miles"] is None for result in data["results"])


def test_zero_results_explain_and_offer_ways_forward(client, directory):
    from home.models import SiteSettings

    site_settings = SiteSettings.for_site(directory["email"].get_site())
    site_settings.helpline_phone = "0161 496 0000"
    site_settings.save()
    html = client.get("/find/", {"where": "SK5", "radius": "1", "topic": "job-search"}).content.decode()
    assert "We couldn't find any help within 1 mile of SK5 with the filters you chose." in html
    assert "Search within 2 miles instead" in html
    assert "Remove the filter &#x27;Finding a job&#x27;" in html
    assert "0161 496 0000" in html


def test_results_page_shows_distance_venue_next_session_and_badges(client, directory):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=LONDON), tick=False):
        html = client.get("/find/", {"where": "SK5", "topic": "universal-credit"}).content.decode()
    assert "0.2 miles" in html
    assert "Reddish Library, Reddish" in html
    assert "Next: <time" in html and "Monday 2 March, 9:30am to 12:30pm" in html
    assert "You need a referral" in html
    assert "I know the basics" in html


def test_filters_can_be_removed_one_at_a_time(client, directory):
    html = client.get("/find/", {"topic": ["email", "nhs-app"], "level": "foundation"}).content.decode()
    assert "Showing only:" in html
    assert 'href="?level=foundation&amp;topic=nhs-app"' in html  # removes email, keeps the rest


def test_results_json_has_the_documented_fields(client, directory):
    data = find(client, where="SK1", q="email")
    assert set(data) >= {"total", "page", "facets", "results"}
    result = data["results"][0]
    assert set(result) >= {
        "title",
        "url",
        "organisation",
        "venue",
        "postcode",
        "lat",
        "lng",
        "distance_miles",
        "topics",
        "levels",
        "formats",
        "cost",
    }
    assert result["url"].startswith("http://testserver/")
    assert result["title"] == "Email drop-in"
    assert result["topics"] == ["email"]
    assert result["formats"] == ["drop-in"]  # read for the JSON only: the cards do not show them


def test_each_search_is_logged_with_the_outward_code_only(client, directory):
    client.get("/find/", {"q": "email", "where": "SK1 3XE", "level": "foundation"})
    log = SearchLog.objects.get()
    assert log.query == "email"
    assert log.outward_code == "SK1"
    assert "3XE" not in str(log.__dict__)
    assert log.filters == {"level": ["foundation"]}
    assert log.result_count == 1


def test_a_postcode_typed_as_words_is_the_place_and_logged_as_its_district_only(client, directory):
    client.get("/find/", {"q": "SK1 3XE email"})
    log = SearchLog.objects.get()
    assert (log.query, log.outward_code) == ("email", "SK1")


def test_a_postcode_kept_as_words_is_logged_as_its_district_only(client, directory):
    client.get("/find/", {"q": "SK1 3XE email", "words": "only"})
    assert SearchLog.objects.get().query == "SK1 email"


def test_a_place_typed_as_words_is_searched_near_and_moves_to_the_place_box(client, directory):
    page = client.get("/find/", {"q": "email in Bramhall"}).content.decode()
    assert "<p>Showing help near Bramhall.</p>" in page
    assert 'name="where" type="text" value="Bramhall"' in page
    assert 'name="q" type="search" value="email"' in page
    assert (
        "<a href=\"?q=email+in+Bramhall&amp;words=only\">Search for the words 'email in Bramhall' instead</a>"
        in page
    )
    log = SearchLog.objects.get()
    assert (log.query, log.place_name) == ("email", "Bramhall")
    data = find(client, q="email in Bramhall")
    assert data["place"] == "Bramhall" and titles(data)[0] == "Email drop-in"
    assert data["results"][0]["distance_miles"] < 0.2


def test_words_typed_in_the_place_box_are_offered_as_a_search_for_those_words(client, directory):
    page = BeautifulSoup(client.get("/find/", {"where": "email", "cost": "free"}).content, "html.parser")
    notice = page.select_one(".notice")
    assert "We couldn't find 'email'." in notice.get_text()
    link = notice.find("a", string="Search for help with 'email' instead")
    assert parse_qs(link["href"].lstrip("?")) == {"q": ["email"], "words": ["only"], "cost": ["free"]}
    data = find(client, q="email", words="only", cost="free")
    assert data["place"] is None and "Email drop-in" in titles(data)


@pytest.mark.parametrize("where", ["ZZ9 9ZZ", "ZZ9", "Bramhal"])
def test_a_postcode_or_a_misspelt_place_is_not_offered_as_words(client, directory, where):
    page = client.get("/find/", {"where": where}).content.decode()
    assert "Search for help with" not in page


def test_a_misspelt_word_on_the_database_finds_the_right_help_and_asks_did_you_mean(client, directory):
    data = find(client, q="emial")
    assert data["engine"] == "database" and data["suggestion"] == "email"
    assert set(titles(data)) == {"Email drop-in", "Digital helpline"}
    page = client.get("/find/", {"q": "emial"}).content.decode()
    assert 'Did you mean <a href="?q=email">email</a>?' in page


@pytest.mark.parametrize(
    ("typed", "logged"),
    [
        ("email ann.smith@example.org", "email"),
        ("ring me on 0161 496 0000 about UC", "ring me on about UC"),
        ("07700900123 universal credit", "universal credit"),
        ("m11ae tablet", "M1 tablet"),  # not a postcode we know, so not taken as the place
        ("windows 11 help", "windows 11 help"),  # short numbers are not personal
    ],
)
def test_an_email_address_or_phone_number_typed_as_words_is_not_logged(client, directory, typed, logged):
    client.get("/find/", {"q": typed})
    assert SearchLog.objects.get().query == logged


def test_a_browser_location_is_logged_as_its_nearest_district_only(client, directory):
    client.get("/find/", {"lat": "53.4359", "lng": "-2.1601"})
    log = SearchLog.objects.get()
    assert log.outward_code == "SK5"
    assert "53.4" not in str(log.__dict__)


def test_later_pages_are_not_logged_again(client, directory):
    client.get("/find/", {"page": "2"})
    assert not SearchLog.objects.exists()


def test_the_link_to_the_results_as_data_is_in_plain_words(client, directory):
    html = client.get("/find/", {"q": "email"}).content.decode()
    assert '<a href="results.json?q=email">Download these results (for developers)</a>' in html
    assert "(JSON)" not in html


def test_autocomplete_on_the_database_offers_topics_then_listing_names(client, directory):
    response = client.get("/find/autocomplete.json", {"q": "ema"})
    assert response.status_code == 200
    assert response.json() == {
        "suggestions": ["Email", "Email drop-in"]
    }  # not the draft "Secret email plans"


def test_results_page_is_marked_noindex(client, directory):
    assert '<meta name="robots" content="noindex">' in client.get("/find/").content.decode()
