"""Each command imports only what it needs: a short command should not pay a fifth of a second for a
workbook reader, a modelling library or a plotting package it never uses.

Each case runs one command through `optimiser.cli.main([...])` in a fresh interpreter (the only way
to see what importing it costs, since this process has imported everything already) and reads the
modules it left in `sys.modules`. The command really runs: its exit status is checked too.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

#: Never needed by any command that reads an instance folder and writes CSV and JSON: workbooks
#: (openpyxl and xlsxwriter, only for `convert`, .xlsx instances and `--xlsx`), HTML templates,
#: the other backends' modelling libraries, plotting, and the sweep's distributed engine and sampler.
NEVER_FOR_A_FOLDER = (
    "openpyxl",
    "xlsxwriter",
    "jinja2",
    "pyomo",
    "matplotlib",
    "dask",
    "distributed",
    "SALib",
)

#: `validate` reads and checks an instance: no solver, no model, no sparse matrix, and no console
#: tables or live display (it prints one line).
VALIDATE_NEEDS_NONE_OF = (
    *NEVER_FOR_A_FOLDER,
    "pulp",
    "highspy",
    "scipy",
    "optimiser.models",
    "optimiser.solvers",
    "rich.table",
    "rich.live",
)

#: `solve` with CBC (the default) runs CBC's binary, found in PuLP's package data without importing
#: PuLP; HiGHS is loaded only for its own backend or a diagnosis; the spinner only on a terminal.
SOLVE_NEEDS_NONE_OF = (*NEVER_FOR_A_FOLDER, "pulp", "highspy", "rich.live", "optimiser.analysis.sweep")


def modules_after(arguments: list[str], cwd: Path) -> set[str]:
    """The modules loaded once `main(arguments)` has run in a fresh interpreter (which must exit 0)."""
    program = (
        "import json, sys\n"
        "from optimiser.cli import main\n"
        f"status = main({arguments!r})\n"
        "print(json.dumps({'status': status, 'modules': sorted(sys.modules)}))\n"
    )
    finished = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=False, cwd=cwd
    )
    assert finished.returncode == 0, finished.stderr
    report = json.loads(finished.stdout.strip().splitlines()[-1])
    assert report["status"] == 0, finished.stderr
    return set(report["modules"])


def loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    """Which of `names` (packages or modules) are in `modules`, themselves or by a submodule."""
    return [name for name in names if any(m == name or m.startswith(f"{name}.") for m in modules)]


def test_validate_loads_no_solver_model_or_workbook_reader(tmp_path: Path) -> None:
    modules = modules_after(["validate", "--bundled", "tiny"], tmp_path)
    assert "optimiser.instance.load" in modules
    assert loaded(modules, VALIDATE_NEEDS_NONE_OF) == []


def test_solve_loads_no_other_backend_workbook_reader_or_sweep(tmp_path: Path) -> None:
    modules = modules_after(["solve", "--bundled", "tiny", "--out", str(tmp_path / "out")], tmp_path)
    assert {"optimiser.solvers.cbc", "optimiser.models"} <= modules
    assert loaded(modules, SOLVE_NEEDS_NONE_OF) == []
    assert (tmp_path / "out" / "decisions.csv").is_file()


@pytest.mark.parametrize("arguments", [["--help"], ["--version"]])
def test_help_and_version_load_no_instance_machinery(arguments: list[str], tmp_path: Path) -> None:
    program = (
        "import json, sys\n"
        "from optimiser.cli import main\n"
        "try:\n"
        f"    main({arguments!r})\n"
        "except SystemExit as end:\n"
        "    assert end.code == 0, end.code\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    finished = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    modules = set(json.loads(finished.stdout.strip().splitlines()[-1]))
    assert loaded(modules, ("pandas", "scipy", "pydantic", "openpyxl", "optimiser.instance.load")) == []


def test_a_program_run_turns_the_collector_back_on_after_its_imports(tmp_path: Path) -> None:
    """Run as a program, a command imports with the cyclic collector off, then freezes what it
    imported and turns the collector back on: the run's own garbage (a national model's) is still
    collected. Called in process, `main` leaves the caller's collector as it found it."""
    program = (
        "import gc, json, sys\n"
        "from optimiser.cli import main\n"
        "gc.disable()\n"
        "in_process = main(['validate', '--bundled', 'tiny'])\n"
        "left_alone = not gc.isenabled()\n"
        "gc.enable()\n"
        "sys.argv = ['optimiser', 'validate', '--bundled', 'tiny']\n"
        "status = main()\n"
        "print(json.dumps([in_process, left_alone, status, gc.isenabled(), gc.get_freeze_count()]))\n"
    )
    finished = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    in_process, left_alone, status, enabled, frozen = json.loads(finished.stdout.strip().splitlines()[-1])
    assert (in_process, left_alone, status, enabled) == (0, True, 0, True)
    assert frozen > 0
