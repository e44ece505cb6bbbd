from django.db import models


class Measure(models.TextChoices):
    """What a daily total counts. `key`, `district` and `detail` on a DailyCount mean what each says."""

    # From the search log, summed by `manage.py update_insights`.
    SEARCHES = "searches", "Searches (by postcode district)"
    TOPIC = "topic", "Searches by help topic (key: topic slug)"
    LEVEL = "level", "Searches by level (key: level)"
    TOPIC_LEVEL = "topic_level", "Searches by topic (key) and level (detail)"
    WORDS = "words", "Words typed (key: the words)"
    ZERO = "zero", "Searches that found nothing (key: words, detail: filters)"
    FEW = "few", "Searches that found only a few (key: words, detail: filters)"
    UNMATCHED = "unmatched", "Words that named no help topic (key: the words)"
    # From referrals, summed by `manage.py update_insights`.
    REFERRAL_VENUE = "referral_venue", "Referrals by venue (key: venue id)"
    REFERRAL_TOPIC = "referral_topic", "Referrals by topic (key: topic id)"
    REFERRAL_LISTING = "referral_listing", "Referrals by listing (key: listing id)"
    REFERRAL_ORGANISATION = "referral_organisation", "Referrals by organisation (key: organisation id)"
    # Counted as they happen: nothing else is kept of them.
    VIEW = "view", "Listing page views (key: listing id)"
    HANDOUT = "handout", "Handouts opened to print"
    EMAIL = "email", "Shortlists emailed"


SEARCH_MEASURES = (
    Measure.SEARCHES,
    Measure.TOPIC,
    Measure.LEVEL,
    Measure.TOPIC_LEVEL,
    Measure.WORDS,
    Measure.ZERO,
    Measure.FEW,
    Measure.UNMATCHED,
)
REFERRAL_MEASURES = (
    Measure.REFERRAL_VENUE,
    Measure.REFERRAL_TOPIC,
    Measure.REFERRAL_LISTING,
    Measure.REFERRAL_ORGANISATION,
)
