"""Bringing a feed's events in under the organisation: create, update, withdraw, or leave alone.

- An imported event is found again by its feed, UID and (for a moved session) RECURRENCE-ID, so a
  second run with the same feed changes nothing: no new revisions, no new pages.
- Events made by hand (no feed) are never touched. Of an imported event, the import sets only what the
  calendar says (FEED_FIELDS: title, description, where, when, the booking link, and the dates it
  cancelled); what an editor adds in Signpost (topics, levels, cost, what to bring, dates cancelled by
  hand) is kept. A change to a calendar field made in Signpost is put back by the next import that
  finds the calendar's version different, because the calendar is where the group keeps its dates.
- `publish` True (a trusted group): new and changed events are published. False (changes are
  moderated): they are saved as drafts and submitted to the page's workflow ("Coordinator approval"),
  so nothing goes live until a coordinator approves, as with changes made by hand.
- Withdrawing (an event cancelled in the calendar, or gone from it) unpublishes at once, for every
  group: a cancelled session must not stay on the site while waiting for approval. Withdrawn events
  are kept, not deleted; if the event comes back into the feed it is published (or submitted) again.
- Everything happens in one transaction: an error part way leaves everything as it was.
"""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from core.postcodes import FULL_POSTCODE_RE, compact

from ..choices import Attendance, Booking
from ..models import RULE_FIELD_NAMES, EventCancellation, EventPage
from .reading import FeedEvent, description_html, read_calendar, summary_text
from .report import Report

# The fields the calendar decides. Everything else on an event is the editors'.
# The recurrence fields, except "skip bank holidays": a calendar lists its own dates, so that box stays
# the editors'.
RULE_FIELDS = tuple(name for name in RULE_FIELD_NAMES if name != "skip_bank_holidays")
FEED_FIELDS = (
    "title",
    "summary",
    "description",
    "attendance",
    "venue",
    "online_url",
    "online_details",
    *RULE_FIELDS,
)
BOOKING_FIELDS = ("booking", "booking_url")
ONLINE_WORDS = ("online", "zoom", "teams", "google meet", "meet.google", "webinar", "virtual")
POSTCODE_IN_TEXT = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})\b")


def import_calendar(feed, body: bytes, *, publish: bool, today: dt.date) -> Report:
    """Read `body` (the feed's bytes) and bring its events in under `feed.organisation`."""
    events = read_calendar(body, today)  # raises FeedProblem before anything is changed
    with transaction.atomic():
        # One import of a feed at a time ("Fetch now" pressed while the scheduler runs, say): the
        # second waits, then finds the first one's events rather than adding them again.
        type(feed).objects.select_for_update().filter(pk=feed.pk).exists()
        return Importer(feed, publish=publish).run(events)


