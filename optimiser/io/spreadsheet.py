"""Formatted workbooks: a table per sheet, ready to use in Excel, with every number exact.

A sheet written here has its header row frozen and filtered, each column as wide as what it shows,
and a number format on each numeric column chosen by the column's unit (`NUMBER_FORMATS`). The
formats change only what Excel displays: each cell holds the very double it was given. xlsxwriter
writes numbers to 16 significant digits, which can lose the last bit of a double; numbers are
therefore handed to it as `ExactNumber`, whose text is the shortest that reads back as the same
double (Excel reads and writes 17 digits itself), so a value read from the workbook equals the
value written.

The workbook is made in memory and returned as bytes, for the caller to write whole or not at all
(`optimiser.io.atomic.write_bytes`).
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd
import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

#: Excel number formats by the kind of figure a column holds. Money in £m shows 2 decimals and
#: says £m in every cell; beds and WTE one decimal; shares as percentages; counts as whole numbers.
NUMBER_FORMATS: dict[str, str] = {
    "gbpm": '£#,##0.00"m"',
    "gbp": "£#,##0.00",
    "beds": "#,##0.0",
    "wte": "#,##0.0",
    "share": "0.0%",
    "whole": "#,##0",
    "number": "#,##0.0###",
}
#: Characters shown by each format beyond the digits (currency signs, the "m" of £m, the % sign).
_DECORATION = {"gbpm": 2, "gbp": 1, "share": 1}
#: Decimals each format shows (for fitting the column's width).
_DECIMALS = {"gbpm": 2, "gbp": 2, "beds": 1, "wte": 1, "share": 1, "whole": 0, "number": 4}
#: The kind of a labelled row whose label names a sheet to link to (`write_pairs_sheet`).
LINK = "link"
#: Room for the header's filter button, in characters.
_FILTER_BUTTON = 3
#: No column is made wider than this many characters; longer text wraps out of view, as in Excel.
_WIDEST = 70
#: Whole numbers beyond this are written in exponent form (they are not exact in a double anyway).
_LARGEST_WHOLE = 1e16
#: Workbook options: text is always text (no formulas, numbers or links made out of it).
_OPTIONS = {
    "in_memory": True,
    "strings_to_numbers": False,
    "strings_to_formulas": False,
    "strings_to_urls": False,
}


class ExactNumber(float):
    """A float whose formatted text is the shortest that reads back as the same double, whatever
    format is asked for (xlsxwriter asks for 16 significant digits)."""

    def __format__(self, spec: str) -> str:
        return exact_text(float(self))


def exact_text(value: float) -> str:
    """`value` in the shortest text that reads back as the same double; whole numbers without a
    decimal point, as Excel writes them."""
    if value.is_integer() and abs(value) < _LARGEST_WHOLE:
        return str(int(value))
    return repr(value)


def unit_of_header(header: str) -> str | None:
    """The kind of figure a result column holds, from the unit its header carries (`_gbpm`,
    `_beds`, `_wte`, `share`), or None when the header names no unit."""
    words = header.lower().split("_")
    if "gbpm" in words:
        return "gbpm"
    if "beds" in words:
        return "beds"
    if "wte" in words:
        return "wte"
    if "share" in words:
        return "share"
    return None


def number_kind(values: pd.Series, unit: str | None) -> str:
    """The format kind of a numeric column: its unit's, else whole numbers or general figures."""
    if unit is not None:
        return unit
    present = values.dropna().to_numpy(dtype=float)
    if present.size and np.all(np.mod(present, 1) == 0):
        return "whole"
    return "number"


def workbook_bytes(build: Callable[[Workbook], None], created: datetime | None = None) -> bytes:
    """The bytes of a workbook that `build` fills. Given the time it was `created` (rather than
    now), the same content gives the same bytes."""
    made = io.BytesIO()
    book = xlsxwriter.Workbook(made, _OPTIONS)
    if created is not None:
        book.set_properties({"created": created})
    build(book)
    book.close()
    return made.getvalue()


def write_table_sheet(
    book: Workbook, name: str, frame: pd.DataFrame, kinds: Mapping[str, str] | None = None
) -> Worksheet:
    """`frame` as sheet `name`: bold header frozen and filtered, fitted widths, and each numeric
    column formatted by its kind in `kinds` (columns not given are judged by their header's unit)."""
    sheet = book.add_worksheet(name)
    header = book.add_format({"bold": True, "bottom": 1, "bg_color": "#DDEBF7"})
    for column, label in enumerate(frame.columns):
        values = frame[label]
        kind = _column_kind(values, str(label), kinds)
        cell_format = book.add_format({"num_format": NUMBER_FORMATS[kind]}) if kind else None
        sheet.write_string(0, column, str(label), header)
        _write_column(sheet, column, values, cell_format)
        sheet.set_column(column, column, _width(str(label), values, kind))
    sheet.freeze_panes(1, 0)
    if len(frame.columns):
        sheet.autofilter(0, 0, max(len(frame), 1), len(frame.columns) - 1)
    return sheet


