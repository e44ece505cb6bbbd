"""Wagtail's routing, from the shared cache: the site a request is for, the page at a path and the
sites' root paths, kept until content changes (caching/generation.py) instead of read from the
database on every request.

Wagtail finds the site (a query), its home page (another), then each page by walking the tree; with
these a page's request costs no query at all to find its page, once the page has been found once.
A page found here is the same row Wagtail would find: any change to pages, sites or their content
starts a new generation, and with it every route is found again.
"""

import hashlib

from django.http.request import split_domain_port
from wagtail.models import Site

from . import generation


def _host(request) -> tuple[str, int]:
    # As Wagtail's Site.find_for_request: the raw host (ALLOWED_HOSTS was checked before any view).
    return split_domain_port(request._get_raw_host())[0], request.get_port()


def _site_key(request) -> str:
    hostname, port = _host(request)
    return f"site:{hostname}:{port}"


# host -> the root page id its site had last time, to read a page's route in the first round trip.
_roots: dict[tuple[str, int], int] = {}


def route_key(root_page_id: int, path_components) -> str:
    path = "/".join(path_components)
    return f"route:{root_page_id}:{hashlib.sha256(path.encode()).hexdigest()[:40]}"


def prefetch_keys(request) -> list[str]:
    """The fragment keys of this request's site and page, for `generation.prefetch()`."""
    keys = [f"signpost:fragment:{_site_key(request)}"]
    root = _roots.get(_host(request))
    if root is not None:
        components = [part for part in request.path.split("/") if part]
        if components:
            keys.append(f"signpost:fragment:{route_key(root, components)}")
    return keys


def site_for_request(request):
    """The request's Wagtail Site with its home page (in its own type) attached, from the cache; set on
    the request where Wagtail looks for it (`Site.find_for_request` reads `request._wagtail_site`)."""
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site

    def build():
        site = Site._find_for_request(request)
        if site is not None:
            site.root_page = site.root_page.specific
        return site

    site = generation.fragment(_site_key(request), build)
    if site is not None:
        _roots[_host(request)] = site.root_page_id
    request._wagtail_site = site
    return site


def page_at(root_page, path_components, find):
    """The page below `root_page` at `path_components` (`find()` looks it up; None if there is none),
    kept with the content generation. Not one of the keys every request reads: one per page."""
    return generation.fragment(route_key(root_page.pk, path_components), find, learn=False)


def site_root_paths():
    """Wagtail's `Site.get_site_root_paths()` (every page URL needs it), read once per request."""
    return generation.fragment("site-root-paths", Site.get_site_root_paths)