class Importer:
    def __init__(self, feed, *, publish: bool):
        from directory.models import Venue

        self.feed = feed
        self.organisation = feed.organisation
        self.publish = publish
        self.report = Report(drafts=not publish)
        self.venues = list(Venue.objects.only("pk", "name", "postcode", "town"))
        self.existing = {
            (page.calendar_uid, page.calendar_recurrence_id): page
            for page in EventPage.objects.filter(calendar_feed=feed)
        }
        self.slugs = set(self.organisation.get_children().values_list("slug", flat=True))

    def run(self, events: list[FeedEvent]) -> Report:
        seen = set()
        for event in sorted(events, key=lambda item: (item.title.casefold(), item.uid, item.recurrence_id)):
            if event.key in seen:  # the same UID twice in one feed: the first one counts
                continue
            seen.add(event.key)
            self.import_event(event)
        for key, page in sorted(self.existing.items(), key=lambda item: item[1].title):
            if key not in seen:
                self.withdraw(page, "no longer in the calendar")
        return self.report

    # -- one event ------------------------------------------------------------------------------

    def import_event(self, event: FeedEvent) -> None:
        page = self.existing.get(event.key)
        if event.cancelled:
            if page is not None:
                self.withdraw(page, "cancelled in the calendar")
            return
        if event.finished:
            self.report.finished += 1
            return
        if event.problem:
            kept = " (the copy already here is kept as it was)" if page is not None else ""
            self.report.add(event.title, "not imported", event.problem + kept)
            return
        fields, problem = self.fields_for(event)
        if problem:
            kept = " (the copy already here is kept as it was)" if page is not None else ""
            self.report.add(event.title, "not imported", problem + kept)
            return
        if page is None:
            self.create(event, fields)
        else:
            self.update(page, event, fields)

    def fields_for(self, event: FeedEvent) -> tuple[dict, str]:
        rule = event.rule
        fields = {
            "title": event.title[:255],
            "summary": summary_text(event.description),
            "description": description_html(event.description),
            "start_date": rule.start_date,
            "start_time": rule.start_time,
            "end_time": rule.end_time,
            "repeat": rule.repeat,
            "days": list(rule.days),
            "interval": rule.interval,
            "week_of_month": rule.week_of_month,
            "ends": rule.ends,
            "until_date": rule.until_date,
            "count": rule.count,
        }
        where, problem = self.where(event)
        if problem:
            return {}, problem
        fields.update(where)
        if event.url.startswith(("https://", "http://")):
            fields.update(booking=Booking.LINK, booking_url=event.url[:200])
        return fields, ""

    def where(self, event: FeedEvent) -> tuple[dict, str]:
        """At a venue (matched by postcode, then name), online, or a problem to report."""
        location = " ".join(event.location.split())
        if not location:
            return {}, "it does not say where it is; give it a place in the calendar"
        venue = match_venue(location, self.venues)
        if venue is not None:
            return {
                "attendance": Attendance.IN_PERSON,
                "venue": venue,
                "online_url": "",
                "online_details": "",
            }, ""
        lowered = location.casefold()
        if lowered.startswith(("https://", "http://")) or any(word in lowered for word in ONLINE_WORDS):
            is_link = lowered.startswith(("https://", "http://")) and len(location) <= 200
            url = location if is_link else ""
            details = "" if url else f"{location}. Ask {self.organisation.title} how to join."
            return {
                "attendance": Attendance.ONLINE,
                "venue": None,
                "online_url": url,
                "online_details": details,
            }, ""
        return {}, (
            f'we could not match the place "{location}" to a venue here. Add the venue in Signpost with the '
            "same name or postcode (Venues, then 'Add venue'), then fetch again"
        )

    # -- saving ---------------------------------------------------------------------------------

    def create(self, event: FeedEvent, fields: dict) -> None:
        page = EventPage(
            calendar_feed=self.feed,
            calendar_uid=event.uid,
            calendar_recurrence_id=event.recurrence_id,
            slug=self.unique_slug(event),
            live=self.publish,
            **fields,
        )
        page.cancelled_dates = cancellations(event)
        try:
            page.full_clean(exclude=["path", "depth"])
        except ValidationError as error:
            self.report.add(event.title, "not imported", error_words(error))
            return
        self.organisation.add_child(instance=page)
        self.save(page)
        self.report.add(event.title, "added", event.when)

    def update(self, page: EventPage, event: FeedEvent, fields: dict) -> None:
        current = page.get_latest_revision_as_object() if page.has_unpublished_changes else page
        changed = set_fields(current, fields)
        hand_made = [row for row in current.cancelled_dates.all() if not row.from_calendar]
        # A date an editor already cancelled by hand keeps their reason.
        wanted = [row for row in cancellations(event) if row.date not in {row.date for row in hand_made}]
        have = [row for row in current.cancelled_dates.all() if row.from_calendar]
        if sorted((row.date, row.reason) for row in wanted) != sorted((row.date, row.reason) for row in have):
            current.cancelled_dates = hand_made + wanted
            changed.append("cancelled dates")
        if changed:
            try:
                current.full_clean()
            except ValidationError as error:
                self.report.add(event.title, "not imported", error_words(error) + " (kept as it was)")
                return
            self.save(current)
            self.report.add(event.title, "changed", ", ".join(changed) + " changed")
        elif not page.live and page.calendar_withdrawn:
            self.save(current)
            self.report.add(event.title, "added", "back in the calendar")
        else:
            self.report.add(event.title, "unchanged")

    def save(self, page: EventPage) -> None:
        """Publish (trusted) or submit for approval a new revision of `page`."""
        # On the row itself too (`page` may be a draft's copy): a draft waiting for approval must not
        # count as withdrawn next time.
        EventPage.objects.filter(pk=page.pk, calendar_withdrawn=True).update(calendar_withdrawn=False)
        page.calendar_withdrawn = False
        revision = page.save_revision(log_action=True, clean=False)
        if self.publish:
            revision.publish()
            return
        workflow = page.get_workflow()
        if workflow is not None and not page.workflow_in_progress:
            workflow.start(page, user=None)

    def withdraw(self, page: EventPage, why: str) -> None:
        """Unpublish (not delete), and stop any approval waiting for the event."""
        if page.workflow_in_progress:
            page.current_workflow_state.cancel(user=None)
        if not page.live and page.calendar_withdrawn:
            return
        if page.live:
            page.unpublish(log_action=True)
        EventPage.objects.filter(pk=page.pk).update(calendar_withdrawn=True)
        self.report.add(page.title, "withdrawn", why)

    def unique_slug(self, event: FeedEvent) -> str:
        base = slugify(event.title)[:70].strip("-") or "event"
        if event.recurrence_id:
            base = f"{base}-{event.recurrence_id}"
        slug, number = base, 2
        while slug in self.slugs:
            slug, number = f"{base}-{number}", number + 1
        self.slugs.add(slug)
        return slug


