"""The installed package is the whole source tree: a wheel built from a copy of the project holds
every module of `optimiser/` and of `models/` (as `optimiser.models`), no top-level `models`, and
the `optimiser` console script.

The test suite runs against an editable install, which finds subpackages on disk whether or not
`pyproject.toml` names them; only a real wheel shows what `pip install .` delivers."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: The files a wheel is built from; the copy keeps a stale `build/` folder out of the wheel.
BUILD_INPUTS = ("pyproject.toml", "README.md", "optimiser", "models")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in BUILD_INPUTS:
        origin = ROOT / name
        if origin.is_dir():
            shutil.copytree(origin, source / name, ignore=shutil.ignore_patterns("__pycache__"))
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


def test_every_module_is_in_the_wheel(wheel_names: set[str]) -> None:
    missing = source_modules() - wheel_names
    assert not missing, f"pyproject.toml leaves these out of the wheel: {sorted(missing)}"


def test_no_top_level_models_package(wheel_names: set[str]) -> None:
    assert not {name for name in wheel_names if name.startswith("models/")}


def test_console_script(wheel: Path, wheel_names: set[str]) -> None:
    (entry_points,) = [name for name in wheel_names if name.endswith(".dist-info/entry_points.txt")]
    with zipfile.ZipFile(wheel) as archive:
        scripts = archive.read(entry_points).decode()
    assert "optimiser = optimiser.cli:main" in scripts
