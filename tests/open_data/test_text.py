"""Rich text to plain text and back, for spreadsheets and Open Referral descriptions."""

from open_data.text import html_to_text, join_summary, same_text, split_summary, text_to_html


def test_paragraphs_and_lists_become_plain_text():
    html = (
        "<p>Bring your <b>phone</b>.</p><ul><li>Email</li><li>NHS App</li></ul><p>Line one<br/>line two</p>"
    )
    assert html_to_text(html) == "Bring your phone.\n\n- Email\n- NHS App\n\nLine one\nline two"


def test_plain_text_becomes_escaped_paragraphs_and_lists():
    text = "Fish & chips <script>\n\n- Email\n- NHS App\n\nLine one\nline two"
    assert text_to_html(text) == (
        "<p>Fish &amp; chips &lt;script&gt;</p><ul><li>Email</li><li>NHS App</li></ul>"
        "<p>Line one<br/>line two</p>"
    )


def test_text_survives_a_trip_through_rich_text():
    text = "First paragraph.\n\n- one\n- two\n\nLast line\nand another"
    assert html_to_text(text_to_html(text)) == text


def test_formatting_does_not_count_as_a_change_of_words():
    assert same_text("<p>Bring <b>your</b> phone.</p>", "Bring your phone.\r\n")
    assert not same_text("<p>Bring your phone.</p>", "Bring your tablet.")


def test_a_description_splits_into_summary_and_the_rest():
    assert split_summary("Short summary.\n\nMore detail.\n\nEven more.") == (
        "Short summary.",
        "More detail.\n\nEven more.",
    )


def test_a_long_first_paragraph_gives_a_shortened_summary_and_keeps_every_word():
    text = "word " * 100
    summary, description = split_summary(text)
    assert len(summary) <= 300 and summary.endswith("…")
    assert description == text.strip()


def test_summary_and_description_join_into_one_text():
    assert join_summary("Short summary.", "<p>More detail.</p>") == "Short summary.\n\nMore detail."
    assert join_summary("", "<p>More detail.</p>") == "More detail."
