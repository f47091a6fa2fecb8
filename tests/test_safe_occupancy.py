"""Planning one setting at a safe occupancy (`[options] safe_occupancy`, `--safe-occupancy`).

Tiny's one setting, acute, is counted at 100%. Its hospital's patients use 29,200 + 14,600 × 0.5 =
36,500 bed-days a year and the bought site's 7,300; its target is 110 beds. At a safe 80%:

    hospital beds needed = 36,500 / (365 × 0.8) = 125   (100 at 100%)
    bought beds          =  7,300 / (365 × 0.8) =  25   (20 at 100%)
    acute target         = 110 × 1.0 / 0.8      = 137.5 (the same 40,150 bed-days of care)
    a total target of 110 in the same year rises by the same 27.5, to 137.5

so the hospital's 100 beds must avoid 125 − 100 = 25 beds of need (bed balance ≤ −25), and beds
open may exceed the 100 + 25 held at do-nothing by 137.5 − 125 = 12.5 (bed target ≤ 12.5).
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from optimiser.instance.config import BedTarget, SafeOccupancy
from optimiser.instance.container import Instance
from optimiser.instance.errors import InstanceError
from optimiser.instance.load import load_instance
from optimiser.models import build_model
from optimiser.models.data import build_data
from optimiser.models.occupancy import restated_targets, with_safe_occupancy

from .conftest import TINY

SAFE = 0.8
SOURCE = "assumption: a safe occupancy for the test"


def _safe_tiny(tiny: Instance, *, total: bool = False) -> Instance:
    parameters = tiny.config.parameters.model_copy(
        update={"safe_occupancy": SafeOccupancy(value=SAFE, source=SOURCE)}
    )
    targets = tiny.config.bed_targets
    if total:
        targets = (*targets, BedTarget(setting="total", year="2020/21", beds=110.0, source=SOURCE))
    config = tiny.config.model_copy(update={"parameters": parameters, "bed_targets": targets})
    return with_safe_occupancy(Instance(**{**tiny.__dict__, "config": config}), "acute")


def test_beds_are_counted_at_the_safe_occupancy(tiny: Instance) -> None:
    data = build_data(_safe_tiny(tiny))
    # Sites in key order (tables are held sorted by their keys, whatever order the file had).
    assert list(data.site_settings["site"]) == ["bought", "hospital"]
    assert data.dn_beds[:, 0] == pytest.approx([25.0, 125.0])
    assert build_data(tiny).dn_beds[:, 0] == pytest.approx([20.0, 100.0])


def test_targets_are_restated_to_hold_the_same_care(tiny: Instance) -> None:
    targets = restated_targets(_safe_tiny(tiny, total=True)).set_index("setting")["beds"]
    assert targets["acute"] == pytest.approx(137.5)
    assert targets["total"] == pytest.approx(137.5)
    assert list(restated_targets(tiny)["beds"]) == [110.0]


def test_the_model_rows_carry_the_safe_arithmetic(tiny: Instance) -> None:
    model = build_model(_safe_tiny(tiny), "min-cost")
    assert model.row_upper[model.row("bed_balance[hospital,acute,2020/21]")] == pytest.approx(-25.0)
    assert model.row_upper[model.row("bed_target[acute,2020/21]")] == pytest.approx(12.5)
    stated = build_model(tiny, "min-cost")
    assert stated.row_upper[stated.row("bed_balance[hospital,acute,2020/21]")] == pytest.approx(0.0)
    assert np.isclose(stated.row_upper[stated.row("bed_target[acute,2020/21]")], -10.0)


def _tiny_with(tmp_path: Path, extra: str) -> Path:
    folder = tmp_path / "tiny"
    shutil.copytree(TINY, folder)
    with (folder / "instance.toml").open("a", encoding="utf-8") as toml:
        toml.write(extra)
    return folder


def test_the_option_without_a_safe_occupancy_is_refused(tmp_path: Path) -> None:
    folder = _tiny_with(tmp_path, '\n[options]\nsafe_occupancy = "acute"\n')
    with pytest.raises(InstanceError, match=r"needs \[parameters.safe_occupancy\]"):
        load_instance(folder)


def test_the_option_names_a_known_setting(tmp_path: Path) -> None:
    parameter = f'\n[parameters.safe_occupancy]\nvalue = 0.8\nsource = "{SOURCE}"\n'
    folder = _tiny_with(tmp_path, parameter + '\n[options]\nsafe_occupancy = "ward"\n')
    with pytest.raises(InstanceError, match="unknown setting 'ward'"):
        load_instance(folder)


def test_a_safe_occupancy_above_one_is_refused(tmp_path: Path) -> None:
    folder = _tiny_with(tmp_path, f'\n[parameters.safe_occupancy]\nvalue = 85\nsource = "{SOURCE}"\n')
    with pytest.raises(InstanceError, match="safe_occupancy"):
        load_instance(folder)


def test_the_command_line_plans_derbyshire_adult_mh_at_85_percent(tmp_path: Path) -> None:
    """The bundled instance offers the option; its adult MH target of 147 beds at 100% becomes
    147 / 0.85 = 172.94 beds, written as a bound on beds open less the 180 baseline beds: −7.06."""
    out = tmp_path / "safe"
    command = [sys.executable, "-m", "optimiser.cli", "solve", "derbyshire-stp-2016"]
    done = subprocess.run(
        [*command, "--safe-occupancy", "mh_adult", "--backend", "highs", "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    with (out / "constraints.csv").open(encoding="utf-8") as file:
        rows = {row["name"]: row for row in csv.DictReader(file)}
    target = rows["bed_target[mh_adult,2020/21]"]
    assert float(target["bound"]) == pytest.approx(147 / 0.85 - 180)
    assert float(target["activity"]) <= float(target["bound"]) + 1e-6
