"""manage.py import_listings with the spreadsheet template: the report, what is saved, and bad files."""

import csv
import io
from pathlib import Path

import pytest

import open_data
from directory.models import OrganisationPage, ServicePage, Venue
from open_data.columns import COLUMNS
from tests import factories
from tests.open_data.conftest import run, run_failing

pytestmark = pytest.mark.django_db

HEADER = [column for column in COLUMNS if column != "listing_url"]


row = factories.import_row
write_csv = factories.import_csv

# The venue cells of a second venue for `row`, in Reddish; and of help by phone or online, at no venue.
IN_REDDISH = {
    "venue_name": "Reddish Hall",
    "venue_address": "Gorton Road",
    "venue_town": "Reddish",
    "venue_postcode": "SK5 6AA",
}
NO_VENUE = dict.fromkeys(IN_REDDISH, "")


@pytest.fixture
def site_with_vocabularies(organisation_index, vocabularies, gazetteer):
    return vocabularies


# -- a good file ------------------------------------------------------------------------------


def test_a_dry_run_reports_what_would_happen_and_saves_nothing(tmp_path, site_with_vocabularies):
    source = write_csv(tmp_path, [row()])
    lines = run(source)
    assert lines[0] == (
        'row 2: created listing "Tablet help" at "Cheadle Library" '
        '(new organisation "Cheadle Computer Club"; new venue "Cheadle Library")'
    )
    assert lines[-1] == "1 row: 1 created. Dry run: nothing was saved. To save, run again with --commit."
    assert not OrganisationPage.objects.exists() and not Venue.objects.exists()


def test_commit_publishes_new_organisations_listings_and_venues(tmp_path, site_with_vocabularies):
    run(write_csv(tmp_path, [row()]), "--commit")
    listing = ServicePage.objects.get(title="Tablet help")
    assert listing.live and not listing.has_unpublished_changes
    assert listing.get_parent().title == "Cheadle Computer Club"
    assert [topic.name for topic in listing.topics.all()] == ["Email"]
    link = listing.locations.get()
    assert link.venue.name == "Cheadle Library"
    assert [schedule.regular_time.describe_day() for schedule in link.schedules.all()] == ["Every Tuesday"]


def test_a_new_organisation_becomes_an_alliance_member_with_an_editor_group(tmp_path, site_with_vocabularies):
    run(write_csv(tmp_path, [row()]), "--commit")
    organisation = OrganisationPage.objects.get()
    assert organisation.membership.group.name == "Editors: Cheadle Computer Club"
    assert not organisation.membership.trusted


def test_a_new_venue_is_placed_at_its_postcode(tmp_path, site_with_vocabularies):
    run(write_csv(tmp_path, [row()]), "--commit")
    venue = Venue.objects.get(name="Cheadle Library")
    assert (venue.latitude, venue.longitude) == (53.4083, -2.1494)


def test_latitude_and_longitude_columns_win_over_the_postcode(tmp_path, site_with_vocabularies):
    run(write_csv(tmp_path, [row(venue_latitude="53.3901", venue_longitude="-2.2143")]), "--commit")
    venue = Venue.objects.get(name="Cheadle Library")
    assert (venue.latitude, venue.longitude) == (53.3901, -2.2143)


def test_draft_saves_new_listings_unpublished(tmp_path, site_with_vocabularies, client):
    lines = run(write_csv(tmp_path, [row()]), "--commit", "--draft")
    assert lines[0].endswith(", saved as a draft")
    listing = ServicePage.objects.get(title="Tablet help")
    assert not listing.live and not listing.get_parent().live
    assert client.get("/api/oruk/services").json()["total_items"] == 0
    assert all(": skipped " in line for line in run(write_csv(tmp_path, [row()]), "--commit", "--draft")[:1])


def test_draft_saves_changes_to_a_live_listing_for_review(tmp_path, site_with_vocabularies):
    run(write_csv(tmp_path, [row()]), "--commit")
    lines = run(
        write_csv(tmp_path, [row(listing_summary="Help with tablets and phones.")]), "--commit", "--draft"
    )
    assert lines[0].endswith("(summary changed), saved as a draft")
    listing = ServicePage.objects.get()
    assert listing.summary == "Help with tablets." and listing.has_unpublished_changes
    assert listing.get_latest_revision_as_object().summary == "Help with tablets and phones."
    # The draft is what a second draft import compares with: nothing more to change.
    again = run(
        write_csv(tmp_path, [row(listing_summary="Help with tablets and phones.")]), "--commit", "--draft"
    )
    assert again[0].startswith('row 2: skipped listing "Tablet help"')


