"""/sitemap.xml and /robots.txt: many residents start at a search engine ("computer help near me").

The sitemap lists every public page: Wagtail's pages (home, organisations, listings, events, content
pages) from wagtail.contrib.sitemaps, and each venue page that has help on it. robots.txt points at it
and keeps crawlers off what is not worth indexing or is personal to one visitor: search results,
staff mode, shortlists and handouts, the report form and the admin.
"""

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps import Sitemap as PageSitemap

from directory.models import ServicePage, Venue

# Paths crawlers are asked to leave alone. Results pages also say noindex themselves.
DISALLOWED = ("/find/", "/staff/", "/shortlist/", "/handout/", "/report/", "/admin/")


class VenueSitemap(Sitemap):
    """Venue pages that show at least one live, public listing."""

    def items(self):
        services = ServicePage.objects.live().public()
        return Venue.objects.filter(service_locations__service__in=services).distinct().order_by("name")


@require_GET
def sitemap(request):
    sitemaps = {"pages": PageSitemap(request), "venues": VenueSitemap()}
    return django_sitemap(request, sitemaps=sitemaps)


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED)]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
