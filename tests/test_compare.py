"""`optimiser compare`: the plan judged, repaired and beaten on one matrix.

tiny's plan is £0.27875m short of its £1m gap (its own README's arithmetic). Of tiny's schemes only
the back office saves more than it costs (£0.1m saving, £0.02m revenue cost per £m in scope, so
£0.08m net per unit, up to 10 units); the step-up service costs £0.005m per admission avoided and
saves less. The repair therefore moves the back office alone, by 0.27875 / 0.08 = 3.484375 units
(from 5 to 8.484375), at a weight of £0.02m per unit: 0.0696875. The plan costs 5 × 0.02 + 100 ×
0.005 = £0.6m (one year, discount factor 1); the repaired plan 0.6 + 0.0696875.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import highspy
import numpy as np
import pandas as pd
import pytest

from optimiser.analysis.compare import run_compare
from optimiser.analysis.evaluate import evaluate_plan, plan_decisions
from optimiser.analysis.repair import change_weights, plan_columns, repair_model
from optimiser.analysis.sweep.overrides import apply_overrides
from optimiser.analysis.verify import verify_folder
from optimiser.cli import main
from optimiser.instance.container import Instance
from optimiser.instance.load import load_instance
from optimiser.io.mps import write_mps

from .conftest import DERBYSHIRE, TINY

#: Objective values computed two ways agree to this relative tolerance.
RELATIVE = 1e-6

#: Derbyshire's plan closes £219.16m; a £240m gap in the target year makes it break that row.
RAISED_GAP = "gap[2020/21].amount_gbpm=240"


def _back_office(model_names: np.ndarray, x: np.ndarray) -> float:
    return float(x[list(model_names).index("scale[back_office,system,2020/21]")])


def test_tiny_plan_is_repaired_by_the_back_office_alone() -> None:
    solved, rest = run_compare(load_instance(TINY))
    comparison = rest()
    names = solved.model.column_names
    assert len(comparison.mixes["planned"].violations) == 1
    assert comparison.mixes["planned"].violations["amount"].iloc[0] == pytest.approx(0.27875, rel=RELATIVE)
    assert _back_office(names, comparison.mixes["planned"].x) == 5.0
    assert _back_office(names, comparison.mixes["repaired"].x) == pytest.approx(8.484375, rel=RELATIVE)
    assert comparison.repair.changed == 1
    assert comparison.repair.weighted_change == pytest.approx(0.02 * 3.484375, rel=RELATIVE)
    assert comparison.mixes["planned"].objective == pytest.approx(0.6, rel=RELATIVE)
    assert comparison.mixes["repaired"].objective == pytest.approx(0.6 + 0.0696875, rel=RELATIVE)
    assert comparison.mixes["repaired"].violations.empty and comparison.mixes["optimal"].violations.empty
    assert comparison.mixes["optimal"].objective == pytest.approx(solved.solution.objective, rel=RELATIVE)
    assert comparison.ordered


def test_a_plan_that_breaks_nothing_is_its_own_repair() -> None:
    _, rest = run_compare(load_instance(DERBYSHIRE))
    comparison = rest()
    assert comparison.plan_is_feasible and comparison.repair.solution is None
    assert np.array_equal(comparison.mixes["repaired"].x, comparison.mixes["planned"].x)
    # The optimum is no worse than the plan, which is feasible.
    assert comparison.mixes["optimal"].objective <= comparison.mixes["planned"].objective
    assert comparison.ordered


@pytest.mark.parametrize("objective", ["min-cost", "max-saving", "min-beds"])
def test_the_plan_cost_is_evaluates_figure_under_the_same_objective(objective: str) -> None:
    instance = load_instance(DERBYSHIRE)
    _, rest = run_compare(instance, objective=objective)
    comparison = rest()
    evaluation = evaluate_plan(instance, "planned", objective=objective)
    assert comparison.mixes["planned"].objective == pytest.approx(evaluation.objective_value, rel=RELATIVE)
    assert comparison.ordered


def _raised(instance: Instance) -> Instance:
    return apply_overrides(instance, [RAISED_GAP])


def test_the_repair_is_minimal_by_an_independent_highs_solve(tmp_path: Path) -> None:
    instance = _raised(load_instance(DERBYSHIRE))
    solved, rest = run_compare(instance)
    comparison = rest()
    assert not comparison.plan_is_feasible and comparison.mixes["repaired"].violations.empty
    # The repair problem, exported and solved by HiGHS reading the file itself.
    model = solved.model
    planned = plan_decisions(instance, solved.data, model, "planned")
    weights = change_weights(model, plan_columns(model))
    path = write_mps(repair_model(model, planned, weights), tmp_path / "repair.mps")
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    assert highs.readModel(str(path)) == highspy.HighsStatus.kOk
    highs.run()
    assert highs.getModelStatus() == highspy.HighsModelStatus.kOptimal
    independent = highs.getInfo().objective_function_value
    assert comparison.repair.weighted_change == pytest.approx(independent, rel=RELATIVE)
    # The optimum beats the repaired plan, both feasible.
    assert comparison.mixes["optimal"].objective <= comparison.mixes["repaired"].objective
    assert comparison.ordered


def test_compare_writes_a_folder_that_verifies_and_a_repaired_plan_evaluate_confirms(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["compare", str(DERBYSHIRE), "--set", RAISED_GAP, "--out", str(out)]) == 0
    document = json.loads((out / "compare.json").read_text())
    assert document["mixes"]["planned"]["limits_broken"] == 1
    assert document["mixes"]["repaired"]["limits_broken"] == 0
    assert document["mixes"]["repaired"]["net_saving_gbpm"] == pytest.approx(240.0, rel=RELATIVE)
    assert document["ordered"] is True
    assert verify_folder(out)[-1].startswith("solved again with cbc: optimal")
    # The repaired plan, added to a copy of the instance, is judged by evaluate to break nothing
    # and to give compare's figures.
    copy = tmp_path / "instance"
    shutil.copytree(DERBYSHIRE, copy)
    repaired = pd.read_csv(out / "repaired_mix.csv", dtype=str)
    planned = pd.read_csv(copy / "planned_mix.csv", dtype=str)
    if "decision" not in planned.columns:
        planned.insert(1, "decision", "scale")
    pd.concat([planned, repaired], ignore_index=True).to_csv(copy / "planned_mix.csv", index=False)
    evaluation = evaluate_plan(_raised(load_instance(copy)), "repaired")
    assert evaluation.violations.empty
    assert evaluation.objective_value == pytest.approx(
        document["mixes"]["repaired"]["objective"], rel=RELATIVE
    )


def test_compare_tables_line_up(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["compare", "tiny", "--out", str(out)]) == 0
    mixes = pd.read_csv(out / "mixes.csv")
    value = pd.read_csv(out / "value_of_optimising.csv", keep_default_na=False)
    assert list(mixes["mix"]) == ["planned", "repaired", "optimal"]
    # optimal against planned is the difference of their rows, and the all-years row sums the years.
    by_mix = mixes.set_index("mix")
    row = value[(value["mix"] == "optimal") & (value["against"] == "planned") & (value["year"] == "2020/21")]
    expected = by_mix.loc["optimal", "net_saving_gbpm"] - by_mix.loc["planned", "net_saving_gbpm"]
    assert float(row["net_saving_gbpm"].iloc[0]) == pytest.approx(expected, abs=1e-9)
    everything = value[(value["mix"] == "optimal") & (value["against"] == "planned")]
    assert everything[everything["year"] == "all years"]["beds"].iloc[0] == ""
    comparison = pd.read_csv(out / "mix_comparison.csv")
    back_office = comparison[comparison["intervention"] == "back_office"].iloc[0]
    assert back_office["repaired_scale"] == pytest.approx(8.484375, rel=RELATIVE)
    assert (comparison[["planned_scale", "repaired_scale", "optimal_scale"]].abs().max(axis=1) > 0).all()
