import datetime as dt

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission

from assisted_digital.models import Referral, ReferrerProfile
from assisted_digital.shortlist import SESSION_KEY
from directory.models import HelpTopic, Venue

from .conftest import add_to_shortlist

pytestmark = pytest.mark.django_db


def record(client, listing, topic="", next_url="/staff/find/?q=email"):
    return client.post("/staff/referrals/", {"listing": listing.pk, "topic": topic, "next": next_url})


def test_the_referrers_group_exists_without_admin_access():
    group = Group.objects.get(name="Referrers")
    assert not group.permissions.exists()


def test_coordinators_may_read_the_referrals_report_and_wagtails_moderators_may_not():
    permission = Permission.objects.get(codename="view_referral")
    assert Group.objects.get(name="Coordinators").permissions.filter(pk=permission.pk).exists()
    assert not Group.objects.get(name="Moderators").permissions.filter(pk=permission.pk).exists()


def test_a_referral_cannot_hold_the_visitor_or_the_staff_member():
    fields = {field.name for field in Referral._meta.get_fields()}
    assert fields == {"id", "listing", "venue", "topic", "date"}


def test_anonymous_visitors_are_asked_to_sign_in(client, directory):
    response = client.get("/staff/find/?q=email")
    assert response.status_code == 302
    assert response["Location"] == "/staff/login/?next=/staff/find/%3Fq%3Demail"


def test_signed_in_people_who_are_not_referrers_are_told_why_not(client, directory, django_user_model):
    client.force_login(django_user_model.objects.create_user("editor", password="password"))
    response = client.get("/staff/find/")
    assert response.status_code == 403
    assert "not in the Referrers group" in response.content.decode()


def test_staff_mode_shows_record_and_handout_actions_on_each_result(referrer_client, directory):
    response = referrer_client.get("/staff/find/?q=email")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text(strip=True) == "Find help with a visitor"
    assert "Reddish Library" in soup.find(class_="staff-bar").get_text()
    results = soup.select("li.result")
    assert results
    for result in results:
        form = result.find("form", class_="referral-form")
        assert form["action"] == "/staff/referrals/" and form["method"] == "post"
        listing_id = form.find("input", attrs={"name": "listing"})["value"]
        assert result.find("a", href=lambda href, i=listing_id: href and href.startswith(f"/handout/{i}/"))
    assert soup.find("a", href=lambda href: href and href.startswith("/find/results.json"))


def test_the_public_search_has_no_referral_buttons(client, directory):
    assert "Record a referral" not in client.get("/find/?q=email").content.decode()


def test_anonymous_visitors_cannot_record_referrals(client, listing):
    response = record(client, listing)
    assert response.status_code == 302 and response["Location"].startswith("/staff/login/")
    assert not Referral.objects.exists()


def test_non_referrers_cannot_record_referrals(client, listing, django_user_model):
    client.force_login(django_user_model.objects.create_user("volunteer", password="password"))
    assert record(client, listing).status_code == 403
    assert not Referral.objects.exists()


def test_a_referral_stores_the_listing_the_venue_the_topic_and_the_day(referrer_client, listing):
    with time_machine.travel("2026-03-02 23:30 +00:00", tick=False):  # still 2 March in the UK (GMT)
        response = record(referrer_client, listing, topic="email")
    assert response.status_code == 303
    assert response["Location"] == "/staff/find/?q=email"
    referral = Referral.objects.get()
    assert referral.listing == listing
    assert referral.venue == Venue.objects.get(name="Reddish Library")
    assert referral.topic.slug == "email"
    assert referral.date == dt.date(2026, 3, 2)


def test_the_topic_is_the_one_searched_for_when_the_listing_offers_it(referrer_client, directory):
    # The helpline offers email and the NHS App; the search was for the NHS App.
    page = BeautifulSoup(referrer_client.get("/staff/find/?q=nhs").content, "html.parser")
    form = page.find("input", attrs={"name": "listing", "value": str(directory["helpline"].pk)}).parent
    assert form.find("input", attrs={"name": "topic"})["value"] == "nhs-app"
    record(referrer_client, directory["helpline"], topic="nhs-app")
    assert Referral.objects.get().topic.slug == "nhs-app"


