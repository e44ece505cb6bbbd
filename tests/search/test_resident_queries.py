"""Residents' own words, near where they live, against the Stockport demo: each must find help on
the task they mean, close by, with that help first or near the top."""

import io
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.test import TestCase

# (where, what they typed, the help topic they mean)
QUERIES = [
    ("SK5", "video call my grandchildren", "video-calls"),
    ("Reddish", "facetime", "video-calls"),
    ("SK4", "help with emails", "email"),
    ("Bramhall", "set up an e-mail account", "email"),
    ("SK1", "nhs app", "nhs-app"),
    ("Cheadle", "order my prescription online", "nhs-app"),
    ("SK2", "universal credit", "universal-credit"),
    ("Brinnington", "UC journal", "universal-credit"),
    ("SK3", "get a free tablet", "free-devices-data"),
    ("Stockport", "free sim card", "free-devices-data"),
    ("SK6", "online banking", "online-banking"),
    ("Marple", "pay my bills online", "online-banking"),
    ("SK7", "scams", "staying-safe"),
    ("Hazel Grove", "I think I've been hacked", "staying-safe"),
    ("SK1", "write a CV", "job-search"),
    ("Edgeley", "apply for jobs", "job-search"),
    ("SK8", "how to use my iphone", "smartphone"),
    ("Heaton Moor", "android phone", "smartphone"),
    ("SK4", "whatsapp", "social-media-photos"),
    ("Offerton", "council tax", "council-services"),
    ("SK2", "renew my passport", "government-services"),
    ("Heald Green", "wifi", "wifi-and-internet"),
    ("SK3", "never used a computer", "getting-started"),
    ("Romiley", "bigger text on my tablet", "accessibility-tools"),
    ("SK1", "blind", "accessibility-tools"),
    ("Cheadle Hulme", "excel spreadsheets", "work-skills"),
    ("SK4", "amazon shopping", "online-shopping"),
]


class ResidentQueryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        logins = Path(tempfile.mkdtemp()) / "logins.txt"
        call_command("load_demo", password="x", logins_file=str(logins), stdout=io.StringIO())

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
