from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home.sitemaps import robots_txt, sitemap
from signpost.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # A few admin views replaced so that no group sees another's work (inclusion_alliance/isolation.py).
    path("admin/", include("inclusion_alliance.admin_urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("find/", include("search.urls")),
    path("", include("directory.urls")),
    path("", include("events.urls")),
    path("", include("open_data.urls")),
    path("", include("assisted_digital.urls")),
    path("", include("inclusion_alliance.urls")),
]

if not settings.DEBUG and settings.SERVE_MEDIA and settings.MEDIA_URL.startswith("/"):
    # Uploaded images and documents in production, from MEDIA_ROOT (WhiteNoise serves static files
    # only). django.views.static.serve refuses paths outside MEDIA_ROOT.
    from django.views.static import serve

    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}
        )
    ]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page serving comes last: it answers every path the patterns above do not.
urlpatterns += [path("", include(wagtail_urls))]
