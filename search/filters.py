"""Reading /find/'s query parameters: a django-filter FilterSet validates them, and `parse_search`
turns what is valid into one immutable SearchQuery. Nothing a resident types can cause an error page:
each bad value is dropped with a plain-English message saying so.

What's on (events/whats_on.py) reads its filters through the same FilterSet: `PlaceAndFacetsFilterSet`
(a place, a distance, every facet in search.facets and a page) is the part both pages share, and
`read_filters` validates either page's FilterSet the same way, with the same messages."""

import dataclasses
import functools
from decimal import Decimal

import django_filters

from core.choices import Cost, Weekday
from core.timetable import local_now
from directory import vocabulary
from directory.models import ServicePage

from .facets import CHOICE_FACETS, FACETS, TERM_FACETS, Facet
from .places import Location, PlaceResult, find_place, nearest_outward_code, place_in_words
from .query import DEFAULT_RADIUS, RADIUS_CHOICES, SearchQuery, Sort

DAY_PARAMETERS = {
    "mon": Weekday.MONDAY,
    "tue": Weekday.TUESDAY,
    "wed": Weekday.WEDNESDAY,
    "thu": Weekday.THURSDAY,
    "fri": Weekday.FRIDAY,
    "sat": Weekday.SATURDAY,
    "sun": Weekday.SUNDAY,
}
MAX_PAGE = 500


def facet_filter(facet: Facet) -> django_filters.MultipleChoiceFilter:
    """A facet's filter: any of its values, a vocabulary's (read when the form is made) or fixed ones."""
    choices = facet.choices.choices if facet.choices else vocabulary.choices(facet.model)
    return django_filters.MultipleChoiceFilter(label=facet.label, choices=choices)


# The facets' filters, one per facet in search.facets, for FindHelpFilterSet to inherit.
FacetFilterSet = type(
    "FacetFilterSet", (django_filters.FilterSet,), {facet.parameter: facet_filter(facet) for facet in FACETS}
)


class PlaceAndFacetsFilterSet(FacetFilterSet):
    """What Find help and What's on both read: a place and how far, every facet, and a page."""

    where = django_filters.CharFilter(label="Where are you?", max_length=100)
    radius = django_filters.TypedChoiceFilter(
        label="Distance",
        choices=[(str(miles), f"{miles} mile{'s' if miles > 1 else ''}") for miles in RADIUS_CHOICES],
        coerce=int,
    )
    page = django_filters.NumberFilter(min_value=1, max_value=MAX_PAGE, decimal_places=0)

    class Meta:
        model = ServicePage
        fields: list[str] = []


class FindHelpFilterSet(PlaceAndFacetsFilterSet):
    """The parameters of /find/. Used for validation: the engines answer the SearchQuery it becomes."""

    q = django_filters.CharFilter(label="What do you need help with?", max_length=200)
    lat = django_filters.NumberFilter(min_value=Decimal(-90), max_value=Decimal(90))
    lng = django_filters.NumberFilter(min_value=Decimal(-180), max_value=Decimal(180))
    day = django_filters.ChoiceFilter(
        label="Day", choices=[(key, Weekday(code).label) for key, code in DAY_PARAMETERS.items()]
    )
    open = django_filters.ChoiceFilter(label="Open now", choices=[("now", "Open now")])
    sort = django_filters.ChoiceFilter(label="Sort by", choices=Sort.CHOICES)
    # "words=only": search for the words as typed, even when they name a place ("Edgeley").
    words = django_filters.ChoiceFilter(label="Words only", choices=[("only", "Search for the words only")])

    class Meta:
        model = ServicePage
        fields: list[str] = []


@dataclasses.dataclass(frozen=True)
class ParsedSearch:
    query: SearchQuery
    messages: tuple[str, ...]
    place: PlaceResult | None
    # The parameters as understood, for links that change one of them (clean: no bad values).
    params: dict
    # A place typed in the words box and searched near ("Edgeley"), and the words as typed.
    place_from_words: str = ""
    words_typed: str = ""

    @property
    def has_criteria(self) -> bool:
        return bool(self.params.keys() - {"sort", "page"})


def _known_terms(facet: Facet, values: list[str], messages: list[str]) -> list[str]:
    known = vocabulary.terms(facet.model)
    for value in values:
        if value not in known:
            messages.append(facet.unknown(value))
    return [value for value in values if value in known]


def _values(data, name: str) -> list[str]:
    """All values of a parameter; a value may also list several, separated by commas."""
    values = []
    for raw in data.getlist(name):
        values.extend(part.strip() for part in raw.split(",") if part.strip())
    return list(dict.fromkeys(values))[:20]


# Text that may be long: what is past the limit is cut off (with a message), not refused.
TEXT_LIMITS = {"q": 200, "where": 100}


def read_filters(filterset_class, data, messages: list[str], message_for=None) -> dict:
    """Validate the query string `data` with `filterset_class` (FindHelpFilterSet, or What's on's, which
    extends the same PlaceAndFacetsFilterSet): text that is too long is cut, facet values we don't have
    are dropped, and any other bad value is left out, each with a plain message added to `messages`.
    `message_for(name, value)` words the messages for a page's own parameters (None for the usual
    words). Returns the form's cleaned data: only good values."""

    def message(name: str, value: str) -> str:
        return (message_for and message_for(name, value)) or _message_for(name, value)

    filters = filterset_class.base_filters
    cleaned_input = data.copy()
    for name, limit in TEXT_LIMITS.items():
        if name in filters and len(data.get(name, "")) > limit:
            cleaned_input[name] = data[name][:limit]
            messages.append(message(name, ""))
    for facet in TERM_FACETS:
        cleaned_input.setlist(facet.parameter, _known_terms(facet, _values(data, facet.parameter), messages))
    for facet in CHOICE_FACETS:
        allowed = facet.choices.values
        chosen = _values(data, facet.parameter)
        for value in chosen:
            if value not in allowed:
                # A cost has a message of its own, which names the costs there are.
                unknown = facet.unknown(value) if facet.called else message(facet.parameter, value)
                messages.append(unknown)
        cleaned_input.setlist(facet.parameter, [value for value in chosen if value in allowed])

    form = form_class(filterset_class)(cleaned_input)
    form.is_valid()
    for name in form.errors:
        messages.append(message(name, data.get(name, "")))
    return form.cleaned_data


