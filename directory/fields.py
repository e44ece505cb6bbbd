from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.lookups import Contains
from modelcluster.fields import ParentalManyToManyField

from core.choices import SkillLevel


class ChoiceSetField(models.CharField):
    """Several values from a fixed set of choices, such as the skill levels a listing covers.

    Stored as ",foundation,life," so that one value is matched with `levels__has="life"` on both
    SQLite and PostgreSQL, without a join table for a list that never changes.
    """

    description = "A set of values from fixed choices"

    def __init__(self, *args, item_choices=(), **kwargs):
        self.item_choices = list(item_choices)
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["item_choices"] = self.item_choices
        return name, path, args, kwargs

    @property
    def allowed_values(self) -> list[str]:
        return [value for value, _label in self.item_choices]

    def to_python(self, value):
        if value is None or value == "":
            return []
        items = [item for item in value.split(",") if item] if isinstance(value, str) else list(value)
        order = self.allowed_values
        # Keep the choices' order so equal sets compare equal and display consistently.
        return sorted(set(items), key=lambda item: order.index(item) if item in order else len(order))

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def get_prep_value(self, value):
        items = self.to_python(value)
        return f",{','.join(items)}," if items else ""

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))

    def validate(self, value, model_instance):
        unknown = [item for item in self.to_python(value) if item not in self.allowed_values]
        if unknown:
            raise ValidationError(f"Not a valid choice: {', '.join(unknown)}.", code="invalid_choice")
        if not value and not self.blank:
            raise ValidationError(self.error_messages["blank"], code="blank")

    def formfield(self, **kwargs):
        defaults = {
            "form_class": forms.TypedMultipleChoiceField,
            "choices": self.item_choices,
            "widget": forms.CheckboxSelectMultiple,
            "required": not self.blank,
            "label": self.verbose_name.capitalize(),
            "help_text": self.help_text,
        }
        defaults.update(kwargs)
        form_class = defaults.pop("form_class")
        for key in ("max_length", "empty_value", "choices_form_class", "coerce"):
            defaults.pop(key, None)
        return form_class(**defaults)


@ChoiceSetField.register_lookup
class Has(Contains):
    """`levels__has="life"`: the set contains this one value."""

    lookup_name = "has"
    prepare_rhs = False

    def get_prep_lookup(self):
        return f",{self.rhs},"

    def get_rhs_op(self, connection, rhs):
        # The database operator is that of `contains`; only the value is wrapped in commas.
        return connection.operators["contains"] % rhs


def skill_levels(*, blank: bool) -> ChoiceSetField:
    """The Essential Digital Skills levels a listing or an event is right for."""
    return ChoiceSetField(
        "skill levels",
        item_choices=SkillLevel.choices,
        blank=blank,
        help_text="Who this is right for. Tick all that apply.",
    )


def venue_link(related_name: str, help_text: str, *, optional: bool = False) -> models.ForeignKey:
    """The building where a listing or an event is on. A venue in use cannot be deleted, so nothing
    loses its address without an editor choosing another."""
    return models.ForeignKey(
        "directory.Venue",
        null=optional,
        blank=optional,
        on_delete=models.PROTECT,
        related_name=related_name,
        help_text=help_text,
    )


def terms(
    vocabulary: str, help_text: str, *, related_name: str, blank: bool = True, parental: bool = False
) -> models.ManyToManyField:
    """The terms ticked from one of the directory's vocabularies (help topics, formats, access
    facilities). `parental` for a page's, so that a draft and its revisions keep what was ticked."""
    field_class = ParentalManyToManyField if parental else models.ManyToManyField
    return field_class(vocabulary, blank=blank, related_name=related_name, help_text=help_text)
