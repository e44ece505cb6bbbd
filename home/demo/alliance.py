"""The demo's Alliance: the join page, trusted groups, applications waiting, open problem reports.

Each organisation's group and editor are made by load_demo (home/management/commands/load_demo.py);
the stale listings come from the directory demo, which sets some `last_checked` dates 7 to 16 months
back. The applications waiting and the problem reports are data: `data/alliance_applications.csv`
and `data/problem_reports.csv`. Idempotent: a second run finds what the first made and adds nothing.
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

from .directory import read_rows

TRUSTED = ["Stockport Library Digital Helpers", "Mersey Valley Adult Learning"]

PROBLEM_KINDS = {label: value for value, label in ProblemKind.choices}


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
    for spec in read_rows("alliance_applications.csv"):
        topics = [slug.strip() for slug in spec.pop("help_topics").split(";")]
        days_ago = int(spec.pop("days_ago"))
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
    problems = read_rows("problem_reports.csv")
    listings = ServicePage.objects.live().order_by("title")[: len(problems)]
    reports = []
    for problem, listing in zip(problems, listings, strict=False):
        report, _created = ProblemReport.objects.get_or_create(
            page=listing,
            kind=PROBLEM_KINDS[problem["kind"]],
            details=problem["details"],
            defaults={"contact": problem["contact"]},
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
