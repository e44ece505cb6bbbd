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


ORGANISATION_KEY = "signpost:fragment:organisation-page:7"


def test_a_path_reads_what_its_last_request_read_for_it_in_the_first_round_trip(monkeypatch):
    monkeypatch.setattr(generation, "_path_keys", {})
    path = "localhost/organisations/library-helpers/"
    with generation.request_memo():  # the first request for the path reads its listings by themselves
        generation.prefetch(path=path)
        generation.fragment("organisation-page:7", lambda: "listings", learn=False)
    with generation.request_memo():
        found = generation.prefetch(path=path)
        generation.cache().delete(ORGANISATION_KEY)  # so only what the first round trip read can answer
        value = generation.fragment("organisation-page:7", lambda: "built again", learn=False)
    assert ORGANISATION_KEY in found
    assert value == "listings"
    with generation.request_memo():  # another path does not read them
        assert ORGANISATION_KEY not in generation.prefetch(path="localhost/organisations/other/")


def test_a_path_forgets_what_its_last_request_did_not_read(monkeypatch):
    monkeypatch.setattr(generation, "_path_keys", {})
    path = "localhost/organisations/library-helpers/"
    with generation.request_memo():
        generation.prefetch(path=path)
        generation.fragment("upcoming-events:organisation:7:2026-12-05", lambda: [], learn=False)
    with generation.request_memo():  # the next day
        generation.prefetch(path=path)
        generation.fragment("upcoming-events:organisation:7:2026-12-06", lambda: [], learn=False)
    assert generation._path_keys[path] == ("signpost:fragment:upcoming-events:organisation:7:2026-12-06",)
