"""Reading a workbook's sheets as frames, with the work a malformed file can cause bounded.

openpyxl's read-only mode trusts the size a sheet declares and pads every row to it, so one stray
cell at ZZ100000 once cost 148 seconds (100,000 rows × 702 columns). Here the declared size is
dropped: each row is read only as wide as its last cell, missing rows cost nothing, and a value
beyond the header's last column is an error rather than a reason to widen the table.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
from openpyxl.utils import get_column_letter

from optimiser.instance.errors import InstanceError
from optimiser.instance.fields import ROW_LIMIT

#: What a sheet is read as: its header, stripped, and its rows of cell values (None where empty).
Sheet = tuple[list[str], list[tuple[Any, ...]]]


def read_sheets(book: Path, ignore: tuple[str, ...] = ()) -> dict[str, pd.DataFrame]:
    """Every worksheet of `book` but those named in `ignore` (left unread) as a frame of cell values
    (None where empty), headers stripped.

    Any defect of the file itself (not a zip, a zip that is not a workbook, a truncated or corrupt
    sheet) is an `InstanceError` naming the book and, where known, the sheet.
    """
    try:
        workbook = openpyxl.load_workbook(book, read_only=True, data_only=False)
    except Exception as error:
        # openpyxl raises many types for a zip that is not a workbook (KeyError for a missing part,
        # XML parse errors, InvalidFileException): whatever it is, the file is at fault.
        raise InstanceError(str(book), f"not a readable workbook: {_reason(error)}") from None
    sheets = {}
    try:
        for worksheet in workbook.worksheets:
            if worksheet.title in ignore:
                continue
            label = f"{book}[{worksheet.title}]"
            try:
                header, rows = _read_sheet(worksheet, label)
            except InstanceError:
                raise
            except Exception as error:
                raise InstanceError(label, f"not a readable sheet: {_reason(error)}") from None
            sheets[worksheet.title] = pd.DataFrame(rows, columns=header, dtype=object)
    finally:
        workbook.close()
    return sheets


def _reason(error: BaseException) -> str:
    text = " ".join(str(error).split()) or "no detail given"
    return f"{type(error).__name__}: {text[:200]}"


def _read_sheet(worksheet: Any, label: str) -> Sheet:
    """A sheet's header and rows, trailing blank rows dropped; formulas and stray cells refused."""
    worksheet.reset_dimensions()
    header: list[str] | None = None
    rows: list[tuple[Any, ...]] = []
    last_filled = 0
    for number, cells in enumerate(worksheet.iter_rows(), start=1):
        values = tuple(_value(cell, label, number) for cell in cells)
        if header is None:
            header = _header(values)
            continue
        width = len(header)
        stray = next((at for at in range(width, len(values)) if values[at] is not None), None)
        if stray is not None:
            column = get_column_letter(stray + 1)
            last = get_column_letter(max(width, 1))
            message = f"a value beyond the header's last column ({last}): {values[stray]!r}"
            raise InstanceError(label, message, number, f"column {column} (no header)")
        values = values[:width] + (None,) * (width - len(values))
        rows.append(values)
        if any(value is not None for value in values):
            last_filled = len(rows)
        if last_filled > ROW_LIMIT:
            message = f"more than the {ROW_LIMIT:,} rows any table of an instance may hold"
            raise InstanceError(label, message, number, None)
    return header or [], rows[:last_filled]


def _header(values: tuple[Any, ...]) -> list[str]:
    """Header cells as text without surrounding spaces (as a CSV header is read), trailing blanks dropped."""
    names = ["" if value is None else str(value).strip() for value in values]
    while names and names[-1] == "":
        names.pop()
    return names


def _value(cell: Any, label: str, row: int) -> Any:
    """A cell's value; a formula is refused, because only the values Excel last computed would be
    read and openpyxl, which writes workbooks, computes none."""
    if getattr(cell, "data_type", None) == "f":
        column = get_column_letter(cell.column)
        formula = str(getattr(cell.value, "text", cell.value))
        message = f"a formula ({formula[:60]}); an instance sheet holds values only: paste it as values"
        raise InstanceError(label, message, row, f"column {column}")
    return cell.value
