import dataclasses
import re

from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from caching import clock, replay
from core.postcodes import INWARD, OUTWARD, normalise_outward, normalise_postcode
from core.querystrings import link, page_count, page_links, without
from core.timetable import day_and_time_words
from directory import vocabulary
from directory.models import HelpTopic

from .engines import get_engine
from .engines.base import SearchResults
from .facets import FACETS
from .filters import DAY_PARAMETERS, ParsedSearch, parse_search
from .models import SearchLog
from .query import RADIUS_CHOICES
from .results import hydrate, hydrate_lists


def search(parsed: ParsedSearch) -> tuple[ParsedSearch, SearchResults]:
    """Run the search, moving to the last page if the page asked for is past the end."""
    engine = get_engine()
    results = engine.search(parsed.query)
    pages = page_count(results.total, parsed.query.per_page)
    if parsed.query.page > pages:
        parsed = dataclasses.replace(
            parsed,
            query=dataclasses.replace(parsed.query, page=pages),
            messages=(*parsed.messages, past_the_end_message(pages)),
        )
        results = engine.search(parsed.query)
    return parsed, results


def past_the_end_message(pages: int) -> str:
    if pages == 1:
        return "There is only 1 page of results, so here it is."
    return f"There are only {pages} pages of results, so here is the last one."


# What residents sometimes type into the words box that identifies them: a full postcode (kept as its
# district, like the place box), an email address, or a phone or account number (six or more digits,
# perhaps written in groups: "0161 496 0000").
POSTCODE_IN_TEXT_RE = re.compile(rf"\b({OUTWARD})\s*({INWARD})\b", re.IGNORECASE)
EMAIL_IN_TEXT_RE = re.compile(r"\S+@\S+")
DIGITS_IN_TEXT_RE = re.compile(r"\+?\(?\d(?:[ .()-]{0,2}\d)*")


def words_for_the_log(text: str) -> str:
    """The resident's words without anything personal: "SK1 3XE email" is kept as "SK1 email"."""
    text = POSTCODE_IN_TEXT_RE.sub(lambda match: match.group(1).upper(), text)
    text = EMAIL_IN_TEXT_RE.sub(" ", text)
    text = DIGITS_IN_TEXT_RE.sub(
        lambda match: " " if sum(char.isdigit() for char in match.group(0)) >= 6 else match.group(0), text
    )
    return " ".join(text.split())


def record(parsed: ParsedSearch, results: SearchResults, requested_page: int) -> None:
    """Keep the search for the council's reports: words, filters, postcode district. Nothing personal.
    Only a search's first page counts: turning pages is not a new search."""
    query = parsed.query
    if requested_page != 1:
        return
    location = query.location
    filters = {
        key: value
        for key, value in parsed.params.items()
        if key not in {"q", "where", "lat", "lng", "sort", "words"}
    }
    fields = {
        "query": words_for_the_log(query.text)[:200],
        "outward_code": (location.outward_code if location else "")[:8],
        "place_name": (location.label if location and location.kind == "place" else "")[:100],
        "filters": filters,
        "result_count": results.total,
        "engine": results.engine,
    }
    save_search_log(**fields)
    # A results page served from the page cache is still a search for the council's reports.
    replay.on_cache_hit("search.views.save_search_log", **fields)


def save_search_log(**fields) -> None:
    SearchLog.objects.create(**fields)


def term_labels() -> dict[str, dict[str, str]]:
    """Each facet's values and their labels, in the order they are shown."""
    return {
        facet.name: dict(facet.choices.choices) if facet.choices else vocabulary.terms(facet.model)
        for facet in FACETS
    }


def facet_options(parsed: ParsedSearch, results: SearchResults, labels) -> list[dict]:
    facets = []
    for facet in FACETS:
        chosen = parsed.query.facet_values(facet.name)
        counts = results.facets.get(facet.name, {})
        options = [
            {"value": value, "label": label, "count": counts.get(value, 0), "checked": value in chosen}
            for value, label in labels[facet.name].items()
            if counts.get(value) or value in chosen
        ]
        if options:
            facets.append({"name": facet.parameter, "legend": facet.legend, "options": options})
    return facets


