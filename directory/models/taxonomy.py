"""Shared vocabularies the council edits: help topics, formats, access facilities, languages, audiences."""

import re

from django.db import models
from django.utils.text import slugify
from wagtail.search import index

from core import fields


class TermQuerySet(models.QuerySet):
    def by_slugs(self, slugs):
        return self.filter(slug__in=slugs)


class Term(index.Indexed, models.Model):
    """A word in one of the directory's vocabularies.

    The slug is set once, when the term is created, and never regenerated: search filter links
    such as /find/?topic=email must keep working after a term is renamed.
    """

    name = models.CharField(max_length=100, unique=True, help_text="The name residents see, in plain words.")
    slug = models.SlugField(
        max_length=100,
        unique=True,
        blank=True,
        help_text="Used in web addresses. Filled in for you. Changing it breaks links people have saved.",
    )
    description = models.CharField(
        max_length=255, blank=True, help_text="One sentence that explains this to a resident."
    )
    sort_order = models.PositiveSmallIntegerField(
        default=100, help_text="Lower numbers are shown first in lists and filters."
    )
    uuid = fields.open_data_id()

    objects = TermQuerySet.as_manager()

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self._unique_slug()
        super().save(*args, **kwargs)

    def _unique_slug(self) -> str:
        base = slugify(self.name)[:90] or "term"
        slug, number = base, 2
        while type(self)._default_manager.filter(slug=slug).exclude(pk=self.pk).exists():
            slug, number = f"{base}-{number}", number + 1
        return slug


class HelpTopic(Term):
    """What a resident wants to do: "use email", "the NHS App", "Universal Credit"."""

    synonyms = models.TextField(
        blank=True,
        help_text=(
            "Other words residents might type when they mean this, separated by commas. "
            "For example, for Email: e-mail, gmail, outlook, inbox."
        ),
    )

    search_fields = Term.search_fields + [index.SearchField("synonyms")]

    class Meta(Term.Meta):
        verbose_name = "help topic"

    @property
    def synonym_list(self) -> list[str]:
        return [word.strip().lower() for word in re.split(r"[,\n;]", self.synonyms) if word.strip()]


class Format(Term):
    """How help is given: drop-in, one-to-one, a group course, by phone, online."""

    class Meta(Term.Meta):
        verbose_name = "format"


class AccessFacility(Term):
    """Something a venue has that makes it easier to visit: step-free access, a hearing loop."""

    class Meta(Term.Meta):
        verbose_name = "access facility"
        verbose_name_plural = "access facilities"


class Language(Term):
    code = models.CharField(
        max_length=12,
        blank=True,
        help_text="The ISO 639 language code, such as 'en' for English or 'ur' for Urdu. Used in open data.",
    )

    class Meta(Term.Meta):
        verbose_name = "language"


class Audience(Term):
    """Who a listing is especially for: older people, families, people looking for work."""

    class Meta(Term.Meta):
        verbose_name = "audience"
