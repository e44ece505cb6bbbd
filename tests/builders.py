"""Test sites larger than a factory builds: the Stockport demo, loaded as `make run` loads it, and
small directories whose listings are kept as data (JSON) beside the tests that use them."""

import io
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.test import TestCase

from tests import factories


class DemoSiteTestCase(TestCase):
    """Tests that read the Stockport demo, loaded once for the class (`manage.py load_demo`); its
    staff logins are written to a throwaway file."""

    @classmethod
    def setUpTestData(cls):
        logins = Path(tempfile.mkdtemp()) / "logins.txt"
        call_command("load_demo", password="demo-password", logins_file=str(logins), stdout=io.StringIO())


def schedule(text: str) -> dict:
    """A weekly time's fields from its short form: "TU 09:30-12:00" is every Tuesday, 9:30am to noon."""
    day, hours = text.split()
    opens, closes = (tuple(int(part) for part in clock.split(":")) for clock in hours.split("-"))
    return factories.times(day, opens, closes)


def organisations_from(entries: dict, parent, **extra) -> dict:
    """Organisations under `parent`, one for each key of `entries` (the page's fields); `extra` adds
    fields that data cannot hold to the organisation of that key (a logo)."""
    return {
        key: factories.OrganisationPageFactory(parent=parent, **fields, **extra.get(key, {}))
        for key, fields in entries.items()
    }


def listings_from(entries: dict, listing, *, organisations: dict, languages: dict) -> dict:
    """A listing for each key of `entries`, made by `listing` (a `factories.keyed_listing_builder`).
    Each entry names its `organisation` (a key of `organisations`), its `topics`, `formats` and
    `languages` by slug, the times `at` each venue and its `remote` times in the short form `schedule`
    reads; its other fields are the listing's own."""
    made = {}
    for key, entry in entries.items():
        fields = dict(entry)
        if "languages" in fields:
            fields["languages"] = [languages[slug] for slug in fields["languages"]]
        made[key] = listing(
            fields.pop("title"),
            organisations[fields.pop("organisation")],
            topics_=fields.pop("topics"),
            formats_=fields.pop("formats", ()),
            at=[(venue, [schedule(text) for text in times]) for venue, times in fields.pop("at", {}).items()],
            remote=[schedule(text) for text in fields.pop("remote", ())],
            **fields,
        )
    return made
