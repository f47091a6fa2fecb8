"""`instance.toml` as workbook sheets, and back.

Planners live in Excel, so the whole instance fits in one workbook: a sheet per CSV table plus the
sheets below for what `instance.toml` holds.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from optimiser.instance.config import ConfigPath, Locator, printable
from optimiser.instance.errors import InstanceError
from optimiser.instance.tables import spreadsheet_row
from optimiser.instance.text import format_cell

SCALARS = ("name", "title", "description", "baseline_year", "target_year", "years")
RECORD_SHEETS = {
    "gap": ("year", "amount_gbpm", "source"),
    "bed_targets": ("setting", "year", "beds", "source"),
    "capital": ("year", "budget_gbpm", "source"),
    "fixed_contributions": (
        "name",
        "description",
        "priority",
        "year",
        "amount_gbpm",
        "capital_gbpm",
        "source",
    ),
}
SINGLE_SHEETS = {
    "investment_band": ("min_gbpm", "max_gbpm", "priorities", "year", "source"),
    "equity_floor": ("share", "source"),
}
CONFIG_SHEETS = ("instance", *RECORD_SHEETS, "parameters", *SINGLE_SHEETS, "options", "families")
#: The header row of every config sheet.
CONFIG_COLUMNS: dict[str, tuple[str, ...]] = {
    "instance": ("key", "value"),
    **RECORD_SHEETS,
    "parameters": ("name", "value", "source"),
    **SINGLE_SHEETS,
    "options": ("name", "value"),
    "families": ("family", "on"),
}
#: On the sheets holding one named value per row, the column that holds the name.
_NAME_COLUMNS = {"instance": "key", "parameters": "name", "options": "name", "families": "family"}
_LIST_SEPARATOR = ", "


def config_to_sheets(document: dict[str, Any]) -> dict[str, pd.DataFrame]:
    """Sheets holding a parsed `instance.toml` document."""
    scalars = [
        (key, _LIST_SEPARATOR.join(document[key]) if key == "years" else document.get(key, ""))
        for key in SCALARS
    ]
    sheets = {"instance": pd.DataFrame(scalars, columns=["key", "value"])}
    for sheet, columns in RECORD_SHEETS.items():
        sheets[sheet] = pd.DataFrame(document.get(sheet, []), columns=list(columns))
    parameters = [
        (name, entry["value"], entry["source"]) for name, entry in document.get("parameters", {}).items()
    ]
    sheets["parameters"] = pd.DataFrame(parameters, columns=["name", "value", "source"])
    for sheet, columns in SINGLE_SHEETS.items():
        entry = dict(document.get(sheet, {}))
        if "priorities" in entry:
            entry["priorities"] = _LIST_SEPARATOR.join(entry["priorities"])
        sheets[sheet] = pd.DataFrame([entry] if entry else [], columns=list(columns))
    options = list(document.get("options", {}).items())
    sheets["options"] = pd.DataFrame(options, columns=["name", "value"])
    families = list(document.get("families", {}).items())
    sheets["families"] = pd.DataFrame(families, columns=["family", "on"])
    return sheets


def _text(value: object) -> str:
    return format_cell(value)


def _typed(value: object) -> object:
    """Workbook cells keep their type (numbers, booleans); text that reads as a number stays text."""
    if isinstance(value, float) and value != value:  # NaN: an empty cell
        return None
    return value


def sheets_to_config(sheets: dict[str, pd.DataFrame]) -> dict[str, Any]:
    """A parsed `instance.toml` document from its sheets (missing sheets mean empty sections)."""
    document: dict[str, Any] = {}
    instance = sheets.get("instance", pd.DataFrame(columns=["key", "value"]))
    for key, value in zip(instance["key"], instance["value"], strict=True):
        text = _text(value)
        if key == "years":
            document["years"] = [year.strip() for year in text.split(",") if year.strip()]
        else:
            document[str(key)] = text
    for sheet in RECORD_SHEETS:
        frame = sheets.get(sheet)
        if frame is not None and len(frame):
            document[sheet] = [_record(row) for row in frame.to_dict(orient="records")]
    frame = sheets.get("parameters")
    if frame is not None and len(frame):
        document["parameters"] = {
            str(row["name"]): {"value": _typed(row["value"]), "source": _text(row["source"])}
            for row in frame.to_dict(orient="records")
        }
    for sheet in SINGLE_SHEETS:
        frame = sheets.get(sheet)
        if frame is not None and len(frame):
            entry = _record(frame.to_dict(orient="records")[0])
            if "priorities" in entry:
                entry["priorities"] = [p.strip() for p in str(entry["priorities"]).split(",")]
            document[sheet] = entry
    frame = sheets.get("options")
    if frame is not None and len(frame):
        document["options"] = {
            str(row["name"]): _typed(row["value"]) for row in frame.to_dict(orient="records")
        }
    frame = sheets.get("families")
    if frame is not None and len(frame):
        document["families"] = {
            str(row["family"]).strip(): _typed(row["on"]) for row in frame.to_dict(orient="records")
        }
    return document


def check_config_sheets(sheets: dict[str, pd.DataFrame], book: str) -> None:
    """Config sheets have their expected headers and no rows that would be silently overwritten or dropped.

    A sheet left wholly empty is an empty section. Names on the name/value sheets must not repeat (the
    later would replace the earlier), and a single-entry sheet may hold only one row.
    """
    for sheet, frame in sheets.items():
        label = f"{book}[{sheet}]"
        columns = [str(column) for column in frame.columns]
        if not columns and sheet != "instance":
            continue
        expected = CONFIG_COLUMNS[sheet]
        for column in expected:
            if column not in columns:
                raise InstanceError(label, "missing column", 1, column)
        for column in columns:
            if column not in expected:
                message = f"unknown column (expected {', '.join(expected)})"
                raise InstanceError(label, message, 1, printable(column))
        if sheet in _NAME_COLUMNS:
            names = frame[_NAME_COLUMNS[sheet]].astype(str).str.strip()
            repeated = np.flatnonzero(names.duplicated().to_numpy())
            if repeated.size:
                row = spreadsheet_row(int(repeated[0]))
                message = f"{names.iloc[int(repeated[0])]!r} repeats an earlier row"
                raise InstanceError(label, message, row, _NAME_COLUMNS[sheet])
        if sheet in SINGLE_SHEETS and len(frame) > 1:
            raise InstanceError(
                label, "only one row is allowed on this sheet", spreadsheet_row(1), expected[0]
            )


def workbook_locator(book: str, sheets: dict[str, pd.DataFrame]) -> Locator:
    """Locate config paths on the config sheets: the sheet, its spreadsheet row and the field."""

    def row_of(sheet: str, name: str) -> int | None:
        frame = sheets.get(sheet)
        if frame is None or _NAME_COLUMNS[sheet] not in frame.columns:
            return None
        matches = np.flatnonzero((frame[_NAME_COLUMNS[sheet]].astype(str).str.strip() == name).to_numpy())
        return spreadsheet_row(int(matches[0])) if matches.size else None

    def locate(path: ConfigPath) -> tuple[str, int | str | None, str]:
        names = [part for part in path if isinstance(part, str)]
        indices = [part for part in path if isinstance(part, int)]
        section = names[0] if names else "instance"
        if section in RECORD_SHEETS:
            return f"{book}[{section}]", spreadsheet_row(indices[0]) if indices else None, names[-1]
        if section in SINGLE_SHEETS:
            return f"{book}[{section}]", spreadsheet_row(0) if len(names) > 1 else None, names[-1]
        if section in ("parameters", "options", "families"):
            row = row_of(section, names[1]) if len(names) > 1 else None
            return f"{book}[{section}]", row, names[-1]
        return f"{book}[instance]", row_of("instance", section), section

    return locate


def _record(row: dict[Any, Any]) -> dict[str, Any]:
    record = {}
    for key, value in row.items():
        typed = _typed(value)
        if typed is None:
            continue
        record[str(key)] = typed if not isinstance(typed, str) else typed.strip()
    return record
