"""Factories for the directory's content, shared by the tests, benchmarks and demo checks."""

import datetime as dt

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from core.choices import Cost, HowToTakePart, SkillLevel
from directory import models


class HelpTopicFactory(DjangoModelFactory):
    class Meta:
        model = models.HelpTopic
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")
    synonyms = ""


class FormatFactory(DjangoModelFactory):
    class Meta:
        model = models.Format
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Format {n}")
    slug = factory.Sequence(lambda n: f"format-{n}")


class AccessFacilityFactory(DjangoModelFactory):
    class Meta:
        model = models.AccessFacility
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Facility {n}")
    slug = factory.Sequence(lambda n: f"facility-{n}")


class LanguageFactory(DjangoModelFactory):
    class Meta:
        model = models.Language
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Language {n}")
    slug = factory.Sequence(lambda n: f"language-{n}")
    code = "en"


class AudienceFactory(DjangoModelFactory):
    class Meta:
        model = models.Audience
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Audience {n}")
    slug = factory.Sequence(lambda n: f"audience-{n}")


class VenueFactory(DjangoModelFactory):
    class Meta:
        model = models.Venue

    name = factory.Sequence(lambda n: f"Venue {n}")
    address = "1 High Street"
    town = "Stockport"
    postcode = "SK1 3RS"
    # Stockport Central Library, unless a test puts the venue somewhere else.
    latitude = 53.4066
    longitude = -2.1575


class OrganisationIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.OrganisationIndexPage

    title = "Organisations"
    slug = "organisations"


class OrganisationPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.OrganisationPage

    title = factory.Sequence(lambda n: f"Community Group {n}")
    summary = "A friendly group that helps people get online."
    phone = "0161 496 0100"


class ServicePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.ServicePage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Computer help {n}")
    summary = "Friendly help with computers, phones and tablets."
    levels = [SkillLevel.FOUNDATION, SkillLevel.LIFE]
    cost = Cost.FREE
    how_to_take_part = HowToTakePart.DROP_IN
    last_checked = factory.LazyFunction(dt.date.today)

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if extracted:
            self.topics.set(extracted)
            if create:
                self.save()


class ServiceAtLocationFactory(DjangoModelFactory):
    class Meta:
        model = models.ServiceAtLocation

    service = factory.SubFactory(ServicePageFactory)
    venue = factory.SubFactory(VenueFactory)


class VenueScheduleFactory(DjangoModelFactory):
    class Meta:
        model = models.VenueSchedule

    service_location = factory.SubFactory(ServiceAtLocationFactory)
    day = "TU"
    repeat = "weekly"
    opens_at = dt.time(10, 0)
    closes_at = dt.time(12, 0)
