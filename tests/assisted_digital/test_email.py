import logging

import pytest
from bs4 import BeautifulSoup
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client

from signpost.models import RateLimitCounter
from signpost.ratelimit import SHORTLIST_EMAIL_PER_ADDRESS, SHORTLIST_EMAIL_PER_SESSION

from .conftest import add_to_shortlist

pytestmark = pytest.mark.django_db

ADDRESS = "resident@example.org"


def send(client, address=ADDRESS, **extra):
    return client.post("/shortlist/email/", {"email": address}, **extra)


def test_the_list_is_emailed_as_plain_text_and_html(client, listing, directory):
    add_to_shortlist(client, listing)
    add_to_shortlist(client, directory["uc"])
    response = send(client)
    assert response.status_code == 303
    assert response["Location"] == "/shortlist/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [ADDRESS]
    assert message.subject == "Your list of help to get online from Stockport digital help"
    for title in ("Email drop-in", "Universal Credit claim support"):
        assert title in message.body
    assert f"More details: http://testserver{listing.url}" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="http://testserver{listing.url}"' in html
    assert "Your tablet and its charger" in html


def test_the_address_is_not_kept_anywhere(client, listing):
    add_to_shortlist(client, listing)
    response = send(client)
    assert len(mail.outbox) == 1
    follow = client.get(response["Location"])
    assert ADDRESS not in follow.content.decode()
    for session in Session.objects.all():
        assert ADDRESS not in str(session.get_decoded())
    for key in RateLimitCounter.objects.values_list("key", flat=True):  # keyed hashes only
        assert ADDRESS not in key and "127.0.0.1" not in key


def test_a_bad_address_gets_an_error_linked_to_the_field_and_nothing_is_sent(client, listing):
    add_to_shortlist(client, listing)
    response = send(client, "not an address")
    assert response.status_code == 400
    assert mail.outbox == []
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.title.get_text().startswith("Error:")
    link = soup.find(class_="error-summary").find("a")
    assert link["href"] == "#id_email"
    assert link.get_text() == "Enter an email address in the right format, like name@example.com."
    field = soup.find(id="id_email")
    assert field["aria-invalid"] == "true"
    assert field["aria-describedby"] == "id_email_helptext id_email_error"
    assert soup.find(id="id_email_error") is not None


def test_an_empty_shortlist_is_not_sent(client, db, home_page):
    response = send(client)
    assert response.status_code == 303
    assert mail.outbox == []


def test_one_session_can_send_only_a_few_emails_an_hour(client, listing):
    add_to_shortlist(client, listing)
    for _ in range(SHORTLIST_EMAIL_PER_SESSION.count):
        assert send(client).status_code == 303
    response = send(client)
    assert response.status_code == 429
    assert len(mail.outbox) == SHORTLIST_EMAIL_PER_SESSION.count
    assert "sent a lot of emails" in response.content.decode()


def test_one_network_address_can_send_only_a_few_emails_an_hour_whatever_the_session(listing):
    sent = 0
    for _ in range(SHORTLIST_EMAIL_PER_ADDRESS.count + 1):
        client = Client(REMOTE_ADDR="203.0.113.9")
        add_to_shortlist(client, listing)
        if send(client).status_code == 303:
            sent += 1
    assert sent == SHORTLIST_EMAIL_PER_ADDRESS.count
    assert len(mail.outbox) == SHORTLIST_EMAIL_PER_ADDRESS.count


def test_a_mail_server_failure_gets_a_plain_message_and_the_address_is_not_logged(
    client, listing, settings, caplog
):
    # A real SMTP connection to a closed port on this machine.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    add_to_shortlist(client, listing)
    with caplog.at_level(logging.DEBUG):
        response = send(client)
    assert response.status_code == 503
    assert "We could not send the email just now" in response.content.decode()
    assert "Could not send a shortlist email" in caplog.text
    assert ADDRESS not in caplog.text
