"""Fragments (caching/generation.py): values kept in the shared cache until content changes, and read
from it once per request."""

from caching import generation


def counting_reads(monkeypatch) -> list[str]:
    reads: list[str] = []
    cache = generation.cache()
    real_get = cache.get

    def get(key, *args, **kwargs):
        reads.append(key)
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", get)
    return reads


def test_within_a_request_each_fragment_and_the_generation_are_read_from_the_cache_once(monkeypatch):
    builds = []
    generation.fragment("menus", lambda: builds.append(1) or "menu")  # stored by an earlier request
    reads = counting_reads(monkeypatch)
    with generation.request_memo():
        values = [generation.fragment("menus", lambda: builds.append(1) or "menu") for _ in range(5)]
    assert values == ["menu"] * 5
    assert builds == [1]
    assert sorted(reads) == sorted([generation.KEY, "signpost:fragment:menus"])


def test_outside_a_request_every_call_asks_the_shared_cache(monkeypatch):
    generation.fragment("menus", lambda: "menu")
    reads = counting_reads(monkeypatch)
    generation.fragment("menus", lambda: "menu")
    generation.fragment("menus", lambda: "menu")
    assert reads.count("signpost:fragment:menus") == 2


def test_a_change_made_during_the_request_is_seen_by_the_rest_of_it():
    with generation.request_memo():
        assert generation.fragment("any-closures", lambda: False) is False
        generation.bump()  # an editor's save in this request: a venue's new closed dates
        assert generation.fragment("any-closures", lambda: True) is True


def test_a_request_does_not_see_what_an_earlier_request_remembered():
    with generation.request_memo():
        generation.fragment("menus", lambda: "old menu")
    generation.bump()  # another app server published a page
    with generation.request_memo():
        assert generation.fragment("menus", lambda: "new menu") == "new menu"
