"""Model fields that several models declare alike, made in one place.

Each function returns a new field with the arguments the models share; what differs between
models (the help text, a related name) is passed in. A field made here deconstructs exactly as
the hand-written one did, so moving a model onto it needs no migration.
"""

import enum
import uuid

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from wagtail.fields import RichTextField

from .choices import Cost

charity_number_validator = RegexValidator(
    r"^(\d{6,8}(-\d{1,2})?|SC\d{6}|NIC?\d{5,6})$",
    "Enter a charity number such as 1234567, SC012345 or NIC100001.",
)
company_number_validator = RegexValidator(
    r"^([A-Z]{2}\d{6}|\d{8})$", "Enter an 8-character company number such as 01234567 or SC123456."
)


def open_data_id() -> models.UUIDField:
    """The record's id in the open data (Open Referral UK) and in imports: made once, never edited."""
    return models.UUIDField(default=uuid.uuid4, unique=True, editable=False)


def optional_link(to: str, help_text: str = "", *, related_name: str = "+", blank: bool = True, **options):
    """A link to another record that may be empty, and becomes empty when that record is deleted."""
    return models.ForeignKey(
        to,
        null=True,
        blank=blank,
        on_delete=models.SET_NULL,
        related_name=related_name,
        help_text=help_text,
        **options,
    )


def choice(choices, verbose_name=None, **options) -> models.CharField:
    """One of a fixed list's values (a `TextChoices` class), such as a status or how people book.

    Given one of the list's values instead of the list, that value is the default.
    """
    if isinstance(choices, enum.Enum):
        options["default"] = choices
        choices = type(choices)
    return models.CharField(verbose_name, max_length=20, choices=choices.choices, **options)


def short_text(help_text: str, verbose_name=None, **options) -> models.CharField:
    """A line of words (up to 200 characters) that may be left empty: a note, where exactly, a contact."""
    return models.CharField(verbose_name, max_length=200, blank=True, help_text=help_text, **options)


def tick_box(help_text: str, verbose_name=None, *, ticked: bool = False) -> models.BooleanField:
    """A yes or no an editor ticks, unticked unless `ticked`: free wifi, no session on bank holidays."""
    return models.BooleanField(verbose_name, default=ticked, help_text=help_text)


def optional_date(verbose_name: str, help_text: str) -> models.DateField:
    """A date an editor may leave empty, such as when something ends."""
    return models.DateField(verbose_name, null=True, blank=True, help_text=help_text)


def positive_count(
    verbose_name: str, help_text: str, *, too_few: str, most: tuple[int, str] | None = None, **options
) -> models.PositiveSmallIntegerField:
    """A number an editor types that is 1 or more (weeks apart, sessions in a course, places), and at
    most an optional limit: `too_few` and the limit's message say what to type instead."""
    validators = [MinValueValidator(1, too_few)]
    if most:
        validators.append(MaxValueValidator(*most))
    return models.PositiveSmallIntegerField(
        verbose_name, validators=validators, help_text=help_text, **options
    )


def charity_number(help_text: str) -> models.CharField:
    return models.CharField(
        max_length=12, blank=True, validators=[charity_number_validator], help_text=help_text
    )


def company_number(help_text: str) -> models.CharField:
    return models.CharField(
        max_length=8, blank=True, validators=[company_number_validator], help_text=help_text
    )


# What a session is, costs and what to bring: the same questions on a listing and an event.


def description(help_text: str) -> RichTextField:
    """What happens at a session, in rich text with links and lists."""
    return RichTextField(blank=True, features=["bold", "italic", "link", "ol", "ul"], help_text=help_text)


def cost() -> models.CharField:
    return choice(Cost.FREE, help_text="What it costs.")


def cost_note() -> models.CharField:
    return short_text("For example '£2 a session, tea and biscuits included'.")


def what_to_bring() -> models.TextField:
    return models.TextField(
        blank=True, help_text="For example 'Your phone or tablet, its charger and any passwords you know'."
    )
