"""Settings read from the environment: a yes/no setting takes the usual words and refuses others by name."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from signpost.settings.env import env_bool


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), (" On ", True), ("YES", True), ("off", False), ("0", False), ("", False)],
)
def test_a_yes_no_setting_reads_the_usual_words_in_any_case(monkeypatch, raw, expected):
    monkeypatch.setenv("SIGNPOST_TEST_FLAG", raw)
    assert env_bool("SIGNPOST_TEST_FLAG", default=not expected) is expected


def test_an_unset_yes_no_setting_is_its_default(monkeypatch):
    monkeypatch.delenv("SIGNPOST_TEST_FLAG", raising=False)
    assert env_bool("SIGNPOST_TEST_FLAG", default=True) is True


def test_a_yes_no_setting_with_another_word_fails_by_name(monkeypatch):
    monkeypatch.setenv("SIGNPOST_TEST_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="SIGNPOST_TEST_FLAG must be one of .* not 'maybe'"):
        env_bool("SIGNPOST_TEST_FLAG")
