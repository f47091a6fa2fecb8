"""Reading one CSV table as strings, with a clear word for each way Excel and editors write CSV.

A UTF-8 byte-order mark and CRLF or CR-only line endings are read as they are meant. Text in
another encoding (Windows-1252 from Excel's plain "CSV", UTF-16 from "Unicode Text") and files
separated by semicolons or tabs are refused with a hint to save as "CSV UTF-8 (Comma delimited)".
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd

from optimiser.instance.config import printable
from optimiser.instance.errors import InstanceError
from optimiser.instance.fields import ROW_LIMIT
from optimiser.instance.tables import spreadsheet_row

SAVE_AS = "save it from Excel as 'CSV UTF-8 (Comma delimited)'"
_UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")
_UTF8_MARK = b"\xef\xbb\xbf"
# The most records a table may have to be read with the csv module rather than pandas' parser.
_CSV_MODULE_RECORDS = 20_000


def read_csv(file: Path) -> pd.DataFrame:
    """Read a CSV table as strings, insisting that every row has as many fields as the header.

    Fields are counted per record first (pandas pads short rows and may shift long ones silently),
    then pandas' C parser reads the cells. A blank line inside the table is kept as a row of blank
    cells, as a blank row in a sheet would be, so that the rows after it keep their numbers; blank
    lines at the end of the file are dropped.
    """
    if not file.is_file():
        raise InstanceError(str(file), "missing file")
    data = _as_utf8(file, file.read_bytes())
    counts = _field_counts(data)
    if counts.size and counts[0] == 1:
        _check_separator(file, data.split(b"\n", 1)[0].decode("utf-8"))
    if counts.size > ROW_LIMIT + 1:
        message = f"{counts.size - 1:,} rows, more than the {ROW_LIMIT:,} any table of an instance may hold"
        raise InstanceError(str(file), message, spreadsheet_row(ROW_LIMIT), None)
    cells = _regular_cells(data, counts)
    if cells is None:
        cells = _parsed_cells(file, data)
    if counts.size < len(cells):
        raise _unclosed_quote(file, data)
    header = [str(name).strip() for name in cells[0]]
    body = cells[1:]
    blank = (body == "").all(axis=1) & (counts[1 : len(body) + 1] == 1)
    last = len(body) - int(np.argmin(blank[::-1])) if not blank.all() else 0
    body = body[:last]
    short = np.flatnonzero((counts[1 : last + 1] < len(header)) & ~blank[:last])
    if short.size:
        position = int(short[0])
        length = int(counts[position + 1])
        # Too few fields: name the first column left without one.
        message = f"{length} fields, expected {len(header)} as in the header"
        raise InstanceError(str(file), message, spreadsheet_row(position), printable(header[length]))
    return pd.DataFrame(body, columns=header, dtype=object) if len(body) else pd.DataFrame(columns=header)


def _parsed_cells(file: Path, data: bytes) -> np.ndarray:
    """The cells as pandas' C parser reads them (ragged rows padded), or its complaint as an error."""
    try:
        table = pd.read_csv(
            io.BytesIO(data),
            header=None,
            dtype=object,
            keep_default_na=False,
            na_values=[],
            skip_blank_lines=False,
            encoding="utf-8-sig",
            engine="c",
        )
    except pd.errors.EmptyDataError:
        raise InstanceError(str(file), "empty file (a table needs at least its header row)") from None
    except pd.errors.ParserError as error:
        raise _parser_error(file, error) from None
    return table.to_numpy(dtype=object)


def _regular_cells(data: bytes, counts: np.ndarray) -> np.ndarray | None:
    """The cells of a small, regular table (every record as wide as the header, or blank), read by
    Python's csv module as pandas' parser would read them; None for any other table.

    pandas' parser costs about a millisecond a file whatever its size, most of reading an instance
    of small tables; a table that is large, ragged or not read alike by both goes to pandas, which
    also words what is wrong with it.
    """
    if not counts.size or counts.size > _CSV_MODULE_RECORDS:
        return None
    try:
        records = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), strict=True))
    except csv.Error:
        return None
    width = len(records[0]) if records else 0
    if len(records) != counts.size or not width:
        return None
    # pandas reads a blank line as a row of blank cells; the csv module as no cells at all.
    rows = [record if record else [""] * width for record in records]
    if any(len(row) != width for row in rows):
        return None
    cells = np.empty((len(rows), width), dtype=object)
    cells[:] = rows
    return cells


def _as_utf8(file: Path, data: bytes) -> bytes:
    """The file's bytes as UTF-8 with LF or CRLF line endings, or an error saying how to save it."""
    if data.startswith(_UTF16_MARKS) or (b"\x00" in data[:4096] and not data.startswith(_UTF8_MARK)):
        raise InstanceError(str(file), f"UTF-16 text (Excel's 'Unicode Text'), not UTF-8: {SAVE_AS}")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        row = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start : error.start + 1].hex()
        message = f"not UTF-8 text (byte 0x{byte}; Windows-1252, as Excel's plain 'CSV' writes?): {SAVE_AS}"
        raise InstanceError(str(file), message, row, None) from None
    if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
        # Line endings of a lone CR (old Mac editors): read as line breaks, as a spreadsheet would.
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return data


def _check_separator(file: Path, header: str) -> None:
    """A header of one field holding semicolons or tabs is a file separated by them."""
    for separator, name in ((";", "semicolons"), ("\t", "tabs")):
        if separator in header:
            message = (
                f"fields are separated by {name}, not commas (Excel's CSV where the list separator "
                f"is not a comma): {SAVE_AS}"
            )
            raise InstanceError(str(file), message, 1, None)


def _field_counts(data: bytes) -> np.ndarray:
    """Fields in each record of CSV bytes, counted with numpy: a comma or line break counts only
    outside quotes (an even number of quote characters before it; an escaped quote adds two)."""
    buffer = np.frombuffer(data, dtype=np.uint8)
    quotes = np.flatnonzero(buffer == ord('"'))

    def outside(positions: np.ndarray) -> np.ndarray:
        return positions[np.searchsorted(quotes, positions) % 2 == 0]

    ends = outside(np.flatnonzero(buffer == ord("\n")))
    if buffer.size and (not ends.size or ends[-1] != buffer.size - 1):
        ends = np.append(ends, buffer.size)  # a last record without a line break
    commas = outside(np.flatnonzero(buffer == ord(",")))
    return np.diff(np.searchsorted(commas, ends), prepend=0) + 1


def _unclosed_quote(file: Path, data: bytes) -> InstanceError:
    """A quote left open swallows the line breaks after it, so records and rows disagree: name the
    row of the last quote, the one that opens the field never closed."""
    last = data.rfind(b'"')
    row = data.count(b"\n", 0, last) + 1 if last >= 0 else None
    message = 'a quote (") opens a field that is never closed, so the rows after it read as one cell'
    return InstanceError(str(file), message, row, None)


def _parser_error(file: Path, error: Exception) -> InstanceError:
    """pandas' complaint about a row with more fields than the header, as one located error."""
    match = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(error))
    if match is None:
        reason = " ".join(str(error).split())
        return InstanceError(str(file), f"not a readable CSV table: {reason}")
    expected, line, saw = (int(group) for group in match.groups())
    message = (
        f"{saw} fields, expected {expected} as in the header (a thousands separator, as in 1,234, "
        "or an unquoted comma in text adds a field)"
    )
    return InstanceError(str(file), message, line, f"column {expected + 1} (no header)")
