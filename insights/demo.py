"""Six months of made-up activity for the insights screens: searches, referrals, listing views,
handouts, emails and problem reports, from one fixed random seed, so every screen has something to show.

Searches are made as residents would: mostly a topic (typed or picked), sometimes a level, from the
Stockport postcode districts, and a few words that name no topic ("smart tv", "blue badge"). Each
search's result count is worked out from the real demo listings near the district, so searches for a
topic in a district with no such help near it find nothing: the demo's real gaps. Run once: when demo
searches exist already, nothing is added.
"""

import contextlib
import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from core.choices import SkillLevel

from . import totals
from .choices import Measure
from .models import AreaNeed, DailyCount

SEED = 16
DAYS = 183
DEMO_ENGINE = "demo"
# Searches on an ordinary weekday; weekends have fewer, and demand grows a little over the months.
SEARCHES_A_DAY = 45
# Weights of the districts searches come from (the town centre and the larger suburbs most).
DISTRICT_WEIGHTS = {
    "SK1": 9,
    "SK2": 7,
    "SK3": 8,
    "SK4": 9,
    "SK5": 7,
    "SK6": 6,
    "SK7": 5,
    "SK8": 8,
    "SK12": 3,
    "SK14": 4,
    "SK22": 3,
}
# Words residents type that name no help topic.
UNMATCHED_WORDS = [
    "smart tv",
    "alexa",
    "blue badge",
    "ring doorbell",
    "tiktok",
    "scam text",
    "photos on my phone",
    "whatsapp",
    "bus pass",
    "facebook marketplace",
    "kindle",
    "pension credit",
]
# Invented figures of need by district, shown labelled as invented.
DEMO_NEED = {
    "SK1": 0.71,
    "SK2": 0.64,
    "SK3": 0.58,
    "SK4": 0.33,
    "SK5": 0.69,
    "SK6": 0.41,
    "SK7": 0.22,
    "SK8": 0.35,
    "SK12": 0.27,
    "SK14": 0.62,
    "SK22": 0.39,
}
DEMO_NEED_INDICATOR = "Digital exclusion risk score (0 to 1)"


@contextlib.contextmanager
def backdated(model, field_name: str = "created_at"):
    """Let seeded rows keep the past times given them, where the field is normally set to now."""
    field = model._meta.get_field(field_name)
    saved = field.auto_now_add
    field.auto_now_add = False
    try:
        yield
    finally:
        field.auto_now_add = saved


def supply_counts(districts, topics) -> dict[tuple[str, str, str], int]:
    """Listings within the usual radius of each district's centre, by topic and level ("" for any)."""
    from .screens.coverage import district_centres, supply_near

    centres = district_centres(districts)
    found = {}
    for topic in topics:
        for level in ["", *SkillLevel.values]:
            for district, supply in supply_near(centres, topic, level).items():
                found[(district, topic, level)] = supply.listings
    return found


def _moment(rng: random.Random, day: dt.date) -> dt.datetime:
    hour = rng.choices(range(8, 22), weights=[2, 5, 8, 9, 8, 7, 7, 6, 5, 4, 4, 4, 3, 2])[0]
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, rng.randrange(60), rng.randrange(60))))


def _searches(rng: random.Random, today: dt.date):
    from directory.models import HelpTopic
    from search.models import SearchLog

    topics = list(HelpTopic.objects.order_by("slug").values_list("slug", "name", "synonyms"))
    districts = list(DISTRICT_WEIGHTS)
    supply = supply_counts(districts, ["", *(slug for slug, _name, _synonyms in topics)])
    # The gaps: topic and district pairs with no help near, asked for more than chance would have it.
    gaps = sorted(key for key, listings in supply.items() if listings == 0 and key[1] and not key[2])
    weights = [1.0 for _topic in topics]
    logs = []
    for offset in range(DAYS, -1, -1):
        day = today - dt.timedelta(days=offset)
        growth = 1 + (DAYS - offset) / DAYS * 0.3
        number = int(SEARCHES_A_DAY * growth * (0.55 if day.weekday() >= 5 else 1) * rng.uniform(0.8, 1.2))
        for _search in range(number):
            district = rng.choices(districts, weights=[DISTRICT_WEIGHTS[d] for d in districts])[0]
            if gaps and rng.random() < 0.06:
                district, topic_slug, _any = rng.choice(gaps)
                topic = next(row for row in topics if row[0] == topic_slug)
            else:
                topic = rng.choices(topics, weights=weights)[0]
            filters, words, level = {}, "", ""
            kind = rng.random()
            if kind < 0.45:
                synonyms = [word.strip() for word in topic[2].split(",") if word.strip()]
                words = rng.choice([topic[1].lower(), *synonyms])
                if rng.random() < 0.3:
                    words = f"help with {words}"
            elif kind < 0.75:
                filters["topic"] = [topic[0]]
            elif kind < 0.87:
                words = rng.choice(UNMATCHED_WORDS)
                topic = None
            else:
                topic = None
            if rng.random() < 0.35:
                level = rng.choice(SkillLevel.values)
                filters["level"] = [level]
            if topic is not None:
                found = supply.get((district, topic[0], level), 0)
            elif words:
                found = rng.choice([0, 0, 0, 1, 2])  # words naming no topic seldom find much
            else:
                found = supply.get((district, "", level), 0)
            logs.append(
                SearchLog(
                    created_at=_moment(rng, day),
                    query=words,
                    outward_code=district,
                    filters=filters,
                    result_count=found,
                    engine=DEMO_ENGINE,
                )
            )
    with backdated(SearchLog):
        SearchLog.objects.bulk_create(logs, batch_size=2000)
    return len(logs)


