"""Reading an instance from a folder (instance.toml + CSV tables) or from one workbook."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pydantic

from optimiser.choices import did_you_mean
from optimiser.instance import checks
from optimiser.instance.bundled import bundled_names, resolve_instance
from optimiser.instance.config import InstanceSettings, Locator, config_error, printable, toml_locator
from optimiser.instance.config_checks import check_config
from optimiser.instance.configuration_checks import check_configuration, check_configuration_references
from optimiser.instance.container import Instance
from optimiser.instance.csvfile import read_csv
from optimiser.instance.errors import InstanceError, Problems
from optimiser.instance.plan_checks import check_plan_decisions
from optimiser.instance.schema import EFFECT_UNITS, TABLE_SPECS, TABLES, TableSpec
from optimiser.instance.tables import CheckedTable, check_table
from optimiser.instance.text import format_cell
from optimiser.instance.units import UNITS_SHEET
from optimiser.instance.usage import check_interventions_used
from optimiser.instance.workbook import CONFIG_SHEETS, check_config_sheets, sheets_to_config, workbook_locator

CONFIG_FILE = "instance.toml"
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
# Where tomllib says a syntax error is: "(at line 3, column 5)" or "(at end of document)".
_TOML_POSITION = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)")
# A key being assigned at the start of a TOML line, bare or quoted.
_TOML_KEY = re.compile(r"^\s*([^\s=\[#][^=]*?)\s*=")
# Pydantic errors whose input is not worth repeating: absent, an unknown key, or already in the message.
_INPUT_NOT_SHOWN = {"missing", "extra_forbidden", "value_error"}
# What a reader returns: the config document, the raw tables, where each table came from, and a
# locator that says where each config value was written.
Reading = tuple[dict[str, Any], dict[str, pd.DataFrame], dict[str, str], Locator]


def load_instance(path: str | Path, *, bundled: bool = False) -> Instance:
    """Load and validate an instance folder or workbook; raise `InstanceError` on bad input.

    With `bundled`, `path` is the name of a bundled instance (see `resolve_instance`).
    """
    location = resolve_instance(path, bundled=bundled)
    if location.is_dir():
        document, raw, labels, locate = read_folder(location)
    elif location.suffix.lower() in WORKBOOK_SUFFIXES and location.is_file():
        document, raw, labels, locate = read_workbook(location)
    elif not location.exists():
        names = bundled_names()
        raise InstanceError(
            str(location),
            f"no such instance folder or workbook (bundled: {', '.join(names) or 'none found'})"
            + did_you_mean(location.name, names),
        )
    else:
        raise InstanceError(str(location), "an instance is a folder or an .xlsx workbook")
    return build_instance(str(location), document, raw, labels, locate)


def build_instance(
    path: str,
    document: dict[str, Any],
    raw: dict[str, pd.DataFrame],
    labels: dict[str, str],
    locate: Locator,
) -> Instance:
    """Validate a parsed config document and raw string tables into an `Instance`.

    `labels` names where each table came from; `locate` says where a config value was written.
    """
    problems = Problems()
    config: InstanceSettings | None = None
    with problems.gathering():
        config = _validate_config(document, locate)
    checked: dict[str, CheckedTable] = {}
    for spec in TABLES:
        with problems.gathering():
            checked[spec.name] = check_table(spec, raw[spec.name], labels[spec.name])
    problems.raise_any()
    assert config is not None
    tables = {name: table.table for name, table in checked.items()}
    _check_across_tables(tables, config, labels, locate, problems)
    tables["effects"] = in_model_units(tables["effects"])
    sorted_tables = {name: _in_order(tables[name], table.key_order) for name, table in checked.items()}
    file_order = {name: np.argsort(table.key_order, kind="stable") for name, table in checked.items()}
    return Instance(path=path, config=config, **sorted_tables, file_order=file_order)


def _in_order(table: pd.DataFrame, order: np.ndarray) -> pd.DataFrame:
    """The table's rows in `order` (a table already in that order is taken as it is)."""
    if np.array_equal(order, np.arange(len(order))):
        return table
    return table.take(order).reset_index(drop=True)


def in_model_units(effects: pd.DataFrame) -> pd.DataFrame:
    """Add `model_value`: the effect in model units (money in £m; NaN for a unit the effect does not
    take, as the left merge this replaced left it)."""
    stated = zip(
        effects["effect"].to_numpy(dtype=object), effects["unit"].to_numpy(dtype=object), strict=True
    )
    factor = np.array(
        [EFFECT_UNITS.get(effect, {}).get(unit, np.nan) for effect, unit in stated], dtype=float
    )
    return effects.assign(model_value=effects["value"].to_numpy() * factor)


def _check_across_tables(
    tables: dict[str, pd.DataFrame],
    config: InstanceSettings,
    labels: dict[str, str],
    locate: Locator,
    problems: Problems,
) -> None:
    """Checks between tables, in stages: a later stage reads what an earlier one vouched for (sums
    of shares mean something only once every place is known), so a stage runs only if those before
    it found nothing, and every check of a stage reports what it finds."""

    def label(table: str) -> str:
        return labels[table]

    stages: tuple[tuple[Callable[[], None], ...], ...] = (
        (
            lambda: checks.check_references(tables, label),
            lambda: check_config(tables, config, locate),
            lambda: check_configuration_references(tables, label),
        ),
        (
            lambda: checks.check_coverage(tables, config, label),
            lambda: checks.check_catchment(tables, label),
            lambda: checks.check_effects(tables, label),
            lambda: checks.check_locations(tables, label),
            lambda: checks.check_plan_years(tables, config, label),
            lambda: check_plan_decisions(tables, label),
            lambda: check_interventions_used(tables, label),
            lambda: check_configuration(tables, label),
        ),
    )
    for stage in stages:
        for check in stage:
            with problems.gathering():
                check()
        problems.raise_any()


