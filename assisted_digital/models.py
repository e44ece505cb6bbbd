"""Staff who refer residents, and the referrals they record: counts for the council, nothing personal.

A referral keeps the listing, the staff member's venue, a help topic and the date. It never keeps the
visitor (no name, no contact details, no notes) and, by decision, not the staff member either: the
council needs counts per venue and topic, and a record per person would be staff monitoring that nobody
asked for. The date has no time of day, so a referral cannot be matched to a visitor seen at the desk.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from core import fields


class ReferrerProfile(models.Model):
    """Where a member of staff in the Referrers group works: their referrals are counted there."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="referrer_profile",
        help_text="The member of staff.",
    )
    venue = fields.optional_link(
        "directory.Venue", "The library, centre or office they work at. Their referrals are counted here."
    )

    class Meta:
        verbose_name = "referrer's venue"
        verbose_name_plural = "referrers' venues"

    def __str__(self):
        return f"{self.user} at {self.venue or 'no venue'}"


class ReferralQuerySet(models.QuerySet):
    def between(self, first, last):
        return self.filter(date__gte=first, date__lte=last)


def _counted_by(to: str, help_text: str):
    """What a referral is counted by: required when it is made, and emptied (the referral still
    counted) when that listing, venue or topic is deleted."""
    return fields.optional_link(to, help_text, related_name="referrals", blank=False)


class Referral(models.Model):
    """One resident pointed to one listing by a member of staff. No details of the resident."""

    listing = _counted_by("directory.ServicePage", "The listing the resident was referred to.")
    venue = _counted_by("directory.Venue", "Where the member of staff who made the referral works.")
    topic = _counted_by("directory.HelpTopic", "What the resident needed help with.")
    date = models.DateField(default=timezone.localdate, db_index=True, help_text="The day of the referral.")

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.date}: {self.listing or 'a removed listing'}"
