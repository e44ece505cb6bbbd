"""`manage.py import_area_need`: a figure of need by postcode district, or by LSOA with a lookup."""

import io

import pytest
from django.core.management import CommandError, call_command

from insights.models import AreaNeed

pytestmark = pytest.mark.django_db


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_figures_by_district_are_loaded_and_replace_the_old_ones(tmp_path):
    AreaNeed.objects.create(district="M1", value=1, indicator="Old")
    path = write(tmp_path, "need.csv", "District,Value\nSK1,0.7\nsk4 ,0.3\n")
    out = io.StringIO()
    call_command("import_area_need", path, "--indicator", "Digital exclusion risk", stdout=out)
    assert "for 2 postcode districts from 2 rows" in out.getvalue()
    assert list(AreaNeed.objects.values_list("district", "value", "indicator", "invented")) == [
        ("SK1", 0.7, "Digital exclusion risk", False),
        ("SK4", 0.3, "Digital exclusion risk", False),
    ]


def test_figures_by_lsoa_are_averaged_over_each_district_with_the_lookup(tmp_path):
    need = write(tmp_path, "imd.csv", "lsoa,value\nE01000001,10\nE01000002,20\nE01000003,5\n")
    lookup = write(tmp_path, "lookup.csv", "LSOA,District\nE01000001,SK1\nE01000002,SK1\nE01000003,SK5\n")
    call_command(
        "import_area_need", need, "--lookup", lookup, "--indicator", "IMD rank", stdout=io.StringIO()
    )
    assert dict(AreaNeed.objects.values_list("district", "value")) == {"SK1": 15.0, "SK5": 5.0}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("district,value\nSK1,high\n", "Line 2: the value 'high' is not a number."),
        ("district,value\nSK1,1\nnowhere,2\n", "Line 3: 'nowhere' is not a postcode district"),
        ("area,value\nSK1,1\n", "The file needs the column district."),
        ("lsoa,value\nE01000001,1\n", "give a lookup file too"),
        ("district,value\n", "the file has no rows"),
    ],
)
def test_a_bad_file_changes_nothing_and_says_what_is_wrong(tmp_path, text, message):
    AreaNeed.objects.create(district="SK1", value=1, indicator="Kept")
    path = write(tmp_path, "need.csv", text)
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call_command("import_area_need", path, "--indicator", "New", stdout=io.StringIO())
    assert list(AreaNeed.objects.values_list("district", "indicator")) == [("SK1", "Kept")]


def test_a_missing_file_gets_a_plain_message(tmp_path):
    with pytest.raises(CommandError, match="There is no file called"):
        call_command("import_area_need", str(tmp_path / "nope.csv"), "--indicator", "X")
