import json
import re
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.template.defaultfilters import linebreaksbr
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from core.choices import SkillLevel, cost_sentence
from core.timetable import format_time, format_time_range

register = template.Library()

# Characters that could end a <script> element early or start an HTML comment, escaped inside JSON.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data: dict):
    """A schema.org JSON-LD block, safe to place in HTML."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag(takes_context=True)
def breadcrumb_pages(context):
    """The page's ancestors: those the page gave, read with something else it needs (a listing's come
    with its organisation), else read now. (`ancestors|default:page.get_ancestors` would make Wagtail's
    queryset on every page, given or not.)"""
    page = context.get("page")
    return context.get("ancestors") or (page.get_ancestors() if page else [])


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


# A UK phone number written in text: "0161 496 0110", "07700 900123", "+44 161 496 0110".
PHONE_IN_TEXT_RE = re.compile(r"(?<![\w+])(?:\+44\s?|0)\d{2,4}(?:[ -]?\d{3,4}){1,2}(?!\w)")


@register.filter(needs_autoescape=True)
def phone_links(text: str, autoescape=True) -> str:
    """Text with each phone number in it made a link a phone can call, and line breaks kept."""
    escaped = conditional_escape(text) if autoescape else text
    linked = PHONE_IN_TEXT_RE.sub(
        lambda match: f'<a href="{phone_href(match.group(0))}">{match.group(0)}</a>', str(escaped)
    )
    return mark_safe(linebreaksbr(linked, autoescape=False))  # noqa: S308 - escaped above


@register.filter
def in_sentence(name: str) -> str:
    """A name, list or sentence as it reads inside another sentence: "Email, video calls, the NHS App"
    becomes "email, video calls, the NHS App", "People looking for work" "people looking for work".
    An acronym or a name with capitals inside ("NHS App", "WhatsApp", "Universal Credit") keeps them."""
    name = str(name)
    words = name.split()
    if not words or any(char.isupper() for char in words[0][1:]):
        return name
    if "," not in name and any(word[:1].isupper() for word in words[1:]):
        return name
    return name[:1].lower() + name[1:]


@register.simple_tag
def cost_text(page) -> str:
    """What a listing or event costs, as a sentence: "free. Printing is 10p a page."."""
    return cost_sentence(page.cost, page.cost_note)


@register.filter
def audience_words(audiences) -> str:
    """Who a listing is especially for, as a sentence: "Everyone is welcome, especially older people
    and carers." The "Everyone" audience is said once, not listed beside the others."""
    everyone = [audience for audience in audiences if audience.slug == "everyone"]
    others = [in_sentence(audience.name) for audience in audiences if audience.slug != "everyone"]
    listed = f"{', '.join(others[:-1])} and {others[-1]}" if len(others) > 1 else "".join(others)
    if everyone and others:
        return f"Everyone is welcome, especially {listed}."
    if everyone:
        return "Everyone is welcome."
    return f"Especially for {listed}." if others else ""


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


def search_url(request) -> str:
    """Where "Find help" goes: the public search, or staff mode's for library staff signed in to it,
    so that the header, the home page and the shortlist never take them out of staff mode."""
    from django.urls import reverse

    from assisted_digital.permissions import in_staff_mode

    if request is not None and in_staff_mode(request):
        return reverse("assisted_digital:staff_find")
    return reverse("search:find")


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """The one address search engines should use for this page: a Wagtail page's full URL, or this
    address without its query string (filters and paging make no new page)."""
    page = context.get("page")
    full_url = getattr(page, "full_url", None) if page is not None else None
    if full_url:
        return full_url
    request = context.get("request")
    return request.build_absolute_uri(request.path) if request is not None else ""


@register.simple_tag(takes_context=True)
def find_help_url(context) -> str:
    return search_url(context.get("request"))


def site_menus(request) -> dict[str, list[dict]]:
    """The main menu (the home page's children that editors ticked "Show in menus" for) and the footer
    links (content pages under the home page: about, accessibility, privacy; the open data page and
    "Join the Alliance"),
    as titles and URLs. Every page shows both, so they are read once per content change."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Site

    from caching.generation import fragment
    from home.models import StandardPage
    from inclusion_alliance.models import JoinPage
    from open_data.models import OpenDataPage

    site = Site.find_for_request(request)
    if site is None:
        return {"main": [], "footer": []}

    def build():
        footer_types = set(ContentType.objects.get_for_models(StandardPage, OpenDataPage, JoinPage).values())
        children = list(site.root_page.get_children().live().public())
        return {
            "main": [{"title": page.title, "url": page.url} for page in children if page.show_in_menus],
            "footer": [
                {"title": page.title, "url": page.url}
                for page in children
                if page.content_type_id in {content_type.pk for content_type in footer_types}
            ],
        }

    return fragment(f"menus:{site.pk}", build)


@register.inclusion_tag("components/main_menu.html", takes_context=True)
def main_menu(context):
    request = context["request"]
    return {"request": request, "items": site_menus(request)["main"], "find_url": search_url(request)}


@register.inclusion_tag("components/footer_menu.html", takes_context=True)
def footer_menu(context):
    """Content pages directly under the home page (about, accessibility statement, privacy), the open
    data page and the "Join the Alliance" page."""
    return {"pages": site_menus(context["request"])["footer"]}


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
    from core.timetable import local_zone

    return format_time(value.astimezone(local_zone()).time())


@register.filter
def day_words(value) -> str:
    """An aware datetime's UK date in words: 'Tuesday 3 March'."""
    from core.timetable import local_zone

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
