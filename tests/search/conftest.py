"""A small directory around Stockport, shared by the search tests.

Venues, and their distances in miles from the centres of SK1, SK5 and Bramhall:
              SK1   SK5   Bramhall
  central     0.39  1.96  3.40
  reddish     1.84  0.22  5.42
  bramhall    3.58  5.27  0.11
  marple      3.65  4.62  4.80
  city        6.11  4.74  8.98
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from wagtail.search.backends import get_search_backend

from directory.models import ServicePage
from search.indexing import reindex_services
from search.models import PlaceKind
from tests import factories
from tests.builders import listings_from
from tests.tables import data

VENUES = {
    "central": ("Stockport Central Library", "Stockport", "SK1 3RS", 53.4066, -2.1575),
    "reddish": ("Reddish Library", "Reddish", "SK5 6UB", 53.4359, -2.1601),
    "bramhall": ("Bramhall Library", "Bramhall", "SK7 1AW", 53.3589, -2.1640),
    "marple": ("Marple Library", "Marple", "SK6 6BA", 53.3950, -2.0650),
    "city": ("Manchester Central Library", "Manchester", "M2 5PD", 53.4781, -2.2446),
}


schedule = factories.times
LONDON = ZoneInfo("Europe/London")


# Words residents type that name a help topic by a synonym, and the `directory` fixture's listings
# they find: through the engines (test_contract.py) and the /find/ page (test_find.py).
SYNONYM_CASES = [
    ("UC", {"Universal Credit claim support"}),
    ("help with my UC journal", {"Universal Credit claim support"}),
    ("e-mail", {"Email drop-in", "Digital helpline"}),
    ("gmail", {"Email drop-in", "Digital helpline"}),
    ("zoom my grandchildren", {"Video calling club", "Late night phone and tablet help"}),
]


# Each filter of the `directory` fixture's listings, and the listings it keeps: the engines' contract
# (test_contract.py) and the /find/ page (test_find.py) are held to the same table.
FILTER_CASES = [
    ({"level": "work"}, {"Job club"}),
    (
        {"level": ["work", "life"]},
        {
            "Job club",
            "Universal Credit claim support",
            "Video calling club",
            "Digital helpline",
            "Late night phone and tablet help",
        },
    ),
    ({"topic": "universal-credit"}, {"Universal Credit claim support"}),
    ({"topic": ["email", "job-search"]}, {"Email drop-in", "Digital helpline", "Job club"}),
    ({"format": "phone"}, {"Digital helpline"}),
    ({"cost": "free", "topic": "video-calls"}, {"Late night phone and tablet help"}),
    ({"cost": ["low_cost", "paid"]}, {"Video calling club"}),
    ({"access": "hearing-loop"}, {"Email drop-in", "Late night phone and tablet help"}),
    ({"language": "urdu"}, {"Video calling club"}),
    ({"day": "mon"}, {"Universal Credit claim support", "Digital helpline"}),
    ({"day": "thu"}, {"Email drop-in"}),
]


# Moments (UK time) and the `directory` fixture's listings open then: for "open now", through the
# engines (test_contract.py) and the /find/ page (test_find.py).
OPEN_NOW_CASES = [
    (
        dt.datetime(2026, 3, 6, 23, 30, tzinfo=LONDON),
        {"Late night phone and tablet help"},
    ),  # Friday night
    (
        dt.datetime(2026, 3, 7, 0, 30, tzinfo=LONDON),
        {"Late night phone and tablet help"},
    ),  # past midnight
    (dt.datetime(2026, 3, 7, 1, 0, tzinfo=LONDON), set()),  # just closed
    (dt.datetime(2026, 3, 6, 22, 0, tzinfo=LONDON), {"Late night phone and tablet help"}),  # just opened
    (
        dt.datetime(2026, 3, 2, 10, 0, tzinfo=LONDON),
        {"Universal Credit claim support", "Digital helpline"},
    ),
    (dt.datetime(2026, 3, 2, 12, 30, tzinfo=LONDON), {"Digital helpline"}),  # UC closes at 12:30
]


@pytest.fixture
def ordinary_week():
    """The day filter means the coming such day ("fri": the coming Friday), so the tests of it run in a
    week with no bank holiday: from Wednesday 4 March 2026, 9am, the clock running."""
    with time_machine.travel(dt.datetime(2026, 3, 4, 9, tzinfo=LONDON)):
        yield


@pytest.fixture
def gazetteer(db):
    factories.add_places(
        *factories.STOCKPORT_AREAS,
        (PlaceKind.POSTCODE, "SK1 3XE", 53.4075, -2.1589),
        (PlaceKind.PLACE, "Marple", 53.3940, -2.0630),
    )


@pytest.fixture
def directory(db, gazetteer, organisation_index):
    """Listings of every kind; returns them by a short name."""
    topics = {
        slug: factories.HelpTopicFactory(slug=slug, name=name, synonyms=synonyms)
        for slug, name, synonyms in [
            ("email", "Email", "e-mail, emails, gmail, inbox"),
            ("universal-credit", "Universal Credit and benefits", "uc, benefits, dwp, journal"),
            ("video-calls", "Video calls", "zoom, facetime, grandchildren"),
            ("nhs-app", "NHS App", "nhs, gp, prescription"),
            ("job-search", "Finding a job", "cv, jobs, job"),
        ]
    }
    formats = {
        slug: factories.FormatFactory(slug=slug, name=slug.title())
        for slug in ("drop-in", "one-to-one", "group-course", "phone")
    }
    step_free = factories.AccessFacilityFactory(slug="step-free", name="Step-free access")
    hearing_loop = factories.AccessFacilityFactory(slug="hearing-loop", name="Hearing loop")
    english = factories.LanguageFactory(slug="english", name="English", code="en")
    urdu = factories.LanguageFactory(slug="urdu", name="Urdu", code="ur")
    venues = {}
    for key, (name, town, postcode, lat, lng) in VENUES.items():
        venues[key] = factories.VenueFactory(
            name=name, town=town, postcode=postcode, latitude=lat, longitude=lng
        )
    venues["central"].access_facilities.set([step_free, hearing_loop])
    venues["bramhall"].access_facilities.set([step_free])

    library_group = factories.OrganisationPageFactory(
        parent=organisation_index, title="Library Digital Volunteers"
    )
    community = factories.OrganisationPageFactory(parent=organisation_index, title="Reddish Community Hub")

    listing = factories.keyed_listing_builder(
        topics, formats, venues, summary_of=lambda name: f"{name}.", languages=(english,)
    )

    made = listings_from(
        data(__file__, "directory.json"),
        listing,
        organisations={"library_group": library_group, "community": community},
        languages={"english": english, "urdu": urdu},
    )
    # As publishing does: Wagtail's page index holds each listing's topics and formats (set after the
    # first save above, so index again now), and the directory index every listing.
    backend = get_search_backend()
    for service in ServicePage.objects.all():
        backend.add(service)
    reindex_services(ServicePage.objects.values_list("pk", flat=True))
    return made


# -- OpenSearch: the real node from `scripts/opensearch` (settings.OPENSEARCH_TEST_URL) --------------


@pytest.fixture(scope="session")
def opensearch_url():
    """The test node's URL; skips (locally) or fails (CI) when there is none."""
    from django.conf import settings

    from tests.search.opensearch import reachable
    from tests.services import need

    url = settings.OPENSEARCH_TEST_URL
    need(bool(url) and reachable(url), f"OpenSearch (OPENSEARCH_URL={url or 'not set'})")
    return url


@pytest.fixture
def opensearch_index(opensearch_url):
    """An index of this test's own (prefix: worker id and a random part), deleted afterwards."""
    from tests.search.opensearch import new_index

    index = new_index(opensearch_url)
    yield index
    index.delete_all()


@pytest.fixture
def opensearch_site(settings, opensearch_index):
    """The site searching with OpenSearch (with the database as fallback), on this test's own index."""
    from search.opensearch_client import reset_breakers

    settings.OPENSEARCH_URL = opensearch_index.url
    settings.OPENSEARCH_INDEX_PREFIX = opensearch_index.prefix
    settings.OPENSEARCH_TIMEOUT = 10  # a busy test machine is slow; the fallback tests set their own
    reset_breakers()
    yield opensearch_index
    reset_breakers()
