"""The editor's listing and event forms: times typed as volunteers type them, night times confirmed,
each regular time read back in words, dates kept as typed, and the event's weekday not stuck."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from wagtail.test.utils.form_data import inline_formset

from events.models import EventPage
from tests.factories import event_form_data, listing_form_data

pytestmark = pytest.mark.django_db


def schedule_rows(*rows) -> dict:
    return {
        "locations": inline_formset(
            [
                {
                    "venue": rows[0].pop("venue"),
                    "note": "",
                    "schedules": inline_formset(list(rows)),
                    "closures_here": inline_formset([]),
                }
            ]
        )
    }


def save_listing_draft(client, member, **schedule):
    row = {
        "venue": member.venue.pk,
        "day": "TU",
        "repeat": "weekly",
        "valid_from": "",
        "valid_to": "",
        **schedule,
    }
    data = listing_form_data(member.venue, title="Email drop-in", slug="email-drop-in", **schedule_rows(row))
    return client.post(f"/admin/pages/{member.listing.pk}/edit/", data)


def refused_draft(client, member, **schedule) -> str:
    """The edit form shown again after a save it refused, which must have saved nothing."""
    before = member.listing.latest_revision_id
    response = save_listing_draft(client, member, **schedule)
    assert response.status_code == 200
    member.listing.refresh_from_db()
    assert member.listing.latest_revision_id == before
    return response.content.decode()


def latest_schedule(listing):
    listing.refresh_from_db()
    draft = listing.get_latest_revision_as_object()
    return draft.locations.all()[0].schedules.all()[0]


def test_an_editor_typing_2pm_to_3_30pm_saves_14_00_to_15_30(editor_a_client, member_a):
    response = save_listing_draft(editor_a_client, member_a, opens_at="2pm", closes_at="3:30 pm")
    assert response.status_code == 302, response.content.decode()[:3000]
    schedule = latest_schedule(member_a.listing)
    assert (schedule.opens_at, schedule.closes_at) == (dt.time(14, 0), dt.time(15, 30))
    assert schedule.describe() == "Every Tuesday, 2pm to 3:30pm"


@pytest.mark.parametrize(("typed", "expected"), [("2.30pm", dt.time(14, 30)), ("14.00", dt.time(14, 0))])
def test_other_ways_of_typing_an_afternoon_time_are_saved_as_typed(
    editor_a_client, member_a, typed, expected
):
    response = save_listing_draft(editor_a_client, member_a, opens_at=typed, closes_at="5pm")
    assert response.status_code == 302
    assert latest_schedule(member_a.listing).opens_at == expected


def test_a_night_time_is_not_saved_until_the_editor_confirms_it(editor_a_client, member_a):
    html = refused_draft(editor_a_client, member_a, opens_at="0:30", closes_at="2:30")
    assert "We read this as 12:30am, in the middle of the night" in html
    assert "for example 12:30pm" in html
    assert "We read this as 2:30am, in the middle of the night" in html
    # The confirmation box is offered, and what was typed is still in the boxes.
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("input", attrs={"name": "locations-0-schedules-0-night_confirmed"}) is not None
    assert soup.find("input", attrs={"name": "locations-0-schedules-0-opens_at"})["value"] == "0:30"

    response = save_listing_draft(
        editor_a_client, member_a, opens_at="0:30", closes_at="2:30", night_confirmed="on"
    )
    assert response.status_code == 302
    assert latest_schedule(member_a.listing).opens_at == dt.time(0, 30)


def test_the_night_confirmation_box_is_not_shown_for_daytime_rows(editor_a_client, member_a):
    html = editor_a_client.get(f"/admin/pages/{member_a.listing.pk}/edit/").content.decode()
    assert "night_confirmed" not in html


def test_a_time_that_could_be_am_or_pm_is_refused_and_kept_in_the_box(editor_a_client, member_a):
    response = save_listing_draft(editor_a_client, member_a, opens_at="2", closes_at="4pm")
    assert response.status_code == 200
    assert "Is that 2am or 2pm?" in response.content.decode()


def test_a_finish_before_the_start_is_refused_with_the_times_the_other_way_round(editor_a_client, member_a):
    html = refused_draft(editor_a_client, member_a, opens_at="3:30pm", closes_at="2pm")
    assert "This is before it starts, at 3:30pm. Did you mean 2pm to 3:30pm?" in html
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("input", attrs={"name": "locations-0-schedules-0-closes_at"})["value"] == "2pm"


def test_a_session_that_goes_on_past_midnight_can_still_be_saved(editor_a_client, member_a):
    response = save_listing_draft(
        editor_a_client, member_a, opens_at="8pm", closes_at="1am", night_confirmed="on"
    )
    assert response.status_code == 302, error_messages(response)
    schedule = latest_schedule(member_a.listing)
    assert (schedule.opens_at, schedule.closes_at) == (dt.time(20), dt.time(1))


def test_each_regular_time_is_read_back_in_words_on_the_form(editor_a_client, member_a):
    save_listing_draft(editor_a_client, member_a, opens_at="2pm", closes_at="3:30pm")
    html = editor_a_client.get(f"/admin/pages/{member_a.listing.pk}/edit/").content.decode()
    soup = BeautifulSoup(html, "html.parser")
    read_back = soup.select("[data-read-back]")
    assert "We will show this as: Every Tuesday, 2pm to 3:30pm" in [
        " ".join(p.get_text().split()) for p in read_back
    ]
    assert soup.find("script", src="/static/js/read-back.js") is not None


def test_times_and_dates_are_plain_text_boxes_without_the_picker(editor_a_client, member_a):
    html = editor_a_client.get(f"/admin/pages/{member_a.listing.pk}/edit/").content.decode()
    soup = BeautifulSoup(html, "html.parser")
    opens = soup.find("input", attrs={"name": "locations-__prefix__-schedules-__prefix__-opens_at"})
    assert opens["type"] == "text"
    assert "initTimeChooser" not in html and "initDateChooser" not in html


def test_a_date_typed_year_first_is_kept_not_replaced_by_today(editor_a_client, member_a):
    response = save_listing_draft(
        editor_a_client, member_a, opens_at="2pm", closes_at="4pm", day="WE", valid_from="2026-12-16"
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert latest_schedule(member_a.listing).valid_from == dt.date(2026, 12, 16)


def test_a_date_that_cannot_be_read_is_refused_with_a_message(editor_a_client, member_a):
    response = save_listing_draft(
        editor_a_client, member_a, opens_at="2pm", closes_at="4pm", valid_from="12/16/2026"
    )
    assert response.status_code == 200
    assert "There is no such date as “12/16/2026”" in response.content.decode()


def test_an_event_typed_as_16_dec_2026_at_2pm_keeps_both(editor_a_client, member_a):
    data = event_form_data(
        member_a.venue, start_date="16 Dec 2026", start_time="2pm", end_time="3.30pm", repeat="none"
    )
    response = editor_a_client.post(f"/admin/pages/{member_a.event.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    draft = EventPage.objects.get(pk=member_a.event.pk).get_latest_revision_as_object()
    assert (draft.start_date, draft.start_time, draft.end_time) == (
        dt.date(2026, 12, 16),
        dt.time(14, 0),
        dt.time(15, 30),
    )


def test_an_event_at_night_needs_confirming(editor_a_client, member_a):
    data = event_form_data(member_a.venue, start_time="0:30", end_time="1:30", repeat="none")
    response = editor_a_client.post(f"/admin/pages/{member_a.event.pk}/edit/", data)
    assert response.status_code == 200
    assert "We read this as 12:30am, in the middle of the night" in response.content.decode()
    data["night_confirmed"] = "on"
    response = editor_a_client.post(f"/admin/pages/{member_a.event.pk}/edit/", data)
    assert response.status_code == 302


def test_the_weekday_filled_in_from_the_first_date_does_not_stay_ticked(editor_a_client, member_a):
    url = f"/admin/pages/{member_a.event.pk}/edit/"
    # Saved first on a Wednesday with no day ticked: the day is the first date's.
    data = event_form_data(member_a.venue, start_date="2027-01-06", repeat="weekly")
    data["days"] = []
    assert editor_a_client.post(url, data).status_code == 302
    draft = EventPage.objects.get(pk=member_a.event.pk).get_latest_revision_as_object()
    assert draft.days == []
    assert draft.schedule_words.startswith("Every Wednesday")
    # The form shows no day ticked, so moving the first date to a Saturday moves the sessions.
    soup = BeautifulSoup(editor_a_client.get(url).content.decode(), "html.parser")
    assert not soup.select("input[name=days][checked]")
    data = event_form_data(member_a.venue, start_date="2027-01-09", repeat="weekly")
    data["days"] = []
    assert editor_a_client.post(url, data).status_code == 302
    draft = EventPage.objects.get(pk=member_a.event.pk).get_latest_revision_as_object()
    assert draft.schedule_words.startswith("Every Saturday,")


def error_messages(response) -> list[str]:
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return [
        (tag.get("data-field-wrapper") or tag.get("id", ""), tag.get_text(" ", strip=True)[:120])
        for tag in soup.select("[data-field-wrapper], .w-field__wrapper")
        if tag.select(".error-message")
    ] or [tag.get_text(" ", strip=True) for tag in soup.select(".error-message")]


def form_as_posted(html: str) -> dict:
    """What a browser would post back from the admin's edit form, unchanged."""
    soup = BeautifulSoup(html, "html.parser")
    form = max(soup.find_all("form"), key=lambda tag: len(tag.find_all("input")))
    data: dict[str, list] = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or "__prefix__" in name:
            continue
        if field.name == "select":
            chosen = [
                option.get("value", "") for option in field.find_all("option") if option.has_attr("selected")
            ]
            data.setdefault(name, []).extend(chosen or ([] if field.has_attr("multiple") else [""]))
        elif field.name == "textarea":
            data.setdefault(name, []).append(field.text)
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data.setdefault(name, []).append(field.get("value", "on"))
        elif field.get("type") not in ("submit", "button", "file"):
            data.setdefault(name, []).append(field.get("value", ""))
    return data


