"""Guessing passwords: sign-in to the admin and to staff mode, and password reset emails, are limited
per account and per network address, with a plain message and a way back."""

import re

import pytest
from bs4 import BeautifulSoup
from django.core import mail

from signpost.ratelimit import (
    PASSWORD_RESET_PER_ACCOUNT,
    SIGN_IN_FAILURES_PER_ACCOUNT,
    SIGN_IN_FAILURES_PER_ADDRESS,
)

pytestmark = pytest.mark.django_db
SIGN_IN_PAGES = ["/admin/login/", "/staff/login/"]


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.org", "the-right-one")


def sign_in(client, path, password, username="editor", address="203.0.113.7"):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.mark.parametrize("path", SIGN_IN_PAGES)
def test_the_right_password_is_refused_after_too_many_wrong_ones_for_the_account(client, editor, path):
    for number in range(SIGN_IN_FAILURES_PER_ACCOUNT.count):
        # From different addresses: the account's own limit is what stops this.
        assert sign_in(client, path, "wrong", address=f"203.0.113.{number}").status_code == 200
    response = sign_in(client, path, "the-right-one", address="198.51.100.1")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert int(response["Retry-After"]) > 0


@pytest.mark.parametrize("path", SIGN_IN_PAGES)
def test_one_address_trying_many_accounts_is_stopped(client, editor, path):
    for number in range(SIGN_IN_FAILURES_PER_ADDRESS.count):
        sign_in(client, path, "wrong", username=f"guess{number}")
    assert sign_in(client, path, "the-right-one").status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("path", SIGN_IN_PAGES)
def test_a_few_mistakes_do_not_stop_anyone(client, editor, path):
    for _ in range(SIGN_IN_FAILURES_PER_ACCOUNT.count - 1):
        sign_in(client, path, "wrong")
    assert sign_in(client, path, "the-right-one").status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_a_locked_out_person_is_told_how_long_to_wait_and_how_to_get_back(client, editor):
    for _ in range(SIGN_IN_FAILURES_PER_ACCOUNT.count):
        sign_in(client, "/staff/login/", "wrong")
    response = sign_in(client, "/staff/login/", "wrong")
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text() == "Too many tries to sign in"
    assert re.search(r"Please wait (a minute|\d+ minutes) and try again\.", soup.get_text())
    links = {a.get_text(): a["href"] for a in soup.select("main a")}
    assert links["Go back to the sign-in page"] == "/staff/login/"
    assert links["Forgotten your password? Get a new one"] == "/admin/password_reset/"
    assert client.get("/staff/login/").status_code == 200  # the page itself still opens


def test_password_reset_emails_are_limited_per_account(client, editor):
    statuses = [
        client.post(
            "/admin/password_reset/", {"email": "editor@example.org"}, REMOTE_ADDR=f"203.0.113.{n}"
        ).status_code
        for n in range(PASSWORD_RESET_PER_ACCOUNT.count + 2)
    ]
    assert statuses == [302] * PASSWORD_RESET_PER_ACCOUNT.count + [429, 429]
    assert len(mail.outbox) == PASSWORD_RESET_PER_ACCOUNT.count
