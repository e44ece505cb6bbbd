import datetime as dt

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from events import models


class EventIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.EventIndexPage

    title = "What's on"
    slug = "whats-on"


class EventPageFactory(wagtail_factories.PageFactory):
    """A weekly Tuesday morning drop-in at a venue, from 3 March 2026, unless a test says otherwise."""

    class Meta:
        model = models.EventPage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Tablet club {n}")
    summary = "Bring your tablet and learn something new."
    venue = factory.SubFactory("tests.factories.VenueFactory")
    start_date = dt.date(2026, 3, 3)
    start_time = dt.time(10, 0)
    end_time = dt.time(12, 0)
    repeat = "weekly"
    levels = ["foundation"]

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if extracted:
            self.topics.set(extracted)
            if create:
                self.save()


class EventCancellationFactory(DjangoModelFactory):
    class Meta:
        model = models.EventCancellation

    page = factory.SubFactory(EventPageFactory)
    date = dt.date(2026, 3, 10)
    reason = "The library is closed for the day."
