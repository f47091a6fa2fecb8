"""The installed package is the whole source tree: a wheel built from a copy of the project holds
every module of `optimiser/` and of `models/` (as `optimiser.models`), the bundled instances' data,
no top-level `models`, and the `optimiser` console script; unpacked, it solves a bundled instance
by name from a folder that has no `instances/`.

The test suite runs against an editable install, which finds subpackages on disk whether or not
`pyproject.toml` names them; only a real wheel shows what `pip install .` delivers."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: The files a wheel is built from; the copy keeps a stale `build/` folder out of the wheel.
BUILD_INPUTS = ("pyproject.toml", "README.md", "optimiser", "models", "instances")
#: The instance files a wheel carries; the Derbyshire calibration scripts stay in the checkout.
INSTANCE_DATA = ("*/README.md", "*/*.toml", "*/*.csv", "*/sources/*")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in BUILD_INPUTS:
        origin = ROOT / name
        if origin.is_dir():
            shutil.copytree(origin, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.xlsx"))
        else:
            shutil.copy2(origin, source / name)
    wheels = tmp_path_factory.mktemp("wheels")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-q", "-w", str(wheels)],
        check=True,
        capture_output=True,
    )
    (built,) = wheels.glob("*.whl")
    return built


@pytest.fixture(scope="module")
def wheel_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def source_modules() -> set[str]:
    """Where each source module must land in the wheel."""
    package = {path.relative_to(ROOT).as_posix() for path in (ROOT / "optimiser").rglob("*.py")}
    formulation = {
        "optimiser/models/" + path.relative_to(ROOT / "models").as_posix()
        for path in (ROOT / "models").rglob("*.py")
    }
    return package | formulation


def instance_files() -> set[str]:
    """Where each bundled instance's data file must land in the wheel."""
    root = ROOT / "instances"
    return {
        "optimiser/instances/" + path.relative_to(root).as_posix()
        for pattern in INSTANCE_DATA
        for path in root.glob(pattern)
    }


def test_every_module_is_in_the_wheel(wheel_names: set[str]) -> None:
    missing = source_modules() - wheel_names
    assert not missing, f"pyproject.toml leaves these out of the wheel: {sorted(missing)}"


def test_bundled_instances_are_in_the_wheel(wheel_names: set[str]) -> None:
    expected = instance_files()
    assert "optimiser/instances/tiny/instance.toml" in expected
    assert not expected - wheel_names


def test_the_unpacked_wheel_solves_a_bundled_instance_by_name(wheel: Path, tmp_path: Path) -> None:
    installed = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(installed)
    # Put the unpacked wheel first on the path so that it, not the editable checkout, is imported.
    program = (
        "import sys; sys.path.insert(0, sys.argv[1]); import optimiser; "
        "assert optimiser.__file__.startswith(sys.argv[1]), optimiser.__file__; "
        "from optimiser.cli import main; sys.exit(main(['solve', 'tiny', '--out', 'out']))"
    )
    work = tmp_path / "work"
    work.mkdir()
    run = subprocess.run(
        [sys.executable, "-c", program, str(installed)], cwd=work, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert json.loads((work / "out" / "summary.json").read_text())["status"] == "optimal"


def test_no_top_level_models_package(wheel_names: set[str]) -> None:
    assert not {name for name in wheel_names if name.startswith("models/")}


def test_console_script(wheel: Path, wheel_names: set[str]) -> None:
    (entry_points,) = [name for name in wheel_names if name.endswith(".dist-info/entry_points.txt")]
    with zipfile.ZipFile(wheel) as archive:
        scripts = archive.read(entry_points).decode()
    assert "optimiser = optimiser.cli:program" in scripts
