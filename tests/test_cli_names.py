"""No silent fallbacks: every name the user gives is checked, a wrong one is one line listing the valid
ones (with a suggestion when one is close), `-` is standard output, and a closed pipe ends quietly.

Driven in process through `main`, except the closed pipe, which needs a real pipe."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from optimiser.cli import EXIT_BAD_INPUT, EXIT_BROKEN_PIPE, main

from .conftest import DERBYSHIRE, TINY


def _one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1, error
    assert error.startswith("error: ")
    return error


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (["solve", "tiny", "--objective", "min-cst", "--out", "x"], "did you mean 'min-cost'?"),
        (["solve", "tiny", "--backend", "higs", "--out", "x"], "did you mean 'highs'?"),
        (["slove", "tiny"], "did you mean 'solve'?"),
        (["generate", "--size", "smal", "--out", "x"], "did you mean 'small'?"),
        (["solve", "tiny", "--lp-method", "barier", "--out", "x"], "did you mean 'barrier'?"),
    ],
)
def test_a_mistyped_choice_is_one_line_with_a_suggestion(
    arguments: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_status:
        main(arguments)
    assert exit_status.value.code == EXIT_BAD_INPUT
    error = _one_line_error(capsys)
    assert "valid: " in error and error.endswith(expected)


@pytest.mark.parametrize("command", ["solve", "evaluate"])
def test_an_unknown_plan_is_refused_not_replaced(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = ["--out", str(tmp_path / "out")] if command == "solve" else []
    assert main([command, str(TINY), "--plan", "plannd", *out]) == EXIT_BAD_INPUT
    error = _one_line_error(capsys)
    assert error.endswith("no plan 'plannd' (valid: planned); did you mean 'planned'?")
    # Nothing was solved, so nothing was written.
    assert not (tmp_path / "out").exists()


def test_an_unknown_instance_suggests_the_bundled_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "tinny"]) == EXIT_BAD_INPUT
    assert _one_line_error(capsys).endswith("did you mean 'tiny'?")


def test_a_folder_named_like_a_bundled_instance_is_ambiguous(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`solve tiny --out tiny` makes a folder `tiny`; `solve tiny` then must not pick one silently."""
    monkeypatch.chdir(tmp_path)
    assert main(["solve", "tiny", "--out", "tiny"]) == 0
    capsys.readouterr()
    assert main(["solve", "tiny", "--out", "again"]) == EXIT_BAD_INPUT
    error = _one_line_error(capsys)
    assert "write ./tiny for the one here or --bundled tiny for the bundled one" in error
    assert main(["validate", "--bundled", "tiny"]) == 0
    assert str(TINY.resolve()) in capsys.readouterr().out.replace("\n", "")


def test_bundled_names_only_bundled_instances(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(TINY, tmp_path / "mine")
    assert main(["validate", "--bundled", "mine"]) == EXIT_BAD_INPUT
    assert "no bundled instance 'mine' (valid: " in _one_line_error(capsys)


def test_evaluate_json_to_standard_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["evaluate", str(TINY), "--json", "-"]) == 0
    captured = capsys.readouterr()
    # Standard output holds the JSON document and nothing else; the readable summary is on stderr.
    document = json.loads(captured.out)
    assert document["plan"] == "planned"
    assert "plan 'planned'" in captured.err
    assert list(tmp_path.iterdir()) == [], "a file named '-' was written"


@pytest.mark.parametrize(("flag", "first_line"), [("--mps", "NAME"), ("--lp", "\\ ")])
def test_export_to_standard_output(
    flag: str,
    first_line: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfdbinary: pytest.CaptureFixture[bytes],
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["export", str(TINY), flag, "-"]) == 0
    captured = capfdbinary.readouterr()
    assert captured.out.decode().startswith(first_line)
    assert captured.err.decode().startswith("Wrote standard output: ")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "arguments",
    [
        ["solve", str(TINY), "--out", "-"],
        ["generate", "--out", "-"],
        ["convert", str(TINY), "-"],
    ],
)
def test_standard_output_cannot_hold_a_folder(
    arguments: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(arguments) == EXIT_BAD_INPUT
    assert "- (standard output) cannot hold" in _one_line_error(capsys)


@pytest.mark.parametrize(
    ("arguments", "reader", "lines"),
    [
        # The MPS text is megabytes, far more than a pipe holds, so `head -1` leaves while it flows.
        (["export", str(DERBYSHIRE), "--mps", "-"], "head -1", 1),
        # A reader that never reads is gone long before the interpreter has started.
        (["solve", str(TINY), "--out", "{out}"], "true", 0),
        (["evaluate", str(TINY)], "true", 0),
    ],
)
def test_a_closed_pipe_ends_quietly(arguments: list[str], reader: str, lines: int, tmp_path: Path) -> None:
    """`optimiser … | head -1`: no message, and the status of a tool killed by SIGPIPE."""
    arguments = [argument.format(out=tmp_path / "out") for argument in arguments]
    script = f'set -o pipefail; "$@" | {reader}'
    pipeline = subprocess.run(
        ["bash", "-c", script, "pipeline", sys.executable, "-m", "optimiser.cli", *arguments],
        capture_output=True,
        text=True,
        check=False,
    )
    assert len(pipeline.stdout.splitlines()) == lines
    assert pipeline.stderr == ""
    assert pipeline.returncode == EXIT_BROKEN_PIPE


def test_a_family_switched_off_is_said_and_recorded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["solve", str(TINY), "--without", "gap", "--out", str(out)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1] == "Switched off (not enforced): gap"
    summary = json.loads((out / "summary.json").read_text())
    assert summary["families_switched_off"] == ["gap"]
    constraints = (out / "constraints.csv").read_text()
    assert "\ngap[" not in constraints


def test_an_unknown_family_to_switch_off_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["export", str(TINY), "--without", "captal", "--mps", str(tmp_path / "m.mps")]) == EXIT_BAD_INPUT
    )
    assert _one_line_error(capsys).endswith("did you mean 'capital'?")
