"""The public "Join the Alliance" form: what a genuine applicant types is never lost; spam is not kept."""

import datetime as dt

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core import mail
from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage
from inclusion_alliance.models import JoinPage, MembershipApplication
from inclusion_alliance.spam import HONEYPOT_FIELD
from tests.inclusion_alliance.factories import JoinPageFactory
from tests.tables import table
from tests.test_accessibility_markup import assert_accessible_structure


@pytest.fixture
def join_page(home_page, alliance):
    return JoinPageFactory(parent=home_page)


def application(**changes) -> dict:
    data = {
        "organisation_name": "Heaton Moor Library Friends",
        "summary": "Volunteers who support the library.",
        "help_offered": "A Thursday drop-in for phones and tablets.",
        "area": "Heaton Moor",
        "website": "heatonmoor-friends.example",
        "email": "friends@heatonmoor.example",
        "phone": "0161 496 0311",
        "charity_number": "",
        "company_number": "",
        "contact_name": "Pat Kowalski",
        "contact_role": "Chair",
        "contact_email": "Pat@Heatonmoor.example",
        "contact_phone": "",
        "consent": "on",
        HONEYPOT_FIELD: "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def post(client, page, data, ip="203.0.113.5"):
    return client.post(page.url, data, REMOTE_ADDR=ip)


class JoinPageTreeTests(WagtailPageTestCase):
    def test_the_join_page_lives_under_the_home_page_only(self):
        self.assertAllowedParentPageTypes(JoinPage, {HomePage})
        self.assertAllowedSubpageTypes(JoinPage, set())


def test_the_join_page_is_an_accessible_form(client, join_page):
    response = client.get(join_page.url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert_accessible_structure(soup)
    assert soup.find("form", attrs={"method": "post"}) is not None
    consent = soup.find("input", attrs={"name": "consent"})
    assert join_page.consent_text in soup.find(id=consent["aria-describedby"]).get_text()


def test_the_honeypot_is_hidden_from_people_screen_readers_and_the_keyboard(client, join_page):
    soup = BeautifulSoup(client.get(join_page.url).content, "html.parser")
    trap = soup.find("input", attrs={"name": HONEYPOT_FIELD})
    container = trap.find_parent("div")
    assert container["aria-hidden"] == "true"
    assert "hp-field" in container["class"]
    assert trap["tabindex"] == "-1"
    assert trap["autocomplete"] == "off"


def test_an_application_is_stored_and_the_coordinators_and_applicant_are_emailed(
    client, join_page, coordinator
):
    response = post(client, join_page, {**application(), "topics": []})

    assert response.status_code == 302
    assert response["Location"] == join_page.url + "thanks/"
    saved = MembershipApplication.objects.get()
    assert saved.organisation_name == "Heaton Moor Library Friends"
    assert saved.contact_email == "pat@heatonmoor.example"
    assert saved.website == "https://heatonmoor-friends.example"
    assert saved.consent_text == join_page.consent_text
    assert saved.is_pending
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["coordinator@council.example", "pat@heatonmoor.example"]
    to_coordinator = next(m for m in mail.outbox if m.to == ["coordinator@council.example"])
    assert f"/admin/alliance/applications/inspect/{saved.pk}/" in to_coordinator.body
    assert to_coordinator.reply_to == ["pat@heatonmoor.example"]
    assert client.get(response["Location"]).status_code == 200


def test_bad_input_saves_nothing_and_keeps_everything_typed(client, join_page):
    data = application(contact_email="pat at heatonmoor", consent=None, summary="We run a library club.")
    response = post(client, join_page, data)

    assert response.status_code == 200
    assert not MembershipApplication.objects.exists()
    assert not mail.outbox
    soup = BeautifulSoup(response.content, "html.parser")
    summary = soup.find(class_="error-summary")
    links = {a["href"]: a.get_text() for a in summary.find_all("a")}
    assert links["#id_contact_email"] == "Enter an email address like name@example.com."
    assert links["#id_consent"] == "Tick the box to say you agree, so that we can keep your details."
    assert soup.find(id="id_organisation_name")["value"] == "Heaton Moor Library Friends"
    # A newline straight after <textarea> is dropped by browsers (HTML spec); Django adds one.
    assert soup.find(id="id_summary").get_text().removeprefix("\n") == "We run a library club."
    assert soup.find(id="id_contact_email")["value"] == "pat at heatonmoor"
    assert soup.find(id="id_contact_email")["aria-invalid"] == "true"
    assert soup.title.get_text().startswith("Error:")


@pytest.mark.parametrize(("field", "value", "message"), table(__file__, "join_mistakes.csv"))
def test_each_mistake_gets_a_plain_message_and_nothing_is_saved(client, join_page, field, value, message):
    assert_refused(client, join_page, application(**{field: value}), message)


@pytest.mark.parametrize(("field", "limit"), [("summary", 300), ("organisation_name", 150)])
def test_too_much_text_gets_a_plain_message_and_nothing_is_saved(client, join_page, field, limit):
    message = f"Keep this to {limit} characters or fewer. You have typed {limit + 1}."
    assert_refused(client, join_page, application(**{field: "x" * (limit + 1)}), message)


def assert_refused(client, page, data, message):
    """Posting `data` shows the form again with `message`, and saves nothing."""
    response = post(client, page, data)
    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not MembershipApplication.objects.exists()


def test_an_unknown_topic_is_refused_with_a_plain_message(client, join_page):
    response = post(client, join_page, {**application(), "topics": ["999999"]})
    assert response.status_code == 200
    assert "Choose one of the options." in response.content.decode()
    assert "Select a valid choice" not in response.content.decode()
    assert not MembershipApplication.objects.exists()


def test_a_filled_in_honeypot_is_thanked_but_nothing_is_kept_or_sent(client, join_page, coordinator):
    response = post(client, join_page, application(**{HONEYPOT_FIELD: "+44 161 000 0000"}))
    assert response.status_code == 302
    assert response["Location"] == join_page.url + "thanks/"
    assert not MembershipApplication.objects.exists()
    assert not mail.outbox


def test_one_email_address_may_apply_three_times_a_day(client, join_page):
    for number in range(3):
        response = post(
            client, join_page, application(organisation_name=f"Group {number}"), ip=f"198.51.100.{number}"
        )
        assert response.status_code == 302

    response = post(client, join_page, application(organisation_name="Group 4"), ip="198.51.100.99")

    assert response.status_code == 429
    assert "Please try again later" in response.content.decode()
    assert 'value="Group 4"' in response.content.decode()
    assert MembershipApplication.objects.count() == 3


def test_one_address_on_the_internet_may_send_ten_applications_an_hour(client, join_page):
    for number in range(10):
        assert (
            post(client, join_page, application(contact_email=f"person{number}@example.org")).status_code
            == 302
        )
    response = post(client, join_page, application(contact_email="person10@example.org"))
    assert response.status_code == 429
    assert MembershipApplication.objects.count() == 10


def test_honeypot_hits_count_towards_the_limit(client, join_page):
    for _ in range(10):
        post(client, join_page, application(**{HONEYPOT_FIELD: "spam"}))
    assert post(client, join_page, application()).status_code == 429


def test_mistakes_do_not_count_towards_the_limit(client, join_page):
    for _ in range(12):
        assert post(client, join_page, application(consent=None)).status_code == 200
    assert post(client, join_page, application()).status_code == 302


def test_the_limit_lifts_the_next_day(client, join_page):
    with time_machine.travel(dt.datetime(2026, 5, 4, 10, 0, tzinfo=dt.UTC), tick=False):
        for number in range(3):
            post(
                client, join_page, application(organisation_name=f"Group {number}"), ip=f"198.51.100.{number}"
            )
        assert post(client, join_page, application(), ip="198.51.100.50").status_code == 429
    with time_machine.travel(dt.datetime(2026, 5, 5, 10, 0, tzinfo=dt.UTC), tick=False):
        assert post(client, join_page, application(), ip="198.51.100.51").status_code == 302


def test_an_application_is_kept_even_when_the_mail_server_is_down(
    client, join_page, coordinator, mail_server_down
):
    response = post(client, join_page, application())
    assert response.status_code == 302
    assert MembershipApplication.objects.count() == 1
