"""Every malformed instance is refused with one line naming its file, row and field, and exit status 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from optimiser.cli import main
from optimiser.instance.errors import InstanceError
from optimiser.instance.load import load_instance

from .malformed import CASES, CASES_BY_NAME, Case, copy_valid

EXIT_BAD_INPUT = 2


def _location(error: InstanceError) -> tuple[str, int | str | None, str | None]:
    """The error's file as a bare name (`catchment.csv`, `tiny.xlsx[gap]`), row and field."""
    return Path(error.file).name, error.row, error.field


def expected_location(case: Case) -> str:
    """The one-line error from the file name to the colon, such as `catchment.csv, row 2, field place: `."""
    parts = [case.file]
    if case.row is not None:
        parts.append(f"row {case.row}" if isinstance(case.row, int) else case.row)
    if case.field is not None:
        parts.append(f"field {case.field}")
    return ", ".join(parts) + ": "


def test_the_registry_holds_at_least_thirty_distinct_cases() -> None:
    names = [case.name for case in CASES]
    assert len(set(names)) == len(names), "case names repeat"
    assert len(set(names)) >= 30
    # Distinct defects, not one defect under several names: no two cases expect the same report.
    expected = [(case.file, case.row, case.field, case.message) for case in CASES]
    assert len(set(expected)) == len(expected)


def test_the_unmodified_copy_is_valid(tmp_path: Path) -> None:
    instance = load_instance(copy_valid(tmp_path))
    assert instance.name == "tiny"


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_load_instance_reports_file_row_and_field(case: Case, tmp_path: Path) -> None:
    path = case.build(tmp_path)
    with pytest.raises(InstanceError) as caught:
        load_instance(path)
    error = caught.value
    text = str(error)
    # One line per problem found, the first being the case's own defect.
    assert text.splitlines() == [str(problem) for problem in error.problems], text
    assert _location(error) == (case.file, case.row, case.field), text
    assert case.message in error.message, text
    assert expected_location(case) in text, text


def run_cli(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "optimiser.cli", *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _assert_located_error(case: Case, code: int, stdout: str, stderr: str) -> None:
    assert code == EXIT_BAD_INPUT, stdout + stderr
    assert "Traceback" not in stdout and "Traceback" not in stderr
    assert stdout.strip() == "", stdout
    lines = stderr.splitlines()
    # The first line is the case's defect; any other problem found in the same pass has its own line.
    assert lines and all(": " in line for line in lines), stderr
    assert lines[0].startswith("error: "), lines[0]
    assert expected_location(case) in lines[0], lines[0]
    assert case.message in lines[0], lines[0]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_cli_validate_exits_2_with_the_defect_first(
    case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """In process, through the command line's own `main`: the same code as the installed script."""
    path = case.build(tmp_path)
    code = main(["validate", str(path)])
    captured = capsys.readouterr()
    _assert_located_error(case, code, captured.out, captured.err)


#: A few cases run as real processes too: the exit status and streams as a shell sees them.
SUBPROCESS_CASES = ("catchment_unknown_place", "toml_negative_gap", "workbook_target_year_not_in_years")


@pytest.mark.parametrize("name", SUBPROCESS_CASES)
def test_the_validate_process_exits_2_with_the_defect_first(name: str, tmp_path: Path) -> None:
    case = CASES_BY_NAME[name]
    result = run_cli("validate", str(case.build(tmp_path)))
    _assert_located_error(case, result.returncode, result.stdout, result.stderr)


@pytest.mark.parametrize("command", ["evaluate", "convert"])
@pytest.mark.parametrize("name", ["catchment_unknown_place", "toml_negative_gap"])
def test_other_commands_refuse_bad_input_the_same_way(command: str, name: str, tmp_path: Path) -> None:
    case = CASES_BY_NAME[name]
    path = case.build(tmp_path)
    target = [str(tmp_path / "converted.xlsx")] if command == "convert" else []
    result = run_cli(command, str(path), *target)
    assert result.returncode == EXIT_BAD_INPUT, result.stdout + result.stderr
    assert result.stdout.strip() == "", result.stdout
    assert result.stderr.splitlines() == [result.stderr.strip()]
    assert result.stderr.startswith("error: ") and expected_location(case) in result.stderr
    assert not (tmp_path / "converted.xlsx").exists()
