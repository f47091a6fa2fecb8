"""A results folder holds one whole run: written as a set with its manifest, never where it could do
harm, one run at a time, and the user's own files never touched.

Every case runs the real command line in a subprocess on a real folder.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import subprocess
from pathlib import Path

import pytest

from optimiser.results.folder import EXIT_BUSY, EXIT_REFUSED

from .conftest import DERBYSHIRE, TINY
from .processes import digests as _digests
from .processes import run_cli as _run

EXIT_SOLVER_FAILED = 5


def _only_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


@pytest.fixture
def earlier(tmp_path: Path) -> Path:
    """A folder holding one whole run of tiny, solved with HiGHS."""
    out = tmp_path / "out"
    result = _run("solve", str(TINY), "--backend", "highs", "--out", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return out


def test_a_run_is_one_set_with_its_manifest(earlier: Path) -> None:
    manifest = json.loads((earlier / "manifest.json").read_text())
    names = sorted(path.name for path in earlier.iterdir())
    assert sorted([*manifest["files"], "manifest.json"]) == names
    assert manifest["files"] == {
        name: digest for name, digest in _digests(earlier).items() if name in manifest["files"]
    }
    assert manifest["status"] == "optimal" and manifest["command"] == "solve"
    assert manifest["options"] == {
        "objective": "min-cost",
        "backend": "highs",
        "integer": False,
        "time_limit": None,
        "mip_gap": 1e-4,
        "lp_method": "auto",
        "plan": "planned",
        "safe_occupancy": None,
        "families_switched_off": [],
        "overrides": [],
    }
    assert manifest["instance"]["path"] == str(TINY.resolve())
    assert (
        manifest["instance"]["files"]["instance.toml"]
        == hashlib.sha256((TINY / "instance.toml").read_bytes()).hexdigest()
    )
    assert set(manifest["versions"]) == {"optimiser", "numpy", "pandas", "scipy", "highspy", "pulp", "pyomo"}
    assert manifest["solver"]["name"] == "highs"
    assert manifest["started"] <= manifest["finished"] and manifest["finished"].endswith("Z")
    # Nothing is left beside the folder: no staging folder, no lock file.
    assert [path.name for path in earlier.parent.iterdir()] == ["out"]


def test_the_users_own_files_are_carried_into_the_next_run(earlier: Path, tmp_path: Path) -> None:
    tables = {name for name in _digests(earlier) if name.endswith(".csv")}
    (earlier / "notes.txt").write_text("mine")
    (earlier / "drafts").mkdir()
    (earlier / "drafts" / "board.md").write_text("draft")
    (earlier / "link").symlink_to("notes.txt")
    result = _run("solve", str(TINY), "--objective", "min-beds", "--out", str(earlier), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (earlier / "notes.txt").read_text() == "mine"
    assert (earlier / "drafts" / "board.md").read_text() == "draft"
    assert os.readlink(earlier / "link") == "notes.txt"
    manifest = json.loads((earlier / "manifest.json").read_text())
    assert manifest["options"]["objective"] == "min-beds"
    assert set(manifest["files"]) == tables | {"summary.json"}
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out"]


def _refusals(tmp_path: Path) -> list[tuple[str, str]]:
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "summary.json").write_text("{}")
    return [
        ("/", "error: /: is the root of the file system; choose a new folder for the results"),
        (".", "error: .: is the working directory itself; choose a new folder inside it"),
        (
            str(TINY),
            f"error: {TINY}: is an instance folder (it holds instance.toml); choose a folder outside it",
        ),
        (
            str(TINY / "results"),
            f"error: {TINY / 'results'}: lies inside {TINY}, which is an instance folder (it holds "
            "instance.toml); choose a folder outside it",
        ),
        (
            "foreign",
            "error: foreign: holds files this tool did not write (summary.json); "
            "choose an empty or new folder",
        ),
    ]


def test_an_out_folder_that_could_do_harm_is_refused(tmp_path: Path) -> None:
    instance_before = _digests(TINY)
    for out, message in _refusals(tmp_path):
        result = _run("solve", str(TINY), "--out", out, cwd=tmp_path)
        assert result.returncode == EXIT_REFUSED, (out, result.stderr)
        assert _only_line(result) == message
    assert _digests(TINY) == instance_before and not (TINY / "results").exists()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["foreign"]
    assert _digests(tmp_path / "foreign") == {"summary.json": hashlib.sha256(b"{}").hexdigest()}


def test_a_users_file_under_a_result_name_is_never_overwritten(earlier: Path, tmp_path: Path) -> None:
    (earlier / "diagnosis.txt").write_text("my own diagnosis")
    before = _digests(earlier)
    result = _run("solve", str(TINY), "--out", "out", cwd=tmp_path)
    assert result.returncode == EXIT_REFUSED
    assert _only_line(result) == (
        "error: out: holds diagnosis.txt, which this tool did not write; move it or choose another folder"
    )
    assert _digests(earlier) == before


def test_a_second_run_on_a_locked_folder_is_turned_away(earlier: Path, tmp_path: Path) -> None:
    before = _digests(earlier)
    # The lock another run would hold: an exclusive flock on .out.lock beside the folder.
    with open(tmp_path / ".out.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        result = _run("solve", str(TINY), "--out", "out", cwd=tmp_path)
    assert result.returncode == EXIT_BUSY
    assert _only_line(result) == (
        "error: out: another optimiser run is writing its results here; wait for it or choose another --out"
    )
    assert _digests(earlier) == before


def test_a_solver_failure_keeps_the_previous_run(earlier: Path, tmp_path: Path) -> None:
    before = _digests(earlier)
    result = _run(
        "solve",
        str(DERBYSHIRE),
        "--integer",
        "--backend",
        "highs",
        "--time-limit",
        "0.01",
        "--out",
        "out",
        cwd=tmp_path,
    )
    assert result.returncode == EXIT_SOLVER_FAILED, result.stdout + result.stderr
    assert "out keeps its previous results" in " ".join(result.stdout.split())
    assert _digests(earlier) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out"]


def test_a_second_run_writes_the_same_tables(earlier: Path, tmp_path: Path) -> None:
    """Times live only in manifest.json and summary.json: every table hashes as before."""
    first = json.loads((earlier / "manifest.json").read_text())
    result = _run("solve", str(TINY), "--backend", "highs", "--out", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    second = json.loads((earlier / "manifest.json").read_text())
    tables = {name: digest for name, digest in first["files"].items() if name.endswith(".csv")}
    assert len(tables) == 9
    assert tables == {name: digest for name, digest in second["files"].items() if name.endswith(".csv")}
