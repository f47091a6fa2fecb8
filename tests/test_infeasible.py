"""A deliberately infeasible Derbyshire (a tenth of the staff, a tenth redeployable per closed bed)
exits 3 with a diagnosis that names the workforce, and the relaxation it proposes, applied to the
instance's own data, makes the instance feasible."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from optimiser.analysis.diagnose import diagnose
from optimiser.instance.load import load_instance
from optimiser.models import build_model
from optimiser.solvers import Status, solve

from .conftest import DERBYSHIRE, TINY

EXIT_INFEASIBLE = 3
SHARE = 0.1


def _short_staffed(folder: Path) -> Path:
    target = Path(shutil.copytree(DERBYSHIRE, folder / "short-staffed"))
    workforce = pd.read_csv(target / "workforce.csv")
    workforce[["available_wte", "hire_limit_wte_per_year"]] *= SHARE
    workforce.to_csv(target / "workforce.csv", index=False)
    per_bed = pd.read_csv(target / "setting_staff.csv")
    per_bed["wte_per_bed"] *= SHARE
    per_bed.to_csv(target / "setting_staff.csv", index=False)
    return target


@pytest.fixture(scope="module")
def short_staffed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _short_staffed(tmp_path_factory.mktemp("infeasible"))


def _solve(instance: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "optimiser.cli", "solve", str(instance), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
        cwd=out.parent,
    )


def test_cli_exits_3_and_writes_the_diagnosis(short_staffed: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = _solve(short_staffed, out)
    assert result.returncode == EXIT_INFEASIBLE, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    diagnosis = json.loads((out / "diagnosis.json").read_text())
    text = (out / "diagnosis.txt").read_text()
    assert "the workforce" in text and "Infeasible" in text
    families = {tuple(entry["families"]): entry for entry in diagnosis["relaxations"]}
    assert families[("workforce",)]["feasible"] and families[("workforce",)]["verified"]
    assert json.loads((out / "summary.json").read_text())["status"] == "infeasible"
    # The folder is one set with its manifest, and verify solves it again to the same answer.
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "infeasible"
    assert sorted(manifest["files"]) == ["diagnosis.json", "diagnosis.txt", "summary.json"]
    verified = subprocess.run(
        [sys.executable, "-m", "optimiser.cli", "verify", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert verified.returncode == 0, verified.stderr
    assert verified.stdout.splitlines()[-1] == "  solved again with cbc: infeasible again"


def test_workforce_relaxation_applied_to_the_data_makes_it_feasible(
    short_staffed: Path, tmp_path: Path
) -> None:
    # A copy of its own: the relaxation is written into the data, and the fixture is shared.
    short_staffed = Path(shutil.copytree(short_staffed, tmp_path / "relaxed"))
    instance = load_instance(short_staffed)
    model = build_model(instance)
    assert solve(model, "highs").status is Status.INFEASIBLE
    alone = {relaxation.families: relaxation for relaxation in diagnose(model, "highs")}[("workforce",)]
    assert alone.feasible and alone.verified
    # Rows are workforce[place,staff_group,year]; the data holds one availability per place and group,
    # so each gets the largest extra WTE any year of it needs.
    extra = alone.rows["name"].str.extract(r"workforce\[(?P<place>[^,]+),(?P<staff_group>[^,]+),")
    extra["wte"] = alone.rows["change"].to_numpy()
    needed = extra.groupby(["place", "staff_group"])["wte"].max()
    workforce = pd.read_csv(short_staffed / "workforce.csv").set_index(["place", "staff_group"])
    workforce["available_wte"] = workforce["available_wte"].add(needed * 1.0001, fill_value=0.0)
    workforce.reset_index().to_csv(short_staffed / "workforce.csv", index=False)
    relaxed = build_model(load_instance(short_staffed))
    assert solve(relaxed, "highs").status is Status.OPTIMAL
    assert solve(relaxed, "cbc").status is Status.OPTIMAL


def test_the_folder_describes_only_the_last_run(short_staffed: Path, tmp_path: Path) -> None:
    """A feasible run's tables do not linger beside a later infeasible run's diagnosis, nor the
    diagnosis beside a later feasible run's tables; files that are not results are left alone."""
    out = tmp_path / "out"
    assert _solve(TINY, out).returncode == 0
    (out / "notes.txt").write_text("mine")
    assert _solve(short_staffed, out).returncode == EXIT_INFEASIBLE
    assert not (out / "decisions.csv").exists() and not (out / "constraints.csv").exists()
    assert (out / "diagnosis.txt").exists()
    assert _solve(TINY, out).returncode == 0
    assert not (out / "diagnosis.txt").exists() and not (out / "diagnosis.json").exists()
    assert (out / "decisions.csv").exists() and (out / "notes.txt").read_text() == "mine"
