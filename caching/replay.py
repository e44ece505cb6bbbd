"""Work a page does that must happen on every request, even when the page comes from the cache.

The search page records each search for the council's reports; a cached results page must still be
counted. While a page is built, `on_cache_hit("search.views.save_search_log", **fields)` asks the
page cache to call that function again, with the same plain values, each time it serves the page.
"""

import contextvars

from django.utils.module_loading import import_string

_calls: contextvars.ContextVar[list | None] = contextvars.ContextVar("page_cache_replay", default=None)


def start() -> list:
    calls: list = []
    _calls.set(calls)
    return calls


def stop() -> None:
    _calls.set(None)


def on_cache_hit(function_path: str, **kwargs) -> None:
    calls = _calls.get()
    if calls is not None:
        calls.append((function_path, kwargs))


def run(calls) -> None:
    for function_path, kwargs in calls:
        import_string(function_path)(**kwargs)
