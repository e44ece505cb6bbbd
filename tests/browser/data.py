"""A small, realistic directory for the browser tests and `make screenshots`: organisations (one with a
logo), listings at venues around Stockport, help by phone, site settings, the home page's shortcuts,
what's on, the join page and the open data page.

Plain functions (no fixtures), so the screenshots command can build the same site in its own database.
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

TOPICS = [
    ("email", "Email", "e-mail, emails, gmail, inbox"),
    ("nhs-app", "NHS App", "nhs, gp, prescription"),
    ("universal-credit", "Universal Credit and benefits", "uc, benefits, dwp, journal"),
    ("video-calls", "Video calls", "zoom, facetime, whatsapp, grandchildren"),
    ("free-devices-data", "Free devices and data", "tablet, laptop, sim, data"),
    ("job-search", "Finding a job", "cv, jobs, job"),
]


weekly = factories.times


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
    topics = {
        slug: factories.HelpTopicFactory(slug=slug, name=name, synonyms=synonyms, sort_order=order)
        for order, (slug, name, synonyms) in enumerate(TOPICS)
    }
    for order, (slug, text) in enumerate(
        [
            ("email", "Use email"),
            ("nhs-app", "Use the NHS App"),
            ("universal-credit", "Apply for Universal Credit"),
            ("video-calls", "Video call family and friends"),
            ("free-devices-data", "Get a free tablet, laptop or data"),
        ]
    ):
        HomePageTask.objects.create(page=home, topic=topics[slug], label=text, sort_order=order)

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
    libraries = factories.OrganisationPageFactory(
        parent=index,
        title="Stockport Library Digital Helpers",
        slug="library-digital-helpers",
        summary="Volunteers in Stockport's libraries who help anyone with computers, phones and tablets.",
        description="<p>We give free, friendly help in Stockport libraries. No question is too small.</p>",
        phone="0161 496 0110",
        email="hello@library-digital-helpers.example",
        website="https://library-digital-helpers.example",
        charity_number="1184205",
        logo=wagtail_factories.ImageFactory(
            title="Stockport Library Digital Helpers logo",
            file__filename="library-digital-helpers.png",
            file__format="PNG",
            file__width=480,
            file__height=480,
            file__color="#1d70b8",
        ),
    )
    hub = factories.OrganisationPageFactory(
        parent=index,
        title="Reddish Community Hub",
        slug="reddish-community-hub",
        summary="A community centre in Reddish with help for benefits, jobs and getting online.",
        phone="0161 496 0220",
    )

    listing = factories.keyed_listing_builder(topics, formats, venues, languages=(english,))

    made = {
        "email": listing(
            "Email drop-in",
            libraries,
            slug="email-drop-in",
            topics_=["email"],
            levels=["foundation", "life"],
            formats_=["drop-in"],
            at=[
                ("central", [weekly("TU", (10,), (12,)), weekly("SA", (10,), (12,))]),
                ("bramhall", [weekly("TH", (14,), (16,))]),
            ],
            summary="Set up an email account, send photos and keep your inbox safe, with a volunteer.",
            description="<p>Bring your phone or tablet and we will help you set up and use email. "
            "You can also use a library computer.</p>",
            what_to_bring="Your phone, tablet or laptop, its charger and any passwords you know.",
            contact_phone="0161 496 0111",
        ),
        "nhs": listing(
            "NHS App help",
            libraries,
            slug="nhs-app-help",
            topics_=["nhs-app"],
            levels=["life"],
            formats_=["one-to-one"],
            at=[("reddish", [weekly("WE", (13,), (15,))])],
            summary="Order repeat prescriptions and book GP appointments on the NHS App.",
            how_to_take_part="book",
            booking_details="Ring the library on 0161 496 0112 to book a 30 minute appointment.",
            what_to_bring="Your phone and photo ID, such as a passport or driving licence.",
        ),
        "uc": listing(
            "Universal Credit claim support",
            hub,
            slug="universal-credit-support",
            topics_=["universal-credit", "email"],
            levels=["life"],
            formats_=["one-to-one"],
            at=[("reddish", [weekly("MO", (9, 30), (12, 30))])],
            summary="Help to make a claim, use your online journal and report changes.",
            how_to_take_part="referral",
        ),
        "video": listing(
            "Video calling club",
            hub,
            slug="video-calling-club",
            topics_=["video-calls"],
            levels=["foundation", "life"],
            formats_=["drop-in"],
            languages=[english, urdu],
            cost="low_cost",
            cost_note="£1 a session, tea included",
            at=[("marple", [weekly("WE", (18,), (20,))])],
            summary="Learn to video call your family on WhatsApp, FaceTime or Zoom.",
        ),
        "devices": listing(
            "Free tablets and data",
            hub,
            slug="free-tablets-and-data",
            topics_=["free-devices-data"],
            levels=["foundation"],
            formats_=["one-to-one"],
            at=[("central", [weekly("FR", (10,), (12,))])],
            summary="A free tablet or SIM card with data for people on a low income.",
            how_to_take_part="referral",
            offers_devices=True,
            offers_free_data=True,
        ),
        "helpline": listing(
            "Digital helpline",
            libraries,
            slug="digital-helpline",
            topics_=["email", "nhs-app"],
            levels=["foundation", "life"],
            formats_=["phone"],
            remote=[weekly("MO", (9,), (17,)), weekly("TU", (9,), (17,))],
            summary="Ring us with any question about using a computer, phone or the internet.",
        ),
        "jobs": listing(
            "Job club",
            hub,
            slug="job-club",
            topics_=["job-search"],
            levels=["work"],
            formats_=["drop-in"],
            at=[("reddish", [weekly("TH", (10,), (12,))])],
            summary="Write a CV, search and apply for jobs online.",
            status="temporarily_closed",
            status_note="Closed in August, back on 2 September.",
        ),
    }
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
