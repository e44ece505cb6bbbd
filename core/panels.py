"""Sections of the admin's edit forms, written as the form reads: field names in order, a pair of
names for two fields side by side."""

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, Panel


def section(heading: str, *items: str | tuple[str, ...] | Panel) -> MultiFieldPanel:
    """Fields under a heading. Each item is a field's name, a tuple of names shown on one row, or a
    panel of another kind (a field with its own widget, a help panel)."""
    return MultiFieldPanel([_panel(item) for item in items], heading=heading)


def _panel(item: str | tuple[str, ...] | Panel) -> Panel:
    if isinstance(item, Panel):
        return item
    if isinstance(item, tuple):
        return FieldRowPanel([FieldPanel(name) for name in item])
    return FieldPanel(item)