def _validate_config(document: dict[str, Any], locate: Locator) -> InstanceSettings:
    try:
        return InstanceSettings.model_validate(document)
    except pydantic.ValidationError as error:
        raise _config_problems(error, locate) from None


def _config_problems(error: pydantic.ValidationError, locate: Locator) -> InstanceError:
    """Every problem pydantic found in the config, each located where it was written."""
    problems = Problems()
    details = error.errors()
    located = {tuple(detail["loc"]) for detail in details}
    for detail in details:
        place = tuple(detail["loc"])
        if any(other[: len(place)] == place and other != place for other in located):
            # "Tuple should have at least 1 item" only echoes the failure of the items within it.
            continue
        message = detail["msg"].replace("Value error, ", "")
        given = detail.get("input")
        if detail["type"] not in _INPUT_NOT_SHOWN and isinstance(given, str | int | float | bool):
            message = f"{message}, got {given!r}"
        problems.extend(config_error(locate, tuple(detail["loc"]), message))
    return InstanceError.of(problems.listed, problems.unlisted)


def read_folder(folder: Path) -> Reading:
    """The config document and raw tables of an instance folder, unvalidated (see `build_instance`)."""
    config_path = folder / CONFIG_FILE
    if not config_path.is_file():
        raise InstanceError(str(config_path), "missing file")
    data = config_path.read_bytes()
    try:
        # Some editors start a file with a byte-order mark; it is not TOML, so it is dropped (as from a CSV).
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = "line " + str(data.count(b"\n", 0, error.start) + 1)
        message = f"not UTF-8 text (byte 0x{data[error.start : error.start + 1].hex()}): save it as UTF-8"
        raise InstanceError(str(config_path), message, line) from None
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise _toml_syntax_error(str(config_path), text, error) from None
    raw = {}
    labels = {}
    for spec in TABLES:
        file = folder / spec.file_name
        labels[spec.name] = str(file)
        raw[spec.name] = empty_table(spec) if spec.optional and not file.exists() else read_csv(file)
    return document, raw, labels, toml_locator(str(config_path))


def empty_table(spec: TableSpec) -> pd.DataFrame:
    """An optional table left out of an instance: its header and no rows."""
    return pd.DataFrame(np.empty((0, len(spec.columns)), dtype=object), columns=list(spec.columns))


def _toml_syntax_error(label: str, text: str, error: tomllib.TOMLDecodeError) -> InstanceError:
    """The TOML parser's complaint, located at its line and at the key being assigned there, if any."""
    reason = str(error)
    position = _TOML_POSITION.search(reason)
    if position is None:
        return InstanceError(label, f"not valid TOML: {reason}")
    message = f"not valid TOML: {_TOML_POSITION.sub('', reason)}"
    if position.group(1) is None:
        return InstanceError(label, message, "end of document")
    line = int(position.group(1))
    lines = text.splitlines()
    key = _TOML_KEY.match(lines[line - 1]) if line <= len(lines) else None
    field = printable(key.group(1)) if key else None
    return InstanceError(label, f"{message} at column {position.group(2)}", f"line {line}", field)


def read_workbook(book: Path) -> Reading:
    """The config document and raw tables of an instance workbook, unvalidated (see `build_instance`)."""
    # openpyxl takes a fifth of a second to import; only a workbook instance needs it.
    from optimiser.instance.sheets import read_sheets

    # The sheet of units and sources is for people; the instance is the other sheets alone.
    sheets = read_sheets(book, ignore=(UNITS_SHEET,))
    config_sheets = {name: sheets[name] for name in CONFIG_SHEETS if name in sheets}
    if "instance" not in config_sheets:
        raise InstanceError(f"{book}[instance]", "missing sheet")
    check_config_sheets(config_sheets, str(book))
    document = sheets_to_config(config_sheets)
    raw = {}
    labels = {spec.name: f"{book}[{spec.name}]" for spec in TABLES}
    problems = Problems()
    for spec in TABLES:
        if spec.name not in sheets and spec.optional:
            raw[spec.name] = empty_table(spec)
            continue
        if spec.name not in sheets:
            problems.add(labels[spec.name], "missing sheet")
            continue
        frame = sheets[spec.name]
        cells = [[format_cell(value) for value in row] for row in frame.itertuples(index=False)]
        raw[spec.name] = pd.DataFrame(cells, columns=[str(column) for column in frame.columns], dtype=object)
    for name in sorted(set(sheets) - set(TABLE_SPECS) - set(CONFIG_SHEETS)):
        expected = ", ".join(spec.name for spec in TABLES if spec.name not in sheets) or "none missing"
        problems.add(f"{book}[{name}]", f"unknown sheet (tables without a sheet: {expected})")
    problems.raise_any()
    return document, raw, labels, workbook_locator(str(book), config_sheets)
