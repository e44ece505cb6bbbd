from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from modelcluster.models import ClusterableModel
from wagtail.search import index

from core import fields
from core.choices import VenueKind
from core.postcodes import normalise_postcode

from ..fields import terms


class VenueQuerySet(models.QuerySet):
    def within_box(self, south: float, west: float, north: float, east: float):
        """Venues inside a latitude/longitude box: a cheap, indexed first cut before exact distance."""
        return self.filter(latitude__gte=south, latitude__lte=north, longitude__gte=west, longitude__lte=east)


class Venue(index.Indexed, ClusterableModel):
    """A place where help is given: a library, a community centre, a church hall.

    Venues are shared: one library hosts many groups' sessions. Latitude and longitude are real,
    indexed numbers so that "near me" searches use the database index.
    """

    name = models.CharField(max_length=150, help_text="The name people know the building by.")
    slug = models.SlugField(
        max_length=150, unique=True, blank=True, help_text="Used in the venue's web address."
    )
    kind = models.CharField(max_length=30, choices=VenueKind.choices, default=VenueKind.OTHER)
    address = models.TextField(
        help_text="The street address, without the town or postcode. One line per line."
    )
    town = models.CharField(max_length=100, help_text="The town or district, for example Reddish.")
    postcode = models.CharField(max_length=10, help_text="The full postcode, for example SK1 3RS.")
    latitude = models.FloatField(
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text="Set this by clicking on the map, or type it in.",
    )
    longitude = models.FloatField(
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text="Set this by clicking on the map, or type it in.",
    )
    access_facilities = terms(
        "directory.AccessFacility", "Tick everything this building has.", related_name="venues"
    )
    accessibility_notes = models.TextField(
        blank=True,
        help_text="Anything else a disabled visitor should know, for example 'Lift to first floor'.",
    )
    public_computers = models.PositiveSmallIntegerField(
        default=0, help_text="How many computers the public can use here. 0 if none."
    )
    free_wifi = fields.tick_box("Tick if anyone can use free wifi here.")
    phone = models.CharField(
        max_length=30, blank=True, help_text="The building's phone number, if it has one."
    )
    website = models.URLField(blank=True, help_text="The building's own web page, if it has one.")
    uuid = fields.open_data_id()
    # Set when an Alliance group's editor adds the venue: that group's editors may then change it
    # (inclusion_alliance.permissions.VenuePermissionPolicy). Empty for venues the council added.
    created_by_group = fields.optional_link(
        "auth.Group", "The Alliance group that added this venue. Its editors may change it.", editable=False
    )

    objects = VenueQuerySet.as_manager()

    # The admin form and its panels (with the map) are in directory/views.py: VenueViewSet.

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("address"),
        index.AutocompleteField("address"),
        index.SearchField("town"),
        index.AutocompleteField("town"),
        index.SearchField("postcode"),
        index.AutocompleteField("postcode"),
        index.FilterField("postcode"),
    ]

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["latitude", "longitude"], name="venue_lat_lng")]

    def __str__(self):
        return f"{self.name}, {self.town}" if self.town and self.town not in self.name else self.name

    def save(self, *args, **kwargs):
        if self.postcode:
            self.postcode = normalise_postcode(self.postcode) or self.postcode.strip().upper()
        if not self.slug:
            self.slug = self._unique_slug()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("directory:venue", kwargs={"slug": self.slug})

    @property
    def address_lines(self) -> list[str]:
        lines = [line.strip() for line in self.address.splitlines() if line.strip()]
        return [*lines, self.town, self.postcode]

    @property
    def one_line_address(self) -> str:
        return ", ".join(self.address_lines)

    def json_ld(self, root_url: str = "") -> dict:
        """schema.org Place. With the site's `root_url` it also links to the venue's own page."""
        data = {
            "@context": "https://schema.org",
            "@type": "Place",
            "name": self.name,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": ", ".join(self.address_lines[:-2]),
                "addressLocality": self.town,
                "postalCode": self.postcode,
                "addressCountry": "GB",
            },
            "geo": {"@type": "GeoCoordinates", "latitude": self.latitude, "longitude": self.longitude},
            "amenityFeature": [
                {"@type": "LocationFeatureSpecification", "name": facility.name, "value": True}
                for facility in self.access_facilities.all()
            ],
        }
        if root_url:
            data["url"] = root_url + self.get_absolute_url()
        if self.phone:
            data["telephone"] = self.phone
        return data

    def clean(self):
        super().clean()
        if self.postcode:
            postcode = normalise_postcode(self.postcode)
            if not postcode:
                raise ValidationError({"postcode": "Enter a full UK postcode, for example SK1 3RS."})
            self.postcode = postcode

    def _unique_slug(self) -> str:
        base = slugify(self.name)[:140] or "venue"
        slug, number = base, 2
        while Venue.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            slug, number = f"{base}-{number}", number + 1
        return slug