def test_rows_for_the_same_listing_make_one_listing_at_several_venues(tmp_path, site_with_vocabularies):
    rows = [
        row(),
        row(**IN_REDDISH),
        row(**NO_VENUE, times="Every Monday 09:00-17:00"),
    ]
    lines = run(write_csv(tmp_path, rows), "--commit")
    assert lines[2] == 'row 4: created listing "Tablet help" by phone or online'
    listing = ServicePage.objects.get()
    assert sorted(link.venue.name for link in listing.locations.all()) == ["Cheadle Library", "Reddish Hall"]
    assert [schedule.day for schedule in listing.remote_schedules.all()] == ["MO"]


def test_a_second_import_updates_instead_of_duplicating(tmp_path, site_with_vocabularies):
    run(write_csv(tmp_path, [row()]), "--commit")
    lines = run(write_csv(tmp_path, [row(listing_summary="Help with tablets and phones.")]), "--commit")
    assert lines[0] == 'row 2: updated listing "Tablet help" at "Cheadle Library" (summary changed)'
    assert ServicePage.objects.get().summary == "Help with tablets and phones."
    assert (OrganisationPage.objects.count(), ServicePage.objects.count(), Venue.objects.count()) == (1, 1, 1)


def test_a_listing_id_matches_the_listing_even_when_its_name_has_changed(tmp_path, site_with_vocabularies):
    run(write_csv(tmp_path, [row()]), "--commit")
    listing_id = str(ServicePage.objects.get().uuid)
    lines = run(
        write_csv(tmp_path, [row(listing_id=listing_id, listing_name="Tablet and phone help")]), "--commit"
    )
    assert lines[0] == 'row 2: updated listing "Tablet and phone help" at "Cheadle Library" (name changed)'
    assert lines[-1].startswith("1 row: 1 updated.")
    listing = ServicePage.objects.get()
    assert (str(listing.uuid), listing.title) == (listing_id, "Tablet and phone help")


def test_venues_with_the_same_name_at_different_postcodes_stay_separate(tmp_path, site_with_vocabularies):
    rows = [
        row(venue_name="Community Hall"),
        row(**IN_REDDISH | {"venue_name": "Community Hall"}, organisation_name="Reddish Readers"),
    ]
    lines = run(write_csv(tmp_path, rows), "--commit")
    assert [line.endswith('new venue "Community Hall")') for line in lines[:2]] == [True, True]
    assert sorted(Venue.objects.filter(name="Community Hall").values_list("postcode", flat=True)) == [
        "SK1 3XE",
        "SK5 6AA",
    ]
    # Read again, each row finds its own venue by name and postcode.
    again = run(write_csv(tmp_path, rows), "--commit")
    assert again[-1].startswith("2 rows: 2 skipped.")
    assert Venue.objects.count() == 2
    reddish = ServicePage.objects.get(locations__venue__postcode="SK5 6AA")
    assert reddish.get_parent().title == "Reddish Readers"


def add_cheadle_library(postcode: str, latitude: float) -> Venue:
    return Venue.objects.create(
        name="Cheadle Library",
        address="Ashfield Road",
        town="Cheadle",
        postcode=postcode,
        latitude=latitude,
        longitude=-2.15,
    )


def test_two_venues_with_the_same_name_and_postcode_are_an_error(tmp_path, site_with_vocabularies):
    add_cheadle_library("SK1 3XE", 53.4083)
    add_cheadle_library("SK1 3XE", 53.4084)
    lines, _error = run_failing(write_csv(tmp_path, [row()]))
    assert lines[0] == (
        'row 2: error: more than one venue is called "Cheadle Library": add venue_postcode or venue_id'
    )


def test_a_postcode_picks_one_of_two_venues_with_the_same_name(tmp_path, site_with_vocabularies):
    add_cheadle_library("SK1 3XE", 53.4083)
    reddish = add_cheadle_library("SK5 6AA", 53.4371)
    lines = run(write_csv(tmp_path, [row(venue_postcode="SK5 6AA")]), "--commit")
    assert lines[0] == (
        'row 2: created listing "Tablet help" at "Cheadle Library" (new organisation "Cheadle Computer Club")'
    )
    assert ServicePage.objects.get().locations.get().venue == reddish
    assert Venue.objects.count() == 2


