"""The demo site's own pages: home page content, task shortcuts and a few content pages."""

from wagtail.models import Site

from core.pages import published_child
from directory.models import HelpTopic, OrganisationIndexPage
from home.models import HomePage, HomePageTask, SiteSettings, StandardPage

TASKS = [
    ("email", "Use email"),
    ("video-calls", "Video call family and friends"),
    ("nhs-app", "Use the NHS App"),
    ("universal-credit", "Apply for Universal Credit"),
    ("online-banking", "Bank and pay bills online"),
    ("free-devices-data", "Get a free tablet, laptop or data"),
    ("job-search", "Find a job or write a CV"),
    ("staying-safe", "Stay safe from scams"),
]

CONTENT_PAGES = [
    (
        "about",
        "About the Digital Inclusion Alliance",
        "Who we are and how we help people in Stockport get online.",
        [
            "The Digital Inclusion Alliance is a group of libraries, charities and community groups across "
            "Stockport. Together we help people use the internet with confidence.",
            "Every group on this site has agreed to give friendly, patient help. Most help is free.",
        ],
    ),
    (
        "accessibility",
        "Accessibility statement",
        "How accessible this website is and how to tell us about a problem.",
        [
            "We want as many people as possible to be able to use this website. You should be able to zoom in "
            "to 200% without text spilling off the screen, get around the site using just a keyboard, and use "
            "it with a screen reader.",
            "This website aims to meet the Web Content Accessibility Guidelines version 2.2 AA standard.",
            "If you find a problem, please tell us using the contact details at the bottom of every page.",
        ],
    ),
    (
        "privacy",
        "Privacy",
        "What we do with information about you.",
        [
            "We do not ask for your name or address to search this website. When you search, we keep the words "
            "you typed and the first part of any postcode (for example SK4), so we know what help people need "
            "and where. We do not keep full postcodes.",
            "If you report a problem with a listing or fill in a form, we only use your details to deal with it.",
        ],
    ),
]


def paragraph_blocks(texts: list[str]) -> list[tuple[str, str]]:
    from django.utils.html import escape

    return [("paragraph", f"<p>{escape(text)}</p>") for text in texts]


def load_site() -> tuple[HomePage, OrganisationIndexPage]:
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    # Only the first load writes the demo home page: a second load adds no revision.
    if not home.task_shortcuts.exists():
        home.heading = "Find free help to get online"
        home.intro = (
            "Libraries, charities and community groups across Stockport can help you use a phone, tablet "
            "or computer. Find help near you, at the right level for you."
        )
        home.summary = "Find free, friendly help near you to use the internet, email, the NHS App and more."
        topics = {
            topic.slug: topic for topic in HelpTopic.objects.filter(slug__in=[slug for slug, _ in TASKS])
        }
        home.task_shortcuts = [HomePageTask(topic=topics[slug], label=label) for slug, label in TASKS]
        home.save_revision().publish()

    site.site_name = "Stockport digital help"
    site.hostname, site.port = "127.0.0.1", 8000
    site.save()

    settings = SiteSettings.for_site(site)
    settings.area_name = "Stockport"
    settings.organisation_name = "Stockport Council and the Stockport Digital Inclusion Alliance"
    settings.helpline_phone = "0161 496 0000"
    settings.helpline_hours = "Monday to Friday, 9am to 5pm"
    settings.contact_email = "digital.help@stockport.example"
    settings.save()

    index = published_child(
        home,
        OrganisationIndexPage,
        title="Organisations",
        slug="organisations",
        show_in_menus=True,
        summary="The libraries, charities and community groups in the Digital Inclusion Alliance.",
    )

    for slug, title, summary, texts in CONTENT_PAGES:
        if not StandardPage.objects.child_of(home).filter(slug=slug).exists():
            page = StandardPage(title=title, slug=slug, summary=summary, body=paragraph_blocks(texts))
            home.add_child(instance=page)
            page.save_revision().publish()
    return home, index
