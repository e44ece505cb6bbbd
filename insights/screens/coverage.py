"""Coverage gaps: for each postcode district, demand (searches from there) beside supply (listings and
their weekly sessions within the usual search radius of the district's centre), ranked by gap.

The gap is searches for each listing nearby, counting one more listing than there is ("searches ÷
(listings + 1)"), so a district with demand and no help at all ranks above one with a little help.
Supply is what is listed today; demand is the searches in the dates chosen.
"""

import dataclasses

from django import forms

from core.choices import Repeat, ServiceStatus, SkillLevel

from .. import labels
from ..choices import Measure
from ..models import AreaNeed
from ..periods import Period
from ..queries import totals
from ..tables import FEW_RESULTS_NOTE, Column, Table, shown

# Sessions in a week for each way a regular time repeats.
SESSIONS_A_WEEK = {
    Repeat.WEEKLY: 1.0,
    Repeat.FORTNIGHTLY: 0.5,
    Repeat.MONTHLY_1: 12 / 52,
    Repeat.MONTHLY_2: 12 / 52,
    Repeat.MONTHLY_3: 12 / 52,
    Repeat.MONTHLY_4: 12 / 52,
    Repeat.MONTHLY_LAST: 12 / 52,
}


def usual_radius() -> float:
    from search.query import DEFAULT_RADIUS

    return DEFAULT_RADIUS


class CoverageForm(forms.Form):
    topic = forms.ChoiceField(
        label="Help topic", required=False, help_text="Only count searches for, and listings of, this topic."
    )
    level = forms.ChoiceField(
        label="Level",
        required=False,
        choices=[("", "Any level"), *[(level.value, level.framework_name) for level in SkillLevel]],
        help_text="Only count searches at, and listings for, this level.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [
            ("", "Any topic"),
            *sorted(labels.topic_names().items(), key=lambda i: i[1]),
        ]

    def chosen(self) -> tuple[str, str]:
        if self.is_valid():
            return self.cleaned_data["topic"], self.cleaned_data["level"]
        return "", ""


def demand(period: Period, topic: str, level: str) -> dict[str, int]:
    if topic and level:
        return totals(Measure.TOPIC_LEVEL, period, by=("district",), key=topic, detail=level)
    if topic:
        return totals(Measure.TOPIC, period, by=("district",), key=topic)
    if level:
        return totals(Measure.LEVEL, period, by=("district",), key=level)
    return totals(Measure.SEARCHES, period, by=("district",))


@dataclasses.dataclass
class Supply:
    listings: int = 0
    sessions: float = 0.0


def sessions_a_week(schedules: list[dict]) -> float:
    return sum(SESSIONS_A_WEEK.get(rule.get("repeat"), 0.0) for rule in schedules or [])


def supply_near(centres: dict[str, tuple[float, float]], topic: str, level: str) -> dict[str, Supply]:
    """Listings (each counted once) and their weekly sessions within the usual radius of each centre."""
    from core.geo import bounding_box, haversine_miles
    from search.models import DirectoryEntry

    entries = DirectoryEntry.objects.exclude(status=ServiceStatus.CLOSED).filter(latitude__isnull=False)
    if topic:
        entries = entries.filter(topics__contains=f",{topic},")
    if level:
        entries = entries.filter(levels__contains=f",{level},")
    rows = list(entries.values_list("service_id", "latitude", "longitude", "schedules"))
    radius = usual_radius()
    found = {}
    for district, (lat, lng) in centres.items():
        south, west, north, east = bounding_box(lat, lng, radius)
        listings, sessions = set(), 0.0
        for service, entry_lat, entry_lng, schedules in rows:
            in_box = south <= entry_lat <= north and west <= entry_lng <= east
            if in_box and haversine_miles(lat, lng, entry_lat, entry_lng) <= radius:
                listings.add(service)
                sessions += sessions_a_week(schedules)
        found[district] = Supply(len(listings), sessions)
    return found


def district_centres(districts) -> dict[str, tuple[float, float]]:
    from search.models import Place, PlaceKind

    places = Place.objects.filter(kind=PlaceKind.OUTWARD, key__in=list(districts))
    return {key: (lat, lng) for key, lat, lng in places.values_list("key", "latitude", "longitude")}


def gap_score(searches: int, listings: int) -> float:
    return searches / (listings + 1)


@dataclasses.dataclass
class GapRow:
    district: str
    searches: int
    listings: int
    sessions: float
    need: float | None
    gap: float | None  # None when the searches are too few to show
    latitude: float
    longitude: float


def gap_rows(period: Period, topic: str, level: str) -> list[GapRow]:
    searched = {district: count for district, count in demand(period, topic, level).items() if district}
    needs = {need.district: need.value for need in AreaNeed.objects.all()}
    centres = district_centres(set(searched) | set(needs))
    supply = supply_near(centres, topic, level)
    rows = []
    for district, (lat, lng) in centres.items():
        searches = searched.get(district, 0)
        hidden = shown(searches, by_district=True) != searches
        rows.append(
            GapRow(
                district=district,
                searches=searches,
                listings=supply[district].listings,
                sessions=round(supply[district].sessions, 1),
                need=needs.get(district),
                gap=None if hidden else round(gap_score(searches, supply[district].listings), 1),
                latitude=lat,
                longitude=lng,
            )
        )
    # Hidden gaps go last: ranking them among the others would let their small counts be worked out.
    rows.sort(key=lambda row: (row.gap is None, -(row.gap or 0), -row.searches, row.district))
    return rows


def need_heading() -> tuple[str, bool]:
    """The need column's heading and whether its figures are invented (demo data)."""
    first = AreaNeed.objects.first()
    if not first:
        return "", False
    invented = AreaNeed.objects.filter(invented=True).exists()
    heading = first.indicator + (" (invented demo figures)" if invented else "")
    return heading, invented


def gaps_table(rows: list[GapRow]) -> Table:
    heading, _invented = need_heading()
    columns = [
        Column("Postcode district"),
        Column("Searches from there", is_count=True, numeric=True),
        Column(f"Listings within {usual_radius():g} miles", numeric=True),
        Column("Sessions a week within reach", numeric=True),
    ]
    if heading:
        columns.append(Column(f"Need: {heading}", numeric=True))
    columns.append(Column("Gap: searches for each listing (+1)", numeric=True))
    table_rows = []
    for row in rows:
        cells = [row.district, row.searches, row.listings, row.sessions]
        if heading:
            cells.append("" if row.need is None else row.need)
        cells.append("not shown" if row.gap is None else row.gap)
        table_rows.append(cells)
    return Table(
        "gaps",
        "Coverage gaps by postcode district, biggest gap first",
        columns,
        table_rows,
        by_district=True,
        chart=(0, len(columns) - 1),
        note=FEW_RESULTS_NOTE,
        empty="No searches came from a known postcode district in these dates.",
    )


def map_points(rows: list[GapRow]) -> list[dict]:
    biggest = max((row.gap or 0 for row in rows), default=0) or 1
    return [
        {
            "lat": row.latitude,
            "lng": row.longitude,
            "district": row.district,
            "gap": row.gap,
            "size": 0 if row.gap is None else row.gap / biggest,
            "text": (
                f"{row.district}: {shown(row.searches, by_district=True)} searches, "
                f"{row.listings} listings within reach" + ("" if row.gap is None else f", gap {row.gap}")
            ),
        }
        for row in rows
    ]
