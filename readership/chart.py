"""A bar chart drawn on the server as SVG: no script, and the same figures go in a table."""

from dataclasses import dataclass

WIDTH = 720
HEIGHT = 240
AXIS_SPACE = 24


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str


def bars_of(values: list[tuple[str, int | None]]) -> list[Bar]:
    """One bar per (label, value); None draws no bar (a number not to be shown)."""
    if not values:
        return []
    top = max((value or 0 for _, value in values), default=0) or 1
    slot = WIDTH / len(values)
    drawable = HEIGHT - AXIS_SPACE
    bars = []
    for index, (label, value) in enumerate(values):
        height = drawable * (value or 0) / top
        bars.append(
            Bar(
                x=round(index * slot + slot * 0.1, 2),
                y=round(drawable - height, 2),
                width=round(slot * 0.8, 2),
                height=round(height, 2),
                label=label,
            )
        )
    return bars


ROW_HEIGHT = 28
LABEL_WIDTH = 260
LABEL_MAX_CHARACTERS = 34
MOST_ROWS = 15


@dataclass
class Row:
    y: float
    width: float
    label: str
    value: str


def rows_of(values: list[tuple[str, int | None]]) -> tuple[list[Row], int]:
    """A horizontal bar chart's rows, the most first (at most MOST_ROWS), and its height; None
    draws no bar (a number not to be shown) and says "fewer than 10"."""
    shown = values[:MOST_ROWS]
    top = max((value or 0 for _, value in shown), default=0) or 1
    drawable = WIDTH - LABEL_WIDTH - 60
    rows = [
        Row(
            y=index * ROW_HEIGHT,
            width=round(drawable * (value or 0) / top, 2),
            label=label
            if len(label) <= LABEL_MAX_CHARACTERS
            else label[: LABEL_MAX_CHARACTERS - 1] + "…",
            value="fewer than 10" if value is None else str(value),
        )
        for index, (label, value) in enumerate(shown)
    ]
    return rows, max(len(rows), 1) * ROW_HEIGHT