@functools.cache
def form_class(filterset_class) -> type:
    """The form that validates `filterset_class`'s parameters, made once. A FilterSet makes it anew
    for each instance, after copying every one of its filters: a tenth of a search's work on /find/.
    The facets' choices are still read when each form is checked, so a new help topic counts at once."""
    return filterset_class(queryset=ServicePage.objects.none()).get_form_class()


def place_from(where: str, messages: list[str]) -> PlaceResult | None:
    """The place typed in the place box, looked up, with its message (a postcode we don't know, say)."""
    if not where.strip():
        return None
    place = find_place(where)
    if place.message:
        messages.append(place.message)
    return place


def parse_search(data) -> ParsedSearch:
    messages: list[str] = []
    values = read_filters(FindHelpFilterSet, data, messages)

    text = (values.get("q") or "").strip()
    location, place, outward = None, None, ""
    lat, lng = values.get("lat"), values.get("lng")
    if lat is not None and lng is not None:
        outward = nearest_outward_code(float(lat), float(lng))
        location = Location("your location", float(lat), float(lng), kind="point", outward_code=outward)
    elif (lat is None) != (lng is None) and ("lat" in data or "lng" in data):
        messages.append("We need both parts of your location, so we couldn't use it.")
    if location is None and (values.get("where") or "").strip():
        place = place_from(values["where"], messages)
        location = place.location
    words_typed, place_from_words = text, ""
    if (
        location is None
        and place is None
        and text
        and values.get("words") != "only"
        and lat is None
        and lng is None
    ):
        # No place given, but the words name one ("Edgeley", "email help in SK4"): search near it.
        found = place_in_words(text)
        if found:
            place, place_from_words, text = found
            location = place.location
            messages.append(place.message or f"Showing help near {location.label}.")
            # An order chosen before there was a place (A to Z) is not what a new place asks for:
            # help near it starts with the usual order, as when a place is typed in the place box.
            values = {**values, "sort": ""}

    radius = values.get("radius") if location else None
    if location and not radius:
        radius = DEFAULT_RADIUS
    day = DAY_PARAMETERS.get(values.get("day") or "")
    page = int(values.get("page") or 1)

    query = SearchQuery(
        text=text,
        location=location,
        radius_miles=radius,
        **{facet.query_field: frozenset(values.get(facet.parameter) or ()) for facet in FACETS},
        day=day,
        open_now=values.get("open") == "now",
        now=local_now(),
        sort=values.get("sort") or "",
        page=page,
    )
    return ParsedSearch(
        query=query,
        messages=tuple(messages),
        place=place,
        params=clean_params(query, values, place_from_words),
        place_from_words=place_from_words,
        words_typed=words_typed,
    )


def clean_params(query: SearchQuery, values: dict, place_from_words: str = "") -> dict:
    """The search as parameters again, without anything that was dropped. A place found in the words
    moves to `where`, as if the resident had typed it there."""
    params: dict = {}
    if query.text:
        params["q"] = query.text
    if query.location and query.location.kind == "point":
        params["lat"], params["lng"] = f"{query.location.latitude:.5f}", f"{query.location.longitude:.5f}"
    elif values.get("where"):
        params["where"] = values["where"].strip()
    elif place_from_words:
        params["where"] = place_from_words
    if query.location and values.get("radius"):
        params["radius"] = str(query.radius_miles)
    for facet in FACETS:
        chosen = query.facet_values(facet.name)
        if chosen:
            params[facet.parameter] = sorted(chosen)
    if values.get("day"):
        params["day"] = values["day"]
    if query.open_now:
        params["open"] = "now"
    if query.sort:
        params["sort"] = query.sort
    if values.get("words") == "only":
        params["words"] = "only"
    return params


def _or_list(labels: list[str]) -> str:
    """["Free", "Low cost", "Paid"] as "free, low cost or paid"."""
    words = [label.lower() for label in labels]
    return f"{', '.join(words[:-1])} or {words[-1]}" if len(words) > 1 else "".join(words)


def _message_for(name: str, value: str) -> str:
    shown = value[:40]
    return {
        "q": "Your search words were very long, so we used the first 200 letters.",
        "where": "The place you typed was very long, so we used the first 100 letters.",
        "lat": "We couldn't use your location, so we searched everywhere.",
        "lng": "We couldn't use your location, so we searched everywhere.",
        "radius": f"'{shown}' is not a distance we can search, so we used {DEFAULT_RADIUS} miles.",
        "cost": f"'{shown}' is not a cost we can filter by. Choose {_or_list(Cost.labels)}.",
        "day": f"'{shown}' is not a day of the week, so we left it out.",
        "open": f"'{shown}' is not something we can filter by, so we left it out.",
        "sort": f"We can't sort by '{shown}', so we used the usual order.",
        "page": f"There is no page '{shown}', so we showed the first page.",
    }.get(name, f"We couldn't use '{shown}', so we left it out.")
