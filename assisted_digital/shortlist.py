"""A resident's shortlist of listings and events, kept in their session: no account needed.

The session holds page ids only. Pages are read fresh each time, so the list shows what is live now;
an item whose page has gone (unpublished, deleted, moved behind a login) is dropped and counted.
"""

import dataclasses

from django.apps import apps
from wagtail.models import Page

SESSION_KEY = "shortlist"
MAX_ITEMS = 20
# Page types a resident can shortlist. A type whose app is not installed is skipped.
SHORTLISTABLE = ("directory.ServicePage", "events.EventPage")


def shortlistable_models() -> list[type[Page]]:
    found = []
    for label in SHORTLISTABLE:
        try:
            found.append(apps.get_model(label))
        except LookupError:
            continue
    return found


def shortlistable_page(page_id) -> Page | None:
    """The live, public page a resident may shortlist, or None."""
    try:
        page_id = int(page_id)
    except (TypeError, ValueError):
        return None
    models = shortlistable_models()
    page = Page.objects.live().public().filter(pk=page_id).type(*models).first()
    return page.specific if page else None


@dataclasses.dataclass
class Resolved:
    pages: list[Page]
    dropped: int

    @property
    def dropped_message(self) -> str:
        if not self.dropped:
            return ""
        if self.dropped == 1:
            return "1 item is no longer listed, so we took it off your list."
        return f"{self.dropped} items are no longer listed, so we took them off your list."


class Shortlist:
    def __init__(self, session):
        self.session = session

    @property
    def ids(self) -> list[int]:
        stored = self.session.get(SESSION_KEY, [])
        if not isinstance(stored, list):
            return []
        return [item for item in stored if isinstance(item, int)]

    def __len__(self) -> int:
        return len(self.ids)

    def __contains__(self, page_id) -> bool:
        return page_id in self.ids

    def _store(self, ids: list[int]) -> None:
        self.session[SESSION_KEY] = ids

    @property
    def is_full(self) -> bool:
        return len(self.ids) >= MAX_ITEMS

    def add(self, page_id: int) -> bool:
        """Add an item; False if it was there already or the list is full."""
        ids = self.ids
        if page_id in ids or len(ids) >= MAX_ITEMS:
            return False
        self._store([*ids, page_id])
        return True

    def remove(self, page_id: int) -> bool:
        ids = self.ids
        if page_id not in ids:
            return False
        self._store([item for item in ids if item != page_id])
        return True

    def clear(self) -> None:
        self.session.pop(SESSION_KEY, None)

    def resolve(self) -> Resolved:
        """The pages on the list that are still live and public, in the order they were added.

        Items that are gone are taken off the stored list, so they are counted only once.
        """
        ids = self.ids
        if not ids:
            return Resolved([], 0)
        found = Page.objects.live().public().filter(pk__in=ids).type(*shortlistable_models()).specific()
        by_id = {page.pk: page for page in found}
        pages = [by_id[page_id] for page_id in ids if page_id in by_id]
        dropped = len(ids) - len(pages)
        if dropped:
            self._store([page.pk for page in pages])
        return Resolved(pages, dropped)
