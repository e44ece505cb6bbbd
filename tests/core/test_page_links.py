"""The links under a list shown a page at a time: numbers near the current page, the first and last,
and a gap where pages are left out, so that a missing number is never silently skipped."""

from core.querystrings import page_links


def shown(pagination: dict) -> list[str]:
    return ["..." if item.get("gap") else str(item["number"]) for item in pagination["numbers"]]


def test_a_gap_marks_the_pages_left_out_between_the_nearest_pages_and_the_last():
    assert shown(page_links({"q": "email"}, 1, 6)) == ["1", "2", "3", "...", "6"]
    assert shown(page_links({}, 1, 40)) == ["1", "2", "3", "...", "40"]


def test_a_gap_marks_the_pages_left_out_on_both_sides_of_the_current_page():
    assert shown(page_links({}, 10, 20)) == ["1", "...", "8", "9", "10", "11", "12", "...", "20"]


def test_one_page_left_out_is_shown_as_its_number_not_a_gap():
    assert shown(page_links({}, 1, 5)) == ["1", "2", "3", "4", "5"]
    assert shown(page_links({}, 5, 7)) == ["1", "2", "3", "4", "5", "6", "7"]
    assert shown(page_links({}, 4, 4)) == ["1", "2", "3", "4"]


def test_every_number_links_to_its_page_and_only_the_current_one_is_marked():
    pagination = page_links({"q": "email"}, 3, 9)
    numbers = [item for item in pagination["numbers"] if not item.get("gap")]
    assert [item["url"] for item in numbers] == [f"?q=email&page={item['number']}" for item in numbers]
    assert [item["number"] for item in numbers if item["current"]] == [3]