def active_filters(parsed: ParsedSearch, labels) -> list[dict]:
    query, params = parsed.query, parsed.params
    chips = []
    for facet in FACETS:
        for value in sorted(query.facet_values(facet.name)):
            chips.append(
                {
                    "label": labels[facet.name].get(value, value),
                    "remove": without(params, facet.parameter, value),
                }
            )
    if query.day:
        # The coming such day (closed days and skipped bank holidays do not count), so the date is said.
        on = query.on_date
        chips.append({"label": f"On {on:%A} {on.day} {on:%B}", "remove": without(params, "day")})
    if query.open_now:
        chips.append({"label": "Open now", "remove": without(params, "open")})
    return chips


def zero_result_help(parsed: ParsedSearch, labels) -> list[dict]:
    """Ways to find something when nothing was found: a wider area, fewer filters, fewer words."""
    query, params = parsed.query, parsed.params
    ways = []
    if query.location and query.radius_miles and query.radius_miles < RADIUS_CHOICES[-1]:
        wider = next(miles for miles in RADIUS_CHOICES if miles > query.radius_miles)
        ways.append(
            {"text": f"Search within {wider} miles instead", "url": link(params, radius=wider, page=None)}
        )
    for chip in active_filters(parsed, labels):
        ways.append({"text": f"Remove the filter '{chip['label']}'", "url": chip["remove"]})
    if query.text:
        ways.append({"text": "Search without your words, to see all help here", "url": without(params, "q")})
    return ways


# The search form sends the place it was showing as `was_near`: when the resident changes the place,
# an order they chose for the old place ("A to Z") is dropped, so a new place starts nearest first.
PLACE_BEFORE = "was_near"


def place_key(params) -> str:
    """The place a search is near, written one way: "sk1 3xe", or "53.40660,-2.15750" for a location."""
    if params.get("lat") and params.get("lng"):
        return f"{params['lat']},{params['lng']}"
    return " ".join(str(params.get("where", "")).split()).casefold()


def without_stale_order(data):
    """The query parameters, without the chosen order if the place has changed since it was chosen."""
    if PLACE_BEFORE not in data or "sort" not in data:
        return data
    if place_key(data) == " ".join(data[PLACE_BEFORE].split()).casefold():
        return data
    data = data.copy()
    data.pop("sort")
    return data


def searched_topics(query) -> frozenset[str]:
    """The help topics a search was for: ticked as filters, or named in the words ("UC", "email")."""
    return frozenset(query.topics) | frozenset(query.read.topics)


def explain(page_results, query, labels) -> None:
    """Give each result the help topics it offers, those the resident searched for first and marked,
    so a card says why it is there."""
    searched = searched_topics(query)
    names = labels["topic"]
    for result in page_results:
        result.topic_terms = sorted(
            ({"name": names[slug], "matched": slug in searched} for slug in result.topics if slug in names),
            key=lambda term: not term["matched"],
        )


def map_markers(page_results, query, first_number: int) -> list[dict]:
    """The map's pins: one per result at a venue, numbered as the list is, and one for the place searched."""
    markers = []
    for number, result in enumerate(page_results, start=first_number):
        if not result.venue:
            continue
        session = result.next_session
        markers.append(
            {
                "lat": result.venue.latitude,
                "lng": result.venue.longitude,
                "number": number,
                "title": result.title,
                "place": f"{result.venue.name}, {result.venue.town}",
                "next": f"Next: {day_and_time_words(session.starts)}" if session else "",
                "url": result.url,
            }
        )
    if markers and query.location:
        markers.append(
            {
                "lat": query.location.latitude,
                "lng": query.location.longitude,
                "kind": "searched",
                "title": f"You searched near {query.location.label}",
            }
        )
    return markers


def answer(request) -> tuple[ParsedSearch, SearchResults]:
    """The search a request asks for, answered and recorded (the results page and its JSON alike)."""
    requested = parse_search(without_stale_order(request.GET))
    parsed, results = search(requested)
    record(parsed, results, requested.query.page)
    if parsed.query.open_now:
        # Which listings are open changes whenever any session anywhere starts or ends.
        clock.never_cache_page()
    return parsed, results


