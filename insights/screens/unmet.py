"""Unmet demand: searches that found nothing or only a few results, and words that named no topic."""

from django import forms
from django.utils import timezone

from .. import labels
from ..choices import Measure
from ..periods import Period
from ..queries import group_totals, top_groups, totals, totals_and_seen
from ..tables import Table, compared_columns
from ..totals import FEW_RESULTS

TOP_ROWS = 50
GROUPINGS = {
    "words": ("Words", ("key",)),
    "district": ("Words and postcode district", ("key", "district")),
    "filters": ("Words, postcode district and filters", ("key", "district", "detail")),
}
# The totals each grouping reads: the coarser ones add up fewer rows (see rollups.py).
READ_FROM = {
    (Measure.ZERO, "words"): Measure.ZERO_WORDS,
    (Measure.ZERO, "district"): Measure.ZERO_DISTRICT,
    (Measure.FEW, "words"): Measure.FEW_WORDS,
    (Measure.FEW, "district"): Measure.FEW_DISTRICT,
}
NO_WORDS = "(no words: filters or place only)"


class GroupingForm(forms.Form):
    group = forms.ChoiceField(
        label="Group searches by",
        choices=[(value, label) for value, (label, _fields) in GROUPINGS.items()],
        required=False,
        initial="district",
        help_text="Grouping by district hides counts under 5, so nobody in a small place can be picked out.",
    )

    def grouping(self) -> str:
        if self.is_valid() and self.cleaned_data["group"]:
            return self.cleaned_data["group"]
        return "district"


def _when(moment) -> str:
    return f"{timezone.localtime(moment):%-d %b %Y %H:%M}" if moment else ""


def grouped(measure: str, period: Period, grouping: str, slug: str, caption: str) -> Table:
    _label, fields = GROUPINGS[grouping]
    measure = READ_FROM.get((measure, grouping), measure)
    ordered = top_groups(measure, period, TOP_ROWS)
    # Only the groups shown need their previous figure: read only theirs.
    before = group_totals(measure, period.before(), [pk for pk, _group, _count, _seen in ordered])
    firsts = ["Words typed"]
    if "district" in fields:
        firsts.append("Postcode district")
    if "detail" in fields:
        firsts.append("Filters")
    columns = compared_columns(*firsts, last="Last seen")
    rows = []
    for pk, (words, district, filters), count, seen in ordered:
        row = [words or NO_WORDS]
        if "district" in fields:
            row.append(labels.district_name(district))
        if "detail" in fields:
            row.append(filters or "none")
        rows.append([*row, count, before.get(pk, 0), _when(seen)])
    # Charted only by words: a bar labelled with words alone would repeat for each district.
    chart = (0, 1) if fields == ("key",) else None
    return Table(slug, caption, columns, rows, by_district="district" in fields, chart=chart)


def unmatched_words(period: Period) -> Table:
    """Words that named no help topic. Read again now, so words given a synonym since drop out."""
    from search.understanding import read_query

    now = totals_and_seen(Measure.UNMATCHED, period)
    before = totals(Measure.UNMATCHED, period.before())
    ordered = sorted(now.items(), key=lambda item: (-item[1][0], item[0]))
    rows = []
    for words, (count, seen) in ordered:
        if read_query(words).topics:
            continue
        rows.append([words, count, before.get(words, 0), _when(seen)])
        if len(rows) == TOP_ROWS:
            break
    return Table(
        "unmatched",
        "Words that matched no help topic",
        compared_columns("Words typed", last="Last seen"),
        rows,
        chart=(0, 1),
        empty="Every search in these dates named a help topic, or had no words.",
    )


def tables(period: Period, grouping: str) -> list[Table]:
    return [
        grouped(Measure.ZERO, period, grouping, "zero", "Searches that found nothing"),
        grouped(
            Measure.FEW,
            period,
            grouping,
            "few",
            f"Searches that found only {FEW_RESULTS} results or fewer",
        ),
        unmatched_words(period),
    ]
