import pytest

from core.choices import cost_sentence
from tests.tables import table


@pytest.mark.parametrize(
    ("cost", "note", "expected"),
    table(__file__, "cost_words.csv"),
)
def test_the_cost_reads_as_a_sentence_after_cost(cost, note, expected):
    assert cost_sentence(cost, note) == expected


def test_a_note_that_repeats_the_cost_is_not_said_twice():
    assert "Free: Free" not in "Cost: " + cost_sentence("free", "Free. Printing is 10p a page.")
