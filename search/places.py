"""Place lookup: what a resident types in "Where are you?" to a point on the map.

Full postcodes, postcode districts ("SK4") and place names ("Bramhall") are looked up in the
gazetteer table (search.Place). Nothing here raises for bad input: an unknown or malformed place
gives a helpful message and, where we can, a suggestion.
"""

import dataclasses
import difflib
import re

from django.core.cache import cache

from caching.generation import per_request, shared_get
from core.postcodes import compact, normalise_outward, normalise_postcode

from .models import Place, PlaceKind

PLACE_NAMES_CACHE_KEY = "search:place-names"


@dataclasses.dataclass(frozen=True)
class Location:
    """A point a search is centred on, and how to describe it to the resident."""

    label: str
    latitude: float
    longitude: float
    kind: str
    outward_code: str = ""


@dataclasses.dataclass(frozen=True)
class PlaceResult:
    location: Location | None
    message: str = ""
    suggestion: str = ""


def place_key(text: str) -> str:
    """Place names compare without case, punctuation or extra spaces: "St. Mary's" is "st marys"."""
    text = re.sub(r"[^\w\s-]", "", text.lower()).replace("-", " ")
    return re.sub(r"\s+", " ", text).strip()


def _location(place: Place, outward: str = "") -> Location:
    return Location(
        label=place.name,
        latitude=place.latitude,
        longitude=place.longitude,
        kind=place.kind,
        outward_code=outward,
    )


def _place_names() -> list[str]:
    """Read from the shared cache once a request: reading a search's words asks two or three times."""
    return per_request(PLACE_NAMES_CACHE_KEY, _read_place_names)


def _read_place_names() -> list[str]:
    names = shared_get(PLACE_NAMES_CACHE_KEY)
    if names is None:
        names = list(Place.objects.filter(kind=PlaceKind.PLACE).values_list("name", flat=True))
        names += list(Place.objects.filter(kind=PlaceKind.OUTWARD).values_list("name", flat=True))
        cache.set(PLACE_NAMES_CACHE_KEY, names, 600)
    return names


def _place_keys() -> set[str]:
    return {place_key(name) for name in _place_names()}


def forget_place_names() -> None:
    cache.delete(PLACE_NAMES_CACHE_KEY)


def suggest(text: str) -> str:
    names = _place_names()
    by_key = {place_key(name): name for name in names}
    matches = difflib.get_close_matches(place_key(text), list(by_key), n=1, cutoff=0.75)
    return by_key[matches[0]] if matches else ""


def known_place(text: str) -> PlaceResult | None:
    """A postcode, postcode district or place name we know, or None. A full postcode we do not have
    is placed at the middle of its district, if we know that, and the resident is told so."""
    postcode = normalise_postcode(text)
    if postcode:
        outward = postcode.split(" ")[0]
        place = Place.objects.filter(kind=PlaceKind.POSTCODE, key=compact(postcode)).first()
        if place:
            return PlaceResult(_location(place, outward))
        district = Place.objects.filter(kind=PlaceKind.OUTWARD, key=outward).first()
        if district:
            return PlaceResult(
                _location(district, outward),
                message=(
                    f"We don't know {postcode} exactly, so we're showing help near the middle of {outward}."
                ),
            )
        return None

    outward = normalise_outward(text)
    if outward:
        place = Place.objects.filter(kind=PlaceKind.OUTWARD, key=outward).first()
        if place:
            return PlaceResult(_location(place, outward))

    place = Place.objects.filter(kind=PlaceKind.PLACE, key=place_key(text)).first()
    if place:
        return PlaceResult(_location(place))
    return None


def find_place(text: str) -> PlaceResult:
    """Look up a postcode, postcode district or place name."""
    text = (text or "").strip()[:100]
    if not text:
        return PlaceResult(None)

    known = known_place(text)
    if known:
        return known
    postcode = normalise_postcode(text)
    if postcode:
        return PlaceResult(
            None, message=f"We couldn't find the postcode {postcode}. Check it, or try the name of your area."
        )

    suggestion = suggest(text)
    if suggestion:
        return PlaceResult(
            None, message=f"We couldn't find '{text}'. Did you mean {suggestion}?", suggestion=suggestion
        )
    return PlaceResult(
        None, message=f"We couldn't find '{text}'. Try a postcode, like SK1 3XE, or the name of your area."
    )


def postcode_position(text: str) -> tuple[float, float] | None:
    """Where a full postcode is, as (latitude, longitude), only if the gazetteer knows it exactly.

    Used to place a venue: the middle of a district or a town could be miles from the door, so a
    postcode we only know the district of gives None and the editor places the venue themselves.
    """
    result = find_place(text) if text else None
    if result and result.location and result.location.kind == PlaceKind.POSTCODE:
        return result.location.latitude, result.location.longitude
    return None


# Words that join a place to the rest ("computer help in Edgeley", "near SK4"): dropped with the place.
PLACE_JOINERS = ("in", "near", "around", "at", "from")
MAX_PLACE_WORDS = 3


def place_in_words(text: str) -> tuple[PlaceResult, str, str] | None:
    """A place the resident typed in the words box: the whole of the words ("Edgeley"), a place at
    their end ("email help in Edgeley") or a postcode at their start ("SK1 3XE email"). Returns (the
    place, the words it was typed as, the other words), or None. Only places we know exactly are taken,
    a near miss stays words; and a place name at the start is left alone, as it often begins the name
    of a group or a venue ("Reddish Community Hub").
    """
    words = text.split()
    spans = []
    for length in range(min(MAX_PLACE_WORDS, len(words)), 0, -1):
        spans.append((len(words) - length, len(words)))
        spans.append((0, length))
    for start, end in spans:
        typed = " ".join(words[start:end])
        is_postcode = bool(normalise_postcode(typed) or normalise_outward(typed))
        if end < len(words) and not is_postcode:
            continue
        if not (is_postcode or place_key(typed) in _place_keys()):
            continue  # most words are not places: no need to ask the database
        found = known_place(typed)
        if found is None:
            continue
        rest = words[:start] + words[end:]
        if start and rest and rest[-1].lower() in PLACE_JOINERS:
            rest = rest[:-1]
        return found, typed.strip(".,;:!?"), " ".join(rest)
    return None


def nearest_outward_code(latitude: float, longitude: float, within_miles: float = 10) -> str:
    """The postcode district whose centre is nearest a point, for counting searches by area without
    keeping anyone's position. Empty if none is near."""
    from core.geo import bounding_box, haversine_miles

    south, west, north, east = bounding_box(latitude, longitude, within_miles)
    candidates = Place.objects.filter(
        kind=PlaceKind.OUTWARD, latitude__range=(south, north), longitude__range=(west, east)
    ).values_list("key", "latitude", "longitude")
    best = min(
        ((haversine_miles(latitude, longitude, lat, lng), key) for key, lat, lng in candidates), default=None
    )
    return best[1] if best and best[0] <= within_miles else ""
