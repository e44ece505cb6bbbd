"""Template tags for the Alliance's public forms and the freshness notice on listings."""

from django import forms, template
from django.urls import reverse

from ..freshness import may_be_out_of_date as _may_be_out_of_date
from ..spam import HONEYPOT_FIELD
from ..views import REPORTABLE_PAGE_TYPES

register = template.Library()

CHOICE_WIDGETS = (forms.RadioSelect, forms.CheckboxSelectMultiple)


def field_anchor(field) -> str:
    """The id an error summary links to: the input itself, or the first of a group of choices."""
    if isinstance(field.field.widget, CHOICE_WIDGETS):
        return f"{field.auto_id}_0"
    return field.auto_id


@register.inclusion_tag("inclusion_alliance/includes/field.html")
def form_field(field, width=""):
    """One form field the accessible way: a label (or a legend for a group of choices), hint and error
    text tied to the input with aria-describedby, and aria-invalid when there is an error."""
    widget = field.field.widget
    hint_id = f"{field.auto_id}-hint" if field.help_text else ""
    error_id = f"{field.auto_id}-error" if field.errors else ""
    described_by = " ".join(part for part in (hint_id, error_id) if part)
    if isinstance(widget, CHOICE_WIDGETS):
        kind, html = "choices", ""
        widget.attrs["class"] = "choice__input"  # the form's own copy of the widget
    else:
        attrs = {}
        if isinstance(widget, forms.CheckboxInput):
            kind, attrs["class"] = "checkbox", "choice__input"
        else:
            kind = "input"
            attrs["class"] = " ".join(
                part
                for part in (
                    "input",
                    f"input--{width}" if width else "",
                    "input--error" if field.errors else "",
                )
                if part
            )
        if described_by:
            attrs["aria-describedby"] = described_by
        if field.errors:
            attrs["aria-invalid"] = "true"
        html = field.as_widget(attrs=attrs)
    return {
        "field": field,
        "kind": kind,
        "input": html,
        "hint_id": hint_id,
        "error_id": error_id,
        "described_by": described_by,
    }


@register.inclusion_tag("inclusion_alliance/includes/error_summary.html")
def error_summary(form):
    """The list of problems at the top of a form, each linked to its field."""
    errors = [{"message": message, "anchor": ""} for message in form.non_field_errors()]
    for field in form:
        if field.name == HONEYPOT_FIELD:
            continue
        errors += [{"message": message, "anchor": field_anchor(field)} for message in field.errors]
    return {"errors": errors}


@register.inclusion_tag("inclusion_alliance/includes/honeypot.html")
def honeypot(form):
    return {"field": form[HONEYPOT_FIELD]}


@register.filter
def may_be_out_of_date(listing) -> bool:
    return _may_be_out_of_date(listing)


def report_problem_url(page) -> str:
    """Where to report a problem with a listing or event ("" for other kinds of page)."""
    if page is None or page.specific_class is None:
        return ""
    if page.specific_class._meta.label_lower not in REPORTABLE_PAGE_TYPES:
        return ""
    return reverse("inclusion_alliance:report_problem", args=[page.pk])


@register.inclusion_tag("inclusion_alliance/includes/report_link_tag.html")
def report_problem_link(page):
    """'Report a problem with this listing' (or event): a link to the short public form."""
    url = report_problem_url(page)
    kind = page.specific_class._meta.verbose_name if url else ""
    return {"url": url, "kind": kind}
