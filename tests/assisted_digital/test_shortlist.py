import pytest
from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from django.test import Client

from assisted_digital.shortlist import MAX_ITEMS, SESSION_KEY
from tests import factories

from .conftest import add_to_shortlist

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_adding_a_listing_keeps_its_id_in_the_session_and_goes_back_with_303(client, listing):
    response = add_to_shortlist(client, listing, "/find/?q=email#shortlist-1")
    assert response.status_code == 303
    assert response["Location"] == "/find/?q=email#shortlist-1"
    assert client.session[SESSION_KEY] == [listing.pk]
    assert messages_of(response) == ["Added Email drop-in to your shortlist."]


def test_adding_goes_back_to_the_listing_when_next_is_another_site(client, listing):
    response = add_to_shortlist(client, listing, "https://evil.example/phish")
    assert response.status_code == 303
    assert response["Location"] == listing.url


def test_adding_the_same_listing_twice_keeps_one(client, listing):
    add_to_shortlist(client, listing)
    response = add_to_shortlist(client, listing)
    assert client.session[SESSION_KEY] == [listing.pk]
    assert messages_of(response)[-1] == "Email drop-in is already on your shortlist."


def test_a_draft_listing_cannot_be_added(client, directory):
    response = add_to_shortlist(client, directory["draft"])
    assert response.status_code == 303
    assert SESSION_KEY not in client.session
    assert "no longer listed" in messages_of(response)[0]


def test_an_organisation_page_cannot_be_added(client, directory):
    organisation = directory["email"].get_parent()
    add_to_shortlist(client, organisation)
    assert SESSION_KEY not in client.session


@pytest.mark.parametrize("value", ["abc", "", "-1", "99999999", "1.5"])
def test_a_bad_page_value_gets_a_message_not_an_error(client, directory, value):
    response = client.post("/shortlist/add/", {"page": value})
    assert response.status_code == 303
    assert SESSION_KEY not in client.session


def test_adding_needs_a_post(client, listing):
    assert client.get(f"/shortlist/add/?page={listing.pk}").status_code == 405


def test_adding_from_another_website_is_refused(listing):
    # No CSRF token (so pages with the button can be cached): the browser's Sec-Fetch-Site says where
    # the form was.
    client = Client(enforce_csrf_checks=True, headers={"Sec-Fetch-Site": "cross-site"})
    response = add_to_shortlist(client, listing)
    assert response.status_code == 403
    assert SESSION_KEY not in client.session


def test_a_full_shortlist_refuses_more(client, organisation):
    services = [factories.ServicePageFactory(parent=organisation) for _ in range(MAX_ITEMS + 1)]
    for service in services[:MAX_ITEMS]:
        add_to_shortlist(client, service)
    response = add_to_shortlist(client, services[-1])
    assert len(client.session[SESSION_KEY]) == MAX_ITEMS
    assert services[-1].pk not in client.session[SESSION_KEY]
    assert "full" in messages_of(response)[-1]


def test_a_residents_shortlist_ends_when_the_browser_closes(client, listing):
    add_to_shortlist(client, listing)
    assert client.session.get_expire_at_browser_close()


def test_removing_an_item(client, listing, directory):
    add_to_shortlist(client, listing)
    add_to_shortlist(client, directory["uc"])
    response = client.post("/shortlist/remove/", {"page": listing.pk, "next": "/shortlist/"})
    assert response.status_code == 303
    assert client.session[SESSION_KEY] == [directory["uc"].pk]
    assert messages_of(response)[-1] == "Email drop-in is off your shortlist."


def test_removing_something_not_on_the_list_changes_nothing(client, listing):
    add_to_shortlist(client, listing)
    client.post("/shortlist/remove/", {"page": "nonsense"})
    assert client.session[SESSION_KEY] == [listing.pk]


def test_clearing_the_list(client, listing):
    add_to_shortlist(client, listing)
    response = client.post("/shortlist/clear/")
    assert response.status_code == 303
    assert SESSION_KEY not in client.session


def test_the_shortlist_page_lists_items_in_the_order_added(client, listing, directory):
    add_to_shortlist(client, directory["uc"])
    add_to_shortlist(client, listing)
    soup = BeautifulSoup(client.get("/shortlist/").content, "html.parser")
    titles = [heading.get_text(strip=True) for heading in soup.select(".shortlist__title")]
    assert titles == ["Universal Credit claim support", "Email drop-in"]


def test_the_shortlist_says_what_a_qr_code_is_where_it_offers_one(client, listing):
    add_to_shortlist(client, listing)
    soup = BeautifulSoup(client.get("/shortlist/").content, "html.parser")
    offer = soup.find("section", class_="shortlist-actions").get_text(" ", strip=True)
    assert "a QR code for each: a code to scan with a phone camera" in offer


def test_an_unpublished_item_is_dropped_and_the_resident_is_told(client, listing, directory):
    add_to_shortlist(client, listing)
    add_to_shortlist(client, directory["uc"])
    directory["uc"].unpublish()
    response = client.get("/shortlist/")
    assert "1 item is no longer listed, so we took it off your list." in response.content.decode()
    assert client.session[SESSION_KEY] == [listing.pk]
    # Told once: the next visit does not repeat it.
    assert "no longer listed" not in client.get("/shortlist/").content.decode()


def test_a_deleted_item_is_dropped(client, listing, directory):
    add_to_shortlist(client, listing)
    add_to_shortlist(client, directory["uc"])
    directory["uc"].delete()
    assert "1 item is no longer listed" in client.get("/shortlist/").content.decode()


def test_an_empty_shortlist_says_how_to_add_things(client, db, home_page):
    response = client.get("/shortlist/")
    assert response.status_code == 200
    assert "Your shortlist is empty." in response.content.decode()


def test_the_listing_page_has_an_add_button_that_becomes_remove(client, listing):
    soup = BeautifulSoup(client.get(listing.url).content, "html.parser")
    form = soup.find("form", id=f"shortlist-{listing.pk}")
    assert form["action"] == "/shortlist/add/" and form["method"] == "post"
    assert form.find("input", attrs={"name": "next"})["value"] == f"{listing.url}#shortlist-{listing.pk}"
    assert form.button.get_text(strip=True) == "Add to shortlist: Email drop-in"

    add_to_shortlist(client, listing)
    soup = BeautifulSoup(client.get(listing.url).content, "html.parser")
    form = soup.find("form", id=f"shortlist-{listing.pk}")
    assert form["action"] == "/shortlist/remove/"
    assert "On your shortlist" in form.get_text(" ", strip=True)


def test_every_search_result_has_an_add_button_coming_back_to_it(client, directory):
    soup = BeautifulSoup(client.get("/find/?q=email").content, "html.parser")
    results = soup.select("li.result")
    assert results
    for result in results:
        form = result.find("form", class_="shortlist-form")
        page_id = form.find("input", attrs={"name": "page"})["value"]
        assert form.find("input", attrs={"name": "next"})["value"] == f"/find/?q=email#shortlist-{page_id}"


def test_the_menu_shows_the_shortlist_once_it_has_something(client, listing):
    assert "Your shortlist" not in client.get("/find/").content.decode()
    add_to_shortlist(client, listing)
    soup = BeautifulSoup(client.get("/find/").content, "html.parser")
    link = soup.find("nav", attrs={"aria-label": "Main"}).find("a", href="/shortlist/")
    assert link.get_text(strip=True) == "Your shortlist (1)"
