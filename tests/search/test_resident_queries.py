"""Residents' own words, near where they live, against the Stockport demo: each must find help on
the task they mean, close by, with that help first or near the top; spelt wrong, too, and with the
place typed in the words box. These run on the database engine (SQLite or PostgreSQL);
test_opensearch_demo.py runs the same words on OpenSearch."""

from tests.builders import DemoSiteTestCase
from tests.tables import table

# Residents' words, spelt right and wrong: (where, what they typed, the help topic they mean).
QUERIES = table(__file__, "resident_queries.csv")
MISSPELT = table(__file__, "resident_queries_misspelt.csv")

# The postcode districts around the borough: a resident just over the border must be found.
NEIGHBOURING_DISTRICTS = ["M19", "M20", "M22", "SK9", "SK10", "SK12", "SK14", "SK15", "SK16", "OL6"]


class ResidentQueryTests(DemoSiteTestCase):
    def test_each_query_finds_help_on_that_task_near_the_resident(self):
        failures = []
        for where, words, topic in QUERIES:
            data = self.client.get("/find/results.json", {"where": where, "q": words, "radius": "5"}).json()
            top = data["results"][:5]
            if data["place"] is None:
                failures.append(f"{where!r}: place not found")
            elif not any(topic in result["topics"] for result in top):
                failures.append(f"{words!r} near {where}: {[r['title'] for r in top]}")
        assert not failures, "\n".join(failures)

    def test_relevance_puts_a_listing_on_the_task_first(self):
        for where, words, topic in QUERIES:
            data = self.client.get(
                "/find/results.json", {"where": where, "q": words, "sort": "relevance"}
            ).json()
            with self.subTest(words=words):
                assert data["results"] and topic in data["results"][0]["topics"]

    def test_words_that_say_nothing_do_not_narrow_the_results(self):
        plain = self.client.get("/find/results.json", {"where": "Bramhall", "q": "beginner"}).json()
        chatty = self.client.get(
            "/find/results.json", {"where": "Bramhall", "q": "I'm a complete beginner, really"}
        ).json()
        assert plain["total"] > 1
        assert chatty["total"] == plain["total"]

    def test_everyday_words_for_a_task_find_the_listing_that_does_it(self):
        for words in ("print a document", "scan documents", "printing"):
            data = self.client.get("/find/results.json", {"q": words}).json()
            with self.subTest(words=words):
                assert "Print, scan and send documents" in [result["title"] for result in data["results"][:3]]

    def find(self, **params) -> dict:
        return self.client.get("/find/results.json", params).json()

    def test_misspelt_words_find_help_on_that_task_near_them_first(self):
        failures = []
        for where, words, topic in MISSPELT:
            data = self.find(where=where, q=words, radius="5")
            if not data["results"] or topic not in data["results"][0]["topics"]:
                failures.append(f"{words!r} near {where}: {[r['title'] for r in data['results'][:3]]}")
        assert not failures, "\n".join(failures)

    def test_a_misspelt_word_finds_help_on_it_and_asks_did_you_mean(self):
        data = self.find(q="emial")
        assert data["suggestion"] == "email"
        assert data["total"] > 10
        assert all("email" in result["topics"] for result in data["results"])
        page = self.client.get("/find/", {"q": "emial"}).content.decode()
        assert 'Did you mean <a href="?q=email">email</a>?' in page

    def test_a_misspelt_word_among_right_ones_puts_help_on_the_task_first(self):
        data = self.find(q="univeral credit")
        assert data["suggestion"] == "universal credit"
        titles = [result["title"] for result in data["results"]]
        assert titles[:2] == ["Help to claim Universal Credit", "Universal Credit journal drop-in"]
        assert all("universal-credit" in result["topics"] for result in data["results"])

    def test_help_about_the_task_comes_before_help_that_only_has_it_among_others(self):
        data = self.find(q="help with Universal Credit", where="SK5")
        first = data["results"][0]
        assert first["title"] != "Parents' tech hour"
        assert "Universal Credit" in first["title"]
        # Among listings that match as well as each other, the nearer comes first.
        titled = [r for r in data["results"] if "Universal Credit" in r["title"]]
        assert data["results"][: len(titled)] == titled
        distances = [r["distance_miles"] for r in titled]
        assert distances == sorted(distances)

    def test_a_place_typed_in_the_words_box_is_searched_near(self):
        data = self.find(q="Edgeley")
        assert data["place"] == "Edgeley"
        assert data["messages"] == ["Showing help near Edgeley."]
        assert data["total"] == self.find(where="Edgeley")["total"] > 0
        page = self.client.get("/find/", {"q": "Edgeley"}).content.decode()
        assert "<p>Showing help near Edgeley.</p>" in page
        assert "<a href=\"?q=Edgeley&amp;words=only\">Search for the words 'Edgeley' instead</a>" in page
        assert 'name="where" type="text" value="Edgeley"' in page

    def test_the_words_instead_link_searches_the_words_as_typed(self):
        data = self.find(q="Edgeley", words="only")
        assert data["place"] is None and data["messages"] == []

    def test_the_place_box_example_postcode_is_found(self):
        data = self.find(where="SK1 3XE")
        assert data["place"] == "SK1 3XE" and data["messages"] == []
        assert data["results"][0]["distance_miles"] < 0.5

    def test_a_postcode_we_do_not_have_in_a_known_district_uses_its_middle_and_says_so(self):
        data = self.find(where="SK4 9ZZ")
        assert data["place"] == "SK4"
        assert data["messages"] == [
            "We don't know SK4 9ZZ exactly, so we're showing help near the middle of SK4."
        ]
        assert data["total"] > 0

    def test_districts_around_the_borough_are_known_places(self):
        for district in NEIGHBOURING_DISTRICTS:
            with self.subTest(district=district):
                data = self.find(where=district, radius="10")
                assert data["place"] == district and data["messages"] == []
        assert self.find(where="M19 3AB", radius="5")["total"] > 0
