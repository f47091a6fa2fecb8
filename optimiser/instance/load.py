"""Reading an instance from a folder (instance.toml + CSV tables) or from one workbook."""

from __future__ import annotations

import csv
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pydantic

from optimiser.instance import checks
from optimiser.instance.config import InstanceSettings
from optimiser.instance.container import Instance
from optimiser.instance.errors import InstanceError
from optimiser.instance.schema import EFFECT_UNITS, TABLE_SPECS, TABLES
from optimiser.instance.tables import validate_table
from optimiser.instance.text import format_cell
from optimiser.instance.workbook import CONFIG_SHEETS, sheets_to_config

CONFIG_FILE = "instance.toml"
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def load_instance(path: str | Path) -> Instance:
    """Load and validate an instance folder or workbook; raise `InstanceError` on bad input."""
    location = Path(path)
    if location.is_dir():
        document, raw, labels = _read_folder(location)
    elif location.suffix.lower() in WORKBOOK_SUFFIXES and location.is_file():
        document, raw, labels = _read_workbook(location)
    elif not location.exists():
        raise InstanceError(str(location), "no such instance folder or workbook")
    else:
        raise InstanceError(str(location), "an instance is a folder or an .xlsx workbook")
    return build_instance(str(location), document, raw, labels)


def build_instance(
    path: str, document: dict[str, Any], raw: dict[str, pd.DataFrame], labels: dict[str, str]
) -> Instance:
    """Validate a parsed config document and raw string tables into an `Instance`."""
    config = _validate_config(document, labels["config"])
    tables = {spec.name: validate_table(spec, raw[spec.name], labels[spec.name]) for spec in TABLES}

    def label(table: str) -> str:
        return labels[table]

    checks.check_references(tables, label)
    checks.check_config(tables, config, labels["config"])
    checks.check_coverage(tables, config, label)
    checks.check_catchment(tables, label)
    checks.check_effects(tables, label)
    checks.check_locations(tables, label)
    checks.check_plan_years(tables, config, label)
    tables["effects"] = _in_model_units(tables["effects"])
    return Instance(path=path, config=config, **tables)


def _in_model_units(effects: pd.DataFrame) -> pd.DataFrame:
    """Add `model_value`: the effect in model units (money in £m)."""
    factors = pd.DataFrame(
        [(effect, unit, factor) for effect, units in EFFECT_UNITS.items() for unit, factor in units.items()],
        columns=["effect", "unit", "_factor"],
    )
    factor = effects[["effect", "unit"]].merge(factors, how="left", on=["effect", "unit"])["_factor"]
    return effects.assign(model_value=effects["value"].to_numpy() * factor.to_numpy())


def _validate_config(document: dict[str, Any], label: str) -> InstanceSettings:
    try:
        return InstanceSettings.model_validate(document)
    except pydantic.ValidationError as error:
        first = error.errors()[0]
        location = [str(part) for part in first["loc"]]
        where = None
        if len(location) >= 2 and location[1].isdigit():
            where = f"[[{location[0]}]] entry {int(location[1]) + 1}"
            location = location[2:] or location[:1]
        field = ".".join(location) if location else "(document)"
        message = first["msg"].replace("Value error, ", "")
        raise InstanceError(label, message, where, field) from None


def _read_folder(folder: Path) -> tuple[dict[str, Any], dict[str, pd.DataFrame], dict[str, str]]:
    config_path = folder / CONFIG_FILE
    labels = {"config": str(config_path)}
    if not config_path.is_file():
        raise InstanceError(str(config_path), "missing file")
    try:
        document = tomllib.loads(config_path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise InstanceError(str(config_path), f"not valid TOML: {error}") from None
    except UnicodeDecodeError:
        raise InstanceError(str(config_path), "not UTF-8 text") from None
    raw = {}
    for spec in TABLES:
        file = folder / spec.file_name
        labels[spec.name] = str(file)
        raw[spec.name] = _read_csv(file)
    return document, raw, labels


def _read_csv(file: Path) -> pd.DataFrame:
    """Read a CSV table as strings, insisting that every row has as many fields as the header.

    The standard library's reader is used because pandas silently shifts or pads ragged rows.
    """
    if not file.is_file():
        raise InstanceError(str(file), "missing file")
    try:
        with file.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
    except UnicodeDecodeError:
        raise InstanceError(str(file), "not UTF-8 text") from None
    except csv.Error as error:
        raise InstanceError(str(file), f"not a readable CSV table: {error}") from None
    if not rows:
        raise InstanceError(str(file), "empty file (a table needs at least its header row)")
    header = [name.strip().lstrip("\ufeff") for name in rows[0]]
    body = [row for row in rows[1:] if row]
    lengths = np.fromiter((len(row) for row in body), dtype=np.int64, count=len(body))
    ragged = np.flatnonzero(lengths != len(header))
    if ragged.size:
        position = int(ragged[0])
        line = rows.index(body[position], 1) + 1
        message = f"{lengths[position]} fields, expected {len(header)} as in the header"
        raise InstanceError(str(file), message, line)
    return pd.DataFrame(body, columns=header, dtype=object) if body else pd.DataFrame(columns=header)


def _read_workbook(book: Path) -> tuple[dict[str, Any], dict[str, pd.DataFrame], dict[str, str]]:
    try:
        sheets = pd.read_excel(book, sheet_name=None, dtype=object, engine="openpyxl")
    except (ValueError, zipfile.BadZipFile, OSError) as error:
        raise InstanceError(str(book), f"not a readable workbook: {error}") from None
    labels = {"config": f"{book}[instance]"}
    config_sheets = {name: sheets[name] for name in CONFIG_SHEETS if name in sheets}
    if "instance" not in config_sheets:
        raise InstanceError(f"{book}[instance]", "missing sheet")
    document = sheets_to_config(config_sheets)
    raw = {}
    for spec in TABLES:
        labels[spec.name] = f"{book}[{spec.name}]"
        if spec.name not in sheets:
            raise InstanceError(labels[spec.name], "missing sheet")
        frame = sheets[spec.name]
        raw[spec.name] = pd.DataFrame(
            {str(column): [format_cell(value) for value in frame[column]] for column in frame.columns},
            columns=[str(column) for column in frame.columns],
        )
    unknown = sorted(set(sheets) - set(TABLE_SPECS) - set(CONFIG_SHEETS))
    if unknown:
        raise InstanceError(f"{book}[{unknown[0]}]", "unknown sheet")
    return document, raw, labels
