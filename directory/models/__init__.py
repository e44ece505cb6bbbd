from .pages import OrganisationIndexPage, OrganisationPage, ServicePage
from .schedules import (
    AbstractSchedule,
    ServiceAtLocation,
    ServiceLocationClosure,
    ServiceSchedule,
    VenueClosure,
    VenueSchedule,
)
from .taxonomy import AccessFacility, Audience, Format, HelpTopic, Language, Term
from .venues import Venue

__all__ = [
    "AbstractSchedule",
    "AccessFacility",
    "Audience",
    "Format",
    "HelpTopic",
    "Language",
    "OrganisationIndexPage",
    "OrganisationPage",
    "ServiceAtLocation",
    "ServiceLocationClosure",
    "ServicePage",
    "ServiceSchedule",
    "Term",
    "Venue",
    "VenueClosure",
    "VenueSchedule",
]
