"""Canonical text for cell values, shared by the CSV and workbook readers and writers.

Writing every value through one formatter is what makes folder → workbook → folder byte-identical.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from optimiser.instance.schema import Field, TableSpec


def format_number(value: float) -> str:
    """Integral numbers without a decimal point; others in Python's shortest round-trip form."""
    if isinstance(value, bool):
        return "true" if value else "false"
    number = float(value)
    if math.isnan(number):
        return ""
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return repr(number)


def format_cell(value: object) -> str:
    """The canonical text of one cell read from a workbook."""
    if value is None:
        return ""
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if isinstance(value, int | float | np.integer | np.floating):
        return format_number(float(value))
    text = str(value)
    return "" if text.lower() == "nan" and isinstance(value, float) else text


def written_columns(spec: TableSpec, table: pd.DataFrame) -> list[str]:
    """The columns `table` is written with, in the specification's order, then its source overrides.

    An optional field's column is left out when the table lacks it or every row holds its default,
    so that a table written before the field existed is written byte for byte as before.
    """
    columns = []
    for field in spec.fields:
        optional = field.default is not None
        if optional and (field.name not in table.columns or _all_default(field, table[field.name])):
            continue
        columns.append(field.name)
    return columns + [column for column in table.columns if column.startswith("source_")]


def _all_default(field: Field, values: pd.Series) -> bool:
    """Every value of an optional field is its default (a number field compares as a number)."""
    default = float(field.default) if field.kind == "number" else field.default  # type: ignore[arg-type]
    return bool((values == default).all())


def table_to_text(spec: TableSpec, table: pd.DataFrame) -> pd.DataFrame:
    """A typed, validated table as a frame of canonical strings, in the specification's order."""
    columns = written_columns(spec, table)
    out: dict[str, object] = {}
    kinds = {field.name: field.kind for field in spec.fields}
    for column in columns:
        values = table[column]
        kind = kinds.get(column, "source")
        if kind == "number":
            out[column] = [format_number(value) for value in values.to_numpy(dtype=float)]
        elif kind == "bool":
            out[column] = np.where(values.to_numpy(dtype=bool), "true", "false")
        else:
            out[column] = values.astype(object).where(values.notna(), "").astype(str)
    return pd.DataFrame(out, columns=columns)
