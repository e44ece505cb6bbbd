import pytest

from core.choices import cost_sentence


@pytest.mark.parametrize(
    ("cost", "note", "expected"),
    [
        ("free", "", "free."),
        ("free", "Free. Printing is 10p a page.", "free. Printing is 10p a page."),
        ("free", "Free", "free."),
        ("free", "Help is free. Tea and cake are 50p.", "help is free. Tea and cake are 50p."),
        ("low_cost", "£2 a session", "£2 a session."),
        ("low_cost", "Tea and biscuits included", "low cost. Tea and biscuits included."),
        ("paid", "", "paid."),
    ],
)
def test_the_cost_reads_as_a_sentence_after_cost(cost, note, expected):
    assert cost_sentence(cost, note) == expected


def test_a_note_that_repeats_the_cost_is_not_said_twice():
    assert "Free: Free" not in "Cost: " + cost_sentence("free", "Free. Printing is 10p a page.")
