"""Spreadsheet cells read as yes or no: the words people type, and a plain message for anything else."""

import pytest

from open_data.values import ValueProblem, parse_bool


@pytest.mark.parametrize(
    ("text", "expected"), [("Yes", True), (" y ", True), ("✓", True), ("x", True), ("No", False), ("", False)]
)
def test_a_yes_no_cell_reads_the_words_people_type(text, expected):
    assert parse_bool(text, "free_wifi") is expected


def test_a_yes_no_cell_with_another_word_names_the_column():
    with pytest.raises(ValueProblem, match='free_wifi should be yes or no, not "sometimes"'):
        parse_bool("sometimes", "free_wifi")
