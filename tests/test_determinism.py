"""Determinism (issue 10, item 9): the same instance and options give byte-identical result tables
across runs and whatever order the rows (and columns) of the input tables are written in."""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

import pandas as pd
import pytest

from optimiser.cli import main
from optimiser.instance.load import load_instance

INSTANCES = Path(__file__).resolve().parents[1] / "instances"


def _shuffled_copy(name: str, target: Path, seed: int) -> Path:
    """A copy of a bundled instance with the rows and columns of every table in another order."""
    folder = Path(shutil.copytree(INSTANCES / name, target))
    for path in sorted(folder.glob("*.csv")):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        columns = list(frame.sample(frac=1.0, axis=1, random_state=seed).columns)
        frame = frame.sample(frac=1.0, random_state=seed)[columns]
        frame.to_csv(path, index=False, lineterminator="\n")
    return folder


def _solve(folder: Path, out: Path) -> Path:
    """Solve through the command line's own entry point (in process), as a user would."""
    assert main(["solve", str(folder), "--out", str(out)]) == 0
    return out


def _differing(first: Path, second: Path) -> list[str]:
    """Result tables (summary.json holds timings, so it is left out) that differ between two runs."""
    tables = sorted(first.glob("*.csv"))
    assert {path.name for path in tables} >= {"decisions.csv", "solution.csv", "constraints.csv"}
    return [path.name for path in tables if not filecmp.cmp(path, second / path.name, shallow=False)]


@pytest.mark.parametrize("name", ["tiny", "derbyshire-stp-2016"])
def test_results_are_byte_identical_across_runs_and_row_orders(name: str, tmp_path: Path) -> None:
    original = Path(shutil.copytree(INSTANCES / name, tmp_path / "original"))
    shuffled = _shuffled_copy(name, tmp_path / "shuffled", seed=7)
    assert any((original / path.name).read_bytes() != path.read_bytes() for path in shuffled.glob("*.csv")), (
        "the shuffle changed nothing"
    )
    written = _solve(original, tmp_path / "first")
    assert _differing(written, _solve(original, tmp_path / "again")) == []
    assert _differing(written, _solve(shuffled, tmp_path / "from_shuffled")) == []


def test_a_shuffled_instance_is_written_back_in_its_own_order(tmp_path: Path) -> None:
    """Sorting is for the model: `convert` writes each table's rows in the order its file held them."""
    from optimiser.instance.write import write_folder

    shuffled = _shuffled_copy("tiny", tmp_path / "shuffled", seed=3)
    written = write_folder(load_instance(shuffled), tmp_path / "written")
    for path in sorted(shuffled.glob("*.csv")):
        expected = pd.read_csv(path, dtype=str, keep_default_na=False)
        actual = pd.read_csv(written / path.name, dtype=str, keep_default_na=False)
        assert list(actual.iloc[:, 0]) == list(expected[actual.columns[0]]), path.name
