from django import forms
from django.conf import settings
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
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


class VenuePinWidget(forms.Widget):
    """The map on the venue chooser's "Add a venue" tab: the pin goes where the typed postcode is, and
    the editor can drag it or click the map to move it. It sends nothing itself: the pin writes to the
    latitude and longitude boxes beside it, which are what is saved and which work without the map.

    wagtailgeowidget's map is not used here: it keeps its position in a field of its own and starts at
    a default place, where a venue added in a hurry would be saved. Leaflet is loaded only when the tab
    is opened (static/js/venue-pin-map.js), from our own static files.
    """

    template_name = "directory/admin/venue_pin_map.html"

    class Media:
        js = ["js/map-base.js", "js/venue-pin-map.js"]
        css = {"all": ["css/venue-pin-map.css"]}

    def id_for_label(self, id_):
        # Nothing here takes input, so the field's label points at nothing; the map has its own name.
        return ""

    def render(self, name, value, attrs=None, renderer=None):
        # From the project's templates folder, which Django's form renderer does not search.
        return mark_safe(render_to_string(self.template_name, self.get_context(name, value, attrs)))  # noqa: S308

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["map"] = {
            "leaflet": static("vendor/leaflet/"),
            "lookup_url": reverse("postcode_position"),
            "tile_url": settings.MAP_TILE_URL,
            "attribution": settings.MAP_TILE_ATTRIBUTION,
            "latitude": settings.MAP_DEFAULT_CENTRE["lat"],
            "longitude": settings.MAP_DEFAULT_CENTRE["lng"],
        }
        return context
