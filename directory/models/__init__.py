from .pages import OrganisationIndexPage, OrganisationPage, ServicePage
from .schedules import AbstractSchedule, ServiceAtLocation, ServiceSchedule, VenueSchedule
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
    "ServicePage",
    "ServiceSchedule",
    "Term",
    "Venue",
    "VenueSchedule",
]
