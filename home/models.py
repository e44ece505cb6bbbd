from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from caching.sites import page_at
from core.choices import SkillLevel
from core.pages import BasePage

from .blocks import ContentStreamBlock


class HomePageTask(Orderable):
    """A "What do you need help with?" shortcut on the home page: a help topic in a resident's words."""

    page = ParentalKey("home.HomePage", on_delete=models.CASCADE, related_name="task_shortcuts")
    topic = models.ForeignKey("directory.HelpTopic", on_delete=models.CASCADE, related_name="+")
    label = models.CharField(
        max_length=60,
        blank=True,
        help_text="What the button says, for example 'Use the NHS App'. Leave empty to use the topic's name.",
    )

    panels = [FieldPanel("topic"), FieldPanel("label")]

    @property
    def text(self) -> str:
        return self.label or self.topic.name


class HomePage(BasePage):
    """The front door: search by what you need, where you are and how confident you feel."""

    heading = models.CharField(
        max_length=120, default="Find free help to get online", help_text="The big heading at the top."
    )
    intro = models.TextField(
        blank=True,
        help_text="A sentence under the heading that says who the site is for.",
    )
    body = StreamField(ContentStreamBlock(), blank=True, help_text="Anything else to say below the search.")

    content_panels = BasePage.content_panels + [
        FieldPanel("heading"),
        FieldPanel("intro"),
        InlinePanel(
            "task_shortcuts", label="Task shortcut", heading="'What do you need help with?' shortcuts"
        ),
        FieldPanel("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.StandardPage",
        "directory.OrganisationIndexPage",
        "events.EventIndexPage",
        "inclusion_alliance.JoinPage",
        "open_data.OpenDataPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = "home page"

    def route(self, request, path_components):
        """Find the page at a path in two queries (its row by URL path, then its own type's row) rather
        than Wagtail's two for every level of the tree, and keep it in the shared cache until content
        changes (caching/sites.py), so the next request for it needs none. Paths that are not a page
        (a feed under an organisation, a page that does not exist) go on to Wagtail's usual walk."""
        if path_components:
            page = page_at(self, path_components, lambda: self._page_at(path_components))
            if page is not None:
                return page.route(request, [])
        return super().route(request, path_components)

    def _page_at(self, path_components):
        page = (
            Page.objects.descendant_of(self)
            .filter(slug=path_components[-1], url_path=f"{self.url_path}{'/'.join(path_components)}/")
            .first()
        )
        return page.specific if page is not None else None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["tasks"] = self.task_shortcuts.select_related("topic")
        context["levels"] = SkillLevel
        return context


class StandardPage(BasePage):
    """An ordinary content page: 'About the Alliance', 'Accessibility statement', 'Privacy'."""

    body = StreamField(ContentStreamBlock(), help_text="The page's content.")

    content_panels = BasePage.content_panels + [FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = "standard page"


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """What residents need to know about who runs the site, and who to call when search finds nothing."""

    area_name = models.CharField(
        max_length=100,
        default="Stockport",
        help_text="The area this directory covers, for example Stockport.",
    )
    organisation_name = models.CharField(
        max_length=150,
        default="Stockport Council and the Digital Inclusion Alliance",
        help_text="Who runs this site. Shown in the footer.",
    )
    helpline_phone = models.CharField(
        max_length=30, blank=True, help_text="A phone number residents can call for help finding support."
    )
    helpline_hours = models.CharField(
        max_length=150,
        blank=True,
        help_text="When the helpline is open, for example 'Monday to Friday, 9am to 5pm'.",
    )
    contact_email = models.EmailField(blank=True, help_text="Where residents can write to the team.")
    open_data_licence_name = models.CharField(
        max_length=150,
        default="Open Government Licence v3.0",
        help_text="The licence the directory's open data is published under.",
    )
    open_data_licence_url = models.URLField(
        default="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
        help_text="A link to the licence text.",
    )

    panels = [
        FieldPanel("area_name"),
        FieldPanel("organisation_name"),
        MultiFieldPanel(
            [FieldPanel("helpline_phone"), FieldPanel("helpline_hours"), FieldPanel("contact_email")],
            heading="Helpline",
        ),
        MultiFieldPanel(
            [FieldPanel("open_data_licence_name"), FieldPanel("open_data_licence_url")],
            heading="Open data",
        ),
    ]

    class Meta:
        verbose_name = "site settings"

    @classmethod
    def for_site(cls, site):
        # Every page shows these: read once per content change (caching/generation.py), not per request.
        from caching.generation import fragment

        return fragment(f"site-settings:{site.pk}", lambda: super(SiteSettings, cls).for_site(site))
