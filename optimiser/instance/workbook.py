"""`instance.toml` as workbook sheets, and back.

Planners live in Excel, so the whole instance fits in one workbook: a sheet per CSV table plus the
sheets below for what `instance.toml` holds.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from optimiser.instance.text import format_cell

SCALARS = ("name", "title", "description", "baseline_year", "target_year", "years")
RECORD_SHEETS = {
    "gap": ("year", "amount_gbpm", "source"),
    "bed_targets": ("setting", "year", "beds", "source"),
    "capital": ("year", "budget_gbpm", "source"),
}
SINGLE_SHEETS = {
    "investment_band": ("min_gbpm", "max_gbpm", "priorities", "year", "source"),
    "equity_floor": ("share", "source"),
}
CONFIG_SHEETS = ("instance", *RECORD_SHEETS, "parameters", *SINGLE_SHEETS, "options")
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
    return document


def _record(row: dict[Any, Any]) -> dict[str, Any]:
    record = {}
    for key, value in row.items():
        typed = _typed(value)
        if typed is None:
            continue
        record[str(key)] = typed if not isinstance(typed, str) else typed.strip()
    return record
