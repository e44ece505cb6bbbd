"""Tables as every insights screen shows and downloads them, with the "fewer than 5" rule.

A count from 1 to 4 in a breakdown by postcode district could point to a person in a small place, so
it is shown as "fewer than 5", on screen and in the CSV alike. Nought is shown as 0: nobody is in it.
"""

import csv
import dataclasses

from django.http import HttpResponse

FEWER_THAN_5 = "fewer than 5"
SMALLEST_SHOWN = 5


def shown(count, *, by_district: bool):
    """A count as it may be shown: small counts hidden when the breakdown is by district."""
    if by_district and isinstance(count, int) and 0 < count < SMALLEST_SHOWN:
        return FEWER_THAN_5
    return count


@dataclasses.dataclass
class Column:
    title: str
    # A count is hidden under 5 in a table by district; a figure (a distance, a share) never is.
    is_count: bool = False
    numeric: bool = False


def compared_columns(
    *first: str, last: str | None = "Change", previous: str = "Previous period", counted: str = "Searches"
) -> list[Column]:
    """The columns of counts compared with the previous period: `first` (what each row is), the
    count (of searches, unless `counted` says what), the previous period's, and `last` (the change,
    say; None for none)."""
    columns = [Column(title) for title in first]
    columns += [
        Column(counted, is_count=True, numeric=True),
        Column(previous, is_count=True, numeric=True),
    ]
    return columns + ([Column(last)] if last else [])


@dataclasses.dataclass
class Table:
    slug: str
    caption: str
    columns: list[Column]
    rows: list[list]
    by_district: bool = False
    # Which column is the label and which the value when drawn as a chart (None: no chart).
    chart: tuple[int, int] | None = None
    chart_kind: str = "bars"
    empty: str = "Nothing to show for these dates."
    note: str = ""

    def display_rows(self) -> list[list]:
        return [
            [
                shown(value, by_district=self.by_district) if column.is_count else value
                for column, value in zip(self.columns, row, strict=True)
            ]
            for row in self.rows
        ]

    def bars(self) -> list[dict]:
        """(label, value or None when hidden, text) for each row, for a chart."""
        if not self.chart:
            return []
        label_index, value_index = self.chart
        bars = []
        for row, display in zip(self.rows, self.display_rows(), strict=True):
            raw = row[value_index]
            value = raw if isinstance(raw, int | float) and display[value_index] == raw else None
            bars.append({"label": str(row[label_index]), "value": value, "text": str(display[value_index])})
        return bars


def over_time(slug: str, caption: str, columns: list[Column], rows: list[list], unit: str) -> Table:
    """A table of weeks or months (`unit`), oldest first, drawn as columns. The dates asked for
    rarely start and end on a week's or month's edge, and the note says so."""
    return Table(
        slug,
        caption,
        columns,
        rows,
        chart=(0, 1),
        chart_kind="columns",
        note=f"The first and last {unit} may be part {unit}.",
    )


def change(now: int, before: int) -> str:
    """The change from the previous period, in words a coordinator reads at a glance."""
    if now == before:
        return "no change"
    if before == 0:
        return "new"
    percent = round((now - before) * 100 / before)
    return f"up {percent}%" if percent >= 0 else f"down {-percent}%"


def spreadsheet_safe(value) -> str:
    """Words typed by residents cannot start a formula when the file is opened in a spreadsheet."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_response(table: Table, filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    writer = csv.writer(response)
    writer.writerow([column.title for column in table.columns])
    for row in table.display_rows():
        writer.writerow(
            [value if isinstance(value, int | float) else spreadsheet_safe(value) for value in row]
        )
    return response


FEW_RESULTS_NOTE = (
    "Counts from 1 to 4 by postcode district are shown as 'fewer than 5', and their gap is not shown, "
    "so nobody in a small place can be picked out."
)
