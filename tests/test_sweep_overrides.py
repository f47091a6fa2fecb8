"""`--set` overrides: the same optimum as the instance edited by hand, and one clear line for bad ones."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from optimiser.analysis.solve import run_solve
from optimiser.analysis.sweep.overrides import apply_overrides
from optimiser.instance.container import Instance
from optimiser.instance.errors import InstanceError
from optimiser.instance.load import load_instance

from .conftest import DERBYSHIRE, TINY


def _cli(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "optimiser.cli", *arguments],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )


def _objective(instance: Instance) -> float:
    run = run_solve(instance, backend="highs")
    assert run.solution.objective is not None
    return run.solution.objective


def test_set_on_the_command_line_solves_the_instance_edited_by_hand(tmp_path: Path) -> None:
    edited = tmp_path / "edited"
    shutil.copytree(TINY, edited)
    # The hand edit: tiny's gap of £1m becomes £1.5m, and step_up's bed-days avoided 36.5 × 0.8 = 29.2.
    config = edited / "instance.toml"
    config.write_text(config.read_text().replace("amount_gbpm = 1.0", "amount_gbpm = 1.5", 1))
    effects = edited / "effects.csv"
    effects.write_text(
        effects.read_text().replace(
            "step_up,bed_days_avoided,acute,36.5,", "step_up,bed_days_avoided,acute,29.2,"
        )
    )
    by_hand = _cli(
        "solve", str(edited), "--backend", "highs", "--out", str(tmp_path / "by_hand"), cwd=tmp_path
    )
    overridden = _cli(
        "solve",
        str(TINY),
        "--backend",
        "highs",
        "--out",
        str(tmp_path / "overridden"),
        "--set",
        "gap[2020/21].amount_gbpm=1.5",
        "--set",
        "effects[intervention=step_up,effect=bed_days_avoided].value*=0.8",
        cwd=tmp_path,
    )
    assert by_hand.returncode == 0, by_hand.stderr
    assert overridden.returncode == 0, overridden.stderr
    expected = json.loads((tmp_path / "by_hand" / "summary.json").read_text())
    got = json.loads((tmp_path / "overridden" / "summary.json").read_text())
    assert got["objective"]["value"] == pytest.approx(expected["objective"]["value"], rel=1e-9)
    assert got["net_saving"] == pytest.approx(expected["net_saving"], rel=1e-9)
    # The override moved the answer: otherwise this test could not fail.
    base = _cli("solve", str(TINY), "--backend", "highs", "--out", str(tmp_path / "base"), cwd=tmp_path)
    assert base.returncode == 0
    plain = json.loads((tmp_path / "base" / "summary.json").read_text())
    assert plain["objective"]["value"] != pytest.approx(got["objective"]["value"], rel=1e-6)


def test_overrides_of_derbyshire_match_its_edited_files(derbyshire: Instance, tmp_path: Path) -> None:
    edited = tmp_path / "derbyshire"
    shutil.copytree(DERBYSHIRE, edited)
    config = edited / "instance.toml"
    # The 2018/19 capital budget of £40m becomes £30m; the acute bed target of 934 becomes 950.
    text = config.read_text()
    text = text.replace('year = "2018/19"\nbudget_gbpm = 40.0', 'year = "2018/19"\nbudget_gbpm = 30.0')
    text = text.replace(
        'setting = "acute_nel"\nyear = "2020/21"\nbeds = 934.0',
        'setting = "acute_nel"\nyear = "2020/21"\nbeds = 950.0',
    )
    config.write_text(text)
    overridden = apply_overrides(
        derbyshire, ["capital[2018/19].budget_gbpm=30", "bed_targets[acute_nel,2020/21].beds=950"]
    )
    assert _objective(overridden) == pytest.approx(_objective(load_instance(edited)), rel=1e-9)


@pytest.mark.parametrize(
    ("override", "says"),
    [
        ("gap[2031/32].amount_gbpm=1", "no row of gap has year=2031/32"),
        ("efects.value*=2", "no table 'efects'"),
        ("effects.valu*=2", "no field of effects 'valu'"),
        ("effects[intervention=step_upp].value*=2", "did you mean 'step_up'"),
        ("effects[intervention=back_office,effect=bed_days_avoided].value*=2", "not together"),
        ("gap.amount_gbpm=-1", "[[gap]] entry 1, field amount_gbpm"),
        ("settings.occupancy*=2", "settings.csv, row 2, field occupancy"),
        ("effects.unit*=2", "cannot be scaled"),
        ("gap.amount_gbpm=lots", "'lots' is not a number"),
        ("gap amount", "not an override"),
    ],
)
def test_a_bad_override_is_one_line_naming_what_is_wrong(tiny: Instance, override: str, says: str) -> None:
    with pytest.raises(InstanceError) as raised:
        apply_overrides(tiny, [override])
    message = str(raised.value)
    assert says in message
    assert "\n" not in message


def test_a_bad_override_on_the_command_line_exits_2_with_one_line(tmp_path: Path) -> None:
    result = _cli(
        "solve", str(TINY), "--out", str(tmp_path / "out"), "--set", "gap.amount_gbpm=-1", cwd=tmp_path
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_set_on_evaluate_moves_the_plan_by_the_hand_arithmetic(tmp_path: Path) -> None:
    def net_saving(*overrides: str) -> float:
        out = tmp_path / f"evaluation{len(overrides)}.json"
        arguments = ["evaluate", str(TINY), "--json", str(out)]
        for override in overrides:
            arguments += ["--set", override]
        result = _cli(*arguments, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        return float(json.loads(out.read_text())["finance"]["net_saving"])

    # tiny's plan runs 5 units of back_office at £0.1m direct saving each; doubling the saving adds
    # 5 × 0.1 = £0.5m to the plan's net saving and changes nothing else.
    doubled = net_saving("effects[intervention=back_office,effect=direct_saving].value*=2")
    assert doubled - net_saving() == pytest.approx(0.5, abs=1e-9)


def test_exporting_a_scenario_the_sweep_does_not_have_is_one_line(tmp_path: Path) -> None:
    spec = tmp_path / "sweep.toml"
    spec.write_text(
        'method = "grid"\n[[parameter]]\nname = "g"\ntable = "gap"\nfield = "amount_gbpm"\n'
        "multiply = { values = [0.9, 1.1] }\n"
    )
    result = _cli(
        "sweep",
        str(TINY),
        "--spec",
        str(spec),
        "--export-scenario",
        "3",
        "--out",
        str(tmp_path / "x"),
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert result.stderr.strip().endswith("no scenario 3: the sweep has scenarios 1 to 2")
