"""How the report writes numbers, and its tables as plain rows of text.

Every figure on the page goes through these functions, so that a number reads the same in the
headline, a table and a caption, and a test can format `summary.json`'s value the same way.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pandas as pd

#: An empty cell: a figure the folder does not hold (not a zero).
MISSING = "—"


def _finite(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _signed(text: str, number: float) -> str:
    # A true minus sign, not a hyphen, reads as one in every font and screen reader.
    return f"−{text}" if number < 0 else text


def _formatted(value: object, smallest: float, shown: Callable[[float], str]) -> str:
    """`value` written by `shown` (given its size), signed; below `smallest` it reads as 0, so that
    rounding never shows a −0; a missing or non-finite value is a dash."""
    number = _finite(value)
    if number is None:
        return MISSING
    number = 0.0 if abs(number) < smallest else number
    return _signed(shown(abs(number)), number)


def money(value: object) -> str:
    """£m to two decimals: £207.87m, −£1.05m."""
    return _formatted(value, 5e-3, lambda size: f"£{size:,.2f}m")


def beds(value: object) -> str:
    """Beds to one decimal: 1,206.6 beds."""
    return _formatted(value, 5e-2, lambda size: f"{size:,.1f} beds")


def wte(value: object) -> str:
    """Whole-time equivalent staff to one decimal: 12.3 WTE."""
    return _formatted(value, 5e-2, lambda size: f"{size:,.1f} WTE")


def share(value: object) -> str:
    """A share as a percentage to one decimal: 15.9%."""
    return _formatted(value, 5e-4, lambda size: f"{size * 100:,.1f}%")


def plain(value: object) -> str:
    """A number in its own unit (a scale, a multiplier), to four significant figures."""
    number = _finite(value)
    if number is None:
        return MISSING if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)
    number = 0.0 if abs(number) < 5e-9 else number
    return _signed(f"{abs(number):,.4g}", number)


def text(value: object) -> str:
    """Any cell as text; a missing one as a dash."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING
    return str(value)


@dataclass(frozen=True)
class Column:
    """A table column: its heading (with its unit) and how its cells are written."""

    heading: str
    source: str
    write: Callable[[object], str] = text
    numeric: bool = True


@dataclass(frozen=True)
class Table:
    """A table as the page shows it: headings, rows of text, and which columns are numbers."""

    caption: str
    headings: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]
    #: Inline background and text colours per cell (the heat table), empty for plain tables.
    styles: tuple[tuple[str, ...], ...] = field(default=())
    note: str = ""


def table(caption: str, frame: pd.DataFrame, columns: Sequence[Column], note: str = "") -> Table:
    """`frame`'s columns written as `columns` say, in its row order."""
    rows = tuple(
        tuple(column.write(value) for column, value in zip(columns, values, strict=True))
        for values in frame[[column.source for column in columns]].itertuples(index=False, name=None)
    )
    return Table(
        caption=caption,
        headings=tuple(column.heading for column in columns),
        rows=rows,
        numeric=tuple(column.numeric for column in columns),
        note=note,
    )
