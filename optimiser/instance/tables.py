"""Validation of one table: columns, blanks, types, ranges, choices and keys.

Raw tables arrive as frames of strings (from CSV or from a workbook sheet). They are checked and
converted column by column; the checks that pandera expresses declaratively (ranges, choices,
patterns, unique keys) run through a pandera schema generated from the table's specification.
The first failure in file order is raised as one `InstanceError`.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pandera.pandas as pa

from optimiser.instance.config import printable
from optimiser.instance.errors import InstanceError
from optimiser.instance.schema import ID_PATTERN, YEAR_PATTERN, Field, TableSpec
from optimiser.instance.sources import check_source

_FIRST_DATA_ROW = 2  # the header is row 1, as in a spreadsheet
_TRUE = {"true", "yes", "1"}
_FALSE = {"false", "no", "0"}


def spreadsheet_row(position: int) -> int:
    """Row number, as a spreadsheet shows it, of the data row at 0-based `position`."""
    return int(position) + _FIRST_DATA_ROW


def validate_table(spec: TableSpec, raw: pd.DataFrame, label: str) -> pd.DataFrame:
    """Check a raw table of strings against its specification and return it typed."""
    _check_columns(spec, raw, label)
    frame = raw.reset_index(drop=True)
    typed: dict[str, pd.Series] = {}
    for field in spec.fields:
        if field.name in frame.columns:
            values = _stripped(frame[field.name])
        else:
            # An optional field's column may be left out: every row then holds its default.
            values = pd.Series([field.default] * len(frame), dtype=object)
        typed[field.name] = _parse_column(field, values, label)
    for column in _source_overrides(spec, frame):
        values = _stripped(frame[column])
        _check_sources(values, column, label, nullable=True)
        typed[column] = values.astype("str")
    table = pd.DataFrame(typed)
    _run_pandera(spec, table, label)
    return table


def _stripped(column: pd.Series) -> pd.Series:
    """Cells as text without surrounding spaces; tables repeat ids heavily, so each distinct cell is
    stripped once and the results are spread back by position."""
    codes, distinct = pd.factorize(column.to_numpy(dtype=object), use_na_sentinel=False)
    stripped = np.array(["" if text is None else str(text).strip() for text in distinct], dtype=object)
    return pd.Series(stripped[codes] if codes.size else np.array([], dtype=object), dtype=object)


def _check_pattern(values: pd.Series, pattern: str, message: str, field: Field, label: str) -> None:
    """Every non-blank value matches `pattern`; checked once per distinct value."""
    codes, distinct = pd.factorize(values.to_numpy(dtype=object))
    compiled = re.compile(pattern)
    bad = [code for code, text in enumerate(distinct) if text != "" and not compiled.fullmatch(str(text))]
    if not bad:
        return
    position = _first(np.isin(codes, bad))
    assert position is not None
    shown = values.iloc[position]
    raise InstanceError(label, f"{shown!r} {message}", spreadsheet_row(position), field.name)


def _source_overrides(spec: TableSpec, frame: pd.DataFrame) -> list[str]:
    return [column for column in frame.columns if column.startswith("source_")]


def _check_columns(spec: TableSpec, raw: pd.DataFrame, label: str) -> None:
    columns = [str(column) for column in raw.columns]
    duplicated = [column for column in columns if columns.count(column) > 1]
    if duplicated:
        raise InstanceError(label, "column appears twice", 1, printable(duplicated[0]))
    for field in spec.fields:
        if field.name not in columns and field.default is None:
            raise InstanceError(label, "missing column", 1, field.name)
    allowed = set(spec.columns) | {f"source_{name}" for name in spec.columns if name != "source"}
    for column in columns:
        if column not in allowed:
            message = f"unknown column (expected {', '.join(spec.columns)})"
            raise InstanceError(label, message, 1, printable(column))


def _first(mask: pd.Series | np.ndarray) -> int | None:
    """Position of the first True in a boolean mask, or None."""
    positions = np.flatnonzero(np.asarray(mask, dtype=bool))
    return int(positions[0]) if positions.size else None


def _parse_column(field: Field, values: pd.Series, label: str) -> pd.Series:
    blank = values.to_numpy(dtype=object) == ""
    if field.default is not None:
        values = values.where(~blank, field.default)
        blank = np.zeros(len(values), dtype=bool)
    position = _first(blank)
    if position is not None and not field.nullable:
        raise InstanceError(label, "missing value", spreadsheet_row(position), field.name)
    if field.kind == "number":
        return _parse_numbers(field, values, blank, label)
    if field.kind == "bool":
        return _parse_bools(field, values, label)
    if field.kind == "source":
        _check_sources(values, field.name, label, nullable=False)
    if field.kind == "id":
        _check_pattern(values, ID_PATTERN, "is not an id (lower-case letters, digits, _)", field, label)
    if field.kind == "year":
        _check_pattern(values, YEAR_PATTERN, "is not a year like 2020/21", field, label)
    text = values.where(~blank, None) if field.nullable else values
    return text.astype("str")


def _parse_numbers(field: Field, values: pd.Series, blank: np.ndarray, label: str) -> pd.Series:
    numbers = pd.to_numeric(values.where(~blank, None), errors="coerce").astype(float)
    bad = np.isnan(numbers.to_numpy()) & ~blank
    position = _first(bad)
    if position is not None:
        text = values.iloc[position]
        reason = "not a number" if text.lower() in {"nan", "na", "n/a", "null"} else "expected a number"
        raise InstanceError(label, f"{reason}, got {text!r}", spreadsheet_row(position), field.name)
    infinite = np.isinf(numbers.to_numpy())
    position = _first(infinite)
    if position is not None:
        message = f"must be finite, got {values.iloc[position]!r}"
        raise InstanceError(label, message, spreadsheet_row(position), field.name)
    return numbers


def _parse_bools(field: Field, values: pd.Series, label: str) -> pd.Series:
    lowered = values.str.lower()
    unknown = ~lowered.isin(_TRUE | _FALSE)
    position = _first(unknown)
    if position is not None:
        message = f"expected true or false, got {values.iloc[position]!r}"
        raise InstanceError(label, message, spreadsheet_row(position), field.name)
    return lowered.isin(_TRUE).astype(bool)


def _check_sources(values: pd.Series, column: str, label: str, *, nullable: bool) -> None:
    # Sources repeat heavily, so each distinct text is checked once.
    codes, distinct = pd.factorize(values)
    problems = {
        code: check_source(text) for code, text in enumerate(distinct) if not (nullable and text == "")
    }
    bad_codes = [code for code, problem in problems.items() if problem]
    if not bad_codes:
        return
    position = _first(np.isin(codes, bad_codes))
    assert position is not None
    problem = problems[int(codes[position])]
    raise InstanceError(label, str(problem), spreadsheet_row(position), column)


def _checks(field: Field) -> list[pa.Check]:
    # Id and year patterns are checked per distinct value in `_parse_column`, which is far faster on
    # national tables than a per-row regular expression.
    checks = []
    if field.choices is not None:
        checks.append(pa.Check.isin(field.choices, error=f"must be one of {', '.join(field.choices)}"))
    if field.ge is not None:
        checks.append(pa.Check.ge(field.ge, error=f"must be at least {field.ge:g}"))
    if field.gt is not None:
        checks.append(pa.Check.gt(field.gt, error=f"must be more than {field.gt:g}"))
    if field.le is not None:
        checks.append(pa.Check.le(field.le, error=f"must be at most {field.le:g}"))
    return checks


def _pandera_schema(spec: TableSpec) -> pa.DataFrameSchema:
    columns = {
        field.name: pa.Column(
            float if field.kind == "number" else bool if field.kind == "bool" else str,
            _checks(field),
            nullable=field.nullable,
        )
        for field in spec.fields
    }
    return pa.DataFrameSchema(columns, unique=list(spec.key), strict=False)


def _run_pandera(spec: TableSpec, table: pd.DataFrame, label: str) -> None:
    try:
        _pandera_schema(spec).validate(table, lazy=True)
    except pa.errors.SchemaErrors as errors:
        raise _first_failure(spec, table, errors.failure_cases, label) from None


def _first_failure(spec: TableSpec, table: pd.DataFrame, failures: pd.DataFrame, label: str) -> InstanceError:
    failures = failures.dropna(subset=["index"]).copy()
    order = {name: position for position, name in enumerate(spec.columns)}
    failures["column_order"] = failures["column"].map(order).fillna(len(order))
    failures = failures.sort_values(["index", "column_order"], kind="stable")
    failure = failures.iloc[0]
    row = spreadsheet_row(int(failure["index"]))
    check = str(failure["check"])
    if check in {"multiple_fields_uniqueness", "field_uniqueness"}:
        # Pandera flags every copy; the error belongs to the first row that repeats an earlier one.
        position = _first(table.duplicated(subset=list(spec.key)))
        row = spreadsheet_row(position if position is not None else int(failure["index"]))
        key = ", ".join(spec.key)
        return InstanceError(label, f"duplicate key ({key}) repeats an earlier row", row, spec.key[-1])
    value = failure["failure_case"]
    shown = f"{value:g}" if isinstance(value, float) and not math.isnan(value) else repr(value)
    return InstanceError(label, f"{shown} {check}", row, str(failure["column"]))
