"""The written solution satisfies the exported model, checked by a reader that shares no code with it.

`optimiser solve` writes `solution.csv`; `optimiser export --mps` writes the model. A small free-MPS
reader written here (rows, columns with integer markers, right-hand sides, ranges, bounds) and
Python's own float parsing read both back; every row's activity (summed exactly, with `math.fsum`)
and every column's value must lie within 1e-7·max(1, |bound|) of its bounds. Written at eight
significant digits, as CBC prints them, the same values break rows of this model (the last test).
"""

from __future__ import annotations

import csv
import json
import math
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

#: A row or column may miss its bound by this share of max(1, |bound|).
TOLERANCE = 1e-7


@dataclass
class MpsModel:
    """A model as its MPS file states it: each row's bounds and terms, each column's bounds."""

    rows: dict[str, list[float]] = field(default_factory=dict)
    terms: dict[str, dict[str, float]] = field(default_factory=dict)
    columns: dict[str, list[float]] = field(default_factory=dict)
    integer: set[str] = field(default_factory=set)


def _row_bounds(kind: str, rhs: float, span: float | None) -> list[float]:
    """MPS semantics of a row's type, right-hand side and range."""
    if kind == "E":
        if span is None:
            return [rhs, rhs]
        return [rhs, rhs + span] if span > 0 else [rhs + span, rhs]
    if kind == "L":
        return [-math.inf if span is None else rhs - abs(span), rhs]
    return [rhs, math.inf if span is None else rhs + abs(span)]


def _bound(column: list[float], kind: str, value: float) -> None:
    if kind == "UP":
        column[1] = value
    elif kind == "LO":
        column[0] = value
    elif kind == "FX":
        column[0] = column[1] = value
    elif kind == "FR":
        column[0], column[1] = -math.inf, math.inf
    elif kind == "MI":
        column[0] = -math.inf
    elif kind == "PL":
        column[1] = math.inf
    else:
        raise AssertionError(f"bound type {kind} not expected in this model")


def read_mps(path: Path) -> MpsModel:
    model = MpsModel()
    kinds: dict[str, str] = {}
    rhs: dict[str, float] = {}
    spans: dict[str, float] = {}
    section, objective, in_integers = "", "", False
    for line in path.read_text().splitlines():
        if not line.strip():
            continue
        if not line[0].isspace():
            section = line.split()[0]
            continue
        fields = line.split()
        if section == "ROWS":
            if fields[0] == "N":
                objective = fields[1]
            else:
                kinds[fields[1]] = fields[0]
        elif section == "COLUMNS":
            if len(fields) == 3 and fields[1] == "'MARKER'":
                in_integers = fields[2] == "'INTORG'"
                continue
            column = fields[0]
            model.columns.setdefault(column, [0.0, math.inf])
            if in_integers:
                model.integer.add(column)
            for row, value in zip(fields[1::2], fields[2::2], strict=True):
                if row != objective:
                    model.terms.setdefault(row, {})[column] = float(value)
        elif section in ("RHS", "RANGES"):
            target = rhs if section == "RHS" else spans
            for row, value in zip(fields[1::2], fields[2::2], strict=True):
                if row != objective:
                    target[row] = float(value)
        elif section == "BOUNDS":
            value = float(fields[3]) if len(fields) > 3 else 0.0
            _bound(model.columns[fields[2]], fields[0], value)
    model.rows = {row: _row_bounds(kind, rhs.get(row, 0.0), spans.get(row)) for row, kind in kinds.items()}
    return model


def read_solution(path: Path) -> dict[str, float]:
    with path.open(newline="") as stream:
        return {row["column"]: float(row["value"]) for row in csv.DictReader(stream)}


def breaches(model: MpsModel, values: dict[str, float]) -> list[str]:
    """Every row and column outside its bounds by more than `TOLERANCE`·max(1, |bound|)."""
    found = []
    activities = {
        row: math.fsum(
            coefficient * values[column] for column, coefficient in model.terms.get(row, {}).items()
        )
        for row in model.rows
    }
    for kind, bounds, level in (
        ("row", model.rows, activities),
        ("column", model.columns, values),
    ):
        for name, (lower, upper) in bounds.items():
            value = level[name]
            if lower - value > TOLERANCE * max(1.0, abs(lower)) or value - upper > TOLERANCE * max(
                1.0, abs(upper)
            ):
                found.append(f"{kind} {name}: {value!r} outside [{lower!r}, {upper!r}]")
    return found


#: The exported model, the written solution, and the model's size as summary.json states it.
Written = tuple[MpsModel, dict[str, float], dict[str, int]]


def _cli(*arguments: str, cwd: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "optimiser.cli", *arguments],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr


@pytest.fixture(
    scope="module", params=[("derbyshire-stp-2016",), ("tiny", "--integer")], ids=["derbyshire", "tiny-milp"]
)
def written(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Written:
    folder = tmp_path_factory.mktemp("precision")
    _cli("solve", *request.param, "--out", str(folder / "out"), cwd=folder)
    _cli("export", *request.param, "--mps", str(folder / "model.mps"), cwd=folder)
    return (
        read_mps(folder / "model.mps"),
        read_solution(folder / "out" / "solution.csv"),
        json.loads((folder / "out" / "summary.json").read_text())["model"],
    )


def test_the_reader_reads_the_whole_model(written: Written) -> None:
    model, values, counts = written
    assert len(model.rows) == counts["rows"] and len(model.columns) == counts["columns"]
    assert set(model.columns) == set(values)
    assert sum(len(terms) for terms in model.terms.values()) == counts["nonzeros"]


def test_the_written_solution_is_feasible_in_the_exported_model(
    written: Written,
) -> None:
    model, values, _ = written
    assert breaches(model, values) == []
    for column in model.integer:
        assert values[column] == pytest.approx(round(values[column]), abs=1e-6)


def test_eight_significant_digits_would_not_be(written: Written) -> None:
    model, values, _ = written
    if model.integer:
        pytest.skip("the MILP's values are whole numbers, which eight digits keep")
    rounded = {name: float(f"{value:.8g}") for name, value in values.items()}
    assert breaches(model, rounded) != []
