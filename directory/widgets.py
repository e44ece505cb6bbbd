from django import forms
from django.utils.functional import cached_property
from wagtailgeowidget.widgets import LeafletField


class VenueMapWidget(LeafletField):
    """wagtailgeowidget's Leaflet map, with Leaflet served from our own static files, not a CDN."""

    @cached_property
    def media(self):
        return forms.Media(
            css={"all": ("wagtailgeowidget/css/leaflet-field.css", "vendor/leaflet/leaflet.css")},
            js=(
                "vendor/leaflet/leaflet.js",
                "wagtailgeowidget/js/leaflet-field.js",
                "wagtailgeowidget/js/leaflet-field-controller.js",
            ),
        )
