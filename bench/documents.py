"""Synthetic search documents for the OpenSearch benchmark: listings spread over Greater Manchester,
made as ListingDocuments directly (no pages), with the same mix as bench/directory.py."""

import datetime as dt
import random
from collections.abc import Iterator

from core.choices import Cost, Repeat, SkillLevel, Weekday
from search.documents import ListingDocument, ScheduleRule

from .directory import EAST, NORTH, SOUTH, TOWNS, WEST, WORDS

REPEATS = [Repeat.WEEKLY, Repeat.WEEKLY, Repeat.MONTHLY_1, Repeat.MONTHLY_LAST]


def synthetic_documents(listings: int, seed: int = 7) -> Iterator[ListingDocument]:
    """Documents for `listings` listings at one or two venues each (venues shared, as libraries are)."""
    from directory.models import Format, HelpTopic, Language

    rng = random.Random(seed)  # noqa: S311 - synthetic data
    topics = sorted(HelpTopic.objects.values_list("slug", flat=True))
    formats = sorted(Format.objects.values_list("slug", flat=True))
    language = Language.objects.order_by("sort_order").values_list("slug", flat=True).first()
    venues = [
        (number, rng.choice(TOWNS)[0], rng.uniform(SOUTH, NORTH), rng.uniform(WEST, EAST))
        for number in range(max(25, listings // 5))
    ]
    location_id = 0
    for service_id in range(1, listings + 1):
        title = f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} {service_id}"
        summary = " ".join(rng.choice(WORDS) for _ in range(8))
        common = {
            "service_id": service_id,
            "title": title,
            "organisation": f"Bench group {service_id // 25}",
            "summary": summary,
            "text": f"{title} {summary}",
            "levels": tuple(rng.sample(SkillLevel.values, rng.randint(1, 2))),
            "topics": tuple(sorted(rng.sample(topics, rng.randint(1, 3)))),
            "formats": (rng.choice(formats),),
            "languages": (language,),
            "audiences": (),
            "cost": rng.choice([Cost.FREE, Cost.FREE, Cost.FREE, Cost.LOW_COST, Cost.PAID]),
            "status": "active",
            "last_published_at": None,
        }
        for position, (venue_id, town, lat, lng) in enumerate(rng.sample(venues, rng.randint(1, 2))):
            location_id += 1
            opens = rng.choice([9, 10, 13, 18])
            yield ListingDocument(
                **common,
                service_location_id=location_id,
                venue_id=venue_id + 1,
                latitude=lat,
                longitude=lng,
                venue_name=f"Bench venue {venue_id}",
                town=town,
                postcode="M1 1AE",
                access=(),
                schedules=(
                    ScheduleRule(
                        day=rng.choice(Weekday.values),
                        repeat=rng.choice(REPEATS),
                        opens_at=dt.time(opens).strftime("%H:%M"),
                        closes_at=dt.time(opens + rng.choice([2, 3])).strftime("%H:%M"),
                        valid_from=None,
                        valid_to=None,
                    ),
                ),
                position=position,
            )
