import re

from django import forms
from django.conf import settings
from wagtail.admin.forms import WagtailAdminModelForm

from .widgets import VenueMapWidget

POINT_RE = re.compile(r"^SRID=\d+;POINT\s?\((-?[0-9.]+)\s(-?[0-9.]+)\)$")


def point_text(latitude: float, longitude: float) -> str:
    return f"SRID=4326;POINT({longitude} {latitude})"


class VenueForm(WagtailAdminModelForm):
    """The venue form: a map to click on, kept in step with the latitude and longitude boxes.

    The map is the easy way; the two number boxes work without it (keyboard, screen reader).
    Whichever was changed wins.
    """

    location = forms.CharField(
        required=False,
        label="Map",
        help_text="Click on the map or drag the pin to where the entrance is.",
        widget=VenueMapWidget(zoom=15, hide_latlng=True),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Either the map or the two boxes may supply the position; clean() insists on one of them.
        self.fields["latitude"].required = False
        self.fields["longitude"].required = False
        if self.instance.pk and self.instance.latitude is not None:
            self.initial["location"] = point_text(self.instance.latitude, self.instance.longitude)
        else:
            centre = settings.MAP_DEFAULT_CENTRE
            self.initial["location"] = point_text(centre["lat"], centre["lng"])

    def clean(self):
        cleaned = super().clean()
        typed = {"latitude", "longitude"} & set(self.changed_data)
        if "location" in self.changed_data and not typed:
            match = POINT_RE.match(cleaned.get("location") or "")
            if match:
                cleaned["longitude"], cleaned["latitude"] = float(match.group(1)), float(match.group(2))
        if cleaned.get("latitude") is None or cleaned.get("longitude") is None:
            self._place_from_postcode(cleaned)
        if cleaned.get("latitude") is None or cleaned.get("longitude") is None:
            self.add_error(
                "latitude", "Show where the venue is: click on the map, or type its latitude and longitude."
            )
        return cleaned

    def _place_from_postcode(self, cleaned: dict) -> None:
        """Without a position, use the postcode's, if the place lookup knows it exactly."""
        from search.models import PlaceKind
        from search.places import find_place

        postcode = cleaned.get("postcode") or ""
        result = find_place(postcode) if postcode else None
        if result and result.location and result.location.kind == PlaceKind.POSTCODE:
            cleaned["latitude"], cleaned["longitude"] = result.location.latitude, result.location.longitude