def test_names_match_whatever_their_case_and_spacing(tmp_path, site_with_vocabularies):
    run(write_csv(tmp_path, [row()]), "--commit")
    source = write_csv(
        tmp_path,
        [
            row(
                organisation_name="cheadle  computer club",
                listing_name="TABLET HELP",
                venue_name="cheadle library",
            )
        ],
    )
    assert run(source, "--commit")[0].startswith('row 2: skipped listing "Tablet help"')


def test_changed_times_replace_the_old_times(tmp_path, site_with_vocabularies):
    run(write_csv(tmp_path, [row()]), "--commit")
    lines = run(write_csv(tmp_path, [row(times="Every Wednesday 14:00-16:00")]), "--commit")
    assert (
        lines[0]
        == 'row 2: updated listing "Tablet help" at "Cheadle Library" (times at "Cheadle Library" changed)'
    )
    schedule = ServicePage.objects.get().locations.get().schedules.get()
    assert (schedule.day, str(schedule.opens_at)) == ("WE", "14:00:00")


def test_a_venue_left_out_of_the_file_is_removed_from_the_listing(tmp_path, site_with_vocabularies):
    run(write_csv(tmp_path, [row(), row(**IN_REDDISH)]), "--commit")
    lines = run(write_csv(tmp_path, [row()]), "--commit")
    assert (
        lines[0] == 'row 2: updated listing "Tablet help" at "Cheadle Library" (no longer at "Reddish Hall")'
    )
    assert [link.venue.name for link in ServicePage.objects.get().locations.all()] == ["Cheadle Library"]
    assert Venue.objects.filter(name="Reddish Hall").exists()  # the venue itself stays


def test_columns_that_are_not_in_the_file_are_left_as_they_are(tmp_path, site_with_vocabularies):
    run(write_csv(tmp_path, [row(what_to_bring="Your tablet.", cost_note="Free tea")]), "--commit")
    minimal = ["organisation_name", "listing_name", "help_topics"]
    lines = run(write_csv(tmp_path, [row(help_topics="Email; bank")], header=minimal), "--commit")
    assert lines[0] == 'row 2: updated listing "Tablet help" (help topics changed)'
    listing = ServicePage.objects.get()
    assert (listing.what_to_bring, listing.cost_note, listing.summary) == (
        "Your tablet.",
        "Free tea",
        "Help with tablets.",
    )
    assert listing.locations.count() == 1


def test_help_topics_match_by_synonym(tmp_path, site_with_vocabularies):
    run(write_csv(tmp_path, [row(help_topics="gmail; GP; bills")]), "--commit")
    assert sorted(topic.slug for topic in ServicePage.objects.get().topics.all()) == [
        "email",
        "nhs-app",
        "online-banking",
    ]


def test_words_residents_see_and_uk_dates_are_understood(tmp_path, site_with_vocabularies):
    source = write_csv(
        tmp_path,
        [
            row(
                skill_levels="I'm new to this; I know the basics",
                how_to_take_part="You need to book",
                cost="low cost",
                status="Temporarily closed",
                last_checked="01/03/2026",
                free_devices="Yes",
                venue_kind="Community centre",
                times="Last Friday of the month 6pm-8pm; every other wednesday 10am-noon from 07/01/2026",
            )
        ],
    )
    run(source, "--commit")
    listing = ServicePage.objects.get()
    assert listing.levels == ["foundation", "life"]
    assert (listing.how_to_take_part, listing.cost, listing.status) == (
        "book",
        "low_cost",
        "temporarily_closed",
    )
    assert (str(listing.last_checked), listing.offers_devices) == ("2026-03-01", True)
    times = [schedule.describe() for schedule in listing.locations.get().schedules.all()]
    assert times[0] == "Last Friday of the month, 6pm to 8pm"
    assert times[1].startswith("Every other Wednesday, 10am to 12 noon")


def test_a_spreadsheet_saved_with_semicolons_is_read(tmp_path, site_with_vocabularies):
    text = ";".join(HEADER) + "\n" + ";".join(row().get(column, "") for column in HEADER) + "\n"
    path = tmp_path / "semicolons.csv"
    path.write_text(text, encoding="utf-8")
    assert run(str(path))[0].startswith('row 2: created listing "Tablet help"')


def test_the_shipped_template_imports_cleanly(site_with_vocabularies):
    from directory.models import AccessFacility, HelpTopic

    AccessFacility.objects.create(name="Accessible toilet", slug="accessible-toilet")
    HelpTopic.objects.filter(slug="nhs-app").update(name="NHS App and health online")
    lines = run(str(Path(open_data.__file__).parent / "import_template.csv"))
    assert lines[-1] == "3 rows: 3 created. Dry run: nothing was saved. To save, run again with --commit."


