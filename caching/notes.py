"""A list that code fills in while one page is built, for the page cache to read back afterwards.

The middleware starts one before the view runs and stops it after; outside a page being built (a
management command, a test calling a model) there is no list and what is added is dropped.
"""

import contextvars


class PageNotes:
    def __init__(self, name: str):
        self._notes: contextvars.ContextVar[list | None] = contextvars.ContextVar(name, default=None)

    def start(self) -> list:
        """Begin noting for one request; returns the list the middleware reads back."""
        notes: list = []
        self._notes.set(notes)
        return notes

    def stop(self) -> None:
        self._notes.set(None)

    def add(self, note) -> None:
        notes = self._notes.get()
        if notes is not None:
            notes.append(note)
