"""Reading Open Referral UK JSON into import records: a file, or a feed's address.

Accepted: a page of /services (following the pages to the end), a list of services, or one service.
When a feed's list holds only the one-to-one fields, each service's full record is fetched from
/services/{id}. Every service is checked against the ORUK service schema first.

Terms from our own taxonomies (our ids, or our taxonomy names) must be ones we know. Terms from
other taxonomies are matched to help topics by name or synonym where they can be, and otherwise
left out and mentioned in the report.
"""

import datetime as dt
import json
import re
import urllib.error
import urllib.parse
import urllib.request

from core.choices import Cost, Repeat, ServiceStatus, Weekday

from ..oruk import editor_note
from ..schedule_text import Times
from ..taxonomies import SKILL_LEVEL_BY_ID, TAXONOMIES, TAXONOMY_BY_ID, TAXONOMY_BY_KEY
from ..text import split_summary
from ..validation import problems as schema_problems
from ..validation import schema_validator
from ..values import ValueProblem, parse_date
from .csv_reader import FileProblem
from .data import LinkData, ListingData, OrganisationData, Problems, Unit, VenueData, name_key
from .reader import Reader
from .vocabulary import LEVEL_WORDS, Vocabularies

TIMEOUT_SECONDS = 20
MAX_BYTES = 50 * 1024 * 1024
MAX_PAGES = 1000
STATUS = {
    "active": ServiceStatus.ACTIVE,
    "temporarily closed": ServiceStatus.TEMPORARILY_CLOSED,
    "inactive": ServiceStatus.CLOSED,
    "defunct": ServiceStatus.CLOSED,
}
POSITIONS = {"1": Repeat.MONTHLY_1, "2": Repeat.MONTHLY_2, "3": Repeat.MONTHLY_3, "4": Repeat.MONTHLY_4}
BYDAY_RE = re.compile(r"^([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)$")
TIME_RE = re.compile(r"^(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
TAXONOMY_FIELDS = {
    "help-topics": "topics",
    "formats": "formats",
    "audiences": "audiences",
    "access-facilities": "access_facilities",
}
OUR_TAXONOMY_NAMES = {name_key(taxonomy.name): taxonomy for taxonomy in TAXONOMIES}


# -- fetching ---------------------------------------------------------------------------------


def fetch_json(url: str):
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise FileProblem("Only http:// and https:// addresses can be imported.")
    headers = {"Accept": "application/json", "User-Agent": "Signpost import"}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - the scheme is checked above
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            body = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise FileProblem(f"{url} answered {error.code} {error.reason}.") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise FileProblem(f"We could not fetch {url}: {reason}.") from None
    if len(body) > MAX_BYTES:
        raise FileProblem(f"{url} is larger than {MAX_BYTES // (1024 * 1024)} MB.")
    return parse_json(body, url)


def parse_json(body: bytes, where: str):
    try:
        return json.loads(body.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise FileProblem(f"{where} is not UTF-8 text.") from None
    except json.JSONDecodeError as error:
        raise FileProblem(f"{where} is not valid JSON: {error.msg} at line {error.lineno}.") from None


def with_page(url: str, page: int) -> str:
    parts = urllib.parse.urlsplit(url)
    query = [(k, v) for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True) if k != "page"]
    query.append(("page", str(page)))
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def services_base(url: str) -> str | None:
    """The address of /services in a feed URL, to fetch /services/{id} from."""
    parts = urllib.parse.urlsplit(url)
    match = re.match(r"^(.*/services)/?$", parts.path)
    return urllib.parse.urlunsplit(parts._replace(path=match.group(1), query="")) if match else None


def is_page(document) -> bool:
    return isinstance(document, dict) and isinstance(document.get("contents"), list)


def services_from_document(document, where: str) -> list:
    if is_page(document):
        return document["contents"]
    if isinstance(document, list):
        return document
    if isinstance(document, dict) and "id" in document and "name" in document:
        return [document]
    raise FileProblem(
        f"{where} is not Open Referral JSON: expected a page of services, a list or one service."
    )


def load_url(url: str) -> list:
    document = fetch_json(url)
    services = list(services_from_document(document, url))
    pages = 1
    while is_page(document) and not document.get("last_page", True) and pages < MAX_PAGES:
        pages += 1
        document = fetch_json(with_page(url, int(document.get("page_number") or pages - 1) + 1))
        services += services_from_document(document, url)
    base = services_base(url)
    if base:
        services = [
            fetch_json(f"{base}/{urllib.parse.quote(str(item['id']))}")
            if isinstance(item, dict) and "id" in item and "service_at_locations" not in item
            else item
            for item in services
        ]
    return services


def load_file(data: bytes, where: str) -> list:
    return list(services_from_document(parse_json(data, where), where))


# -- values ----------------------------------------------------------------------------------


def parse_time(text) -> dt.time:
    """ORUK times are HH:MM, perhaps with seconds and an offset; Signpost's are UK wall-clock times."""
    match = TIME_RE.match(str(text or "").strip())
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ValueProblem(f'"{text}" is not a time like 10:00')
    return dt.time(int(match.group(1)), int(match.group(2)))


def oruk_date(text) -> dt.date | None:
    if not text:
        return None
    return parse_date(str(text)[:10])


def schedule_times(schedule: dict) -> list[Times]:
    """One ORUK schedule as Signpost's regular times (one per day it names)."""
    freq = str(schedule.get("freq") or "").upper()
    interval = schedule.get("interval") or 1
    days = [part.strip().upper() for part in str(schedule.get("byday") or "").split(",") if part.strip()]
    where = schedule.get("description") or schedule.get("id") or "a schedule"
    if not days or not schedule.get("opens_at") or not schedule.get("closes_at"):
        raise ValueProblem(f'the schedule "{where}" needs byday, opens_at and closes_at for us to use it')
    if schedule.get("bymonthday"):
        raise ValueProblem(f'the schedule "{where}" uses bymonthday, which Signpost cannot show')
    found = []
    for day in days:
        match = BYDAY_RE.match(day)
        if not match:
            raise ValueProblem(f'the schedule "{where}" has byday "{day}", which is not a day like TU or 1MO')
        position, code = match.group(1), match.group(2)
        if freq == "WEEKLY" and not position and interval in (1, 2, "1", "2"):
            repeat = Repeat.WEEKLY if int(interval) == 1 else Repeat.FORTNIGHTLY
        elif freq == "MONTHLY" and int(interval) == 1 and position in POSITIONS:
            repeat = POSITIONS[position]
        elif freq == "MONTHLY" and int(interval) == 1 and position == "-1":
            repeat = Repeat.MONTHLY_LAST
        else:
            raise ValueProblem(
                f'the schedule "{where}" (freq {freq or "missing"}, interval {interval}, byday {day}) '
                "is not weekly, fortnightly or monthly on a weekday, which is what Signpost can show"
            )
        found.append(
            Times(
                day=Weekday(code).value,
                repeat=repeat,
                opens_at=parse_time(schedule["opens_at"]),
                closes_at=parse_time(schedule["closes_at"]),
                valid_from=oruk_date(schedule.get("valid_from") or schedule.get("dtstart")),
                valid_to=oruk_date(schedule.get("valid_to") or schedule.get("until")),
                # Without the bank holiday and closure sentences our own export adds.
                note=editor_note(str(schedule.get("notes") or "")),
            )
        )
    return found


def first_phone(item: dict) -> str | None:
    phones = item.get("phones")
    if isinstance(phones, list) and phones and isinstance(phones[0], dict):
        return str(phones[0].get("number") or "")
    return None


# -- services to records ---------------------------------------------------------------------


class OrukReader(Reader):
    def __init__(self, vocabularies: Vocabularies):
        super().__init__(vocabularies)
        self.organisations: dict[str, OrganisationData] = {}
        self.venues: dict[str, VenueData] = {}

    def read(self, services: list) -> tuple[list[Unit], Problems]:
        validator = schema_validator("compiled/service.json")
        for number, service in enumerate(services, start=1):
            label = f"service {number}"
            found = (
                schema_problems(validator, service, limit=3)
                if isinstance(service, dict)
                else ["not an object"]
            )
            if found:
                for problem in found:
                    self.problems.add(label, f"does not match the Open Referral UK service schema {problem}")
                placeholder = OrganisationData(label=label, id=None, name="")
                self.units.append(Unit(organisation=placeholder, listing=None, labels=[label]))
                continue
            self.read_service(label, service)
        return self.units, self.problems

    def read_service(self, label: str, service: dict) -> None:
        problems: list[str] = []
        organisation = self.organisation(label, service, problems)
        listing = ListingData(
            label=label, id=service["id"], name=str(service["name"]).strip(), organisation=organisation
        )
        listing.labels.append(label)
        org_email = organisation.fields.get("email", "")
        org_phone = organisation.fields.get("phone", "")

        fields = listing.fields
        if "description" in service:
            fields["summary"], fields["description"] = split_summary(service.get("description") or "")
        if "email" in service:
            email = service.get("email") or ""
            fields["contact_email"] = "" if email == org_email else email
        fields["status"] = STATUS[service["status"]]
        if "alert" in service:
            fields["status_note"] = service.get("alert") or ""
        if service.get("assured_date"):
            try:
                fields["last_checked"] = oruk_date(service["assured_date"])
            except ValueProblem as problem:
                problems.append(f"assured_date: {problem}")
        if isinstance(service.get("cost_options"), list):
            fields.update(self.cost(service["cost_options"]))
        if isinstance(service.get("contacts"), list):
            contact = service["contacts"][0] if service["contacts"] else {}
            name = str(contact.get("name") or "")
            fields["contact_name"] = "" if name_key(name) == name_key(organisation.name) else name
            phone = first_phone(contact) or ""
            fields["contact_phone"] = "" if phone == org_phone else phone
            if "email" in contact and "email" not in service:
                email = contact.get("email") or ""
                fields["contact_email"] = "" if email == org_email else email

        if isinstance(service.get("attributes"), list):
            self.terms(listing, service["attributes"], problems)
        if isinstance(service.get("languages"), list):
            words = [str(item.get("code") or item.get("name") or "") for item in service["languages"]]
            listing.terms["languages"] = self.vocabularies["languages"].match_all(
                [w for w in words if w], problems
            )

        self.locations(label, listing, service, problems)
        for problem in problems:
            self.problems.add(label, problem)
        self.units.append(Unit(organisation=organisation, listing=listing, labels=listing.labels))

    def organisation(self, label: str, service: dict, problems: list[str]) -> OrganisationData:
        org = service.get("organization") if isinstance(service.get("organization"), dict) else {}
        org_id = org.get("id") or service.get("organization_id")
        name = str(org.get("name") or "").strip()
        key = org_id or name_key(name)
        if key in self.organisations:
            return self.organisations[key]
        if not name:
            problems.append("the service has no organization with a name")
        data = OrganisationData(label=label, id=org_id, name=name)
        if "description" in org:
            data.fields["summary"], data.fields["description"] = split_summary(org.get("description") or "")
        for key_name, field in (("email", "email"), ("website", "website")):
            if key_name in org:
                data.fields[field] = org.get(key_name) or ""
        phone = first_phone(org)
        if phone is not None:
            data.fields["phone"] = phone
        if isinstance(org.get("organization_identifiers"), list):
            schemes = {
                item.get("identifier_scheme"): str(item.get("identifier"))
                for item in org["organization_identifiers"]
            }
            data.fields["charity_number"] = schemes.get("GB-CHC", "")
            data.fields["company_number"] = schemes.get("GB-COH", "")
        self.organisations[key] = data
        return data

    def cost(self, options: list) -> dict:
        if not options:
            return {}
        option = options[0]
        words = name_key(str(option.get("option") or ""))
        amount = option.get("amount")
        cost = {name_key(str(label)): code for code, label in Cost.choices}.get(words)
        if cost is None:
            cost = Cost.FREE if amount in (0, 0.0) or words == "free" else Cost.PAID
        return {"cost": cost, "cost_note": str(option.get("amount_description") or "")}

    def terms(self, listing: ListingData, attributes: list, problems: list[str]) -> None:
        found = {"topics": [], "formats": [], "audiences": []}
        levels: list[str] = []
        ignored = []
        for attribute in attributes:
            term = attribute.get("taxonomy_term") if isinstance(attribute.get("taxonomy_term"), dict) else {}
            term_id = str(term.get("id") or attribute.get("taxonomy_term_id") or "")
            name = str(term.get("name") or "")
            taxonomy = TAXONOMY_BY_ID.get(str(term.get("taxonomy_id") or "")) or OUR_TAXONOMY_NAMES.get(
                name_key(str(term.get("taxonomy") or ""))
            )
            if taxonomy is None and term_id in SKILL_LEVEL_BY_ID:
                taxonomy = TAXONOMY_BY_KEY["skill-levels"]
            if taxonomy is not None and taxonomy.key == "skill-levels":
                level = SKILL_LEVEL_BY_ID.get(term_id) or LEVEL_WORDS.get(name_key(name))
                if level is None:
                    problems.append(f'unknown skill level "{name or term_id}"')
                elif level not in levels:
                    levels.append(level)
                continue
            if taxonomy is not None:
                field = TAXONOMY_FIELDS[taxonomy.key]
                if field not in found:
                    continue  # an access facility belongs to a venue, not a listing
                vocabulary = self.vocabularies[field]
                match = vocabulary.by_uuid.get(term_id)
                if match is None:
                    try:
                        match = vocabulary.match(name)
                    except ValueProblem as problem:
                        problems.append(str(problem))
                        continue
                if match not in found[field]:
                    found[field].append(match)
                continue
            # A term from someone else's taxonomy: a help topic if its name is one of ours.
            try:
                match = self.vocabularies["topics"].match(name)
            except ValueProblem:
                if name:
                    ignored.append(name)
                continue
            if match not in found["topics"]:
                found["topics"].append(match)
        listing.terms.update(found)
        # Feeds from other directories have no skill levels: then the listing keeps the ones it has.
        listing.levels = levels or None
        if ignored:
            listing.notes.append(
                "left out terms we do not use: " + ", ".join(f'"{name}"' for name in ignored)
            )

    def locations(self, label: str, listing: ListingData, service: dict, problems: list[str]) -> None:
        schedules = service.get("schedules") if isinstance(service.get("schedules"), list) else None
        by_link: dict[str, list] = {}
        remote: list = []
        for schedule in schedules or []:
            link_id = schedule.get("service_at_location_id")
            (by_link.setdefault(str(link_id), []) if link_id else remote).append(schedule)

        if isinstance(service.get("service_at_locations"), list):
            listing.venues_given = True
            for item in service["service_at_locations"]:
                location = item.get("location") if isinstance(item.get("location"), dict) else None
                if location is None:
                    problems.append(f"service_at_location {item.get('id')} has no location")
                    continue
                link = LinkData(label=label, id=item.get("id"), note=str(item.get("description") or ""))
                link.venue = self.venue(label, location, problems)
                nested = item.get("schedules") if isinstance(item.get("schedules"), list) else []
                link_schedules = by_link.get(str(item.get("id")), []) + nested
                if schedules is not None or nested:
                    link.times, link.time_ids = self.times(link_schedules, problems)
                listing.links.append(link)
        if schedules is not None:
            listing.remote_times_given = True
            times, ids = self.times(remote, problems)
            if times:
                listing.remote = LinkData(label=label, times=times, time_ids=ids)

    def times(self, schedules: list, problems: list[str]) -> tuple[list, list]:
        times, ids = [], []
        for schedule in schedules:
            try:
                found = schedule_times(schedule)
            except ValueProblem as problem:
                problems.append(str(problem))
                continue
            times += found
            ids += [schedule.get("id") if len(found) == 1 else None] * len(found)
        return times, ids

    def venue(self, label: str, location: dict, problems: list[str]) -> VenueData:
        from core.postcodes import normalise_postcode

        addresses = location.get("addresses") if isinstance(location.get("addresses"), list) else []
        address = next((a for a in addresses if a.get("address_type", "physical") == "physical"), None) or (
            addresses[0] if addresses else {}
        )
        name = str(location.get("name") or "").strip()
        postcode_text = str(address.get("postal_code") or "")
        postcode = normalise_postcode(postcode_text)
        if postcode_text and not postcode:
            problems.append(f'the postcode "{postcode_text}" of "{name}" is not a full UK postcode')
        key = str(location.get("id") or "") or f"{name_key(name)}|{postcode}"
        if key in self.venues:
            return self.venues[key]
        fields = {}
        if address:
            lines = [str(address.get(part) or "").strip() for part in ("address_1", "address_2")]
            fields["address"] = "\n".join(line for line in lines if line)
            fields["town"] = str(address.get("city") or "").strip()
            if postcode:
                fields["postcode"] = postcode
        for part in ("latitude", "longitude"):
            if isinstance(location.get(part), int | float):
                fields[part] = float(location[part])
        if isinstance(location.get("accessibility"), list):
            notes = [
                str(item.get("description") or item.get("accessibility") or "")
                for item in location["accessibility"]
            ]
            fields["accessibility_notes"] = "\n".join(note for note in notes if note)
        phone = first_phone(location)
        if phone is not None:
            fields["phone"] = phone
        if "url" in location:
            fields["website"] = str(location.get("url") or "")
        facilities = None
        if isinstance(location.get("attributes"), list):
            facilities = []
            vocabulary = self.vocabularies["access_facilities"]
            for attribute in location["attributes"]:
                term = (
                    attribute.get("taxonomy_term") if isinstance(attribute.get("taxonomy_term"), dict) else {}
                )
                term_id = str(term.get("id") or attribute.get("taxonomy_term_id") or "")
                match = vocabulary.by_uuid.get(term_id)
                if match is None:
                    try:
                        match = vocabulary.match(str(term.get("name") or ""))
                    except ValueProblem as problem:
                        problems.append(str(problem))
                        continue
                if match not in facilities:
                    facilities.append(match)
        data = VenueData(
            label=label,
            id=location.get("id"),
            name=name,
            postcode=postcode,
            fields=fields,
            facilities=facilities,
        )
        self.venues[key] = data
        return data


def read_oruk(services: list, vocabularies: Vocabularies) -> tuple[list[Unit], Problems]:
    return OrukReader(vocabularies).read(services)
