"""What changed between two versions of a listing, in words, for the coordinator approving it.

Wagtail's compare view lists each field. For our pages it showed a change of time as empty
"Venue / Note / When" rows (it does not look inside a venue's regular times), and marked a description
nobody touched as changed (the editor adds invisible block keys to its paragraphs). These comparisons
say instead: "Every Tuesday: 10:00–12:00 → 10:00–12:30 at Marple Library", "Venue added: ...",
"Topics added: Email".
"""

import re

from django.utils.html import format_html, format_html_join
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.compare import FieldComparison, M2MFieldComparison, RichTextFieldComparison
from wagtail.admin.compare import register_comparison_class as register
from wagtail.fields import RichTextField

from .fields import ChoiceSetField

BLOCK_KEY_RE = re.compile(r'\s+data-block-key="[^"]*"')


def normalise_html(html: str | None) -> str:
    """Rich text as it reads: without the editor's block keys or differences in white space."""
    return " ".join(BLOCK_KEY_RE.sub("", html or "").split())


class RichTextComparison(RichTextFieldComparison):
    def has_changed(self):
        return normalise_html(self.val_a) != normalise_html(self.val_b)


class TermsComparison(M2MFieldComparison):
    """Ticked terms (topics, formats, audiences, languages): which were added and which removed."""

    def get_items(self):
        return sorted(self.val_a, key=str), sorted(self.val_b, key=str)

    def changes(self) -> tuple[list[str], list[str]]:
        before, after = (set(map(str, items)) for items in self.get_items())
        return sorted(after - before), sorted(before - after)

    def has_changed(self):
        added, removed = self.changes()
        return bool(added or removed)

    def htmldiff(self):
        added, removed = self.changes()
        if not (added or removed):
            return ", ".join(str(item) for item in self.get_items()[1]) or "None ticked"
        lines = []
        if added:
            lines.append(("addition", "Added: " + ", ".join(added)))
        if removed:
            lines.append(("deletion", "Removed: " + ", ".join(removed)))
        return format_html_join("", '<p><span class="{}">{}</span></p>', lines)


class ChoiceSetComparison(FieldComparison):
    """Ticked fixed choices (skill levels), by their labels."""

    def labels(self, values) -> list[str]:
        names = dict(self.field.item_choices)
        return [str(names.get(value, value)) for value in values or []]

    def has_changed(self):
        return list(self.val_a or []) != list(self.val_b or [])

    def htmldiff(self):
        before, after = self.labels(self.val_a), self.labels(self.val_b)
        added = [label for label in after if label not in before]
        removed = [label for label in before if label not in after]
        lines = [("addition", f"Added: {', '.join(added)}")] if added else []
        lines += [("deletion", f"Removed: {', '.join(removed)}")] if removed else []
        if not lines:
            return ", ".join(after) or "None ticked"
        return format_html_join("", '<p><span class="{}">{}</span></p>', lines)


register(RichTextField, comparison_class=RichTextComparison)
register(ParentalManyToManyField, comparison_class=TermsComparison)
register(ChoiceSetField, comparison_class=ChoiceSetComparison)


# -- venues and regular times ---------------------------------------------------------------------


def times_words(schedule) -> str:
    return f"{schedule.opens_at:%H:%M}–{schedule.closes_at:%H:%M}"


def when_words(schedule) -> str:
    """'Every Tuesday', with the first and last dates if it has them."""
    words = schedule.regular_time.describe_day()
    if schedule.valid_from:
        words += f" from {schedule.valid_from:%-d %B %Y}"
    if schedule.valid_to:
        words += f" until {schedule.valid_to:%-d %B %Y}"
    return words


def pair_rows(rows_a: list, rows_b: list, key) -> tuple[list[tuple], list, list]:
    """Match rows of two versions: the same row (its id), else the same `key`. Returns the pairs,
    the rows only in A (removed) and the rows only in B (added)."""
    rest_a, rest_b, pairs = list(rows_a), list(rows_b), []
    for match in (lambda a, b: a.pk is not None and a.pk == b.pk, lambda a, b: key(a) == key(b)):
        for row_a in list(rest_a):
            row_b = next((row for row in rest_b if match(row_a, row)), None)
            if row_b is not None:
                pairs.append((row_a, row_b))
                rest_a.remove(row_a)
                rest_b.remove(row_b)
    return pairs, rest_a, rest_b


def schedule_changes(rows_a: list, rows_b: list, where: str) -> list[tuple[str, str]]:
    """(kind, sentence) for each regular time changed, added or removed `where`."""
    changes = []
    pairs, removed, added = pair_rows(rows_a, rows_b, key=lambda row: (row.day, row.repeat))
    for before, after in pairs:
        if when_words(before) != when_words(after):
            changes.append(
                (
                    "change",
                    f"{when_words(before)} {times_words(before)} → {when_words(after)} "
                    f"{times_words(after)} {where}",
                )
            )
        elif times_words(before) != times_words(after):
            changes.append(
                ("change", f"{when_words(after)}: {times_words(before)} → {times_words(after)} {where}")
            )
        if before.note != after.note:
            changes.append(
                ("change", f"Note for {when_words(after)} {where}: “{before.note}” → “{after.note}”")
            )
    changes += [("deletion", f"Removed: {when_words(row)} {times_words(row)} {where}") for row in removed]
    changes += [("addition", f"Added: {when_words(row)} {times_words(row)} {where}") for row in added]
    return changes


def venue_name(location) -> str:
    return str(location.venue) if location.venue_id else "a venue not yet chosen"


class WhereAndWhenComparison:
    """Venues added or removed, and each regular time changed at each venue, as sentences."""

    is_field = True
    is_child_relation = False

    def __init__(self, obj_a, obj_b, label="Where and when"):
        self.label = label
        self.changes = self.find_changes(obj_a, obj_b)

    def field_label(self):
        return self.label

    def find_changes(self, obj_a, obj_b) -> list[tuple[str, str]]:
        locations_a, locations_b = list(obj_a.locations.all()), list(obj_b.locations.all())
        pairs, removed, added = pair_rows(locations_a, locations_b, key=lambda row: row.venue_id)
        changes = [("deletion", f"Venue removed: {venue_name(row)}") for row in removed]
        for row in added:
            changes.append(("addition", f"Venue added: {venue_name(row)}"))
            changes += schedule_changes([], list(row.schedules.all()), f"at {venue_name(row)}")
        for before, after in pairs:
            where = f"at {venue_name(after)}"
            if before.venue_id != after.venue_id:
                changes.append(("change", f"Venue changed: {venue_name(before)} → {venue_name(after)}"))
            if before.note != after.note:
                changes.append(("change", f"Note {where}: “{before.note}” → “{after.note}”"))
            changes += schedule_changes(list(before.schedules.all()), list(after.schedules.all()), where)
        places_after = [locations_b.index(b) for a, b in sorted(pairs, key=lambda p: locations_a.index(p[0]))]
        if places_after != sorted(places_after):
            changes.append(("change", "The venues are in a different order."))
        return changes

    def has_changed(self):
        return bool(self.changes)

    def htmldiff(self):
        if not self.changes:
            return "No change"
        return format_html(
            '<ul class="comparison__sentences">{}</ul>',
            format_html_join("", '<li><span class="{}">{}</span></li>', self.changes),
        )


class RemoteTimesComparison(WhereAndWhenComparison):
    def __init__(self, obj_a, obj_b, label="Phone or online help"):
        self.label = label
        rows_a, rows_b = list(obj_a.remote_schedules.all()), list(obj_b.remote_schedules.all())
        self.changes = schedule_changes(rows_a, rows_b, "by phone or online")
