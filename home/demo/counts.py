"""What the demo holds, counted by kind: `load_demo` prints a summary of it, and tests/test_demo.py checks
that a second load leaves every count as it was."""

from pathlib import Path

from django.contrib.auth import get_user_model
from wagtail.models import Revision

from directory.models import (
    OrganisationPage,
    ServiceAtLocation,
    ServicePage,
    ServiceSchedule,
    Venue,
    VenueSchedule,
)
from events.models import EventCancellation, EventPage
from home.demo.directory import VOCABULARIES
from home.models import HomePageTask
from search.models import DirectoryEntry, Place


def counts() -> dict[str, int]:
    return {
        "organisations": OrganisationPage.objects.live().count(),
        "listings": ServicePage.objects.live().count(),
        "venues": Venue.objects.count(),
        "listing_venues": ServiceAtLocation.objects.count(),
        "venue_times": VenueSchedule.objects.count(),
        "phone_or_online_times": ServiceSchedule.objects.count(),
        # Each vocabulary the demo loads, by its file's name: help_topics, formats and so on.
        **{Path(file_name).stem: model.objects.count() for model, file_name in VOCABULARIES},
        "home_page_tasks": HomePageTask.objects.count(),
        "users": get_user_model().objects.count(),
        "places": Place.objects.count(),
        "index_entries": DirectoryEntry.objects.count(),
        "events": EventPage.objects.live().count(),
        "cancelled_dates": EventCancellation.objects.count(),
        # A second load that saved anything again would add a revision.
        "revisions": Revision.objects.count(),
    }


def summary() -> str:
    """One line for the end of `load_demo`: the counts a newcomer recognises on the site."""
    held = counts()
    return (
        f"{held['organisations']} organisations, {held['listings']} listings, "
        f"{held['listing_venues']} listing-venue links, {held['venues']} venues, {held['events']} events."
    )
