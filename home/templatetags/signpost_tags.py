import json
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from directory.choices import SkillLevel
from directory.timetable import format_time, format_time_range

register = template.Library()

# Characters that could end a <script> element early or start an HTML comment, escaped inside JSON.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data: dict):
    """A schema.org JSON-LD block, safe to place in HTML."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.filter
def level_label(value: str) -> str:
    return SkillLevel(value).label


@register.filter
def time_words(value) -> str:
    return format_time(value)


@register.simple_tag
def time_range(opens, closes) -> str:
    return format_time_range(opens, closes)


@register.simple_tag
def directions_url(venue) -> str:
    """A link that opens directions to the venue in the resident's own maps app or website."""
    return settings.DIRECTIONS_URL.format(
        lat=venue.latitude, lng=venue.longitude, query=urlencode({"q": venue.one_line_address})
    )


@register.simple_tag
def phone_href(number: str) -> str:
    digits = "".join(ch for ch in number if ch.isdigit() or ch == "+")
    return f"tel:{digits}"


@register.simple_tag(takes_context=True)
def query_string(context, **changes) -> str:
    """The current query string with some parameters changed or (with None) removed."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query.pop(key, None)
        if value is not None:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.inclusion_tag("components/main_menu.html", takes_context=True)
def main_menu(context):
    """The home page's children that editors ticked "Show in menus" for, after "Find help"."""
    request = context["request"]
    from wagtail.models import Site

    site = Site.find_for_request(request)
    items = []
    if site:
        items = site.root_page.get_children().live().public().in_menu().specific()
    return {"request": request, "items": items, "site_root": site.root_page if site else None}


@register.inclusion_tag("components/footer_menu.html", takes_context=True)
def footer_menu(context):
    """Content pages directly under the home page (about, accessibility statement, privacy), the open
    data page and the "Join the Alliance" page."""
    from wagtail.models import Page, Site

    from home.models import StandardPage
    from inclusion_alliance.models import JoinPage
    from open_data.models import OpenDataPage

    request = context["request"]
    site = Site.find_for_request(request)
    pages = (
        Page.objects.child_of(site.root_page).live().public().type(StandardPage, OpenDataPage, JoinPage)
        if site
        else []
    )
    return {"pages": pages}


@register.simple_tag(takes_context=True)
def join_page(context):
    """The live "Join the Alliance" page of this site, or None: for "Does your group help people get
    online?" links on the organisations index."""
    from wagtail.models import Site

    from inclusion_alliance.models import JoinPage

    site = Site.find_for_request(context["request"])
    if site is None:
        return None
    return JoinPage.objects.live().public().descendant_of(site.root_page).first()


@register.filter
def clock(value) -> str:
    """An aware datetime as a resident reads the time in the UK: '10am', '2:30pm'."""
    from directory.timetable import local_zone

    return format_time(value.astimezone(local_zone()).time())


@register.filter
def day_words(value) -> str:
    """An aware datetime's UK date in words: 'Tuesday 3 March'."""
    from directory.timetable import local_zone

    return f"{value.astimezone(local_zone()):%A %-d %B}"


@register.inclusion_tag("components/map.html")
def map_of(markers, label: str, map_id: str, autoload: bool = False):
    """An optional map of markers ({lat, lng, title, url}); the tile server is a setting."""
    return {
        "markers": markers,
        "label": label,
        "map_id": map_id,
        "autoload": autoload,
        "tile_url": settings.MAP_TILE_URL,
        "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
    }


@register.simple_tag
def venue_markers(venues) -> list[dict]:
    return [
        {"lat": venue.latitude, "lng": venue.longitude, "title": venue.name, "url": venue.get_absolute_url()}
        for venue in venues
    ]
