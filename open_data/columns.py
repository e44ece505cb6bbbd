"""The spreadsheet template: one row per listing at a venue, the same columns for export and import.

A listing offered at three venues takes three rows; phone or online times take one more row with
the venue columns empty. An organisation with no listings yet can have a row of its own with only
the organisation columns filled in. See "The import template" in README.md.
"""

import dataclasses


@dataclasses.dataclass(frozen=True)
class Column:
    name: str
    level: str  # organisation, listing, venue or link (the listing at that venue)
    help: str
    required: bool = False
    export_only: bool = False


COLUMN_SPECS = [
    Column("organisation_id", "organisation", "The organisation's open data id. Leave empty for a new one."),
    Column("organisation_name", "organisation", "The organisation's name.", required=True),
    Column("organisation_summary", "organisation", "One or two sentences about the organisation."),
    Column(
        "organisation_description",
        "organisation",
        "More about the organisation. Blank lines between paragraphs.",
    ),
    Column("organisation_website", "organisation", "Its website, starting https://"),
    Column("organisation_email", "organisation", "An email address residents can write to."),
    Column("organisation_phone", "organisation", "A phone number residents can call."),
    Column("organisation_charity_number", "organisation", "Registered charity number, if any."),
    Column("organisation_company_number", "organisation", "Companies House number, if any."),
    Column("listing_id", "listing", "The listing's open data id. Leave empty for a new one."),
    Column("listing_name", "listing", "The listing's name, for example 'Email drop-in'.", required=True),
    Column("listing_summary", "listing", "One or two sentences: what help, for whom."),
    Column(
        "listing_description", "listing", "More detail. Blank lines between paragraphs; '- ' starts a bullet."
    ),
    Column(
        "help_topics", "listing", "Help topics, separated by ';'. Names or the words in a topic's synonyms."
    ),
    Column("skill_levels", "listing", "Foundation, Life and/or Work, separated by ';'."),
    Column("formats", "listing", "Formats, separated by ';', for example 'Drop-in; Group course'."),
    Column(
        "audiences", "listing", "Who it is especially for, separated by ';'. Empty if it is for everyone."
    ),
    Column("languages", "listing", "Languages spoken, separated by ';', by name or code (en; ur)."),
    Column("cost", "listing", "Free, Low cost or Paid."),
    Column("cost_note", "listing", "For example '£2 a session'."),
    Column("how_to_take_part", "listing", "Just turn up, You need to book, or You need a referral."),
    Column("booking_details", "listing", "How to book or get a referral."),
    Column("booking_url", "listing", "A web page where people can book."),
    Column("what_to_bring", "listing", "What people should bring."),
    Column("free_devices", "listing", "yes if people can borrow or get a free device."),
    Column("free_wifi", "listing", "yes if people can use free wifi while there."),
    Column("free_data", "listing", "yes if you give out free SIM cards or mobile data."),
    Column("contact_name", "listing", "Who to ask for. Empty to use the organisation's details."),
    Column("contact_phone", "listing", "Empty to use the organisation's phone number."),
    Column("contact_email", "listing", "Empty to use the organisation's email address."),
    Column("status", "listing", "Running, Temporarily closed or Closed."),
    Column("status_note", "listing", "For example 'Closed over the summer, back on 2 September'."),
    Column("last_checked", "listing", "When someone last checked the details: 2026-03-01 or 01/03/2026."),
    Column(
        "listing_at_venue_id",
        "link",
        "The open data id of this listing at this venue. Leave empty for a new one.",
    ),
    Column("venue_id", "venue", "The venue's open data id. Leave empty for a new one."),
    Column("venue_name", "venue", "The building's name. Empty for phone or online times."),
    Column("venue_kind", "venue", "Library, Community centre, Church or faith centre, College, Jobcentre..."),
    Column("venue_address", "venue", "Street address without town or postcode; one line per line."),
    Column("venue_town", "venue", "The town or district, for example Reddish."),
    Column("venue_postcode", "venue", "The full postcode, for example SK1 3RS."),
    Column("venue_latitude", "venue", "Optional: found from the postcode when empty."),
    Column("venue_longitude", "venue", "Optional: found from the postcode when empty."),
    Column(
        "venue_access_facilities",
        "venue",
        "Access facilities, separated by ';', for example 'Step-free access'.",
    ),
    Column("venue_accessibility_notes", "venue", "Anything else a disabled visitor should know."),
    Column("venue_public_computers", "venue", "How many computers the public can use there."),
    Column("venue_free_wifi", "venue", "yes if anyone can use free wifi there."),
    Column("venue_phone", "venue", "The building's phone number."),
    Column("venue_website", "venue", "The building's own web page."),
    Column(
        "where_at_venue", "link", "How to find the session there, for example 'Community room, first floor'."
    ),
    Column(
        "times",
        "link",
        "Regular times, separated by ';': 'Every Tuesday 10:00-12:00; Every other Friday 14:00-16:00 "
        "from 2026-01-09; First Monday of the month 18:00-20:00 (term time only)'.",
    ),
    Column(
        "listing_url",
        "listing",
        "The listing's page on this site (filled in by the export).",
        export_only=True,
    ),
]

COLUMNS = [column.name for column in COLUMN_SPECS]
COLUMN_BY_NAME = {column.name: column for column in COLUMN_SPECS}
REQUIRED = [column.name for column in COLUMN_SPECS if column.required]
LIST_SEPARATOR = ";"


def columns_at(level: str) -> list[str]:
    return [column.name for column in COLUMN_SPECS if column.level == level and not column.export_only]
