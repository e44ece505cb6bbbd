"""The demo's Alliance: the join page, trusted groups, applications waiting, open problem reports.

Each organisation's group and editor are made by load_demo (home/management/commands/load_demo.py);
the stale listings come from the directory demo, which sets some `last_checked` dates 7 to 16 months
back. Idempotent: a second run finds what the first made and adds nothing.
"""

import datetime as dt

from django.utils import timezone

from core.pages import published_child
from directory.models import HelpTopic, OrganisationPage, ServicePage
from home.models import StandardPage
from inclusion_alliance.choices import ProblemKind
from inclusion_alliance.models import DEFAULT_CONSENT, JoinPage, MembershipApplication, ProblemReport
from inclusion_alliance.moderation import ensure_alliance_setup
from inclusion_alliance.permissions import setup_organisation_group

TRUSTED = ["Stockport Library Digital Helpers", "Mersey Valley Adult Learning"]

APPLICATIONS = [
    {
        "organisation_name": "Heaton Moor Library Friends",
        "summary": "Volunteers who support Heaton Moor library and the people who use it.",
        "help_offered": "We would like to run a Thursday afternoon drop-in at the library for people who "
        "want help with their phones and tablets, especially email and video calls.",
        "topics": ["email", "video-calls"],
        "area": "Heaton Moor and Heaton Chapel",
        "email": "friends@heatonmoor-library.example",
        "contact_name": "Pat Kowalski",
        "contact_role": "Chair",
        "contact_email": "pat.kowalski@heatonmoor-library.example",
        "contact_phone": "0161 496 0311",
        "days_ago": 2,
    },
    {
        "organisation_name": "Edgeley Community Digital Hub",
        "summary": "A community centre in Edgeley with six computers and free wifi.",
        "help_offered": "One-to-one help with Universal Credit journals, job searches and CVs, by "
        "appointment on Monday and Wednesday mornings.",
        "topics": ["universal-credit", "job-search"],
        "area": "Edgeley and Cheadle Heath",
        "website": "https://edgeley-hub.example",
        "phone": "0161 496 0420",
        "charity_number": "1187654",
        "contact_name": "Sam Okafor",
        "contact_role": "Centre manager",
        "contact_email": "sam@edgeley-hub.example",
        "days_ago": 6,
    },
    {
        "organisation_name": "Offerton Over-60s Club",
        "summary": "A social club for older people in Offerton, meeting every weekday.",
        "help_offered": "Some of our members help others with the NHS App and spotting scams.",
        "topics": ["nhs-app", "staying-safe"],
        "area": "Offerton",
        "contact_name": "Margaret Hale",
        "contact_email": "margaret.hale@offerton60s.example",
        "days_ago": 11,
    },
]

PROBLEMS = [
    (ProblemKind.TIMES, "The library said this runs on Wednesdays now, not Tuesdays.", ""),
    (ProblemKind.CONTACT, "The phone number rings out every time I call.", "resident@example.com"),
    (ProblemKind.CLOSED, "I went last week and the room was locked. Staff said it has stopped.", ""),
]


def load_join_page(home) -> JoinPage:
    page = published_child(
        home,
        JoinPage,
        title="Join the Digital Inclusion Alliance",
        slug="join",
        summary="Does your group help people get online? Join the Alliance and list your help here.",
        intro="<p>Any group that gives free or low-cost help with phones, tablets, computers or the "
        "internet in Stockport can join: libraries, charities, faith and community groups, housing "
        "providers. Members list their help on this website and keep it up to date.</p>"
        "<p>Tell us about your group below. A coordinator will read your application and reply within "
        "two weeks.</p>",
        consent_text=DEFAULT_CONSENT,
        thank_you_text="<p>Most applications get a reply within two weeks.</p>",
    )
    link_about_page_to(page, home)
    return page


def link_about_page_to(join_page: JoinPage, home) -> None:
    """The demo's About page ends with an invitation to join, once."""
    about = StandardPage.objects.child_of(home).filter(slug="about").first()
    if about is None or any(block.block_type == "call_to_action" for block in about.body):
        return
    about.body.append(
        ("paragraph", "<p>Does your group give free help with phones, tablets or the internet? Join us.</p>")
    )
    about.body.append(("call_to_action", {"text": "Join the Alliance", "page": join_page, "url": ""}))
    about.save_revision().publish()


def load_applications() -> list[MembershipApplication]:
    applications = []
    for spec in APPLICATIONS:
        spec = dict(spec)
        topics = spec.pop("topics")
        days_ago = spec.pop("days_ago")
        application, created = MembershipApplication.objects.get_or_create(
            organisation_name=spec.pop("organisation_name"),
            defaults={
                **spec,
                "consent_text": DEFAULT_CONSENT,
                "submitted_at": timezone.now() - dt.timedelta(days=days_ago),
            },
        )
        if created:
            application.topics.set(HelpTopic.objects.filter(slug__in=topics))
        applications.append(application)
    return applications


def load_problem_reports() -> list[ProblemReport]:
    listings = ServicePage.objects.live().order_by("title")[: len(PROBLEMS)]
    reports = []
    for (kind, details, contact), listing in zip(PROBLEMS, listings, strict=False):
        report, _created = ProblemReport.objects.get_or_create(
            page=listing, kind=kind, details=details, defaults={"contact": contact}
        )
        reports.append(report)
    return reports


def load_alliance(home, organisations: list[OrganisationPage]) -> None:
    ensure_alliance_setup()
    for organisation in organisations:
        setup_organisation_group(organisation, trusted=True if organisation.title in TRUSTED else None)
    load_join_page(home)
    load_applications()
    load_problem_reports()
