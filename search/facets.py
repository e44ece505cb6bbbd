"""The facets residents filter help by, defined once, in the order Find help shows them.

Everything that lists the facets reads this list: the query (`SearchQuery.facet_values`), the
parameters /find/ reads (`search/filters.py`), both engines' filters and counts (`search/engines/`),
the database and OpenSearch indexes' fields, the results page's legends (`search/views.py`) and
What's on (`events/whats_on.py`), which names each filter as Find help does.
"""

import dataclasses

from django.apps import apps

from core.choices import Cost, SkillLevel


@dataclasses.dataclass(frozen=True)
class Facet:
    name: str  # the facet's key: SearchQuery.facet_values(name), SearchResults.facets[name]
    legend: str  # the heading of its group of tick boxes, on Find help and on What's on
    label: str  # the short name of its filter (django-filter's label)
    # A listing's field the values come from (ServicePage; access needs are its venues')
    model_field: str
    parameter: str = ""  # the query-string parameter of /find/ and What's on; the name if empty
    # The field holding the values in both indexes: a search.DirectoryEntry column and an OpenSearch
    # field; model_field if empty
    index_field: str = ""
    query_field: str = ""  # the SearchQuery attribute holding the values chosen; index_field if empty
    # The vocabulary (a directory taxonomy model, "app.Model") whose slugs are the values, if any: named,
    # not imported, so this module can be imported before the apps are ready
    vocabulary: str = ""
    choices: type | None = None  # the fixed choices (core.choices), when there is no vocabulary
    # The facet as a resident would name one of its values, for "We don't have a help topic called
    # 'knitting'"; empty where a bad value has a message of its own (cost)
    called: str = ""
    many: bool = True  # whether a listing may have several values (an indexed list), or has just one

    def __post_init__(self):
        # Most facets use one word throughout; only those that differ say so.
        object.__setattr__(self, "parameter", self.parameter or self.name)
        object.__setattr__(self, "index_field", self.index_field or self.model_field)
        object.__setattr__(self, "query_field", self.query_field or self.index_field)

    @property
    def model(self):
        """The vocabulary's model (None for fixed choices)."""
        return apps.get_model(self.vocabulary) if self.vocabulary else None

    def unknown(self, value: str) -> str:
        """What a resident is told of a value we don't have: "We don't have a help topic called ..."."""
        return f"We don't have {self.called} called '{value[:40]}', so we left it out."


FACETS: tuple[Facet, ...] = (
    Facet(
        name="level",
        legend="How confident you feel",
        label="Level",
        model_field="levels",
        choices=SkillLevel,
        called="a level",
    ),
    Facet(
        name="topic",
        legend="What you need help with",
        label="Help with",
        model_field="topics",
        vocabulary="directory.HelpTopic",
        called="a help topic",
    ),
    Facet(
        name="format",
        legend="How you get help",
        label="How",
        model_field="formats",
        vocabulary="directory.Format",
        called="a way of getting help",
    ),
    Facet(
        name="cost",
        legend="Cost",
        label="Cost",
        model_field="cost",
        query_field="costs",
        choices=Cost,
        many=False,
    ),
    Facet(
        name="access",
        legend="Access",
        label="Access",
        model_field="locations__venue__access_facilities",
        index_field="access",
        vocabulary="directory.AccessFacility",
        called="an access need",
    ),
    Facet(
        name="language",
        legend="Language",
        label="Language",
        model_field="languages",
        vocabulary="directory.Language",
        called="a language",
    ),
)

BY_NAME: dict[str, Facet] = {facet.name: facet for facet in FACETS}
# The facets whose values are the slugs of a vocabulary.
TERM_FACETS: tuple[Facet, ...] = tuple(facet for facet in FACETS if facet.vocabulary)
# The facets whose values are fixed choices.
CHOICE_FACETS: tuple[Facet, ...] = tuple(facet for facet in FACETS if facet.choices)
NAMES: tuple[str, ...] = tuple(facet.name for facet in FACETS)
INDEX_FIELDS: tuple[str, ...] = tuple(facet.index_field for facet in FACETS)


def position(name: str) -> int:
    """Where a facet stands in FACETS (and in an indexed row's facet values)."""
    return NAMES.index(name)
