from django.db.models import Max
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField

from core.pages import BasePage
from directory.models import ServiceAtLocation

from . import queries


class OpenDataPage(BasePage):
    """The "Open data" page: the licence, the whole-directory downloads and the Open Referral UK API."""

    intro = RichTextField(
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text="Who the data is for and how you hope people will use it. The downloads, the licence "
        "and the API are listed below it for you.",
    )

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "open data page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        services = queries.published_services()
        context["listing_count"] = services.count()
        context["venue_count"] = (
            ServiceAtLocation.objects.filter(service_id__in=services.values("pk"))
            .values("venue")
            .distinct()
            .count()
        )
        context["last_updated"] = services.aggregate(latest=Max("last_published_at"))["latest"]
        return context
