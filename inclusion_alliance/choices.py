from django.db import models


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a decision"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Turned down"


class ProblemKind(models.TextChoices):
    """What a resident says is wrong with a listing or event, in their words."""

    TIMES = "times", "The days or times are wrong"
    PLACE = "place", "The place or address is wrong"
    CLOSED = "closed", "It has stopped or closed"
    CONTACT = "contact", "The phone number, email or website is wrong"
    OTHER = "other", "Something else"


class ReportStatus(models.TextChoices):
    OPEN = "open", "Open"
    RESOLVED = "resolved", "Resolved"


class ReminderStage(models.TextChoices):
    """How stale a listing is when its editors are reminded (see inclusion_alliance/freshness.py)."""

    REVIEW = "review", "Not checked for 6 months"
    OUT_OF_DATE = "out_of_date", "Not checked for 12 months"
