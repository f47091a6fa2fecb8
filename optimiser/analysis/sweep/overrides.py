"""Scenario overrides: `table[selector].field=value` or `table[selector].field*=factor`.

The selector is `column=value,column=value` (a value may list alternatives as `a|b`), or bare values
matched in order against the table's key (`gap[2020/21]`, `bed_targets[acute_nel,2020/21]`); with
no selector every row is selected. Tables are the instance's CSV tables, and the record sections of
instance.toml: `gap`, `bed_targets`, `capital`, `fixed_contributions` and `parameters` (by name:
`parameters[discount_rate].value`).

An override is resolved against the loaded instance first (`select`), so that a table, field or
value that does not exist is one line before anything is built; the changed instance is then
re-validated by the loader itself (`validated`), so an override can never make an instance the
loader would refuse.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from optimiser.choices import did_you_mean, unknown_name
from optimiser.instance.config import InstanceSettings, toml_locator
from optimiser.instance.container import Instance
from optimiser.instance.errors import InstanceError
from optimiser.instance.load import CONFIG_FILE, build_instance, in_model_units
from optimiser.instance.schema import TABLE_SPECS, TABLES
from optimiser.instance.text import table_to_text
from optimiser.instance.write import config_document

#: The instance.toml sections an override may select from, with the fields a bare selector names.
CONFIG_SECTIONS: dict[str, tuple[str, ...]] = {
    "gap": ("year",),
    "bed_targets": ("setting", "year"),
    "capital": ("year",),
    "fixed_contributions": ("name", "year"),
    "parameters": ("name",),
}
MULTIPLY = "multiply"
SET = "set"
_OVERRIDE = re.compile(
    r"^\s*(?P<table>[a-z_]+)\s*(?:\[(?P<selector>[^\]]*)\])?\s*\.\s*(?P<field>[a-z_]+)\s*"
    r"(?P<operator>\*=|=)\s*(?P<value>.+?)\s*$"
)
#: How a selector is written: column → the values it accepts.
Where = Mapping[str, Sequence[str]]


@dataclass(frozen=True)
class Selection:
    """The rows of one table (or config section) and the field an override changes."""

    table: str
    field: str
    rows: np.ndarray
    label: str
    numeric: bool


@dataclass(frozen=True)
class Change:
    """Multiply a selection's field by `value`, or set it to `value`."""

    selection: Selection
    operation: str
    value: float | str


@dataclass(frozen=True)
class Override:
    """One `--set` as written, parsed but not yet resolved against an instance."""

    text: str
    table: str
    where: dict[str, tuple[str, ...]]
    positional: tuple[str, ...]
    field: str
    operation: str
    value: str


def parse_override(text: str) -> Override:
    """Parse `table[selector].field=value` or `…*=factor`; `InstanceError` naming the text if malformed."""
    match = _OVERRIDE.match(text)
    if match is None:
        raise InstanceError(
            f"--set {text!r}", "not an override; write table[column=value].field=value or …field*=factor"
        )
    where: dict[str, tuple[str, ...]] = {}
    positional: list[str] = []
    for part in filter(None, (item.strip() for item in (match["selector"] or "").split(","))):
        column, equals, value = part.partition("=")
        if equals:
            where[column.strip()] = tuple(choice.strip() for choice in value.split("|"))
        else:
            positional.append(part)
    operation = MULTIPLY if match["operator"] == "*=" else SET
    return Override(text, match["table"], where, tuple(positional), match["field"], operation, match["value"])


def select(
    instance: Instance, table: str, where: Where, field: str, label: str, positional: Sequence[str] = ()
) -> Selection:
    """Resolve a selector against `instance`: the table, the rows it selects and the field it changes."""
    if table in CONFIG_SECTIONS:
        records = _config_records(instance.config, table)
        keys = CONFIG_SECTIONS[table]
        fields = [name for name in records.columns if name not in ("source", "name")] or ["value"]
        numeric = {name for name in fields if records[name].map(_is_number).all()}
    elif table in TABLE_SPECS:
        spec = TABLE_SPECS[table]
        records = table_to_text(spec, instance.table(table))
        keys = spec.key
        fields = [item.name for item in spec.fields if item.name != "source"]
        numeric = {item.name for item in spec.fields if item.kind == "number"}
    else:
        known = [*TABLE_SPECS, *CONFIG_SECTIONS]
        raise InstanceError(label, unknown_name("table", table, known))
    if field not in fields:
        raise InstanceError(label, unknown_name(f"field of {table}", field, fields))
    if len(positional) > len(keys):
        raise InstanceError(
            label, f"{table} is selected by at most {len(keys)} bare values ({', '.join(keys)})"
        )
    conditions = {**dict(zip(keys, ((value,) for value in positional), strict=False)), **where}
    chosen = np.ones(len(records), dtype=bool)
    for column, values in conditions.items():
        if column not in records.columns:
            raise InstanceError(label, unknown_name(f"column of {table}", column, list(records.columns)))
        present = records[column].astype(str)
        for value in values:
            if not (present == value).any():
                suggestion = did_you_mean(value, present.unique())
                raise InstanceError(label, f"no row of {table} has {column}={value}{suggestion}")
        chosen &= present.isin(values).to_numpy()
    if not chosen.any():
        written = ",".join(f"{column}={'|'.join(values)}" for column, values in conditions.items())
        raise InstanceError(label, f"no row of {table} has {written} (each matches alone, not together)")
    return Selection(table, field, np.flatnonzero(chosen), label, field in numeric)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _config_records(config: InstanceSettings, section: str) -> pd.DataFrame:
    """A config section as a table: one row per entry (for `parameters`, one per parameter)."""
    if section == "parameters":
        dumped = config.parameters.model_dump(mode="json", exclude_none=True)
        return pd.DataFrame([{"name": name, **entry} for name, entry in dumped.items()])
    entries = [entry.model_dump(mode="json") for entry in getattr(config, section)]
    fields = type(getattr(config, section)[0]).model_fields if entries else {"year": None}
    return pd.DataFrame(entries, columns=list(fields))


