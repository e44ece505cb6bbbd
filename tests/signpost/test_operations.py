"""Running the site: errors in the log and in ADMINS' inboxes, and /healthz for a load balancer."""

import io
import json
import logging

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured

from signpost.settings.env import env_admins
from tests.faults import closed_url, hanging_server
from tests.services import need


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


@pytest.fixture
def console():
    """What the console handler (the process manager's log) receives, as text."""
    handler = next(h for h in logging.getLogger("django.request").handlers if h.name == "console")
    buffer = io.StringIO()
    stream = handler.setStream(buffer)
    yield buffer
    handler.setStream(stream)


@pytest.mark.urls("tests.signpost.crash_urls")
def test_a_crash_is_logged_as_one_json_line_with_its_traceback(client, console):
    client.raise_request_exception = False
    assert client.get("/crash/").status_code == 500
    events = [event for event in json_lines(console.getvalue()) if event["logger"] == "django.request"]
    assert len(events) == 1
    assert events[0]["level"] == "ERROR"
    assert events[0]["path"] == "/crash/"
    assert "RuntimeError: the view fell over" in events[0]["traceback"]


@pytest.mark.urls("tests.signpost.crash_urls")
def test_a_crash_is_mailed_to_admins_when_they_are_set(client, settings):
    settings.ADMINS = [("Ops", "ops@example.org")]
    client.raise_request_exception = False
    client.get("/crash/")
    assert [message.to for message in mail.outbox] == [["ops@example.org"]]
    assert "the view fell over" in mail.outbox[0].body


@pytest.mark.urls("tests.signpost.crash_urls")
def test_no_mail_is_sent_without_admins(client, settings):
    settings.ADMINS = []
    client.raise_request_exception = False
    client.get("/crash/")
    assert mail.outbox == []


def test_admins_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("ADMINS", "Jo Bloggs <jo@example.org>, ops@example.org")
    assert env_admins("ADMINS") == [("Jo Bloggs", "jo@example.org"), ("ops@example.org", "ops@example.org")]
    monkeypatch.setenv("ADMINS", "jo at example")
    with pytest.raises(ImproperlyConfigured, match="ADMINS must list email addresses"):
        env_admins("ADMINS")


# -- /healthz ----------------------------------------------------------------------------------


def test_healthz_reports_each_part_and_answers_200_when_all_is_well(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "cluster": "not configured"},
    }
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_cache_is_down(client, db, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": closed_url().replace("http", "redis"),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "failing"
    assert response.json()["status"] == "failing"


def test_healthz_reports_a_hanging_cluster_but_stays_in_service(client, db, settings):
    """Searches are answered by the database meanwhile, so the load balancer keeps sending traffic."""
    with hanging_server() as url:
        settings.OPENSEARCH_URL = url
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "checks": {"database": "ok", "cache": "ok", "cluster": "failing"},
    }


def test_healthz_reports_the_real_cluster(client, db, settings):
    from tests.search.opensearch import reachable

    url = settings.OPENSEARCH_TEST_URL
    need(bool(url) and reachable(url), f"OpenSearch (OPENSEARCH_URL={url or 'not set'})")
    settings.OPENSEARCH_URL = url
    assert client.get("/healthz").json()["checks"]["cluster"] == "ok"
