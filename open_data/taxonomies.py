"""The directory's vocabularies, published as Open Referral taxonomies with stable ids.

Help topics, formats, audiences and access facilities are models with their own uuid. Skill levels
are fixed choices in code, so their ids are derived with uuid5 from a namespace that must never
change. Ids of the links between things (a listing's topic, a venue's address) are derived the same
way from the ids of the two things, so they stay the same for as long as the link exists.
"""

import dataclasses
import uuid
from collections.abc import Iterable

from django.db import models

from core.choices import SKILL_LEVEL_DESCRIPTIONS, SkillLevel
from directory.models import AccessFacility, Audience, Format, HelpTopic

# Fixed for ever: every derived id in the open data depends on it.
NAMESPACE = uuid.UUID("6a1f3c52-8d4e-4b0f-9a57-2f6f3e1c9b84")


def derived_id(*parts) -> str:
    """A stable uuid for something that has no row of its own (a link, an address, a skill level)."""
    return str(uuid.uuid5(NAMESPACE, ":".join(str(part) for part in parts)))


@dataclasses.dataclass(frozen=True)
class Term:
    id: str
    name: str
    description: str
    taxonomy: "Taxonomy"
    pk: int | None = None
    code: str = ""


@dataclasses.dataclass(frozen=True)
class Taxonomy:
    key: str
    name: str
    description: str
    link_type: str
    # The model holding the terms, or None for skill levels (fixed choices).
    model: type[models.Model] | None
    # Which listing or venue field the terms are attached to.
    field: str
    applies_to: str = "service"

    @property
    def id(self) -> str:
        return derived_id("taxonomy", self.key)

    def terms(self) -> list[Term]:
        if self.model is None:
            return [
                Term(
                    id=skill_level_id(level),
                    name=level.framework_name,
                    description=f"{level.label}: {SKILL_LEVEL_DESCRIPTIONS[level.value]}",
                    taxonomy=self,
                    code=level.value,
                )
                for level in SkillLevel
            ]
        return [self.term(row) for row in self.model.objects.all()]

    def term(self, row) -> Term:
        return Term(
            id=str(row.uuid),
            name=row.name,
            description=row.description,
            taxonomy=self,
            pk=row.pk,
            code=row.slug,
        )


def skill_level_id(level: str) -> str:
    return derived_id("skill-level", SkillLevel(level).value)


TAXONOMIES = [
    Taxonomy(
        "help-topics",
        "Signpost help topics",
        "What people can get help with: the tasks residents want to do online.",
        "help_topic",
        HelpTopic,
        "topics",
    ),
    Taxonomy(
        "skill-levels",
        "Essential Digital Skills levels",
        "Who the help is right for, from the Essential Digital Skills framework (Department for "
        "Education, 2018, updated 2022): Foundation, Life and Work.",
        "skill_level",
        None,
        "levels",
    ),
    Taxonomy("formats", "Signpost formats", "How the help is given.", "format", Format, "formats"),
    Taxonomy(
        "audiences",
        "Signpost audiences",
        "Groups of people a listing is especially for.",
        "audience",
        Audience,
        "audiences",
    ),
    Taxonomy(
        "access-facilities",
        "Signpost access facilities",
        "What a venue has that makes it easier to visit.",
        "access_facility",
        AccessFacility,
        "access_facilities",
        applies_to="location",
    ),
]
TAXONOMY_BY_ID = {taxonomy.id: taxonomy for taxonomy in TAXONOMIES}
TAXONOMY_BY_KEY = {taxonomy.key: taxonomy for taxonomy in TAXONOMIES}
SKILL_LEVEL_BY_ID = {skill_level_id(level): level for level in SkillLevel}


def all_terms(taxonomies: Iterable[Taxonomy] = TAXONOMIES) -> list[Term]:
    return [term for taxonomy in taxonomies for term in taxonomy.terms()]


def find_term(term_id: str) -> Term | None:
    """The term with this id in any of our taxonomies (one query per model at most)."""
    if term_id in SKILL_LEVEL_BY_ID:
        return next(t for t in TAXONOMY_BY_KEY["skill-levels"].terms() if t.id == term_id)
    for taxonomy in TAXONOMIES:
        if taxonomy.model is not None:
            row = taxonomy.model.objects.filter(uuid=term_id).first()
            if row is not None:
                return taxonomy.term(row)
    return None
