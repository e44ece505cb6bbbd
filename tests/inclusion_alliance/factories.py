"""Factories for the Alliance: users, applications, problem reports."""

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from inclusion_alliance.choices import ProblemKind
from inclusion_alliance.models import DEFAULT_CONSENT, JoinPage, MembershipApplication, ProblemReport


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    first_name = "Alex"
    last_name = factory.Sequence(lambda n: f"Tester{n}")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery staple")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*extracted)
        if create:
            self.save()


class MembershipApplicationFactory(DjangoModelFactory):
    class Meta:
        model = MembershipApplication

    organisation_name = factory.Sequence(lambda n: f"Friendly Tech Group {n}")
    summary = "Volunteers who help people use phones and tablets."
    help_offered = "A drop-in on Tuesday mornings at the library.\nHelp with email and the NHS App."
    area = "Reddish"
    website = "https://friendly-tech.example"
    email = "hello@friendly-tech.example"
    phone = "0161 496 0500"
    contact_name = "Jo Bloggs"
    contact_role = "Volunteer coordinator"
    contact_email = factory.Sequence(lambda n: f"jo{n}@friendly-tech.example")
    consent_text = DEFAULT_CONSENT


class ProblemReportFactory(DjangoModelFactory):
    class Meta:
        model = ProblemReport

    kind = ProblemKind.TIMES
    details = "It runs on Wednesdays now."


class JoinPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = JoinPage

    title = "Join the Alliance"
    slug = "join"
    intro = "<p>Any group that helps people get online can join.</p>"
    consent_text = DEFAULT_CONSENT