def test_the_topic_is_the_listings_first_when_the_search_named_none(referrer_client, directory):
    HelpTopic.objects.filter(slug="nhs-app").update(sort_order=1)
    page = BeautifulSoup(referrer_client.get("/staff/find/?q=helpline").content, "html.parser")
    form = page.find("input", attrs={"name": "listing", "value": str(directory["helpline"].pk)}).parent
    assert form.find("input", attrs={"name": "topic"})["value"] == "nhs-app"


def test_a_topic_the_listing_does_not_offer_is_replaced_by_its_first(referrer_client, listing):
    record(referrer_client, listing, topic="job-search")
    assert Referral.objects.get().topic.slug == "email"


def test_a_referral_to_a_draft_is_refused(referrer_client, directory):
    response = record(referrer_client, directory["draft"])
    assert response.status_code == 303
    assert not Referral.objects.exists()


def test_a_referral_with_a_bad_listing_value_is_refused_without_an_error(referrer_client, directory):
    response = referrer_client.post("/staff/referrals/", {"listing": "'; drop table"})
    assert response.status_code == 303
    assert not Referral.objects.exists()


def test_a_referrer_without_a_venue_chooses_one_first(referrer_client, referrer, listing):
    ReferrerProfile.objects.filter(user=referrer).update(venue=None)
    response = record(referrer_client, listing)
    assert response.status_code == 303
    assert response["Location"].startswith("/staff/venue/?next=")
    assert not Referral.objects.exists()


def test_a_referrer_changes_their_venue(referrer_client, referrer, directory):
    bramhall = Venue.objects.get(name="Bramhall Library")
    response = referrer_client.post("/staff/venue/", {"venue": bramhall.pk, "next": "/staff/find/?q=uc"})
    assert response.status_code == 303 and response["Location"] == "/staff/find/?q=uc"
    assert ReferrerProfile.objects.get(user=referrer).venue == bramhall


def test_a_bad_venue_choice_gets_an_error_and_changes_nothing(referrer_client, referrer, directory):
    response = referrer_client.post("/staff/venue/", {"venue": "999999"})
    assert response.status_code == 400
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find(class_="error-summary").a["href"] == "#id_venue"
    assert ReferrerProfile.objects.get(user=referrer).venue.name == "Reddish Library"


def test_next_visitor_clears_the_shortlist(referrer_client, listing):
    add_to_shortlist(referrer_client, listing)
    response = referrer_client.post("/staff/next-visitor/")
    assert response.status_code == 303
    assert SESSION_KEY not in referrer_client.session


def test_signing_in_with_a_wrong_password_shows_an_error_summary(client, referrer):
    response = client.post("/staff/login/", {"username": "librarian", "password": "wrong"})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find(class_="error-summary").a["href"] == "#id_username"
    assert soup.h1.get_text() == "Sign in to staff mode"


def test_signing_in_goes_to_staff_mode(client, referrer):
    response = client.post("/staff/login/", {"username": "librarian", "password": "password"})
    assert response.status_code == 302 and response["Location"] == "/staff/find/"


def record_with_token(client, listing, token, next_url="/staff/find/?q=email"):
    return client.post(
        "/staff/referrals/", {"listing": listing.pk, "topic": "", "token": token, "next": next_url}
    )


def test_a_referral_pressed_twice_is_recorded_once(referrer_client, listing):
    first = record_with_token(referrer_client, listing, "one-press")
    second = record_with_token(referrer_client, listing, "one-press")
    assert first.status_code == second.status_code == 303
    assert Referral.objects.count() == 1
    page = referrer_client.get(second["Location"]).content.decode()
    assert "Referral recorded once: Email drop-in. You pressed the button twice." in page


