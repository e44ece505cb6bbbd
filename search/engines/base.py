"""The search engine interface: a SearchQuery in, SearchResults out. Two engines implement it:
the database (the default) and OpenSearch (for scale, typos and suggestions)."""

import dataclasses

from ..query import SearchQuery


@dataclasses.dataclass(frozen=True)
class Hit:
    """One result: a listing, at the venue nearest the resident (or none, for phone and online help)."""

    service_id: int
    service_location_id: int | None
    venue_id: int | None
    distance_miles: float | None
    score: float = 0.0


@dataclasses.dataclass(frozen=True)
class SearchResults:
    hits: list[Hit]  # this page only
    total: int  # listings found, across all pages
    facets: dict[str, dict[str, int]]  # facet -> value -> listings found if it were chosen
    engine: str
    suggestion: str = ""  # "Did you mean ...?"
    fell_back: bool = False  # answered by the database because the main engine failed
    # With a place: help by phone or online that matches the rest of the search, shown beside the list.
    remote_hits: list[Hit] = dataclasses.field(default_factory=list)


class SearchEngine:
    name = "base"

    def search(self, query: SearchQuery) -> SearchResults:
        raise NotImplementedError

    def autocomplete(self, prefix: str, limit: int = 8) -> list[str]:
        """Completions for what a resident has started typing in the search box."""
        return []
