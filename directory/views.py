from django import forms
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.panels import section
from inclusion_alliance.venues import GroupOwnedVenuesMixin

from .forms import VenueForm
from .models import AccessFacility, Audience, Format, HelpTopic, Language, ServicePage, Venue
from .models.schedules import closure_prefetches
from .venue_chooser import VenueChooserViewSet


def venue_detail(request, slug):
    venue = get_object_or_404(Venue.objects.prefetch_related("access_facilities"), slug=slug)
    services = (
        ServicePage.objects.live()
        .public()
        .filter(locations__venue=venue)
        .distinct()
        .order_by("title")
        .prefetch_related(
            "locations__venue",
            "locations__schedules",
            *closure_prefetches(),
            "remote_schedules",
        )
    )
    context = {
        "venue": venue,
        "venue_list": [venue],
        "services": services,
        "venue_json_ld": venue.json_ld(root_url=request.build_absolute_uri("/").rstrip("/")),
    }
    return TemplateResponse(request, "directory/venue.html", context)


class VenueViewSet(GroupOwnedVenuesMixin, SnippetViewSet):
    model = Venue
    icon = "site"
    menu_label = "Venues"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "town", "postcode", "kind"]
    list_filter = ["kind", "town"]
    search_fields = ["name", "address", "town", "postcode"]
    chooser_viewset_class = VenueChooserViewSet
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("kind"),
            section("Address", "address", ("town", "postcode")),
            section("Where it is on the map", "location", ("latitude", "longitude")),
            section(
                "Access and facilities",
                FieldPanel("access_facilities", widget=forms.CheckboxSelectMultiple),
                "accessibility_notes",
                ("public_computers", "free_wifi"),
            ),
            section("Contact", "phone", "website"),
            # Closed here means no session of any group is held here on those dates.
            InlinePanel("closures", label="Closed dates", heading="When the building is closed"),
        ],
        base_form_class=VenueForm,
    )


class TermViewSet(SnippetViewSet):
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]
    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description"), FieldPanel("sort_order")]


def term_viewset(model, icon: str, menu_label: str, *own_fields: str) -> type[TermViewSet]:
    """A vocabulary's admin: its name, slug and description, any fields of its own, then its order."""
    panels = TermViewSet.panels[:3] + [FieldPanel(name) for name in own_fields] + TermViewSet.panels[3:]
    return type(
        f"{model.__name__}ViewSet",
        (TermViewSet,),
        {"model": model, "icon": icon, "menu_label": menu_label, "panels": panels},
    )


class TaxonomyViewSetGroup(SnippetViewSetGroup):
    """The council's vocabularies, in one admin menu."""

    menu_label = "Taxonomies"
    menu_icon = "tag"
    menu_order = 220
    items = (
        term_viewset(HelpTopic, "help", "Help topics", "synonyms"),
        term_viewset(Format, "group", "Formats"),
        term_viewset(AccessFacility, "doc-full", "Access facilities"),
        term_viewset(Language, "comment", "Languages", "code"),
        term_viewset(Audience, "user", "Audiences"),
    )