def test_each_button_on_the_staff_search_has_its_own_token(referrer_client, directory):
    page = BeautifulSoup(referrer_client.get("/staff/find/?q=email").content, "html.parser")
    tokens = [field["value"] for field in page.select("form.referral-form input[name=token]")]
    assert len(tokens) >= 2 and all(tokens) and len(set(tokens)) == len(tokens)


def test_two_presses_of_different_buttons_are_two_referrals(referrer_client, listing):
    record_with_token(referrer_client, listing, "first-visitor")
    record_with_token(referrer_client, listing, "second-visitor")
    assert Referral.objects.count() == 2


def test_a_referral_can_be_undone_within_five_minutes(referrer_client, listing):
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC), tick=False):
        record_with_token(referrer_client, listing, "undo-me")
        referral = Referral.objects.get()
        page = BeautifulSoup(referrer_client.get("/staff/find/?q=email").content, "html.parser")
        undo = page.find("form", action="/staff/referrals/undo/")
        assert undo.find("input", attrs={"name": "referral"})["value"] == str(referral.pk)
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, 4, tzinfo=dt.UTC), tick=False):
        response = referrer_client.post("/staff/referrals/undo/", {"referral": referral.pk})
    assert response.status_code == 303
    assert not Referral.objects.exists()


def test_a_referral_cannot_be_undone_after_five_minutes(referrer_client, listing):
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC), tick=False):
        record_with_token(referrer_client, listing, "too-late")
    referral = Referral.objects.get()
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, 6, tzinfo=dt.UTC), tick=False):
        response = referrer_client.post("/staff/referrals/undo/", {"referral": referral.pk}, follow=True)
        assert "can no longer be undone" in response.content.decode()
        assert "Undo the referral" not in referrer_client.get("/staff/find/").content.decode()
    assert Referral.objects.count() == 1


def test_only_the_referral_this_session_recorded_can_be_undone(referrer_client, listing):
    other = Referral.objects.create(listing=listing, venue=Venue.objects.get(name="Reddish Library"))
    record_with_token(referrer_client, listing, "mine")
    referrer_client.post("/staff/referrals/undo/", {"referral": other.pk})
    assert Referral.objects.count() == 2


def test_the_header_keeps_staff_in_staff_mode(referrer_client, listing):
    for path in ("/staff/find/?q=email", listing.url, "/shortlist/", "/"):
        page = BeautifulSoup(referrer_client.get(path).content, "html.parser")
        find_help = page.find("nav", attrs={"aria-label": "Main"}).find("a", string="Find help")
        assert find_help["href"] == "/staff/find/", path


def test_the_home_page_search_keeps_staff_in_staff_mode(referrer_client, directory):
    page = BeautifulSoup(referrer_client.get("/").content, "html.parser")
    assert page.find("form", role="search")["action"] == "/staff/find/"


def test_residents_header_goes_to_the_public_search(client, directory):
    page = BeautifulSoup(client.get("/").content, "html.parser")
    assert page.find("nav", attrs={"aria-label": "Main"}).find("a", string="Find help")["href"] == "/find/"


def test_the_shortlist_in_staff_mode_has_the_staff_tools(referrer_client, listing):
    add_to_shortlist(referrer_client, listing)
    page = BeautifulSoup(referrer_client.get("/shortlist/").content, "html.parser")
    assert page.find("form", action="/staff/next-visitor/")
    assert page.find("a", string="Back to the staff search")["href"] == "/staff/find/"
    assert page.find("a", string="Print your list")["href"].startswith("/shortlist/print/?print=1")
    assert page.find("form", action="/shortlist/email/")


def test_the_residents_shortlist_has_no_staff_tools(client, listing):
    add_to_shortlist(client, listing)
    page = BeautifulSoup(client.get("/shortlist/").content, "html.parser")
    assert page.find("form", action="/staff/next-visitor/") is None
