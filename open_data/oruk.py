"""Signpost's directory in the shape of Open Referral UK version 3.

organisation = directory.OrganisationPage, service = ServicePage (a listing), location = Venue,
service_at_location = ServiceAtLocation, schedule = VenueSchedule (on a service_at_location) or
ServiceSchedule (phone or online help, on the service). Help topics, skill levels, formats, audiences
and access facilities are taxonomy terms linked through `attributes`.

Only public business details are published: nothing about users, drafts or revisions. Every id is
a uuid that survives edits (see taxonomies.derived_id for the ids of links).

These functions read only what the caller has prefetched (see queries.py), so serialising a page of
results never runs a query of its own.
"""

import re

from core.choices import Cost, ServiceStatus
from core.timetable import local_now
from directory.models import OrganisationPage, ServiceAtLocation, ServicePage, Venue
from directory.models.schedules import AbstractSchedule

from .taxonomies import TAXONOMY_BY_KEY, Taxonomy, derived_id, skill_level_id
from .text import join_summary

VERSION = "3.0"
PROFILE_URL = "https://openreferraluk.org/"

STATUS = {
    ServiceStatus.ACTIVE: "active",
    ServiceStatus.TEMPORARILY_CLOSED: "temporarily closed",
    ServiceStatus.CLOSED: "inactive",
}
IDENTIFIER_SCHEMES = [
    ("charity_number", "GB-CHC", "Charity number"),
    ("company_number", "GB-COH", "Company number"),
]


def _drop_empty(data: dict) -> dict:
    """Leave out optional fields we have no value for, rather than sending empty strings."""
    return {key: value for key, value in data.items() if value not in ("", None, [])}


def _timestamp(value) -> str | None:
    return value.isoformat(timespec="milliseconds").replace("+00:00", "Z") if value else None


class Urls:
    """Full web addresses of pages, without a query each (Wagtail caches the site root paths)."""

    def __init__(self, request=None):
        self.request = request

    def page(self, page) -> str | None:
        return page.get_full_url(self.request) if page is not None else None


# -- organisations -------------------------------------------------------------------------


def organisation(org: OrganisationPage, urls: Urls, full: bool = False) -> dict:
    data = _drop_empty(
        {
            "id": str(org.uuid),
            "name": org.title,
            "description": join_summary(org.summary, org.description),
            "email": org.email,
            "website": org.website,
        }
    )
    # description is required by the schema, even when a group has not written one yet.
    data.setdefault("description", "")
    if full:
        identifiers = [
            {
                "id": derived_id(org.uuid, scheme),
                "organization_id": str(org.uuid),
                "identifier_scheme": scheme,
                "identifier_type": label,
                "identifier": getattr(org, field),
            }
            for field, scheme, label in IDENTIFIER_SCHEMES
            if getattr(org, field)
        ]
        if identifiers:
            data["organization_identifiers"] = identifiers
        if org.phone:
            data["phones"] = [{"id": derived_id(org.uuid, "phone"), "number": org.phone}]
        web_page = urls.page(org)
        if web_page:
            data["url"] = web_page
    return data


# -- taxonomies ----------------------------------------------------------------------------


def taxonomy(tax: Taxonomy, terms=None) -> dict:
    data = {"id": tax.id, "name": tax.name, "description": tax.description}
    if terms is not None:
        data["taxonomy_terms"] = [taxonomy_term(term) for term in terms]
    return data


def taxonomy_term(term) -> dict:
    return {
        "id": term.id,
        "name": term.name,
        # Required by the schema, even for a term nobody has described yet.
        "description": term.description,
        "taxonomy": term.taxonomy.name,
        "taxonomy_id": term.taxonomy.id,
        "term": term.code,
    }


def _attribute(link_id, link_type: str, link_entity: str, term_data: dict) -> dict:
    return {
        "id": derived_id(link_id, term_data["id"]),
        "link_id": str(link_id),
        "link_type": link_type,
        "link_entity": link_entity,
        "taxonomy_term_id": term_data["id"],
        "taxonomy_term": term_data,
    }


def _model_terms(key: str, rows) -> list[dict]:
    tax = TAXONOMY_BY_KEY[key]
    return [taxonomy_term(tax.term(row)) for row in rows]


