"""Writing an instance as a folder (instance.toml + CSV tables) or as one workbook."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pandas as pd
import tomli_w

from optimiser.instance.container import Instance
from optimiser.instance.load import CONFIG_FILE
from optimiser.instance.schema import TABLES, TableSpec
from optimiser.instance.text import table_to_text, written_columns
from optimiser.instance.workbook import config_to_sheets
from optimiser.io.atomic import naming, write_bytes, write_text


def config_document(instance: Instance) -> dict[str, Any]:
    """`instance.toml` as a plain document, sections in a fixed order, empty and default sections left out."""
    dumped = instance.config.model_dump(mode="json", exclude_none=True)
    dumped["options"] = instance.config.options.model_dump(mode="json", exclude_defaults=True)
    return {key: value for key, value in _lists(dumped).items() if value not in ([], {})}


def _lists(value: Any) -> Any:
    """Tuples as lists, and every `source` after the values it describes."""
    if isinstance(value, dict):
        ordered = {key: _lists(item) for key, item in value.items() if key != "source"}
        if "source" in value:
            ordered["source"] = value["source"]
        return ordered
    if isinstance(value, list | tuple):
        return [_lists(item) for item in value]
    return value


def written_tables(instance: Instance) -> tuple[TableSpec, ...]:
    """The tables an instance is written with: every table, less the optional ones it leaves empty."""
    return tuple(spec for spec in TABLES if not spec.optional or len(instance.table(spec.name)) > 0)


def write_folder(instance: Instance, folder: str | Path) -> Path:
    """Write `instance` as a folder; files are canonical, so rewriting is byte-stable, and each is
    written whole or not at all (`atomic_write`)."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    write_text(target / CONFIG_FILE, tomli_w.dumps(config_document(instance)))
    for spec in written_tables(instance):
        text = table_to_text(spec, instance.as_read(spec.name))
        write_text(target / spec.file_name, text.to_csv(index=False, lineterminator="\n"))
    return target


def write_workbook(instance: Instance, book: str | Path) -> Path:
    """Write `instance` as one workbook: config sheets first, then one sheet per table.

    The workbook is written whole or not at all (`atomic_write`): a full disk leaves no empty or
    truncated workbook behind."""
    target = Path(book)
    target.parent.mkdir(parents=True, exist_ok=True)
    # The workbook is made in memory: a write that fails inside openpyxl's zip writer leaves the
    # zip half-closed and complaining at exit, while a failed write of finished bytes is clean.
    made = io.BytesIO()
    try:
        with pd.ExcelWriter(made, engine="openpyxl") as writer:
            for name, sheet in config_to_sheets(config_document(instance)).items():
                sheet.to_excel(writer, sheet_name=name, index=False)
            for spec in written_tables(instance):
                table = instance.as_read(spec.name)
                table[written_columns(spec, table)].to_excel(writer, sheet_name=spec.name, index=False)
    except OSError as error:
        # openpyxl stages each sheet in a temporary file; no room there is no room for the workbook.
        raise naming(error, target) from None
    return write_bytes(target, made.getvalue())
