"""The one immutable object a resident's search becomes, whatever engine answers it."""

import dataclasses
import datetime as dt

from core.choices import WEEKDAY_INDEX
from core.timetable import local_now, local_zone

from .facets import BY_NAME
from .places import Location
from .understanding import ReadQuery, read_query

RADIUS_CHOICES = (1, 2, 5, 10)
DEFAULT_RADIUS = 5
PER_PAGE = 20


class Sort:
    DISTANCE = "distance"
    RELEVANCE = "relevance"
    NAME = "name"
    CHOICES = (
        (DISTANCE, "Nearest first"),
        (RELEVANCE, "Best match first"),
        (NAME, "A to Z"),
    )


@dataclasses.dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    location: Location | None = None
    radius_miles: float | None = None
    levels: frozenset[str] = frozenset()
    topics: frozenset[str] = frozenset()
    formats: frozenset[str] = frozenset()
    costs: frozenset[str] = frozenset()
    access: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    day: str | None = None  # an RFC 5545 weekday code, MO to SU: sessions on the coming such day (`on_date`)
    open_now: bool = False
    now: dt.datetime | None = None  # the moment "open now" means; set when the query is made
    sort: str = ""
    page: int = 1
    # Read when each query is made, not when the module is imported, so a test can make pages small.
    per_page: int = dataclasses.field(default_factory=lambda: PER_PAGE)

    @property
    def on_date(self) -> dt.date | None:
        """The date "on Friday" means: the coming Friday (today, if today is a Friday), in UK time.
        A listing counts if a session starts that date: a closed day, a skipped bank holiday, a month
        or fortnight the rule misses, or dates outside its valid ones do not count (RegularTime.occurs_on)."""
        if not self.day:
            return None
        today = (self.now or local_now()).astimezone(local_zone()).date()
        return today + dt.timedelta(days=(WEEKDAY_INDEX[self.day] - today.weekday()) % 7)

    @property
    def read(self) -> ReadQuery:
        return read_query(self.text)

    @property
    def effective_sort(self) -> str:
        """The sort asked for, or the natural one: best match with words (with a place, listings that
        match equally well nearest first), nearest first with only a place, else A to Z."""
        if self.sort == Sort.DISTANCE and not self.location:
            return Sort.RELEVANCE if self.text else Sort.NAME
        if self.sort:
            return self.sort
        if self.text:
            return Sort.RELEVANCE
        return Sort.DISTANCE if self.location else Sort.NAME

    def facet_values(self, facet: str) -> frozenset[str]:
        """The values selected for a facet (search.facets names them)."""
        return getattr(self, BY_NAME[facet].query_field)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page
