"""The abstract page every Signpost page type builds on: what lists and search results show of a page."""

from django.db import models
from django.db.models import Q
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.search import index

from caching.generation import fragment
from caching.sites import site_root_paths

from . import fields
from .forms import BasePageForm


def view_restrictions() -> list[dict]:
    """Every page view restriction (there are few, often none) as the tree paths it covers, read once
    per content change: every page served and every public listing of pages checks them."""

    def build():
        return [
            {
                "paths": [restriction.page.path, *restriction.page.aliases.values_list("path", flat=True)],
            }
            for restriction in PageViewRestriction.objects.select_related("page")
        ]

    return fragment("view-restrictions", build)


class SignpostPageQuerySet(PageQuerySet):
    def private_q(self):
        """Wagtail's (used by `public()`), from the cached restrictions instead of a query each time."""
        q = Q()
        for restriction in view_restrictions():
            for path in restriction["paths"]:
                q |= Q(path__startswith=path)
        # Match no page if there is no private section.
        return q if q else Q(pk__in=[])


class BasePage(Page):
    """What every page shares: a summary for lists and search results, and a listing image."""

    summary = models.TextField(
        max_length=300,
        blank=True,
        help_text="One or two sentences that say what this page is about. Shown in lists and search results.",
    )
    listing_image = fields.optional_link(
        "wagtailimages.Image", "Optional picture shown when this page appears in a list."
    )

    objects = PageManager.from_queryset(SignpostPageQuerySet)()

    content_panels = Page.content_panels + [FieldPanel("summary")]
    promote_panels = Page.promote_panels + [FieldPanel("listing_image")]
    # Image and document choosers offer only what the user may choose (core/forms.py).
    base_form_class = BasePageForm
    search_fields = Page.search_fields + [index.SearchField("summary")]

    class Meta:
        abstract = True

    @property
    def meta_description(self) -> str:
        return self.search_description or self.summary

    def _get_site_root_paths(self, cache_object=None, **kwargs):
        """Wagtail's, kept on `cache_object` as Wagtail does, but read through the request's one read
        of the shared pieces (caching/sites.py): otherwise each page object on a page reads them from
        the cache again."""
        cache_object = cache_object or kwargs.get("request") or self
        try:
            return cache_object._wagtail_cached_site_root_paths
        except AttributeError:
            cache_object._wagtail_cached_site_root_paths = site_root_paths()
            return cache_object._wagtail_cached_site_root_paths

    def get_view_restrictions(self):
        """The view restrictions on this page and its ancestors (or on the pages they are aliases of).
        This runs on every page served, so when the cached list shows there are none (the usual
        case) it answers without a query."""
        paths = [self.path[:end] for end in range(self.steplen, len(self.path) + 1, self.steplen)]
        if not any(path in paths for restriction in view_restrictions() for path in restriction["paths"]):
            return PageViewRestriction.objects.none()
        return PageViewRestriction.objects.filter(
            Q(page__path__in=paths) | Q(page__aliases__path__in=paths)
        ).distinct()


def published_child(parent: Page, model: type[Page], **fields) -> Page:
    """The parent's child page of this type; if it has none, one made with `fields` and published.
    So a second demo load finds the page and leaves it alone."""
    page = model.objects.child_of(parent).first()
    if page is None:
        page = model(**fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
    return page
