from django import template
from django.urls import reverse

from ..shortlist import Shortlist

register = template.Library()


@register.inclusion_tag("assisted_digital/includes/shortlist_button.html", takes_context=True)
def shortlist_button(context, page_id: int, title: str):
    """ "Add to shortlist" (or "Remove from shortlist") for one listing or event: a small POST form that
    brings the resident back to the same place on the same page."""
    on_list, here, urls = _shortlist_buttons(context["request"])
    return {
        "page_id": page_id,
        "title": title,
        "on_list": page_id in on_list,
        "anchor": f"shortlist-{page_id}",
        "next": f"{here}#shortlist-{page_id}",
        **urls,
    }


def _shortlist_buttons(request) -> tuple[frozenset[int], str, dict[str, str]]:
    """What every button on a page shares, worked out for its first: what is on the list, this page's
    address and the forms' addresses. A results page has twenty buttons."""
    shared = getattr(request, "_shortlist_buttons", None)
    if shared is None:
        urls = {
            "add_url": reverse("assisted_digital:shortlist_add"),
            "remove_url": reverse("assisted_digital:shortlist_remove"),
            "shortlist_url": reverse("assisted_digital:shortlist"),
        }
        shared = (frozenset(Shortlist(request.session).ids), request.get_full_path(), urls)
        request._shortlist_buttons = shared
    return shared


@register.inclusion_tag("assisted_digital/includes/shortlist_link.html", takes_context=True)
def shortlist_link(context):
    """A "Your shortlist (3)" link for the site's main menu, once something is on the list."""
    request = context.get("request")
    count = len(Shortlist(request.session)) if request is not None and hasattr(request, "session") else 0
    return {"count": count, "request": request}


@register.simple_tag
def field_widget(field, css_class: str = "input"):
    """A form field's input, pointing screen readers at its hint and its error message."""
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}_helptext")
    if field.errors:
        described_by.append(f"{field.auto_id}_error")
    attrs = {"class": css_class + (" input--error" if field.errors else "")}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)
