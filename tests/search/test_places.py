import pytest
from django.core.management import CommandError, call_command

from caching.generation import request_memo
from core.postcodes import normalise_outward, normalise_postcode, outward_code
from search import places as place_lookup
from search.gazetteer import BATCH_SIZE, GazetteerFormatError, _save, import_file
from search.models import Place, PlaceKind
from search.places import find_place, place_in_words, postcode_position
from tests.factories import add_places
from tests.tables import places, table

DATA = "tests/search/data"


@pytest.mark.parametrize(
    ("typed", "postcode"),
    table(__file__, "postcodes_typed.csv"),
)
def test_postcodes_are_normalised(typed, postcode):
    assert normalise_postcode(typed) == postcode


@pytest.mark.parametrize("typed", ["", "SK1", "12345", "SK1 3X", "sk1 3xee", "bramhall", "SK1 3CI"])
def test_things_that_are_not_full_postcodes_are_refused(typed):
    assert normalise_postcode(typed) is None


def test_outward_codes_are_recognised():
    assert normalise_outward("sk4") == "SK4"
    assert outward_code("sk13xe") == "SK1"
    assert normalise_outward("bramhall") is None


@pytest.fixture
def gazetteer(db):
    add_places(*places(__file__, "gazetteer.csv"))


def test_a_full_postcode_is_found(gazetteer):
    result = find_place("sk13xe")
    assert result.location.label == "SK1 3XE"
    assert result.location.outward_code == "SK1"
    assert result.message == ""


def test_an_unknown_postcode_falls_back_to_its_district_and_says_so(gazetteer):
    result = find_place("SK4 9ZZ")
    assert result.location.label == "SK4"
    assert result.message == "We don't know SK4 9ZZ exactly, so we're showing help near the middle of SK4."


@pytest.mark.parametrize(
    ("typed", "label", "words"),
    table(__file__, "places_in_words.csv"),
)
def test_a_place_in_the_words_is_found_with_the_other_words(gazetteer, typed, label, words):
    place, _typed_as, rest = place_in_words(typed)
    assert place.location.label == label
    assert rest == words


@pytest.mark.parametrize("typed", ["email", "Edgely", "Edgeley Community Hub", "help in Narnia", "in"])
def test_words_that_are_not_exactly_a_place_at_the_end_stay_words(gazetteer, typed):
    assert place_in_words(typed) is None


def test_a_district_and_a_place_name_are_found(gazetteer):
    assert find_place("sk4").location.label == "SK4"
    assert find_place("cheadle-hulme").location.label == "Cheadle Hulme"
    assert find_place("  BRAMHALL ").location.label == "Bramhall"


def test_a_misspelt_place_gets_a_suggestion_and_no_location(gazetteer):
    result = find_place("Stokport")
    assert result.location is None
    assert result.suggestion == "Stockport"
    assert result.message == "We couldn't find 'Stokport'. Did you mean Stockport?"


def test_nonsense_gets_a_helpful_message(gazetteer):
    result = find_place("<script>")
    assert result.location is None
    assert "Try a postcode" in result.message


def test_onspd_import_counts_bad_rows_and_keeps_good_ones(db):
    report = import_file(f"{DATA}/onspd_sample.csv")
    assert report.format == "onspd"
    assert (report.rows, report.imported, report.bad) == (7, 4, 3)
    assert Place.objects.filter(kind=PlaceKind.POSTCODE).count() == 4
    # Districts the file covers get a centre from their postcodes.
    assert set(Place.objects.filter(kind=PlaceKind.OUTWARD).values_list("key", flat=True)) == {
        "SK1",
        "SK4",
        "SK5",
        "SK7",
    }
    assert find_place("sk7 1aw").location.latitude == pytest.approx(53.3589)


def test_codepoint_open_is_detected_and_converted_from_the_national_grid(db):
    report = import_file(f"{DATA}/codepoint_sample.csv")
    assert report.format == "codepoint"
    assert (report.imported, report.bad) == (3, 2)
    place = Place.objects.get(kind=PlaceKind.POSTCODE, key="SK13XE")
    # 389560 E, 390250 N is in central Stockport.
    assert place.latitude == pytest.approx(53.409, abs=0.01)
    assert place.longitude == pytest.approx(-2.157, abs=0.01)


def test_importing_twice_updates_instead_of_duplicating(db):
    import_file(f"{DATA}/onspd_sample.csv")
    import_file(f"{DATA}/onspd_sample.csv")
    assert Place.objects.filter(kind=PlaceKind.POSTCODE).count() == 4


def test_dry_run_imports_nothing(db):
    report = import_file(f"{DATA}/onspd_sample.csv", dry_run=True)
    assert report.imported == 4
    assert not Place.objects.exists()


def test_an_unknown_format_imports_nothing(db, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("name,email\nAnn,ann@example.org\n")
    with pytest.raises(GazetteerFormatError):
        import_file(path)
    assert not Place.objects.exists()


def test_a_file_that_is_not_utf8_imports_nothing(db, tmp_path, monkeypatch):
    # More good rows than one batch holds (and more than the few kilobytes Python decodes at a time),
    # so a batch is saved before the bad byte is read.
    good = "".join(f"place,Town {number},53.4,-2.1\n" for number in range(BATCH_SIZE + 1000))
    path = tmp_path / "latin1.csv"
    path.write_bytes(f"kind,name,latitude,longitude\n{good}place,Caf\xe9 Town,53.4,-2.1\n".encode("latin-1"))
    saved = []

    def save(batch, source):
        _save(batch, source)
        saved.append(len(batch))

    monkeypatch.setattr("search.gazetteer._save", save)
    with pytest.raises(GazetteerFormatError, match="not UTF-8"):
        import_file(path)
    assert saved == [BATCH_SIZE]  # a whole batch went in before the bad row was read...
    assert not Place.objects.exists()  # ...and was taken out again


def test_command_reports_counts_and_examples(db, capsys):
    call_command("import_postcodes", f"{DATA}/onspd_sample.csv")
    output = capsys.readouterr().out
    assert "7 rows, imported 4, 3 bad" in output
    assert "'NOTAPC' is not a postcode" in output


def test_command_fails_clearly_on_a_missing_file(db):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_postcodes", "no-such-file.csv")


def test_a_venue_is_placed_only_by_a_postcode_known_exactly(gazetteer):
    assert postcode_position("sk13xe") == (53.4075, -2.1589)
    # The middle of a district or a town could be miles from the door.
    assert postcode_position("SK4 1AA") is None
    assert postcode_position("Bramhall") is None
    assert postcode_position("") is None


def test_reading_a_searchs_words_reads_the_place_names_once_a_request(gazetteer, monkeypatch):
    reads = []
    read = place_lookup._read_place_names
    monkeypatch.setattr(place_lookup, "_read_place_names", lambda: reads.append(1) or read())
    with request_memo():  # as /find/ runs (caching/middleware.py)
        place_in_words("email help in Edgeley")
        place_in_words("Edgely")
        assert find_place("Stokport").suggestion == "Stockport"
    assert len(reads) == 1