def test_saving_a_listing_keeps_its_venues_in_order(admin_client, member_a):
    from directory.models import ServiceAtLocation, ServicePage
    from tests import factories

    listing = member_a.listing
    names = ["Zeta Hall", "Alpha Library", "Middle Centre"]
    # Saved without a place, as the demo loader did: the order is only the order they were added in.
    for name in names:
        location = factories.ServiceAtLocationFactory(
            service=listing, venue=factories.VenueFactory(name=name), sort_order=None
        )
        factories.VenueScheduleFactory(service_location=location)
    # Saving the first row again: PostgreSQL now finds it last among rows with the same sort order.
    first = ServiceAtLocation.objects.get(service=listing, venue__name="Zeta Hall")
    ServiceAtLocation.objects.filter(pk=first.pk).update(note="Upstairs")
    listing = ServicePage.objects.get(pk=listing.pk)
    assert [location.venue.name for location in listing.locations.all()] == names
    listing.topics = [factories.HelpTopicFactory()]
    listing.save_revision().publish()

    url = f"/admin/pages/{listing.pk}/edit/"
    data = form_as_posted(admin_client.get(url).content.decode())
    data["action-publish"] = ["action-publish"]
    response = admin_client.post(url, data)
    assert response.status_code == 302, error_messages(response)
    listing = ServicePage.objects.get(pk=listing.pk)
    assert [location.venue.name for location in listing.locations.all()] == names
    assert [location.sort_order for location in listing.locations.all()] == [0, 1, 2]