# -- helpers --------------------------------------------------------------------------------------------


def set_fields(page: EventPage, fields: dict) -> list[str]:
    """Set the calendar's values on `page`; the names of those that differ, in words."""
    before = {name: getattr(page, name) for name in (*FEED_FIELDS, *BOOKING_FIELDS)}
    before["days"] = list(before["days"] or [])
    for name, value in fields.items():
        setattr(page, name, value)
    page.normalise_recurrence()
    changed = []
    for name, old in before.items():
        new = getattr(page, name)
        if name == "days":
            new = list(new or [])
        if new != old:
            word = "times" if name in RULE_FIELDS else name.replace("_", " ")
            if word not in changed:
                changed.append(word)
    return changed


def cancellations(event: FeedEvent) -> list[EventCancellation]:
    return [
        EventCancellation(date=day, reason=reason[:200], from_calendar=True)
        for day, reason in sorted(event.cancelled_dates.items())
    ]


def error_words(error: ValidationError) -> str:
    messages = [message for messages in error.message_dict.values() for message in messages]
    return "Signpost could not save it: " + " ".join(messages)


def match_venue(location: str, venues: list):
    """The venue a calendar's LOCATION names: by a full postcode in it (with the name to choose between
    venues sharing it), else by a venue's name: all of the first part ("Reddish Library, Gorton
    Road"), or found in it (the longest such name wins, then the one whose town is named too)."""
    lowered = location.casefold()
    postcodes = {
        f"{match.group(1)} {match.group(2)}"
        for match in POSTCODE_IN_TEXT.finditer(location.upper())
        if FULL_POSTCODE_RE.match(compact(match.group(0)))
    }
    if postcodes:
        found = [venue for venue in venues if venue.postcode in postcodes]
        if len(found) == 1:
            return found[0]
        named = [venue for venue in found if venue.name.casefold() in lowered]
        if len(named) == 1:
            return named[0]
        if found:
            return None
    first_part = lowered.split(",")[0].strip()
    exact = [venue for venue in venues if venue.name.casefold() == first_part]
    if len(exact) == 1:
        return exact[0]
    # A name found inside the text must be whole words, and more than one word: a venue called
    # "Library" must not capture "Marple Library".
    named = [venue for venue in venues if len(venue.name.split()) > 1 and contains_words(lowered, venue.name)]
    if named:
        longest = max(len(venue.name) for venue in named)
        named = [venue for venue in named if len(venue.name) == longest]
        if len(named) == 1:
            return named[0]
        in_town = [venue for venue in named if venue.town and venue.town.casefold() in lowered]
        if len(in_town) == 1:
            return in_town[0]
    return None


def contains_words(text: str, name: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(name.casefold())}(?!\w)", text) is not None
