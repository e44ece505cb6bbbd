"""The demo site's own pages: home page content, task shortcuts and a few content pages.

The task shortcuts are `data/home_page_tasks.csv` (a help topic and the words on its button) and the
content pages `data/content_pages.csv` (paragraphs of the body separated by a blank line).
"""

from wagtail.models import Site

from core.pages import published_child
from directory.models import HelpTopic, OrganisationIndexPage
from home.models import HomePage, HomePageTask, SiteSettings, StandardPage

from .directory import read_rows


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
        tasks = read_rows("home_page_tasks.csv")
        topics = {
            topic.slug: topic
            for topic in HelpTopic.objects.filter(slug__in=[task["help_topic"] for task in tasks])
        }
        home.task_shortcuts = [
            HomePageTask(topic=topics[task["help_topic"]], label=task["label"]) for task in tasks
        ]
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

    for row in read_rows("content_pages.csv"):
        if not StandardPage.objects.child_of(home).filter(slug=row["slug"]).exists():
            texts = [text.strip() for text in row["body"].split("\n\n")]
            page = StandardPage(
                title=row["title"], slug=row["slug"], summary=row["summary"], body=paragraph_blocks(texts)
            )
            home.add_child(instance=page)
            page.save_revision().publish()
    return home, index