def service_attributes(service: ServicePage) -> list[dict]:
    terms = []
    for key, field in (("help-topics", "topics"), ("formats", "formats"), ("audiences", "audiences")):
        terms += [(TAXONOMY_BY_KEY[key], term) for term in _model_terms(key, getattr(service, field).all())]
    levels = TAXONOMY_BY_KEY["skill-levels"]
    by_id = {term.id: term for term in levels.terms()}
    terms += [(levels, taxonomy_term(by_id[skill_level_id(level)])) for level in service.levels]
    return [_attribute(service.uuid, tax.link_type, "service", term) for tax, term in terms]


# -- venues --------------------------------------------------------------------------------


def location(venue: Venue, full: bool = False) -> dict:
    data = {
        "id": str(venue.uuid),
        "location_type": "physical",
        "name": venue.name,
        "latitude": venue.latitude,
        "longitude": venue.longitude,
    }
    if not full:
        return data
    lines = [line.strip() for line in venue.address.splitlines() if line.strip()]
    address = _drop_empty(
        {
            "id": derived_id(venue.uuid, "address"),
            "location_id": str(venue.uuid),
            "address_1": lines[0] if lines else "",
            "address_2": ", ".join(lines[1:]),
            "city": venue.town,
            "postal_code": venue.postcode,
            "country": "GB",
            "address_type": "physical",
        }
    )
    # Required by the schema; the UK has no states, and a county is not something we hold.
    address.setdefault("address_1", "")
    address.setdefault("city", "")
    address["state_province"] = ""
    data["addresses"] = [address]
    if venue.accessibility_notes:
        data["accessibility"] = [
            {
                "id": derived_id(venue.uuid, "accessibility"),
                "location_id": str(venue.uuid),
                "description": venue.accessibility_notes,
            }
        ]
    facilities = _model_terms("access-facilities", venue.access_facilities.all())
    if facilities:
        data["attributes"] = [
            _attribute(venue.uuid, "access_facility", "location", term) for term in facilities
        ]
    if venue.phone:
        data["phones"] = [{"id": derived_id(venue.uuid, "phone"), "number": venue.phone}]
    if venue.website:
        data["url"] = venue.website
    return data


# -- schedules -----------------------------------------------------------------------------


def schedule(row: AbstractSchedule, *, service_id=None, service_at_location_id=None) -> dict:
    data = {
        "id": str(row.uuid),
        "service_id": str(service_id) if service_id else None,
        "service_at_location_id": str(service_at_location_id) if service_at_location_id else None,
        "freq": row.freq,
        "interval": row.interval,
        "byday": row.byday,
        # Wall-clock times in the UK (Europe/London), the same in winter and summer.
        "opens_at": f"{row.opens_at:%H:%M}",
        "closes_at": f"{row.closes_at:%H:%M}",
        "valid_from": row.valid_from.isoformat() if row.valid_from else None,
        "valid_to": row.valid_to.isoformat() if row.valid_to else None,
        "dtstart": row.valid_from.isoformat() if row.valid_from else None,
        "description": f"{row.regular_time.describe_day()}, {row.opens_at:%H:%M} to {row.closes_at:%H:%M}",
        "notes": schedule_notes(row),
        "attending_type": "in person" if service_at_location_id else "phone or online",
    }
    return _drop_empty(data)


BANK_HOLIDAY_NOTE = "Not on bank holidays in England and Wales."


def schedule_notes(row: AbstractSchedule) -> str:
    """The editor's note as written, then what stops sessions: bank holidays and closures not yet
    over. ORUK's schedule has no field for exceptions, so a reader learns of them here, in words
    (and our importer takes them off again: `editor_note`)."""
    regular = row.regular_time
    today = local_now().date()
    parts = [row.note]
    if regular.skip_bank_holidays:
        parts.append(BANK_HOLIDAY_NOTE)
    parts += [f"{closed.describe(with_years=True)}." for closed in regular.closed if closed.last >= today]
    return " ".join(part for part in parts if part)


GENERATED_NOTES = re.compile(
    r"\s*(?:"
    + re.escape(BANK_HOLIDAY_NOTE)
    + r"|Closed (?:\w+ )?\d{1,2} \w+ \d{4}(?: to \d{1,2} \w+ \d{4})?(?::[^\n]*?)?\.)"
)


