from django.urls import path, re_path

from . import views

app_name = "open_data"

# ORUK paths have no trailing slash; one is accepted too, so either form of address works.
urlpatterns = [
    path("api/oruk/", views.api_root, name="api_root"),
    path("api/oruk", views.api_root),
    path("api/oruk/openapi.json", views.openapi, name="openapi"),
    re_path(r"^api/oruk/services/?$", views.services, name="services"),
    re_path(r"^api/oruk/services/(?P<id>[^/]+)/?$", views.service_detail, name="service"),
    re_path(r"^api/oruk/service_at_locations/?$", views.service_at_locations, name="service_at_locations"),
    re_path(
        r"^api/oruk/service_at_locations/(?P<id>[^/]+)/?$",
        views.service_at_location_detail,
        name="service_at_location",
    ),
    re_path(r"^api/oruk/taxonomies/?$", views.taxonomies, name="taxonomies"),
    re_path(r"^api/oruk/taxonomies/(?P<id>[^/]+)/?$", views.taxonomy_detail, name="taxonomy"),
    re_path(r"^api/oruk/taxonomy_terms/?$", views.taxonomy_terms, name="taxonomy_terms"),
    re_path(r"^api/oruk/taxonomy_terms/(?P<id>[^/]+)/?$", views.taxonomy_term_detail, name="taxonomy_term"),
    re_path(r"^api/oruk/(?P<rest>.*)$", views.not_found),
    path("open-data/directory.csv", views.directory_csv, name="directory_csv"),
    path("open-data/directory.json", views.directory_json, name="directory_json"),
    path("open-data/import-template.csv", views.import_template, name="import_template"),
]
