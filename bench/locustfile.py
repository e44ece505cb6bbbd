"""The load test's visitors (run by bench/load.py, or by hand: `locust -f bench/locustfile.py`).

Residents browse and search; a few add things to a shortlist (and so carry a session cookie, as real
shortlisters do). The pages to visit come from SIGNPOST_LOAD_URLS, a JSON file bench/load.py writes
from the site's own database: {"listings": [[url, page id], ...], "organisations": [url, ...]}.

With SIGNPOST_LOAD_KIND set to one of KINDS, every visitor makes only that kind of request (the
per-kind measurement of bench/load.py --kinds); otherwise the visitors make the realistic mix.

Visitors are FastHttpUser (geventhttpclient), not HttpUser (python-requests): Locust runs on the same
cores as the server it measures, and requests costs it several times the CPU per request, which the
server would otherwise have had.
"""

import json
import os
import random
import re
from urllib.parse import urlencode

from locust import FastHttpUser, constant, task

with open(os.environ["SIGNPOST_LOAD_URLS"]) as urls_file:
    URLS = json.load(urls_file)

SEARCHES_WITH_PLACE = [
    "/find/?where=SK4&q=email",
    "/find/?where=SK1&q=help+with+my+phone",
    "/find/?where=Stockport&q=universal+credit",
]
SEARCHES_WITHOUT_PLACE = ["/find/?q=email", "/find/?q=nhs+app", "/find/"]
SEARCHES_WITH_FILTERS = [
    "/find/?where=SK1&topic=email&level=life",
    "/find/?where=SK4&format=drop-in&cost=free",
    "/find/?where=Stockport&level=foundation&radius=5",
]
API_PAGES = ["/api/oruk/services?per_page=50", "/api/oruk/service_at_locations?per_page=50"]
CSRF_TOKEN_RE = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')

# One kind of request alone: its name in the statistics (the same as in the mix) and its next URL.
KINDS = {
    "listing": ("listing page", lambda: random.choice(URLS["listings"])[0]),
    "organisation": ("organisation page", lambda: random.choice(URLS["organisations"])),
    "find": ("find: place + words", lambda: random.choice(SEARCHES_WITH_PLACE)),
    "find-no-place": ("find: no place", lambda: random.choice(SEARCHES_WITHOUT_PLACE)),
    "find-filters": ("find: filters", lambda: random.choice(SEARCHES_WITH_FILTERS)),
    "whats-on": ("what's on", lambda: "/whats-on/"),
    "home": ("home", lambda: "/"),
    "api": ("api", lambda: random.choice(API_PAGES)),
}
KIND = os.environ.get("SIGNPOST_LOAD_KIND", "")


class Visitor(FastHttpUser):
    """Every request on a connection of its own, as a proxy in front of gunicorn (nginx's default) and
    many real visitors make them. Eight visitors each keeping one connection open spread themselves
    over gunicorn's two workers at random: with six of them, one worker's threads share one core (one
    interpreter lock), and the same code measured 73 and 152 organisation pages a second minutes
    apart. 0542aef's sync workers close every connection anyway."""

    abstract = True
    default_headers = {"Connection": "close"}


class Resident(Visitor):
    """Someone finding help: no cookies of their own, so every page may come from a shared cache."""

    abstract = bool(KIND)
    weight = 9
    wait_time = constant(0)

    @task(4)
    def search_with_place_and_words(self):
        self.client.get(random.choice(SEARCHES_WITH_PLACE), name="find: place + words")

    @task(2)
    def search_without_place(self):
        self.client.get(random.choice(SEARCHES_WITHOUT_PLACE), name="find: no place")

    @task(2)
    def search_with_filters(self):
        self.client.get(random.choice(SEARCHES_WITH_FILTERS), name="find: filters")

    @task(4)
    def listing(self):
        self.client.get(random.choice(URLS["listings"])[0], name="listing page")

    @task(3)
    def organisation(self):
        self.client.get(random.choice(URLS["organisations"]), name="organisation page")

    @task(2)
    def whats_on(self):
        self.client.get("/whats-on/", name="what's on")

    @task(1)
    def home(self):
        self.client.get("/", name="home")

    @task(1)
    def api(self):
        self.client.get(random.choice(API_PAGES), name="api")


class Shortlister(Visitor):
    """Someone adding listings to a shortlist, then looking at it. Works with and without the CSRF token
    the shortlist buttons used to carry, so the same load runs against older commits."""

    abstract = bool(KIND)
    weight = 1
    wait_time = constant(0)

    @task
    def add_to_shortlist(self):
        url, page_id = random.choice(URLS["listings"])
        page = self.client.get(url, name="listing page (shortlister)")
        data = {"page": page_id, "next": url}
        token = CSRF_TOKEN_RE.search(page.content or b"")
        if token:
            data["csrfmiddlewaretoken"] = token.group(1).decode()
        self.client.post(
            "/shortlist/add/",
            urlencode(data),
            name="shortlist add",
            headers={"Referer": self.host + url, "Content-Type": "application/x-www-form-urlencoded"},
        )
        self.client.get("/shortlist/", name="shortlist")
        if len(self.client.cookiejar) and random.random() < 0.2:
            self.client.cookiejar.clear()  # a new visitor, with an empty shortlist


class OneKind(Visitor):
    """An anonymous visitor making one kind of request over and over (SIGNPOST_LOAD_KIND)."""

    abstract = not KIND
    wait_time = constant(0)

    @task
    def request(self):
        name, next_url = KINDS[KIND]
        self.client.get(next_url(), name=name)
