from django.db import models


class SkillLevel(models.TextChoices):
    """The three levels of the Essential Digital Skills framework (DfE 2018, updated 2022).

    The label is what residents read; `framework_name` is what the council and the framework call it.
    """

    FOUNDATION = "foundation", "I'm new to this"
    LIFE = "life", "I know the basics"
    WORK = "work", "I want skills for work"

    @property
    def framework_name(self) -> str:
        return {"foundation": "Foundation", "life": "Life", "work": "Work"}[self.value]

    @property
    def description(self) -> str:
        return SKILL_LEVEL_DESCRIPTIONS[self.value]


SKILL_LEVEL_DESCRIPTIONS = {
    "foundation": "Switching on a device, using wifi, a web browser and passwords.",
    "life": "Email, video calls, shopping and banking, the NHS App, benefits and staying safe.",
    "work": "Applying for jobs, writing a CV and using computers at work.",
}


class Cost(models.TextChoices):
    FREE = "free", "Free"
    LOW_COST = "low_cost", "Low cost"
    PAID = "paid", "Paid"


def cost_in_words(cost: str, note: str = "") -> str:
    """What a session costs, as a resident reads it on paper: "Free", "Low cost: £2 a session"."""
    return Cost(cost).label + (f": {note}" if note else "")


def cost_sentence(cost: str, note: str = "") -> str:
    """What something costs, to follow "Cost: " in a sentence: "free.", "free. Printing is 10p a page.",
    "£2 a session.". A note that already says the cost ("Free. Printing is 10p a page.") is not
    repeated after the label, which would read "Free: Free.", and a note with a price speaks for itself."""
    label = Cost(cost).label.lower()
    note = " ".join(note.split()).rstrip(".")
    if not note:
        return f"{label}."
    says_the_cost = label in note.lower() or note.startswith("£")
    text = note if says_the_cost else f"{label}. {note}"
    # "Free. Printing..." after "Cost: " reads "Cost: free. Printing...".
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        text = text[0].lower() + text[1:]
    return f"{text}."


class HowToTakePart(models.TextChoices):
    DROP_IN = "drop_in", "Just turn up"
    BOOK = "book", "You need to book"
    REFERRAL = "referral", "You need a referral"


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", "Running"
    TEMPORARILY_CLOSED = "temporarily_closed", "Temporarily closed"
    CLOSED = "closed", "Closed"


class Weekday(models.TextChoices):
    """RFC 5545 weekday codes, in the order Python's date.weekday() counts them."""

    MONDAY = "MO", "Monday"
    TUESDAY = "TU", "Tuesday"
    WEDNESDAY = "WE", "Wednesday"
    THURSDAY = "TH", "Thursday"
    FRIDAY = "FR", "Friday"
    SATURDAY = "SA", "Saturday"
    SUNDAY = "SU", "Sunday"

    @property
    def index(self) -> int:
        return WEEKDAY_INDEX[self.value]


WEEKDAY_INDEX = {code: number for number, code in enumerate(Weekday.values)}


class Repeat(models.TextChoices):
    """How often a regular session happens. Each maps to one RFC 5545 rule."""

    WEEKLY = "weekly", "Every week"
    FORTNIGHTLY = "fortnightly", "Every 2 weeks"
    MONTHLY_1 = "monthly_1", "First of the month"
    MONTHLY_2 = "monthly_2", "Second of the month"
    MONTHLY_3 = "monthly_3", "Third of the month"
    MONTHLY_4 = "monthly_4", "Fourth of the month"
    MONTHLY_LAST = "monthly_last", "Last of the month"


class VenueKind(models.TextChoices):
    LIBRARY = "library", "Library"
    COMMUNITY_CENTRE = "community_centre", "Community centre"
    CHURCH = "church", "Church or faith centre"
    COUNCIL_OFFICE = "council_office", "Council or housing office"
    COLLEGE = "college", "College"
    JOBCENTRE = "jobcentre", "Jobcentre"
    OTHER = "other", "Other"
