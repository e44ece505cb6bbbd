"""Whole-page caching for anonymous visitors, in the shared cache (`caches["default"]`).

A GET from a visitor without a session or messages cookie (not signed in, no shortlist, no staff
mode) is answered from the cache when the page was built in the current content generation
(caching/generation.py) and its clock has not moved on (caching/clock.py). Otherwise the page is built
as usual and kept if it is the same for everyone: a 200 that set no cookie, used no CSRF token (no
form that posts with one) and did not ask not to be cached.

Responses say so to browsers and CDNs: `Cache-Control: public` with an `s-maxage` a CDN may keep it
for (PAGE_CACHE_CDN_SECONDS, 0 unless set), and `Vary: Cookie`; personal responses (signed in, a
shortlist, a form with a token) say `private, no-store`. See docs/scaling.md.
"""

import datetime as dt
import hashlib

from django.conf import settings
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from wagtail.views import serve as serve_page

from . import clock, generation, replay, sites

# Headers set again on every response (by this middleware or the ones around it), never stored.
NOT_STORED = {"cache-control", "vary", "set-cookie", "x-page-cache", "expires", "date"}


def personal_cookies() -> set[str]:
    return {settings.SESSION_COOKIE_NAME, getattr(settings, "MESSAGES_COOKIE_NAME", "messages")}


def is_personal(request) -> bool:
    """Whether what this visitor sees can differ from what every other anonymous visitor sees."""
    return bool(personal_cookies() & request.COOKIES.keys()) or "HTTP_AUTHORIZATION" in request.META


def cache_key(request) -> str:
    address = f"{request.get_host()}{request.get_full_path()}"
    return "signpost:page:" + hashlib.sha256(address.encode()).hexdigest()


def next_midnight(now: dt.datetime) -> dt.datetime:
    """'Today', 'this week' and every date a page shows change at midnight in the UK."""
    local = timezone.localtime(now)
    tomorrow = local.date() + dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(tomorrow, dt.time.min), local.tzinfo)


def is_storable(request, response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
        and not getattr(getattr(request, "session", None), "modified", False)
    )


def mark_public(response, seconds: int) -> None:
    cdn_seconds = max(0, min(seconds, settings.PAGE_CACHE_CDN_SECONDS))
    response["Cache-Control"] = f"public, max-age=0, s-maxage={cdn_seconds}"
    patch_vary_headers(response, ["Cookie"])


def mark_private(response) -> None:
    if "Cache-Control" not in response:
        response["Cache-Control"] = "private, no-store"
    patch_vary_headers(response, ["Cookie"])


def view_for(request):
    """The view function that will answer `request` (None if no URL matches)."""
    try:
        return resolve(request.path_info).func
    except Resolver404:
        return None


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = view_for(request)
        if getattr(view, "checks_services", False):
            # /healthz reads the cache and the database itself, to say which is down: nothing here may
            # read either first (a cache that is down would make it a 500 instead of its 503).
            return self.get_response(request)
        with generation.request_memo():
            return self.respond(request, view)

    def respond(self, request, view):
        if not settings.PAGE_CACHE_ENABLED or request.method != "GET" or is_personal(request):
            if request.method in ("GET", "HEAD"):
                self.read_shared(request, view, generation.KEY)
            response = self.get_response(request)
            if request.method in ("GET", "HEAD") and (
                is_personal(request) or not is_storable(request, response)
            ):
                mark_private(response)
            return response

        key = cache_key(request)
        cache = generation.cache()
        stored = cache.get_many([generation.KEY, key])
        current = stored.get(generation.KEY) or generation.current()
        generation.remember_current(current)
        entry = stored.get(key)
        now = timezone.now()
        if entry and entry["generation"] == current and entry["expires"] > now:
            return self.from_cache(entry, now)

        self.read_shared(request, view)
        moments, calls = clock.start(), replay.start()
        try:
            response = self.get_response(request)
        finally:
            clock.stop()
            replay.stop()
        if not is_storable(request, response):
            mark_private(response)
            return response
        expires = min([*moments, next_midnight(now), now + dt.timedelta(seconds=settings.PAGE_CACHE_SECONDS)])
        seconds = int((expires - now).total_seconds())
        if seconds < 1:
            response["Cache-Control"] = "no-cache"
            return response
        entry = {
            "generation": current,
            "expires": expires,
            "status": response.status_code,
            "headers": [(name, value) for name, value in response.items() if name.lower() not in NOT_STORED],
            "content": response.content,
            "replay": calls,
        }
        cache.set(key, entry, seconds)
        # A page that does work on every request (the search log) must reach the app, not a CDN.
        mark_public(response, 0 if calls else seconds)
        response["X-Page-Cache"] = "miss"
        return response

    def read_shared(self, request, view, *keys: str) -> None:
        """What every page reads from the shared cache (the generation, the site, the page at this
        path, menus, settings, vocabularies) in one round trip. For a Wagtail page, the site and the
        sites' root paths are set for Wagtail too; other views (Find help, the API, a crash) find them
        only if they need them, so a view that needs no database does not touch it here."""
        generation.prefetch(*keys, *sites.prefetch_keys(request), path=request.get_host() + request.path)
        if view is serve_page:
            sites.site_for_request(request)
            # Where Wagtail's page URLs look first (`{% pageurl %}` of any page, specific or not).
            request._wagtail_cached_site_root_paths = sites.site_root_paths()

    def from_cache(self, entry: dict, now: dt.datetime) -> HttpResponse:
        replay.run(entry["replay"])
        response = HttpResponse(entry["content"], status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        mark_public(response, 0 if entry["replay"] else int((entry["expires"] - now).total_seconds()))
        response["X-Page-Cache"] = "hit"
        return response
