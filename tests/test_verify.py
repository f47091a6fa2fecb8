"""`optimiser verify DIR` passes on fresh results and fails, naming the file, when a result file is
edited, deleted or added, when the instance changed, or when a solution or objective was forged
along with its hash in the manifest (so the check of the numbers themselves is what catches it)."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from optimiser.analysis.verify import EXIT_VERIFY_FAILED
from optimiser.cli import main

from .conftest import DERBYSHIRE, TINY
from .processes import run_cli as _run


@pytest.fixture(scope="module")
def derbyshire_results(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("verify")
    result = _run("solve", str(DERBYSHIRE), "--out", "out", cwd=folder)
    assert result.returncode == 0, result.stderr
    return folder / "out"


@pytest.fixture
def results(derbyshire_results: Path, tmp_path: Path) -> Path:
    """A copy of fresh Derbyshire results, for one test to tamper with."""
    return Path(shutil.copytree(derbyshire_results, tmp_path / "out"))


def _failure(folder: Path) -> str:
    result = _run("verify", str(folder), cwd=folder.parent)
    assert result.returncode == EXIT_VERIFY_FAILED, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


def _rehash(folder: Path, name: str) -> None:
    """Forge the manifest: give `name` the hash of its edited bytes."""
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["files"][name] = hashlib.sha256((folder / name).read_bytes()).hexdigest()
    (folder / "manifest.json").write_text(json.dumps(manifest))


def test_fresh_derbyshire_results_verify(derbyshire_results: Path) -> None:
    result = _run("verify", "out", cwd=derbyshire_results.parent)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "out: verified"
    assert lines[1] == "  10 files match manifest.json (sha256)"
    assert lines[2].startswith(f"  instance {DERBYSHIRE} unchanged")
    assert "keep all" in lines[3] and "summary.json's objective" in lines[4]
    assert lines[5].startswith("  solved again with cbc: optimal")


def test_fresh_tiny_integer_results_verify(tmp_path: Path) -> None:
    solved = _run("solve", str(TINY), "--integer", "--backend", "highs", "--out", "out", cwd=tmp_path)
    assert solved.returncode == 0, solved.stderr
    result = _run("verify", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "solved again with highs: optimal" in result.stdout


def test_an_edited_table_is_named(results: Path) -> None:
    with (results / "decisions.csv").open("a") as table:
        table.write("extra,row\n")
    assert _failure(results) == (
        f"error: verify failed: {results / 'decisions.csv'}: edited since the run wrote it "
        "(its sha256 is not the one in manifest.json)"
    )


def test_a_deleted_file_is_named(results: Path) -> None:
    (results / "comparison.csv").unlink()
    assert _failure(results) == (
        f"error: verify failed: {results / 'comparison.csv'}: missing (listed in manifest.json)"
    )


def test_a_result_file_the_run_did_not_write_is_named(results: Path) -> None:
    (results / "diagnosis.txt").write_text("from another run\n")
    assert _failure(results) == (
        f"error: verify failed: {results / 'diagnosis.txt'}: not written by this run (not in manifest.json)"
    )


def _set_value(folder: Path, column: str, value: str) -> None:
    path = folder / "solution.csv"
    lines = path.read_text().splitlines(keepends=True)
    at = next(index for index, line in enumerate(lines) if line.startswith(f'"{column}"'))
    fields = lines[at].rstrip("\n").rsplit(",", 2)
    lines[at] = f"{fields[0]},{value},{fields[2]}\n"
    path.write_text("".join(lines))


def test_an_edited_solution_fails_its_hash_and_then_its_feasibility(results: Path) -> None:
    column = "scale[case_management,erewash_ilkeston,2020/21]"
    _set_value(results, column, "7")
    assert f"{results / 'solution.csv'}: edited since the run wrote it" in _failure(results)
    _rehash(results, "solution.csv")
    message = _failure(results)
    assert message.startswith(f"error: verify failed: {results / 'solution.csv'}: breaks ")
    assert "(tolerance 1e-06)" in message


def test_a_forged_objective_is_named(results: Path) -> None:
    summary = json.loads((results / "summary.json").read_text())
    summary["objective"]["value"] *= 0.99
    (results / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    _rehash(results, "summary.json")
    message = _failure(results)
    assert message.startswith(f"error: verify failed: {results / 'summary.json'}: objective ")
    assert "is not c·x of solution.csv" in message


def test_a_changed_instance_is_named(tmp_path: Path) -> None:
    instance = Path(shutil.copytree(TINY, tmp_path / "tiny"))
    assert _run("solve", str(instance), "--out", "out", cwd=tmp_path).returncode == 0
    with (instance / "workforce.csv").open("a") as table:
        table.write("\n")
    assert _failure(tmp_path / "out") == (
        f"error: verify failed: {instance / 'workforce.csv'}: changed since the run "
        "(its sha256 is not the one in the manifest)"
    )


def test_a_folder_without_a_manifest_is_named(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    assert _failure(out) == (
        f"error: verify failed: {out / 'manifest.json'}: missing; not a results folder this tool wrote"
    )


def test_verify_rebuilds_with_the_families_the_run_switched_off(tmp_path: Path) -> None:
    """A run without its gap rows is checked against the model it solved: with them, its plan (which
    closes no gap) would break the model."""
    out = tmp_path / "out"
    assert main(["solve", str(TINY), "--without", "gap", "--out", str(out)]) == 0
    assert main(["verify", str(out)]) == 0


def test_verify_applies_the_runs_set_overrides(tmp_path: Path) -> None:
    """A run with a larger gap (`--set`) is re-solved with that gap, not the instance's own."""
    out = tmp_path / "out"
    assert main(["solve", str(TINY), "--set", "gap[2020/21].amount_gbpm=1.2", "--out", str(out)]) == 0
    assert main(["verify", str(out)]) == 0