def _referrals(rng: random.Random, today: dt.date) -> int:
    """Referrals by library and centre staff: weekdays, a few a day, to listings at or near them."""
    from assisted_digital.models import Referral
    from directory.models import ServiceAtLocation, Venue

    venues = list(Venue.objects.filter(name__icontains="library").order_by("name")[:8]) or list(
        Venue.objects.order_by("name")[:8]
    )
    links = list(
        ServiceAtLocation.objects.filter(service__live=True)
        .select_related("service")
        .prefetch_related("service__topics")
        .order_by("service_id", "pk")
    )
    if not venues or not links:
        return 0
    referrals = []
    for offset in range(DAYS, -1, -1):
        day = today - dt.timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        for _referral in range(rng.randint(2, 9)):
            link = rng.choice(links)
            topic = rng.choice(list(link.service.topics.all()) or [None])
            referrals.append(Referral(listing=link.service, venue=rng.choice(venues), topic=topic, date=day))
    Referral.objects.bulk_create(referrals, batch_size=2000)
    return len(referrals)


def _counted(rng: random.Random, today: dt.date) -> None:
    """Listing views, handouts and emails are kept only as daily counts, so they are seeded as such."""
    from directory.models import ServicePage

    listings = list(ServicePage.objects.live().order_by("pk").values_list("pk", flat=True))
    popularity = {pk: rng.uniform(0.2, 6) for pk in listings}
    rows = []
    for offset in range(DAYS, -1, -1):
        day = today - dt.timedelta(days=offset)
        for pk in listings:
            views = int(rng.random() * popularity[pk] * 2)
            if views:
                rows.append(DailyCount(day=day, measure=Measure.VIEW, key=str(pk), count=views))
        if day.weekday() < 5:
            rows.append(DailyCount(day=day, measure=Measure.HANDOUT, count=rng.randint(1, 12)))
        if rng.random() < 0.6:
            rows.append(DailyCount(day=day, measure=Measure.EMAIL, count=rng.randint(1, 4)))
    DailyCount.objects.bulk_create(rows, batch_size=2000)


def _problem_reports(rng: random.Random, now: dt.datetime) -> None:
    """Some older reports, resolved and still open, so the health screen shows ages."""
    from directory.models import ServicePage
    from inclusion_alliance.choices import ProblemKind, ReportStatus
    from inclusion_alliance.models import ProblemReport

    listings = list(ServicePage.objects.live().order_by("-pk")[:10])
    for number, listing in enumerate(listings):
        created = now - dt.timedelta(days=rng.randint(3, 150), hours=rng.randint(0, 12))
        resolved = number % 3 != 0
        ProblemReport.objects.create(
            page=listing,
            kind=rng.choice(ProblemKind.values),
            details="(Demo report made for the insights screens.)",
            created_at=created,
            status=ReportStatus.RESOLVED if resolved else ReportStatus.OPEN,
            resolved_at=created + dt.timedelta(days=rng.randint(1, 20)) if resolved else None,
        )


def load_need() -> None:
    for district, value in DEMO_NEED.items():
        AreaNeed.objects.update_or_create(
            district=district,
            defaults={"value": value, "indicator": DEMO_NEED_INDICATOR, "invented": True},
        )


@transaction.atomic
def load() -> None:
    """Seed six months of activity, once, then bring the daily totals up to date."""
    from search.models import SearchLog

    load_need()
    if SearchLog.objects.filter(engine=DEMO_ENGINE).exists():
        return
    rng = random.Random(SEED)  # noqa: S311 - a fixed seed, so the demo is the same each time
    today = timezone.localdate()
    _searches(rng, today)
    _referrals(rng, today)
    _counted(rng, today)
    _problem_reports(rng, timezone.now())
    totals.update(since=today - dt.timedelta(days=DAYS))
