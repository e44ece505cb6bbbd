"""Work a page does that must happen on every request, even when the page comes from the cache.

The search page records each search for the council's reports; a cached results page must still be
counted. While a page is built, `on_cache_hit("search.views.save_search_log", **fields)` asks the
page cache to call that function again, with the same plain values, each time it serves the page.
"""

from django.utils.module_loading import import_string

from .notes import PageNotes

_calls = PageNotes("page_cache_replay")
start = _calls.start
stop = _calls.stop


def on_cache_hit(function_path: str, **kwargs) -> None:
    _calls.add((function_path, kwargs))


def run(calls) -> None:
    for function_path, kwargs in calls:
        import_string(function_path)(**kwargs)
