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
    # The zero and few rows added up without the filters, or without district and filters, so the
    # unmet demand screen's coarser groupings read a few rows a day rather than every combination.
    ZERO_DISTRICT = "zero_district", "Searches that found nothing (key: words, with district)"
    ZERO_WORDS = "zero_words", "Searches that found nothing (key: words)"
    FEW_DISTRICT = "few_district", "Searches that found only a few (key: words, with district)"
    FEW_WORDS = "few_words", "Searches that found only a few (key: words)"
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
    Measure.ZERO_DISTRICT,
    Measure.ZERO_WORDS,
    Measure.FEW_DISTRICT,
    Measure.FEW_WORDS,
)
# Each coarser measure and the measure it adds up, keeping the fields named (the rest become "").
COARSER = {
    Measure.ZERO_DISTRICT: (Measure.ZERO, ("key", "district")),
    Measure.ZERO_WORDS: (Measure.ZERO, ("key",)),
    Measure.FEW_DISTRICT: (Measure.FEW, ("key", "district")),
    Measure.FEW_WORDS: (Measure.FEW, ("key",)),
}
# The measures unmet demand ranks: kept again by SearchGroup number (GroupDailyCount, GroupMonthlyCount).
GROUPED = (
    Measure.ZERO,
    Measure.FEW,
    Measure.ZERO_DISTRICT,
    Measure.ZERO_WORDS,
    Measure.FEW_DISTRICT,
    Measure.FEW_WORDS,
)
REFERRAL_MEASURES = (
    Measure.REFERRAL_VENUE,
    Measure.REFERRAL_TOPIC,
    Measure.REFERRAL_LISTING,
    Measure.REFERRAL_ORGANISATION,
)
