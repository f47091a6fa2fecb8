"""Validation of one table: columns, blanks, types, ranges, choices and keys.

Raw tables arrive as frames of strings (from CSV or from a workbook sheet). They are checked and
converted column by column with vectorised numpy and pandas operations, every problem of the table
gathered (not only the first) and reported in file order: by row, then by column.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from optimiser.instance.config import printable
from optimiser.instance.errors import PROBLEM_LIMIT, InstanceError, Problem
from optimiser.instance.fields import (
    ROW_LIMIT,
    bad_bools,
    bad_numbers,
    bad_values,
    blanked,
    distinct_problems,
    id_problem,
    year_problem,
)
from optimiser.instance.schema import Field, TableSpec
from optimiser.instance.sources import check_source

_FIRST_DATA_ROW = 2  # the header is row 1, as in a spreadsheet
_TRUE = {"true", "yes", "1"}
# Below this many rows, stripping each cell costs less than finding the distinct cells first.
_FACTORIZE_FROM = 1000


def spreadsheet_row(position: int) -> int:
    """Row number, as a spreadsheet shows it, of the data row at 0-based `position`."""
    return int(position) + _FIRST_DATA_ROW


class _TableProblems:
    """A table's problems, each with its row position and column order so they sort into file order.

    Each column lists at most `PROBLEM_LIMIT` of its problems: the table's first `PROBLEM_LIMIT` in
    file order are among them, and the rest are only counted.
    """

    def __init__(self, spec: TableSpec, label: str) -> None:
        self.label = label
        self.order = {name: position for position, name in enumerate(spec.columns)}
        self.found: list[tuple[int, int, Problem]] = []
        self.unlisted = 0

    def rows(self, positions: np.ndarray, column: str, say: Callable[[int], str]) -> None:
        """A problem at each row position; `say(position)` words it."""
        order = self.order.get(column, len(self.order))
        for position in positions[:PROBLEM_LIMIT]:
            problem = Problem(self.label, say(int(position)), spreadsheet_row(int(position)), column)
            self.found.append((int(position), order, problem))
        self.unlisted += max(int(positions.size) - PROBLEM_LIMIT, 0)

    def raise_any(self) -> None:
        if not self.found:
            return
        ordered = [problem for _, _, problem in sorted(self.found, key=lambda found: found[:2])]
        listed = ordered[:PROBLEM_LIMIT]
        raise InstanceError.of(listed, self.unlisted + len(ordered) - len(listed))


def validate_table(spec: TableSpec, raw: pd.DataFrame, label: str) -> pd.DataFrame:
    """Check a raw table of strings against its specification and return it typed."""
    return check_table(spec, raw, label).table


@dataclass(frozen=True)
class CheckedTable:
    """A validated table, its rows as the file held them, and the positions of its rows in key order."""

    table: pd.DataFrame
    key_order: np.ndarray


def check_table(spec: TableSpec, raw: pd.DataFrame, label: str) -> CheckedTable:
    """Check a raw table of strings against its specification; return it typed, with its key order.

    Columns are checked as numpy arrays and become pandas columns once, at the end: the tables of an
    instance are small, so pandas' fixed cost per operation, not the rows, is what loading costs.
    """
    _check_columns(spec, raw, label)
    if len(raw) > ROW_LIMIT:
        message = f"{len(raw):,} rows, more than the {ROW_LIMIT:,} any table of an instance may hold"
        raise InstanceError(label, message, spreadsheet_row(ROW_LIMIT), None)
    if not len(raw):
        empty = _empty_table(spec, tuple(str(column) for column in raw.columns))
        return CheckedTable(empty.table.copy(), empty.key_order.copy())
    return _checked(spec, raw, label)


@functools.cache
def _empty_table(spec: TableSpec, columns: tuple[str, ...]) -> CheckedTable:
    """A table with `columns` and no rows, checked once for each layout: most instances leave the six
    tables of a service configuration out, and an empty table has nothing to find but its columns."""
    return _checked(spec, pd.DataFrame(np.empty((0, len(columns)), dtype=object), columns=list(columns)), "")


def _checked(spec: TableSpec, raw: pd.DataFrame, label: str) -> CheckedTable:
    """The rows of a table with valid columns, checked and typed (see `check_table`)."""
    problems = _TableProblems(spec, label)
    typed: dict[str, np.ndarray] = {}
    stripped = {str(column): _stripped(raw[column]) for column in raw.columns}
    # A wholly blank row (a blank line in a CSV, an empty row in a sheet) is one problem, not one per field.
    blank_rows = np.logical_and.reduce([values == "" for values in stripped.values()])
    blank_rows = np.asarray(blank_rows, dtype=bool) if stripped else np.zeros(len(raw), dtype=bool)
    problems.rows(np.flatnonzero(blank_rows), spec.fields[0].name, lambda _: "missing value (a blank row)")
    # Rows whose value failed to parse in some column: their keys are not compared.
    unparsed = blank_rows.copy()
    for field in spec.fields:
        # An optional field's column may be left out: every row then holds its default.
        values = stripped.get(field.name, np.full(len(raw), field.default, dtype=object))
        typed[field.name], bad = _parse_column(field, values, problems, blank_rows)
        unparsed |= bad
    for column in [column for column in stripped if column.startswith("source_")]:
        _check_sources(stripped[column], column, problems)
        typed[column] = stripped[column]
    _check_keys(spec, typed, unparsed, problems)
    problems.raise_any()
    table = pd.DataFrame(
        {
            name: pd.array(values, dtype="str") if values.dtype == object else values
            for name, values in typed.items()
        }
    )
    return CheckedTable(table, _key_order(spec, typed))


def _key_order(spec: TableSpec, typed: dict[str, np.ndarray]) -> np.ndarray:
    """Positions of the rows sorted by the table's key (unique after validation), so that the model
    is built, and results are written, in the same order whatever order the file held the rows in.
    A blank key sorts first, as the empty text."""
    keys = [
        np.array(["" if value is None else value for value in typed[name]], dtype=str) for name in spec.key
    ]
    return np.lexsort(keys[::-1]) if len(keys[0]) else np.zeros(0, dtype=np.intp)


def _stripped(column: pd.Series) -> np.ndarray:
    """Cells as text without surrounding spaces; tables repeat ids heavily, so each distinct cell is
    stripped once and the results are spread back by position."""
    cells = column.to_numpy(dtype=object)
    if len(cells) < _FACTORIZE_FROM:
        return np.array(["" if text is None else str(text).strip() for text in cells], dtype=object)
    codes, distinct = pd.factorize(cells, use_na_sentinel=False)
    stripped = np.array(["" if text is None else str(text).strip() for text in distinct], dtype=object)
    return stripped[codes] if codes.size else np.array([], dtype=object)


def _check_columns(spec: TableSpec, raw: pd.DataFrame, label: str) -> None:
    columns = [str(column) for column in raw.columns]
    found: list[Problem] = []
    seen: set[str] = set()
    for column in columns:
        if column in seen:
            found.append(Problem(label, "column appears twice", 1, printable(column)))
        seen.add(column)
    for field in spec.fields:
        if field.name not in columns and field.default is None:
            found.append(Problem(label, "missing column", 1, field.name))
    allowed = set(spec.columns) | {f"source_{name}" for name in spec.columns if name != "source"}
    for column in columns:
        if column not in allowed:
            message = f"unknown column (expected {', '.join(spec.columns)})"
            found.append(Problem(label, message, 1, printable(column)))
    if found:
        raise InstanceError.of(found[:PROBLEM_LIMIT], max(len(found) - PROBLEM_LIMIT, 0))


def _parse_column(
    field: Field, values: np.ndarray, problems: _TableProblems, blank_rows: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The column typed (floats, booleans, or texts with None where blank), and a mask of the rows
    whose value could not be read (a blank row is reported once, by the caller)."""
    blank = values == ""
    if field.default is not None:
        values = np.where(blank, field.default, values)
        blank = np.zeros(len(values), dtype=bool)
    failed = np.zeros(len(values), dtype=bool)
    if not field.nullable and (blank & ~blank_rows).any():
        problems.rows(np.flatnonzero(blank & ~blank_rows), field.name, lambda _: "missing value")
        failed |= blank
    if field.kind == "number":
        numbers, bad, say = bad_numbers(field, values, blank)
        problems.rows(np.flatnonzero(bad), field.name, say)
        return numbers, failed | bad
    if field.kind == "bool":
        bad = bad_bools(values)
        problems.rows(
            np.flatnonzero(bad), field.name, lambda at: f"expected true or false, got {values[at]!r}"
        )
        return _members(values, _TRUE, lower=True), failed | bad
    if field.kind == "source":
        _check_sources(values, field.name, problems)
    checker = {"id": id_problem, "year": year_problem}.get(field.kind)
    if checker is not None:
        bad, say = distinct_problems(values, checker)
        problems.rows(np.flatnonzero(bad), field.name, say)
        failed |= bad
    if field.choices is not None:
        bad = ~blank & ~_members(values, set(field.choices))
        choices = ", ".join(field.choices)
        problems.rows(np.flatnonzero(bad), field.name, lambda at: f"{values[at]!r} must be one of {choices}")
        failed |= bad
    return (blanked(values, blank) if field.nullable else values), failed


