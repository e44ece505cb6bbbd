"""Freshness: when each listing was last checked, reminders, and "may be out of date".

- A listing not checked for 6 months needs review: its editors are emailed once.
- A listing not checked for 12 months may be out of date: residents see a notice on it (computed from
  `last_checked` as the page is shown, so no scheduled job is needed for that), and its editors are
  emailed once more.
- An editor says "still correct" in one click; that sets `last_checked` to today and starts a new period.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from wagtail.log_actions import log

from directory.models import ServicePage

from .choices import ReminderStage
from .models import Membership, ReviewReminder

REVIEW_AFTER = relativedelta(months=6)
OUT_OF_DATE_AFTER = relativedelta(months=12)
CONFIRM_URL_NAME = "alliance_still_correct"
CONFIRM_LOG_ACTION = "inclusion_alliance.still_correct"


def review_cutoff(today: dt.date | None = None) -> dt.date:
    """Listings last checked on or before this date need review."""
    return (today or timezone.localdate()) - REVIEW_AFTER


def out_of_date_cutoff(today: dt.date | None = None) -> dt.date:
    """Listings last checked on or before this date may be out of date."""
    return (today or timezone.localdate()) - OUT_OF_DATE_AFTER


def may_be_out_of_date(listing, today: dt.date | None = None) -> bool:
    return listing.last_checked is not None and listing.last_checked <= out_of_date_cutoff(today)


def stage_for(listing, today: dt.date | None = None) -> str | None:
    if may_be_out_of_date(listing, today):
        return ReminderStage.OUT_OF_DATE
    if listing.last_checked is not None and listing.last_checked <= review_cutoff(today):
        return ReminderStage.REVIEW
    return None


def stale_listings(today: dt.date | None = None):
    """Live listings that are still running and need review, least recently checked first."""
    return (
        ServicePage.objects.live()
        .running()
        .filter(last_checked__lte=review_cutoff(today))
        .order_by("last_checked", "title")
    )


def confirm_still_correct(listing, user) -> dt.date:
    """Set `last_checked` to today on the live listing and on its drafts, publishing nothing.

    The page row (what residents see) is updated directly, and so is the saved content of every revision
    from the live one on (drafts, and a version waiting for a coordinator's approval), so the date
    survives when that version is published later. Other pending edits stay pending.
    """
    today = timezone.localdate()
    with transaction.atomic():
        ServicePage.objects.filter(pk=listing.pk).update(last_checked=today)
        revisions = listing.revisions.all()
        if listing.live_revision_id:
            revisions = revisions.filter(pk__gte=listing.live_revision_id)
        for revision in revisions.select_for_update():
            if revision.content.get("last_checked") != today.isoformat():
                revision.content["last_checked"] = today.isoformat()
                revision.save(update_fields=["content"])
        log(instance=listing, action=CONFIRM_LOG_ACTION, user=user)
    listing.last_checked = today
    return today


# -- reminders ----------------------------------------------------------------------------------------


@dataclass
class ReminderRun:
    emails: int = 0
    listings: int = 0
    without_editors: list = field(default_factory=list)
    failed: int = 0  # listings whose email could not be sent: tried again on the next run


def _reminded(stage: str):
    return Exists(
        ReviewReminder.objects.filter(
            listing=OuterRef("pk"), stage=stage, last_checked=OuterRef("last_checked")
        )
    )


def due_reminders(today: dt.date | None = None) -> dict[tuple[Membership | None, str], list[ServicePage]]:
    """Listings whose editors have not yet been reminded about this period, by membership and stage.

    A listing is reminded about its current stage only, so one first found at 13 months gets the
    12-month reminder alone, not both on the same day."""
    listings = stale_listings(today).annotate(
        reminded_review=_reminded(ReminderStage.REVIEW),
        reminded_out_of_date=_reminded(ReminderStage.OUT_OF_DATE),
    )
    memberships = list(Membership.objects.select_related("organisation", "group"))
    due: dict[tuple[Membership | None, str], list[ServicePage]] = defaultdict(list)
    for listing in listings:
        stage = stage_for(listing, today)
        if getattr(listing, f"reminded_{stage}"):
            continue
        membership = next((m for m in memberships if listing.path.startswith(m.organisation.path)), None)
        due[(membership, stage)].append(listing)
    return due


def send_review_reminders(today: dt.date | None = None, *, dry_run: bool = False) -> ReminderRun:
    from . import emails

    run = ReminderRun()
    for (membership, stage), listings in due_reminders(today).items():
        editors = list(membership.editors()) if membership else []
        if not editors:
            run.without_editors.extend(listings)
            continue
        if not dry_run:
            addresses = emails.review_reminder(stage, listings, editors)
            if not addresses:
                run.failed += len(listings)
                continue
        run.listings += len(listings)
        run.emails += len(editors)
        if dry_run:
            continue
        ReviewReminder.objects.bulk_create(
            [
                ReviewReminder(
                    listing=listing,
                    stage=stage,
                    last_checked=listing.last_checked,
                    recipients="\n".join(addresses),
                )
                for listing in listings
            ],
            ignore_conflicts=True,
        )
    return run
