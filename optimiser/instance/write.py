"""Writing an instance as a folder (instance.toml + CSV tables) or as one workbook."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import tomli_w
from xlsxwriter.workbook import Workbook

from optimiser.instance.container import Instance
from optimiser.instance.load import CONFIG_FILE
from optimiser.instance.schema import TABLES, TableSpec
from optimiser.instance.text import table_to_text, written_columns
from optimiser.instance.units import UNITS_SHEET, number_kinds, units_sheet
from optimiser.instance.workbook import config_to_sheets
from optimiser.io.atomic import write_bytes, write_text
from optimiser.io.spreadsheet import workbook_bytes, write_table_sheet


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
    """Write `instance` as one workbook: config sheets first, then one sheet per table, then the
    sheet of units and sources. Each sheet's header is frozen and filtered, its widths fitted and
    its numbers formatted by unit; the cells hold the instance's values exactly.

    The workbook is written whole or not at all (`atomic_write`): a full disk leaves no empty or
    truncated workbook behind."""
    target = Path(book)
    target.parent.mkdir(parents=True, exist_ok=True)
    sheets = config_to_sheets(config_document(instance))
    for spec in written_tables(instance):
        table = instance.as_read(spec.name)
        sheets[spec.name] = table[written_columns(spec, table)]

    def build(workbook: Workbook) -> None:
        for name, sheet in sheets.items():
            write_table_sheet(workbook, name, sheet, number_kinds(name))
        fields = {name: [str(column) for column in sheet.columns] for name, sheet in sheets.items()}
        write_table_sheet(workbook, UNITS_SHEET, units_sheet(fields))

    # The workbook is made in memory, then its finished bytes written whole or not at all.
    return write_bytes(target, workbook_bytes(build))
