import datetime as dt

import pytest

from directory.models import ServicePage
from search.indexing import reindex_services
from search.models import Place, PlaceKind
from tests import factories
from tests.factories import EventCancellationFactory, EventIndexPageFactory, EventPageFactory

LISTINGS = 6
VENUES_PER_LISTING = 3
TIMES_PER_VENUE = 3


@pytest.fixture
def busy_organisation(organisation, home_page):
    """An organisation whose every listing is at several venues with several times, many topics,
    formats, languages and audiences, and phone times; venues with access facilities; and events at
    those venues with cancelled dates. Every count that grows with content grows here."""
    topics = [factories.HelpTopicFactory() for _ in range(5)]
    formats = [factories.FormatFactory() for _ in range(3)]
    languages = [factories.LanguageFactory() for _ in range(3)]
    audiences = [factories.AudienceFactory() for _ in range(3)]
    facilities = [factories.AccessFacilityFactory() for _ in range(4)]
    venues = []
    for _ in range(VENUES_PER_LISTING * 2):
        venue = factories.VenueFactory()
        venue.access_facilities.set(facilities)
        venues.append(venue)
    for number in range(LISTINGS):
        listing = factories.ServicePageFactory(parent=organisation, topics=topics)
        listing.formats.set(formats)
        listing.languages.set(languages)
        listing.audiences.set(audiences)
        listing.save()
        for venue in venues[number % 2 :: 2][:VENUES_PER_LISTING]:
            location = factories.ServiceAtLocationFactory(service=listing, venue=venue)
            for day in ("MO", "WE", "FR")[:TIMES_PER_VENUE]:
                factories.VenueScheduleFactory(service_location=location, day=day)
        listing.remote_schedules.create(
            day="TH", repeat="weekly", opens_at=dt.time(18), closes_at=dt.time(19)
        )
        listing.remote_schedules.create(
            day="SA", repeat="weekly", opens_at=dt.time(10), closes_at=dt.time(11)
        )
        listing.save_revision().publish()
    EventIndexPageFactory(parent=home_page)
    for venue in venues[:4]:
        event = EventPageFactory(
            parent=organisation, venue=venue, topics=topics, start_date=dt.date.today() - dt.timedelta(days=7)
        )
        EventCancellationFactory(page=event, date=dt.date.today() + dt.timedelta(days=30))
    Place.objects.create(kind=PlaceKind.OUTWARD, key="SK1", name="SK1", latitude=53.41, longitude=-2.15)
    reindex_services(ServicePage.objects.values_list("pk", flat=True))
    return organisation
