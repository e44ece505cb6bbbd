import json

from django.db import connection, models
from django.db.models import F
from django.db.models.functions import Cast

from .facets import FACETS


class PlaceKind(models.TextChoices):
    POSTCODE = "postcode", "Postcode"
    OUTWARD = "outward", "Postcode district"
    PLACE = "place", "Place name"


class Place(models.Model):
    """The gazetteer: postcodes, postcode districts and place names, with where they are.

    `key` is the normalised form looked up: "SK13XE" for a postcode, "SK1" for a district,
    "cheadle hulme" for a place name.
    """

    kind = models.CharField(max_length=10, choices=PlaceKind.choices)
    key = models.CharField(max_length=100)
    name = models.CharField(max_length=100, help_text="How the place is written for residents.")
    latitude = models.FloatField()
    longitude = models.FloatField()
    source = models.CharField(max_length=30, blank=True, help_text="Where this row came from, e.g. onspd.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="place_unique_kind_key")]
        ordering = ["kind", "key"]

    def __str__(self):
        return self.name


class SearchLog(models.Model):
    """One search on the public site, kept for the council's reports. No personal data:
    the words typed, the filters, the postcode district only (never a full postcode or a position)."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    query = models.CharField(max_length=200, blank=True)
    outward_code = models.CharField(max_length=8, blank=True, db_index=True)
    place_name = models.CharField(max_length=100, blank=True)
    filters = models.JSONField(default=dict, blank=True)
    result_count = models.PositiveIntegerField()
    engine = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.query or '(no words)'} near {self.outward_code or self.place_name or 'anywhere'}"


# The columns that say which listing at which venue a DirectoryEntry is, and where: the first each
# reader of the index asks for (the database engine, What's on's listings' sessions).
ENTRY_COLUMNS = (
    "service_id",
    "service_location_id",
    "venue_id",
    "latitude",
    "longitude",
    "title",
    "organisation",
)


def any_of(column: str, values) -> models.Q:
    """DirectoryEntry rows whose set-valued `column` (",a,b,") holds any of `values`."""
    condition = models.Q()
    for value in sorted(values):
        condition |= models.Q(**{f"{column}__contains": f",{value},"})
    return condition


class ColumnCondition(models.Expression):
    """A condition on one column against a list of values sent as one parameter (see its subclasses)."""

    output_field = models.BooleanField()

    def __init__(self, column: str, values):
        super().__init__()
        self.column = F(column)
        self.values = list(values)

    def get_source_expressions(self):
        return [self.column]

    def set_source_expressions(self, expressions):
        (self.column,) = expressions


class Overlaps(ColumnCondition):
    """PostgreSQL: whether the set-valued `column` (",a,b,") holds any of `values`, as an overlap of its
    items with theirs. The GIN index entry_topics_items (migration search 0011) holds the same
    expression for `topics`, so the rows on a topic are found from it instead of by a LIKE over every
    row. Use `holds_any`, which asks this of PostgreSQL only."""

    def __init__(self, column: str, values):
        super().__init__(column, sorted(values))

    def as_postgresql(self, compiler, connection):
        column, params = compiler.compile(self.column)
        return f"string_to_array({column}, ',') && %s::text[]", (*params, self.values)


def holds_any(column: str, values) -> models.Q:
    """Rows whose set-valued `column` holds any of `values`: `any_of`, or on PostgreSQL `Overlaps`, which
    an index on the column's items can answer."""
    if connection.vendor == "postgresql":
        return models.Q(Overlaps(column, values))
    return any_of(column, values)


class IdIn(ColumnCondition):
    """`column IN ids`, with the ids sent as one parameter (a JSON array on SQLite, an array on
    PostgreSQL). An `__in` lookup prepares every value in Python, one by one: for the thousands of
    listings some words match, that took longer than the query."""

    def as_sql(self, compiler, connection):
        column, params = compiler.compile(self.column)
        # The column is compiled by Django and the ids are a parameter: nothing here comes from input.
        return f"{column} IN (SELECT value FROM json_each(%s))", (*params, json.dumps(self.values))  # noqa: S608

    def as_postgresql(self, compiler, connection):
        column, params = compiler.compile(self.column)
        return f"{column} = ANY(%s)", (*params, self.values)


def has_any(facet, values) -> models.Q:
    """DirectoryEntry rows with any of these values of a facet (search.facets.Facet): in the set-valued
    column (",a,b,") or as its one value."""
    if facet.many:
        return any_of(facet.index_field, values)
    return models.Q(**{f"{facet.index_field}__in": sorted(values)})


class SchedulesText(Cast):
    """A row's regular times as the JSON text the database keeps, for grouping rows by them (What's
    on: events.sessions). SQLite keeps JSON as that text, so there it is the column itself: casting
    copies every row's text, and the column can be read from the index `entry_schedules`."""

    def __init__(self):
        super().__init__("schedules", output_field=models.TextField())

    def as_sqlite(self, compiler, connection, **extra_context):
        return compiler.compile(self.source_expressions[0])

    def deconstruct(self):
        return "search.models.SchedulesText", (), {}


class DirectoryEntry(models.Model):
    """The database search engine's index: one row per listing at a venue, or one per listing given only
    by phone or online. Rebuilt from the live pages whenever they change (see search/indexing.py), so
    a search is one indexed query on one table.

    Set-valued fields are stored as ",a,b," so one value is matched with a LIKE on both databases.
    """

    service = models.ForeignKey("directory.ServicePage", on_delete=models.CASCADE, related_name="+")
    service_location = models.ForeignKey(
        "directory.ServiceAtLocation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    venue = models.ForeignKey(
        "directory.Venue", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    title = models.CharField(max_length=255)
    organisation = models.CharField(max_length=255, blank=True)
    levels = models.CharField(max_length=100, blank=True)
    topics = models.TextField(blank=True)
    title_topics = models.TextField(blank=True, help_text="Help topics the listing's title names.")
    formats = models.TextField(blank=True)
    languages = models.TextField(blank=True)
    access = models.TextField(blank=True)
    audiences = models.TextField(blank=True)
    cost = models.CharField(max_length=20)
    status = models.CharField(max_length=20)
    schedules = models.JSONField(default=list, blank=True)
    days = models.CharField(max_length=30, blank=True, help_text="Weekdays with a session, as ,MO,TH,")
    position = models.PositiveSmallIntegerField(
        default=0, help_text="The venue's place in the listing's order."
    )

    class Meta:
        indexes = [
            # Rows near a place: on PostgreSQL the index also holds what What's on reads of them
            # (events.sessions.rows_in_window), so it reads the index alone instead of the whole
            # table. SQLite keeps no extra columns in an index, so there it is latitude and longitude.
            models.Index(
                fields=["latitude", "longitude"],
                include=["status", "venue", "service", "service_location", "title", "schedules"],
                name="entry_lat_lng",
            ),
            models.Index(fields=["service"], name="entry_service"),
            # What's on groups thousands of rows by their regular times and then fetches a page's
            # rows by them: from this index, without reading or sorting the table's rows.
            models.Index(SchedulesText(), F("status"), F("venue"), name="entry_schedules"),
        ]

    def __str__(self):
        return self.title


class CodePointOrder(models.Func):
    """A text column in Python's order for strings (character by character, by code point), as the
    engine sorted names in Python: PostgreSQL's "C" collation. SQLite's default collation compares
    UTF-8 bytes, which is that order already, so there it is the column itself. (Not a Collate: an
    index may not hold a subclass of one.)"""

    template = '%(expressions)s COLLATE "C"'
    output_field = models.TextField()

    def __init__(self, column: str):
        super().__init__(F(column))

    def as_sqlite(self, compiler, connection, **extra_context):
        return compiler.compile(self.source_expressions[0])

    def deconstruct(self):
        return "search.models.CodePointOrder", (self.source_expressions[0].name,), {}


# A listing's place from A to Z: its name, then its organisation's, then its id (search.engines.database).
A_TO_Z = (CodePointOrder("name_key"), CodePointOrder("organisation_key"), F("service"))


class DirectoryListing(models.Model):
    """One row per listing in the index, written with its DirectoryEntry rows: what browsing needs of it.

    Browsing (no place, words, topics or times) counts and orders listings, not listings at venues, so
    it reads this narrow table: one GROUP BY per facet and the page's ids in A to Z order (the index
    `listing_a_to_z`), however many listings there are. The facets have the columns and the form of
    DirectoryEntry's, so the same conditions select on both; `access` holds every venue's access needs,
    so a listing has an access need here if any of its venues has it.
    """

    service = models.OneToOneField(
        "directory.ServicePage", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    name_key = models.TextField(help_text="The listing's title in lower case, to put it in order.")
    organisation_key = models.TextField(blank=True, help_text="Its organisation's name in lower case.")
    levels = models.CharField(max_length=100, blank=True)
    topics = models.TextField(blank=True)
    formats = models.TextField(blank=True)
    languages = models.TextField(blank=True)
    access = models.TextField(blank=True)
    cost = models.CharField(max_length=20)

    class Meta:
        indexes = [
            models.Index(*A_TO_Z, name="listing_a_to_z"),
            # Each facet's counts, browsing everything, are read from its index, with no sort.
            *(models.Index(fields=[facet.index_field], name=f"listing_{facet.name}") for facet in FACETS),
        ]

    def __str__(self):
        return self.name_key


class MissedIndexUpdate(models.Model):
    """A listing whose change OpenSearch missed because the cluster was down, hanging or slow.

    Kept in the database (every worker and a restart see it) until the cluster answers again; then the
    listing is sent again as it is at that moment (search.indexing.replay_missed), so no rebuild is needed.
    """

    service_id = models.PositiveBigIntegerField(unique=True, help_text="The listing page's id.")
    missed_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["missed_at"]

    def __str__(self):
        return f"Listing {self.service_id}, missed at {self.missed_at:%Y-%m-%d %H:%M:%S}"