# -- bad rows ---------------------------------------------------------------------------------


@pytest.fixture
def bad_file(tmp_path, site_with_vocabularies):
    """Rows 2 and 7 are good; every other row has one problem."""
    rows = [
        row(organisation_name="Good Group", listing_name="Good listing"),
        row(organisation_name=""),
        row(listing_name="", listing_summary="No name"),
        row(organisation_name="Postcode Group", venue_name="Nowhere Hall", venue_postcode="NOT A CODE"),
        row(organisation_name="Knitters", help_topics="Email; knitting"),
        row(organisation_name="Accents", listing_name="Café club", listing_summary="Caf\udce9 club"),
        row(organisation_name="Another Good Group", listing_name="Another good listing"),
    ]
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=HEADER, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    # Row 7 was typed in a Windows spreadsheet: "é" is one byte in Windows-1252, not UTF-8.
    path = tmp_path / "bad.csv"
    path.write_bytes(text.getvalue().encode("utf-8", "surrogateescape"))
    return str(path)


BAD_ROW_REPORT = [
    "row 3: error: organisation_name is empty",
    "row 4: error: listing_name is empty",
    'row 5: error: venue_postcode "NOT A CODE" is not a full UK postcode, like SK1 3RS',
    'row 6: error: unknown help topic "knitting"',
    "row 7: error: this row has characters that are not UTF-8. Save the file as UTF-8: in Excel choose "
    '"Save As" then "CSV UTF-8 (Comma delimited)".',
]


def test_each_bad_row_is_reported_with_its_problem(bad_file):
    lines, error = run_failing(bad_file)
    for expected in BAD_ROW_REPORT:
        assert expected in lines
    assert lines[0].startswith('row 2: created listing "Good listing"')
    assert lines[-2].startswith('row 8: created listing "Another good listing"')
    assert (
        error == "7 rows: 2 created, 5 error. Dry run: nothing was saved. To save, run again with --commit."
    )


def test_with_bad_rows_commit_saves_nothing(bad_file):
    lines, error = run_failing(bad_file, "--commit")
    assert "Nothing was saved, because of the errors above" in error
    assert not OrganisationPage.objects.exists() and not Venue.objects.exists()


def test_skip_errors_saves_only_the_good_rows(bad_file):
    lines = run(bad_file, "--commit", "--skip-errors")
    for expected in BAD_ROW_REPORT:
        assert expected in lines
    assert lines[-1] == "7 rows: 2 created, 5 error. Changes saved. The rows with errors were left out."
    assert sorted(ServicePage.objects.values_list("title", flat=True)) == [
        "Another good listing",
        "Good listing",
    ]
    assert sorted(OrganisationPage.objects.values_list("title", flat=True)) == [
        "Another Good Group",
        "Good Group",
    ]


def test_an_unknown_topic_suggests_a_close_one(tmp_path, site_with_vocabularies):
    lines, _error = run_failing(write_csv(tmp_path, [row(help_topics="Emial")]))
    assert lines[0] == 'row 2: error: unknown help topic "Emial" (did you mean "Email"?)'


def test_a_listing_with_one_bad_row_is_not_imported_at_all(tmp_path, site_with_vocabularies):
    rows = [row(), row(venue_name="Reddish Hall", venue_postcode="SK5 6ZZZ")]
    lines = run(write_csv(tmp_path, rows), "--commit", "--skip-errors")
    assert lines[:2] == [
        "row 2: error: not imported, because row 3 (the same listing) has a problem",
        'row 3: error: venue_postcode "SK5 6ZZZ" is not a full UK postcode, like SK1 3RS',
    ]
    assert not ServicePage.objects.exists()


def test_rows_for_one_listing_that_disagree_are_an_error(tmp_path, site_with_vocabularies):
    rows = [row(), row(listing_summary="Something else", venue_name="Reddish Hall", venue_postcode="SK5 6AA")]
    lines, _error = run_failing(write_csv(tmp_path, rows))
    assert "row 3: error: the listing's summary is different from row 2" in lines


def test_the_same_venue_twice_for_a_listing_is_an_error(tmp_path, site_with_vocabularies):
    lines, _error = run_failing(write_csv(tmp_path, [row(), row(times="Every Friday 10:00-11:00")]))
    assert "row 3: error: this listing is at this venue on row 2 too: put all its times in one row" in lines