def resolve(instance: Instance, override: Override) -> Change:
    """The change an override makes to `instance`, its selection checked and its value read."""
    label = f"--set {override.text!r}"
    selection = select(instance, override.table, override.where, override.field, label, override.positional)
    value: float | str = override.value
    if override.operation == MULTIPLY or selection.numeric:
        try:
            value = float(override.value)
        except ValueError:
            raise InstanceError(label, f"{override.value!r} is not a number") from None
        if not np.isfinite(value):
            raise InstanceError(label, f"{override.value!r} is not a finite number")
    if override.operation == MULTIPLY and not selection.numeric:
        raise InstanceError(
            label, f"{override.table}.{override.field} is not a number, so it cannot be scaled"
        )
    return Change(selection, override.operation, value)


def changed(instance: Instance, changes: Sequence[Change]) -> Instance:
    """`instance` with `changes` applied in order, without validation (see `validated`)."""
    tables: dict[str, pd.DataFrame] = {}
    config = instance.config
    for change in changes:
        name = change.selection.table
        if name in CONFIG_SECTIONS:
            config = _change_config(config, change)
            continue
        frame = tables.get(name)
        if frame is None:
            frame = instance.table(name).copy()
        tables[name] = _change_table(frame, change)
    if "effects" in tables:
        # Model units follow the value (and unit) changed, exactly as the loader derives them.
        tables["effects"] = in_model_units(tables["effects"].drop(columns="model_value"))
    return dataclasses.replace(instance, config=config, **tables)


def _new_values(old: np.ndarray, change: Change) -> np.ndarray:
    if change.operation == MULTIPLY:
        return old.astype(float) * float(change.value)
    return np.full(old.shape, change.value, dtype=float if change.selection.numeric else object)


def _change_table(frame: pd.DataFrame, change: Change) -> pd.DataFrame:
    selection = change.selection
    column = frame.columns.get_loc(selection.field)
    values = frame[selection.field].to_numpy(copy=True)
    if selection.numeric:
        values = values.astype(float)
    values[selection.rows] = _new_values(values[selection.rows], change)
    frame.isetitem(column, values)
    return frame


def _change_config(config: InstanceSettings, change: Change) -> InstanceSettings:
    selection = change.selection
    if selection.table == "parameters":
        names = list(config.parameters.model_dump(exclude_none=True))
        updates = {}
        for position in selection.rows:
            entry = getattr(config.parameters, names[position])
            new = _new_values(np.array([getattr(entry, selection.field)]), change)[0]
            updates[names[position]] = entry.model_copy(update={selection.field: new})
        return config.model_copy(update={"parameters": config.parameters.model_copy(update=updates)})
    entries = list(getattr(config, selection.table))
    for position in selection.rows:
        new = _new_values(np.array([getattr(entries[position], selection.field)]), change)[0]
        entries[position] = entries[position].model_copy(update={selection.field: new})
    return config.model_copy(update={selection.table: tuple(entries)})


def validated(instance: Instance, label: str) -> Instance:
    """Re-validate a changed instance through the loader: its tables written as the text a folder
    would hold, then read back by `build_instance`. An error names `label` (the override or the
    sweep parameter) and then the file, row and field, as for a file on disk."""
    folder = Path(instance.path)
    raw = {spec.name: table_to_text(spec, instance.table(spec.name)) for spec in TABLES}
    labels = {spec.name: str(folder / spec.file_name) for spec in TABLES}
    try:
        return build_instance(
            instance.path, config_document(instance), raw, labels, toml_locator(str(folder / CONFIG_FILE))
        )
    except InstanceError as error:
        raise InstanceError(label, f"makes the instance invalid: {error}") from None


def apply_overrides(instance: Instance, texts: Sequence[str]) -> Instance:
    """`instance` with every `--set` override applied in order and the result re-validated.

    The helper `solve`, `evaluate` and `compare` call after loading; no overrides, no change.
    """
    if not texts:
        return instance
    changes = [resolve(instance, parse_override(text)) for text in texts]
    label = "--set " + " ".join(repr(text) for text in texts)
    return validated(changed(instance, changes), label)