@require_GET
def find(request):
    parsed, results = answer(request)
    labels = term_labels()
    page_results, remote_results = hydrate_lists([results.hits, results.remote_hits], request)
    first_number = parsed.query.offset + 1
    explain(page_results, parsed.query, labels)
    context = {
        "parsed": parsed,
        "query": parsed.query,
        "radius_choices": RADIUS_CHOICES,
        "results": results,
        "page_results": page_results,
        "remote_results": remote_results,
        "facets": facet_options(parsed, results, labels),
        "active_filters": active_filters(parsed, labels),
        "pagination": page_links(
            parsed.params, parsed.query.page, page_count(results.total, parsed.query.per_page)
        ),
        "zero_help": zero_result_help(parsed, labels) if not results.total else [],
        "first_number": first_number,
        "markers": map_markers(page_results, parsed.query, first_number),
        "place_key": place_key(parsed.params),
        "suggestion_url": link(parsed.params, q=results.suggestion, page=None) if results.suggestion else "",
        "words_instead_url": words_instead_url(parsed),
        "place_as_words_url": place_as_words_url(parsed),
        "place_suggestion_url": (
            link(parsed.params, where=parsed.place.suggestion, page=None)
            if parsed.place and parsed.place.suggestion
            else ""
        ),
        "json_url": "results.json"
        + link(parsed.params, page=parsed.query.page if parsed.query.page > 1 else None),
        "sort_choices": _sort_choices(parsed),
        "day_choices": [(key, code.label) for key, code in DAY_PARAMETERS.items()],
    }
    return TemplateResponse(request, "search/find.html", context)


def words_instead_url(parsed: ParsedSearch) -> str:
    """For a place found in the words box: the same search for the words as typed, anywhere."""
    if not parsed.place_from_words or not parsed.query.location or parsed.query.location.kind != "place":
        return ""
    params = {key: value for key, value in parsed.params.items() if key not in {"where", "radius", "sort"}}
    return link(params, q=parsed.words_typed, words="only")


def place_as_words_url(parsed: ParsedSearch) -> str:
    """For words typed in the place box that name no place we know ("email"): the same search with
    them among the words, anywhere. Not for a postcode, which is a place we do not know yet."""
    where = (parsed.params.get("where") or "").strip()
    if not where or parsed.query.location or parsed.place is None or normalise_postcode(where):
        return ""
    if normalise_outward(where) or parsed.place.suggestion:
        return ""
    params = {key: value for key, value in parsed.params.items() if key not in {"where", "radius", "sort"}}
    return link(params, q=" ".join(filter(None, (parsed.query.text, where))), words="only", page=None)


def _sort_choices(parsed: ParsedSearch) -> list[tuple[str, str]]:
    from .query import Sort

    choices = list(Sort.CHOICES)
    if not parsed.query.location:
        choices = [choice for choice in choices if choice[0] != Sort.DISTANCE]
    return choices


@require_GET
def place_step(request):
    """The step between a home page task ("Use email") and its results: where is the resident? Help
    near them comes first, so a task never starts with a list from across the borough."""
    topics = vocabulary.terms(HelpTopic)
    slug = request.GET.get("topic", "")
    context = {"topic": slug if slug in topics else "", "topic_name": topics.get(slug, "")}
    if slug and slug not in topics:
        context["message"] = f"We don't have a help topic called '{slug[:40]}', so search for what you need."
    return TemplateResponse(request, "search/place_step.html", context)


@require_GET
def results_json(request):
    parsed, results = answer(request)
    page_results = hydrate(results.hits, request, with_formats=True)
    for result in page_results:
        result.url = request.build_absolute_uri(result.url)
    response = JsonResponse(
        {
            "total": results.total,
            "page": parsed.query.page,
            "pages": page_count(results.total, parsed.query.per_page),
            "per_page": parsed.query.per_page,
            "place": parsed.query.location.label if parsed.query.location else None,
            "radius_miles": parsed.query.radius_miles,
            "messages": list(parsed.messages),
            "suggestion": results.suggestion or None,
            "engine": results.engine,
            "results": [result.as_json() for result in page_results],
            "facets": results.facets,
        }
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def autocomplete(request):
    prefix = request.GET.get("q", "")[:100]
    return JsonResponse({"suggestions": get_engine().autocomplete(prefix)})
