"""Turning an engine's hits into what the results page and results.json show, in a fixed number of
queries per page however many results there are."""

import dataclasses

from django.utils.functional import cached_property
from wagtail.models import Page

from directory.choices import SkillLevel
from directory.models import ServiceAtLocation, ServicePage, Venue
from directory.timetable import Session, local_now, merge_sessions

from .engines.base import Hit


def distance_words(miles: float | None) -> str:
    if miles is None:
        return ""
    if miles < 0.1:
        return "less than 0.1 miles"
    rounded = round(miles, 1)
    if rounded == 1:
        return "1 mile"
    return f"{rounded:g} miles"


@dataclasses.dataclass
class Result:
    service: ServicePage
    url: str
    organisation: str
    venue: Venue | None
    service_location: ServiceAtLocation | None
    distance_miles: float | None

    @property
    def distance_text(self) -> str:
        return distance_words(self.distance_miles)

    @cached_property
    def schedules(self) -> list:
        if self.service_location is not None:
            return list(self.service_location.schedules.all())
        return list(self.service.remote_schedules.all())

    @cached_property
    def next_session(self) -> Session | None:
        if not self.service.is_running:
            return None
        after = local_now()
        sessions = merge_sessions(
            [schedule.upcoming_sessions(after, horizon_days=62) for schedule in self.schedules], 1
        )
        return sessions[0] if sessions else None

    @property
    def levels(self) -> list[SkillLevel]:
        return self.service.level_choices

    def as_json(self) -> dict:
        service = self.service
        return {
            "title": service.title,
            "url": self.url,
            "organisation": self.organisation,
            "venue": self.venue.name if self.venue else None,
            "postcode": self.venue.postcode if self.venue else None,
            "lat": self.venue.latitude if self.venue else None,
            "lng": self.venue.longitude if self.venue else None,
            "distance_miles": round(self.distance_miles, 2) if self.distance_miles is not None else None,
            "topics": sorted(topic.slug for topic in service.topics.all()),
            "levels": list(service.levels),
            "formats": sorted(fmt.slug for fmt in service.formats.all()),
            "cost": service.cost,
            "next_session": self.next_session.starts.isoformat() if self.next_session else None,
        }


def hydrate(hits: list[Hit], request=None) -> list[Result]:
    if not hits:
        return []
    services = {
        service.pk: service
        for service in ServicePage.objects.filter(pk__in=[hit.service_id for hit in hits]).prefetch_related(
            "topics", "formats", "remote_schedules"
        )
    }
    locations = {
        location.pk: location
        for location in ServiceAtLocation.objects.filter(
            pk__in=[hit.service_location_id for hit in hits if hit.service_location_id]
        )
        .select_related("venue")
        .prefetch_related("schedules")
    }
    parent_paths = {service.path[: -Page.steplen] for service in services.values()}
    organisations = dict(Page.objects.filter(path__in=parent_paths).values_list("path", "title"))
    results = []
    for hit in hits:
        service = services.get(hit.service_id)
        if service is None:  # unpublished between the search and now
            continue
        location = locations.get(hit.service_location_id)
        results.append(
            Result(
                service=service,
                url=service.get_url(request),
                organisation=organisations.get(service.path[: -Page.steplen], ""),
                venue=location.venue if location else None,
                service_location=location,
                distance_miles=hit.distance_miles,
            )
        )
    return results
