"""What invalidates the page cache: any change to what a public page can show.

Rather than work out which pages one change touches (a venue's new address shows on its venue page,
every listing there, the organisations' pages, search results and What's on), any change to published
content starts a new generation (caching/generation.py). Content changes are rare next to page views,
so this costs a few misses after each edit and can never miss a page.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from . import generation

# Apps whose every model is public content: pages, venues, schedules, taxonomies, events and their
# cancellations, home page shortcuts, site settings; `wagtailcore` for sites, view restrictions and
# pages, `wagtailimages` for logos. Not here on purpose: search logs, referrals, shortlists, sessions,
# reports and the gazetteer, which change as residents use the site and show on no public page.
CONTENT_APPS = frozenset({"directory", "events", "home", "open_data", "wagtailcore", "wagtailimages"})
# Written while public pages are served (image renditions) or as bookkeeping: never a reason to purge.
IGNORED_MODELS = frozenset({"wagtailimages.rendition", "wagtailcore.referenceindex"})


def is_content(model) -> bool:
    meta = model._meta
    if meta.label_lower in IGNORED_MODELS:
        return False
    return meta.app_label in CONTENT_APPS or (isinstance(model, type) and issubclass(model, Page))


def content_changed(sender, **kwargs) -> None:
    if is_content(sender):
        generation.bump()


def page_changed(sender, **kwargs) -> None:
    generation.bump()


def connect() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(content_changed, dispatch_uid=f"caching-{id(signal)}")
    for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
        signal.connect(page_changed, dispatch_uid=f"caching-page-{id(signal)}")