def write_pairs_sheet(
    book: Workbook, name: str, rows: Sequence[tuple[str, Any, str | None]], header: Sequence[str]
) -> Worksheet:
    """A sheet of labelled values, one a row (label, value, unit kind or None), under `header`
    (three column names). A value is formatted by its own row's kind; a row without a label is a
    heading in bold; a row of kind `LINK` names a sheet of the workbook, its label a link to it."""
    sheet = book.add_worksheet(name)
    bold = book.add_format({"bold": True})
    header_format = book.add_format({"bold": True, "bottom": 1, "bg_color": "#DDEBF7"})
    formats: dict[str, Format] = {}
    for column, label in enumerate(header):
        sheet.write_string(0, column, label, header_format)
    for number, (label, value, kind) in enumerate(rows, start=1):
        if not label:
            sheet.write_string(number, 0, str(value), bold)
            continue
        if kind == LINK:
            sheet.write_url(number, 0, f"internal:'{label}'!A1", string=label)
            sheet.write_string(number, 1, str(value))
            continue
        sheet.write_string(number, 0, label)
        if kind is not None and kind not in formats:
            formats[kind] = book.add_format({"num_format": NUMBER_FORMATS[kind]})
        _write_cell(sheet, number, 1, value, formats.get(kind) if kind else None)
        sheet.write_string(number, 2, _UNIT_WORDS.get(kind or "", ""))
    widths = [max([len(header[0]), *(len(str(row[0])) for row in rows)]), _WIDEST, len(header[2]) + 4]
    for column, width in enumerate(widths):
        sheet.set_column(column, column, min(width + 2, _WIDEST))
    sheet.freeze_panes(1, 0)
    return sheet


#: The unit a value of each kind is in, in words.
_UNIT_WORDS = {"gbpm": "£m", "gbp": "£", "beds": "beds", "wte": "WTE", "share": "share"}


def _column_kind(values: pd.Series, label: str, kinds: Mapping[str, str] | None) -> str | None:
    """The format kind of a column, or None for a column that is not numeric."""
    if not _is_numeric(values):
        return None
    given = (kinds or {}).get(label)
    return given if given is not None else number_kind(values, unit_of_header(label))


def _is_numeric(values: pd.Series) -> bool:
    """Numbers and blanks only, and at least one number (booleans are not numbers here)."""
    if pd.api.types.is_bool_dtype(values):
        return False
    if pd.api.types.is_numeric_dtype(values):
        return bool(values.notna().any())
    present = values.dropna()
    return bool(len(present)) and all(
        isinstance(value, int | float | np.number) and not isinstance(value, bool | np.bool_)
        for value in present
    )


def _write_column(sheet: Worksheet, column: int, values: pd.Series, cell_format: Format | None) -> None:
    for row, value in enumerate(values.tolist(), start=1):
        _write_cell(sheet, row, column, value, cell_format)


def _write_cell(sheet: Worksheet, row: int, column: int, value: Any, cell_format: Format | None) -> None:
    """One cell, by the value's type: blank, boolean, exact number or text."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return
    if isinstance(value, bool | np.bool_):
        sheet.write_boolean(row, column, bool(value), cell_format)
    elif isinstance(value, int | float | np.number):
        sheet.write_number(row, column, ExactNumber(float(value)), cell_format)
    else:
        sheet.write_string(row, column, str(value), cell_format)


def _width(label: str, values: pd.Series, kind: str | None) -> float:
    """Characters enough for the header (with its filter button) and the widest value shown."""
    widest = len(label) + _FILTER_BUTTON
    present = values.dropna()
    if not len(present):
        return widest
    if kind is None:
        shown = int(present.astype(str).str.len().max())
    else:
        largest = float(np.max(np.abs(present.to_numpy(dtype=float))))
        scale = 100 if kind == "share" else 1
        shown = len(f"-{largest * scale:,.{_DECIMALS[kind]}f}") + _DECORATION.get(kind, 0)
    return min(max(widest, shown + 1), _WIDEST)
