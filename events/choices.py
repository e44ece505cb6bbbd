from django.db import models


class Repeat(models.TextChoices):
    """How often an event happens. Each repeating choice becomes one RFC 5545 rule."""

    NONE = "none", "It does not repeat (a one-off)"
    WEEKLY = "weekly", "Every week"
    EVERY_N_WEEKS = "every_n_weeks", "Every few weeks (for example every other week)"
    MONTHLY_NTH = "monthly_nth", "Once a month, in the same week (for example the second Tuesday)"
    MONTHLY_LAST = "monthly_last", "Once a month, on the last one (for example the last Friday)"


class WeekOfMonth(models.IntegerChoices):
    FIRST = 1, "First"
    SECOND = 2, "Second"
    THIRD = 3, "Third"
    FOURTH = 4, "Fourth"


class Ends(models.TextChoices):
    NEVER = "never", "It carries on"
    ON_DATE = "on_date", "On a date"
    AFTER = "after", "After a number of sessions (for a course)"


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Going ahead"
    CANCELLED = "cancelled", "Cancelled"
    POSTPONED = "postponed", "Postponed"
    MOVED_ONLINE = "moved_online", "Moved online"


class Attendance(models.TextChoices):
    IN_PERSON = "in_person", "In person, at a venue"
    ONLINE = "online", "Online"
    MIXED = "mixed", "In person and online"


class Booking(models.TextChoices):
    NOT_NEEDED = "not_needed", "Just turn up"
    PHONE = "phone", "Book by phone"
    LINK = "link", "Book online"