def test_a_postcode_the_gazetteer_does_not_know_needs_a_position(tmp_path, site_with_vocabularies):
    lines, _error = run_failing(write_csv(tmp_path, [row(venue_postcode="SK9 9ZZ")]))
    assert (
        lines[0]
        == "row 2: error: we could not find where SK9 9ZZ is: add venue_latitude and venue_longitude columns"
    )


def test_a_position_outside_the_uk_is_an_error(tmp_path, site_with_vocabularies):
    lines, _error = run_failing(write_csv(tmp_path, [row(venue_latitude="-2.15", venue_longitude="53.4")]))
    assert lines[0] == "row 2: error: -2.15, 53.4 is not in the UK: check venue_latitude and venue_longitude"


@pytest.mark.parametrize(
    ("times", "message"),
    [
        ("Tuesdays 10-12", 'we could not read the times "Tuesdays 10-12": write them like'),
        ("Every Tuesday 10:00-10:00", "The finishing time must be different from the starting time."),
        ("Every other Tuesday 10:00-12:00", "Give the date of one session, so we know which weeks it runs."),
        ("Every Tuesday 10:00-12:00 from 2026-01-07", "This date is not a Tuesday."),
        ("Every Blursday 10:00-12:00", '"Blursday" in "Every Blursday 10:00-12:00" is not a day of the week'),
    ],
)
def test_times_that_cannot_be_read_or_cannot_happen_are_errors(
    tmp_path, site_with_vocabularies, times, message
):
    lines, _error = run_failing(write_csv(tmp_path, [row(times=times)]))
    assert message in lines[0]


def test_a_new_listing_needs_a_topic_and_a_level(tmp_path, site_with_vocabularies):
    lines, _error = run_failing(write_csv(tmp_path, [row(help_topics="", skill_levels="")]))
    assert lines[:2] == [
        "row 2: error: a listing needs at least one help topic (help_topics)",
        "row 2: error: a listing needs at least one skill level (skill_levels)",
    ]


def test_model_rules_are_reported_by_column(tmp_path, site_with_vocabularies):
    lines, _error = run_failing(
        write_csv(tmp_path, [row(booking_url="not a web address", contact_email="nobody")])
    )
    assert "row 2: error: booking_url: Enter a valid URL." in lines
    assert "row 2: error: contact_email: Enter a valid email address." in lines


def test_a_listing_with_unpublished_changes_is_not_overwritten(tmp_path, site_with_vocabularies):
    run(write_csv(tmp_path, [row()]), "--commit")
    listing = ServicePage.objects.get()
    listing.summary = "An editor's draft."
    listing.save_revision()
    lines, _error = run_failing(
        write_csv(tmp_path, [row(listing_summary="From the spreadsheet.")]), "--commit"
    )
    assert lines[0] == (
        'row 2: error: the listing "Tablet help" has changes in the admin that are not published yet: '
        "publish or discard them and import again, or import with --draft"
    )
    assert ServicePage.objects.get().get_latest_revision_as_object().summary == "An editor's draft."


# -- bad files --------------------------------------------------------------------------------


def test_a_utf16_file_is_refused_whole(tmp_path, site_with_vocabularies):
    _lines, error = run_failing(write_csv(tmp_path, [row()], encoding="utf-16"))
    assert error.startswith("This file is saved as UTF-16 text, not UTF-8.")
    assert error.endswith("Nothing was imported.")


def test_an_unknown_column_is_refused_with_a_suggestion(tmp_path, site_with_vocabularies):
    header = [*HEADER[:-1], "venue_postocde"]
    _lines, error = run_failing(write_csv(tmp_path, [row()], header=header))
    assert 'unknown column "venue_postocde" (did you mean "venue_postcode"?)' in error


def test_a_file_without_the_required_columns_is_refused(tmp_path, site_with_vocabularies):
    _lines, error = run_failing(write_csv(tmp_path, [row()], header=["organisation_name", "venue_name"]))
    assert "missing column listing_name" in error


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        (b"organisation_name,listing_name\n", "The file has a header row but no rows of listings."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "This is not a CSV file."),
        (b'{"contents": [', "is not valid JSON"),
    ],
)
def test_files_that_are_not_listings_are_refused(tmp_path, site_with_vocabularies, content, message):
    path = tmp_path / "odd.csv"
    path.write_bytes(content)
    _lines, error = run_failing(str(path))
    assert message in error


def test_a_missing_file_is_refused(site_with_vocabularies):
    _lines, error = run_failing("/no/such/file.csv")
    assert error == "There is no file called /no/such/file.csv. Nothing was imported."
