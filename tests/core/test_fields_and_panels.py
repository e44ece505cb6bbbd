from django import forms
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel

from core import fields
from core.choices import Cost
from core.panels import section


def test_a_section_takes_names_pairs_and_panels_in_the_order_the_form_reads():
    own_widget = FieldPanel("topics", widget=forms.CheckboxSelectMultiple)
    help_panel = HelpPanel("Check the dates")

    panel = section("What help", "description", ("cost", "cost_note"), own_widget, help_panel)

    assert panel.heading == "What help"
    first, row, third, fourth = panel.children
    assert type(first) is FieldPanel and first.field_name == "description"
    assert type(row) is FieldRowPanel
    assert [child.field_name for child in row.children] == ["cost", "cost_note"]
    assert third is own_widget and fourth is help_panel


def test_a_choice_given_a_value_has_that_value_as_its_default_and_its_list_as_choices():
    field = fields.choice(Cost.LOW_COST, "cost")

    assert field.default == Cost.LOW_COST
    assert field.choices == Cost.choices
    assert not fields.choice(Cost).has_default()


def test_a_positive_count_refuses_nought_and_more_than_its_limit_with_its_own_messages():
    field = fields.positive_count("places", "How many.", too_few="At least 1.", most=(10, "At most 10."))

    messages = {validator.limit_value: validator.message for validator in field.validators}
    assert messages[1] == "At least 1."
    assert messages[10] == "At most 10."
