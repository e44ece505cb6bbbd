"""OpenSearch on realistic data: the Stockport demo. Residents' own words, spelt right and wrong, near
where they live, must find help on the task they mean; spelt right, both engines find the same."""

import pytest
from django.conf import settings
from django.http import QueryDict

from directory.models import ServicePage
from search.engines.database import DatabaseEngine
from search.engines.opensearch import OpenSearchEngine
from search.filters import parse_search
from search.opensearch_index import all_documents
from tests.builders import DemoSiteTestCase
from tests.search.opensearch import new_index, reachable
from tests.services import need

from .test_resident_queries import MISSPELT, QUERIES


def search(engine, where, words, **params):
    data = QueryDict(mutable=True)
    data.update({"where": where, "q": words, "radius": "5", **params})
    return engine.search(parse_search(data).query)


class OpenSearchOnTheDemoTests(DemoSiteTestCase):
    @classmethod
    def setUpClass(cls):
        url = settings.OPENSEARCH_TEST_URL
        need(bool(url) and reachable(url), f"OpenSearch (OPENSEARCH_URL={url or 'not set'})")
        super().setUpClass()  # loads the demo (setUpTestData)
        cls.index = new_index(url)
        cls.index.rebuild(all_documents())
        cls.engine = OpenSearchEngine(cls.index)

    @classmethod
    def tearDownClass(cls):
        cls.index.delete_all()
        super().tearDownClass()

    def topics_of(self, results, first: int) -> list[set[str]]:
        ids = [hit.service_id for hit in results.hits[:first]]
        pages = ServicePage.objects.prefetch_related("topics").in_bulk(ids)
        return [{topic.slug for topic in pages[service_id].topics.all()} for service_id in ids]

    def not_found_near(self, queries) -> list[str]:
        """The (where, words, topic) queries with no help on their topic among the first five found."""
        failures = []
        for where, words, topic in queries:
            found = self.topics_of(search(self.engine, where, words), 5)
            if not any(topic in topics for topics in found):
                failures.append(f"{words!r} near {where}: {found}")
        return failures

    def test_residents_words_find_help_on_that_task_near_them(self):
        failures = self.not_found_near(QUERIES)
        assert not failures, failures

    def test_misspelt_words_find_help_on_that_task_near_them(self):
        failures = self.not_found_near(MISSPELT)
        assert not failures, failures

    def test_misspelt_words_put_help_on_that_task_first(self):
        for where, words, topic in MISSPELT:
            with self.subTest(words=words):
                results = search(self.engine, where, words, sort="relevance")
                assert results.hits and topic in self.topics_of(results, 1)[0]

    def test_misspelt_words_get_a_did_you_mean(self):
        expected = {
            "emial": {"email"},
            "bankin": {"banking"},
            "univeral credit": {"universal credit"},
            "pasword": {"password", "passwords"},
            "wifii": {"wifi"},
            "help with my emial": {"help with my email"},
        }
        for typed, suggestions in expected.items():
            with self.subTest(typed=typed):
                assert search(self.engine, "SK1", typed).suggestion in suggestions

    def test_both_engines_find_the_same_help_for_words_spelt_right(self):
        database = DatabaseEngine()
        for where, words, _topic in QUERIES:
            with self.subTest(words=words, where=where):
                expected, found = search(database, where, words), search(self.engine, where, words)
                assert found.total == expected.total
                assert found.facets == expected.facets
                assert [(hit.service_id, hit.venue_id) for hit in found.hits] == [
                    (hit.service_id, hit.venue_id) for hit in expected.hits
                ]
                # Phone and online help is the best three matches: best-match scores differ by engine.
                assert len(found.remote_hits) == len(expected.remote_hits)

    def test_help_about_the_task_comes_first_in_the_same_order_on_both_engines(self):
        expected = search(DatabaseEngine(), "SK5", "help with Universal Credit")
        found = search(self.engine, "SK5", "help with Universal Credit")
        order = [hit.service_id for hit in found.hits]
        assert order == [hit.service_id for hit in expected.hits]
        assert ServicePage.objects.get(pk=order[0]).title == "Universal Credit journal drop-in"

    def test_a_place_in_the_words_box_finds_the_same_help_on_both_engines(self):
        expected = search(DatabaseEngine(), "", "email help in Edgeley")
        found = search(self.engine, "", "email help in Edgeley")
        assert found.total == expected.total > 0
        assert [hit.service_id for hit in found.hits] == [hit.service_id for hit in expected.hits]


pytestmark = pytest.mark.opensearch
