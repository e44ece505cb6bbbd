"""The venue chooser on listings and events: each venue with its address and postcode, searchable by
them, and a "Add a venue" tab so an editor can add a missing venue without leaving the form.

The new venue is placed on the map from its postcode (the place lookup), and the editor can drag the
pin or click the map to correct it there and then (VenuePinWidget). The pin fills in the latitude and
longitude boxes, which are what is saved and which can be typed in without the map.
"""

from django import forms
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetCreateView,
)

from .forms import VenueForm
from .models import Venue
from .widgets import VenuePinWidget


class VenueColumnsMixin:
    @property
    def columns(self):
        return super().columns + [
            Column("address", label="Address", accessor="address"),
            Column("postcode", label="Postcode", accessor="postcode"),
        ]


class VenueChooseView(VenueColumnsMixin, ChooseView):
    pass


class VenueChooseResultsView(VenueColumnsMixin, ChooseResultsView):
    pass


POSITION_HELP = (
    "Filled in by the pin on the map. Without the map, leave it empty to use the postcode's position."
)


class VenueCreationForm(VenueForm):
    """The venue form for the chooser: name, address and postcode, with the position taken from the
    postcode, moved on the map, or typed as latitude and longitude.

    Its map is not the venue page's (wagtailgeowidget's), whose position starts at a default place
    that a hurried save would keep; this one shows a pin only once the postcode or the editor has
    put it somewhere, and writes straight to the two boxes.
    """

    location = forms.CharField(required=False, label="Map", widget=VenuePinWidget)
    field_order = ["name", "kind", "address", "town", "postcode", "location", "latitude", "longitude"]

    class Meta:
        model = Venue
        fields = ["name", "kind", "address", "town", "postcode", "latitude", "longitude"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.pop("location", None)
        # A street address is a line or two; a short box keeps the map near the postcode it follows.
        self.fields["address"].widget.attrs["rows"] = 3
        for name in ("latitude", "longitude"):
            self.fields[name].help_text = POSITION_HELP

    def clean(self):
        cleaned = forms.ModelForm.clean(self)
        if cleaned.get("latitude") is None or cleaned.get("longitude") is None:
            self._place_from_postcode(cleaned)
        if cleaned.get("latitude") is None or cleaned.get("longitude") is None:
            self.add_error(
                "postcode",
                "We could not find this postcode on the map. Check it, or type the venue's latitude and "
                "longitude.",
            )
        return cleaned


class VenueCreateView(SnippetCreateView):
    def save_form(self, form):
        from inclusion_alliance.venues import organisation_group_for

        venue = form.save(commit=False)
        if venue.created_by_group_id is None:
            venue.created_by_group = organisation_group_for(self.request.user)
        venue.save()
        form.save_m2m()
        return venue


class VenueChooserViewSet(SnippetChooserViewSet):
    choose_view_class = VenueChooseView
    choose_results_view_class = VenueChooseResultsView
    create_view_class = VenueCreateView
    creation_form_class = VenueCreationForm
    create_action_label = "Add this venue"
    creation_tab_label = "Add a venue"
