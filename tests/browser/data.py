"""A small, realistic directory for the browser tests and `make screenshots`: organisations (one with a
logo), listings at venues around Stockport, help by phone, site settings, the home page's shortcuts,
what's on, the join page and the open data page.

Plain functions (no fixtures), so the screenshots command can build the same site in its own database.
The help topics (with the home page's shortcuts), organisations and listings are data: directory.json.
"""

import datetime as dt

import wagtail_factories
from wagtail.models import Site

from directory.models import HelpTopic, ServicePage
from home.demo.alliance import load_join_page
from home.models import HomePageTask, SiteSettings
from open_data.demo import load_open_data_page
from search.indexing import reindex_services
from tests import factories
from tests.builders import listings_from, organisations_from
from tests.tables import data

VENUES = {
    "central": (
        "Stockport Central Library",
        "Wellington Road South",
        "Stockport",
        "SK1 3RS",
        53.4066,
        -2.1575,
    ),
    "reddish": ("Reddish Library", "Gorton Road", "Reddish", "SK5 6UB", 53.4359, -2.1601),
    "bramhall": ("Bramhall Library", "Bramhall Lane South", "Bramhall", "SK7 1AW", 53.3589, -2.1640),
    "marple": ("Marple Library", "Memorial Park", "Marple", "SK6 6BA", 53.3950, -2.0650),
}


def gazetteer() -> None:
    factories.add_places(*factories.STOCKPORT_AREAS)


def build_site() -> dict:
    """Build the site; returns its pages and venues by short names."""
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    settings = SiteSettings.for_site(site)
    settings.helpline_phone = "0161 496 0000"
    settings.helpline_hours = "Monday to Friday, 9am to 5pm"
    settings.save()

    gazetteer()
    directory = data(__file__, "directory.json")
    topics = {
        slug: factories.HelpTopicFactory(
            slug=slug, name=topic["name"], synonyms=topic["synonyms"], sort_order=order
        )
        for order, (slug, topic) in enumerate(directory["topics"].items())
    }
    shortcuts = [
        (slug, topic["home_page_task"])
        for slug, topic in directory["topics"].items()
        if "home_page_task" in topic
    ]
    for order, (slug, label) in enumerate(shortcuts):
        HomePageTask.objects.create(page=home, topic=topics[slug], label=label, sort_order=order)

    formats = {
        slug: factories.FormatFactory(slug=slug, name=name)
        for slug, name in [("drop-in", "Drop-in"), ("one-to-one", "Booked one-to-one"), ("phone", "By phone")]
    }
    step_free = factories.AccessFacilityFactory(slug="step-free", name="Step-free access")
    hearing_loop = factories.AccessFacilityFactory(slug="hearing-loop", name="Hearing loop")
    english = factories.LanguageFactory(slug="english", name="English", code="en")
    urdu = factories.LanguageFactory(slug="urdu", name="Urdu", code="ur")
    venues = {}
    for key, (name, street, town, postcode, lat, lng) in VENUES.items():
        venues[key] = factories.VenueFactory(
            name=name, address=street, town=town, postcode=postcode, latitude=lat, longitude=lng
        )
        venues[key].access_facilities.set([step_free, hearing_loop] if key != "marple" else [step_free])

    index = factories.OrganisationIndexPageFactory(parent=home, title="Who helps", slug="who-helps")
    logo = wagtail_factories.ImageFactory(
        title="Stockport Library Digital Helpers logo",
        file__filename="library-digital-helpers.png",
        file__format="PNG",
        file__width=480,
        file__height=480,
        file__color="#1d70b8",
    )
    organisations = organisations_from(directory["organisations"], index, libraries={"logo": logo})
    libraries, hub = organisations["libraries"], organisations["hub"]

    listing = factories.keyed_listing_builder(topics, formats, venues, languages=(english,))

    made = listings_from(
        directory["listings"],
        listing,
        organisations=organisations,
        languages={"english": english, "urdu": urdu},
    )
    reindex_services(ServicePage.objects.values_list("pk", flat=True))
    join = load_join_page(home)
    open_data = load_open_data_page(home)
    whats_on, event = build_events(home, libraries, venues)
    return {
        "home": home,
        "organisation": libraries,
        "hub": hub,
        "venues": venues,
        "join": join,
        "open_data": open_data,
        "whats_on": whats_on,
        "event": event,
        **made,
    }


def build_events(home, organisation, venues):
    """What's on, with a weekly course at the central library that has one cancelled date."""
    from django.utils import timezone

    from events.models import EventCancellation, EventIndexPage, EventPage

    whats_on = EventIndexPage(title="What's on", slug="whats-on")
    home.add_child(instance=whats_on)
    today = timezone.localdate()
    event = EventPage(
        title="Tablet club",
        slug="tablet-club",
        summary="Bring your tablet and learn something new each week.",
        venue=venues["central"],
        start_date=today,
        start_time=dt.time(10, 0),
        end_time=dt.time(12, 0),
        repeat="weekly",
        levels=["foundation"],
        what_to_bring="Your tablet and its charger.",
    )
    organisation.add_child(instance=event)
    EventCancellation.objects.create(
        page=event, date=today + dt.timedelta(days=7), reason="The library is closed."
    )
    return whats_on, event


def full_page_of_results(data) -> None:
    """Enough email listings near SK1 to fill a page of results (20), as a busy town would have."""
    email = HelpTopic.objects.get(slug="email")
    for number in range(22):
        service = factories.ServicePageFactory(
            parent=data["hub"], title=f"Email and internet club {number}", topics=[email]
        )
        location = factories.ServiceAtLocationFactory(service=service, venue=data["venues"]["central"])
        factories.VenueScheduleFactory(service_location=location, day="WE")
    reindex_services(ServicePage.objects.values_list("pk", flat=True))