def editor_note(notes: str) -> str:
    """A schedule's notes without the sentences `schedule_notes` adds."""
    return GENERATED_NOTES.sub("", notes).strip()


# -- services ------------------------------------------------------------------------------


def service_summary(service: ServicePage, urls: Urls) -> dict:
    """The one-to-one fields of a listing, and its organisation: what /services lists."""
    org = service.organisation
    data = _drop_empty(
        {
            "id": str(service.uuid),
            "organization_id": str(org.uuid) if org else None,
            "name": service.title,
            "description": join_summary(service.summary, service.description),
            "url": urls.page(service),
            "email": service.email,
            "status": STATUS[service.status],
            "fees": service.cost_note or Cost(service.cost).label,
            "assured_date": service.last_checked.isoformat() if service.last_checked else None,
            "alert": service.status_note,
            "last_modified": _timestamp(_last_modified(service)),
        }
    )
    if org is not None:
        data["organization"] = organisation(org, urls)
    return data


def _last_modified(service: ServicePage):
    moments = [service.last_published_at, getattr(service.organisation, "last_published_at", None)]
    moments = [moment for moment in moments if moment]
    return max(moments) if moments else None


def _service_at_location(link: ServiceAtLocation, service: ServicePage, full: bool) -> dict:
    data = {
        "id": str(link.uuid),
        "service_id": str(service.uuid),
        "location_id": str(link.venue.uuid),
    }
    if link.note:
        data["description"] = link.note
    data["location"] = location(link.venue, full=full)
    return data


def full_service(service: ServicePage, urls: Urls, only_location: ServiceAtLocation | None = None) -> dict:
    """A listing with everything about it: what /services/{id} answers.

    With `only_location`, the service_at_locations and schedules are narrowed to that one venue
    (the answer to /service_at_locations/{id}, which the specification gives as a service).
    """
    org = service.organisation
    data = service_summary(service, urls)
    if org is not None:
        data["organization"] = organisation(org, urls, full=True)
    data["attributes"] = service_attributes(service)

    links = [link for link in service.locations.all() if only_location is None or link.pk == only_location.pk]
    data["service_at_locations"] = [_service_at_location(link, service, full=True) for link in links]
    schedules = [
        schedule(row, service_at_location_id=link.uuid) for link in links for row in link.schedules.all()
    ]
    if only_location is None:
        schedules += [schedule(row, service_id=service.uuid) for row in service.remote_schedules.all()]
    data["schedules"] = schedules

    data["languages"] = [
        _drop_empty(
            {
                "id": derived_id(service.uuid, "language", language.uuid),
                "service_id": str(service.uuid),
                "name": language.name,
                "code": language.code,
            }
        )
        for language in service.languages.all()
    ]
    data["cost_options"] = [cost_option(service)]
    contact = service_contact(service)
    data["contacts"] = [contact] if contact else []
    return data


def cost_option(service: ServicePage) -> dict:
    data = {
        "id": derived_id(service.uuid, "cost"),
        "service_id": str(service.uuid),
        "option": Cost(service.cost).label,
    }
    if service.cost == Cost.FREE:
        data["amount"] = 0
    if service.cost_note:
        data["amount_description"] = service.cost_note
    return data


def service_contact(service: ServicePage) -> dict | None:
    """Who to contact: the listing's own details, or its organisation's. Public business details only."""
    org = service.organisation
    name = service.contact_name or (org.title if org else "")
    phone, email = service.phone, service.email
    if not (service.contact_name or phone or email):
        return None
    data = _drop_empty(
        {
            "id": derived_id(service.uuid, "contact"),
            "service_id": str(service.uuid),
            "name": name,
            "email": email,
        }
    )
    if phone:
        data["phones"] = [{"id": derived_id(service.uuid, "contact-phone"), "number": phone}]
    return data


def service_at_location_summary(link: ServiceAtLocation, urls: Urls) -> dict:
    """What /service_at_locations lists: the link, its venue and its listing's one-to-one fields."""
    data = _service_at_location(link, link.service, full=False)
    data["service"] = service_summary(link.service, urls)
    return data
