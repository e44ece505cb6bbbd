"""Charts drawn on the server as SVG: no JavaScript, readable without colour (each bar carries its
value as text, and the table beside it has the same figures)."""

import dataclasses

from .tables import Table

BAR_HEIGHT = 22
GAP = 6
LABEL_WIDTH = 160
BAR_WIDTH = 210
VALUE_WIDTH = 90
MAX_BARS = 15
COLUMN_WIDTH = 46
COLUMN_AREA_HEIGHT = 160


@dataclasses.dataclass
class Bar:
    label: str
    text: str
    x: float
    y: float
    width: float
    height: float
    text_x: float
    text_y: float
    hidden: bool


@dataclasses.dataclass
class Chart:
    title: str
    width: int
    height: int
    bars: list[Bar]
    kind: str


def _short(label: str, length: int = 19) -> str:
    return label if len(label) <= length else label[: length - 1] + "…"


def horizontal(table: Table) -> Chart | None:
    """One bar a row, longest first as in the table, label on the left and value at the bar's end."""
    rows = table.bars()[:MAX_BARS]
    if not rows:
        return None
    biggest = max((row["value"] or 0 for row in rows), default=0) or 1
    bars = []
    for position, row in enumerate(rows):
        y = position * (BAR_HEIGHT + GAP)
        width = 0 if row["value"] is None else max(1, BAR_WIDTH * row["value"] / biggest)
        bars.append(
            Bar(
                label=_short(row["label"]),
                text=row["text"],
                x=LABEL_WIDTH,
                y=y,
                width=width,
                height=BAR_HEIGHT,
                text_x=LABEL_WIDTH + width + 6,
                text_y=y + BAR_HEIGHT - 6,
                hidden=row["value"] is None,
            )
        )
    height = len(rows) * (BAR_HEIGHT + GAP)
    return Chart(table.caption, LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH, height, bars, "bars")


def columns(table: Table) -> Chart | None:
    """One column a row, in time order (weeks, months), each with its value above it."""
    rows = table.bars()
    if not rows:
        return None
    biggest = max((row["value"] or 0 for row in rows), default=0) or 1
    bars = []
    top = 20
    for position, row in enumerate(rows):
        height = 0 if row["value"] is None else max(1, COLUMN_AREA_HEIGHT * row["value"] / biggest)
        x = position * (COLUMN_WIDTH + GAP)
        y = top + COLUMN_AREA_HEIGHT - height
        bars.append(
            Bar(
                label=_short(row["label"], 6),
                text=row["text"],
                x=x,
                y=y,
                width=COLUMN_WIDTH,
                height=height,
                text_x=x + COLUMN_WIDTH / 2,
                text_y=y - 4,
                hidden=row["value"] is None,
            )
        )
    width = max(len(rows) * (COLUMN_WIDTH + GAP), 200)
    return Chart(table.caption, width, top + COLUMN_AREA_HEIGHT + 22, bars, "columns")


def chart_for(table: Table) -> Chart | None:
    if not table.chart:
        return None
    return columns(table) if table.chart_kind == "columns" else horizontal(table)
