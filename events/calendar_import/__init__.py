"""Calendar import: a group's iCalendar feed (Google Calendar, Outlook, Eventbrite) brought in as
events under its organisation. fetch.py gets the file safely, reading.py turns it into what our events
can show, saving.py creates, updates and withdraws events, report.py says what happened.

Whether a group's changes are published or wait for approval is the Alliance's business (a layer
above), so callers pass `publish`: inclusion_alliance.calendar_feeds does.
"""

import logging

from django.utils import timezone

from core.timetable import local_now

from .fetch import FeedProblem, fetch_calendar
from .report import Report
from .saving import import_calendar

logger = logging.getLogger("signpost")

SAVING_FAILED = "Something went wrong on our side while saving the events. We will look into it."

__all__ = ["FeedProblem", "Report", "fetch_and_import", "fetch_calendar", "import_calendar"]


def fetch_and_import(feed, *, publish: bool, today=None) -> Report:
    """Fetch the feed and import it, record the outcome on the feed, and return the report.

    Any failure (the feed cannot be fetched or read, or saving goes wrong) changes no event: the
    import runs in one transaction after the whole file has been read.
    """
    try:
        body = fetch_calendar(feed.url)
        report = import_calendar(feed, body, publish=publish, today=today or local_now().date())
    except FeedProblem as problem:
        report = Report(problem=str(problem))
    except Exception:
        logger.exception("Calendar import of feed %s (%s) failed", feed.pk, feed.url)
        report = Report(
            problem="Something went wrong on our side while saving the events. We will look into it."
        )
    record(feed, report)
    logger.info("Calendar import: %s (%s): %s", feed.organisation.title, feed.url, report.summary())
    return report


def record(feed, report: Report) -> None:
    feed.last_fetched_at = timezone.now()
    feed.last_succeeded = report.succeeded
    feed.last_result = report.summary()[:500]
    feed.last_report = report.text()
    type(feed).objects.filter(pk=feed.pk).update(
        last_fetched_at=feed.last_fetched_at,
        last_succeeded=feed.last_succeeded,
        last_result=feed.last_result,
        last_report=feed.last_report,
    )