def _members(values: np.ndarray, members: set[str], *, lower: bool = False) -> np.ndarray:
    """Which texts are among `members` (compared in lower case with `lower`)."""
    found = (
        (str(value).lower() in members for value in values)
        if lower
        else (value in members for value in values)
    )
    return np.fromiter(found, dtype=bool, count=len(values))


def _check_sources(values: np.ndarray, column: str, problems: _TableProblems) -> None:
    """Every non-blank source cites the seed or states an assumption (a blank one is reported as a
    missing value where the column needs one, and allowed in a `source_<field>` override)."""
    bad, say = distinct_problems(values, check_source)
    problems.rows(np.flatnonzero(bad), column, say)


def _check_keys(
    spec: TableSpec, typed: dict[str, np.ndarray], unparsed: np.ndarray, problems: _TableProblems
) -> None:
    """Every row's key is unique: each row repeating an earlier row's key is reported, in one hashing
    pass (a million copies of one row cost a second, not minutes)."""
    columns = [typed[name] for name in spec.key]
    seen: set[tuple[object, ...]] = set()
    repeated = np.zeros(len(unparsed), dtype=bool)
    for position, key in enumerate(zip(*columns, strict=True)):
        if key in seen:
            repeated[position] = True
        seen.add(key)
    repeated &= ~unparsed
    key_names = ", ".join(spec.key)
    message = f"duplicate key ({key_names}) repeats an earlier row"
    problems.rows(np.flatnonzero(repeated), spec.key[-1], lambda _: message)
    _check_ranges(spec, typed, problems)


def _check_ranges(spec: TableSpec, typed: dict[str, np.ndarray], problems: _TableProblems) -> None:
    """Numbers within each field's admissible range (a NaN left by a failed parse compares False)."""
    for field in spec.fields:
        if field.kind != "number":
            continue
        for bad, say in bad_values(field, typed[field.name]):
            problems.rows(np.flatnonzero(bad), field.name, say)
