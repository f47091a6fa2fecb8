"""The optimum is a plan: a solve's `optimal_mix.csv`, added to its instance and evaluated, breaks no
limit and reproduces the solve's net saving, beds, objective, capital and cost.

Each case solves for real (CBC), writes the results through `optimiser solve` in process, appends
`optimal_mix.csv` to a copy of the instance's `planned_mix.csv`, loads that copy and evaluates the
new plan. The solve's figures are read back from its own result files, the plan's from the
evaluator, and they must agree within the evaluator's one tolerance.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from optimiser.analysis.evaluate import VIOLATION_TOLERANCE, Evaluation, evaluate_plan
from optimiser.cli import main
from optimiser.instance.load import CONFIG_FILE, load_instance
from optimiser.instance.schema import TABLES
from optimiser.models import OBJECTIVES, build_model
from optimiser.models.discounting import instance_factors

from .conftest import DERBYSHIRE, TINY

CASES = [
    (folder, objective, integer)
    for folder in (TINY, DERBYSHIRE)
    for objective in OBJECTIVES
    for integer in (False, True)
]


@dataclass(frozen=True)
class Round:
    """One solve's result files and the evaluation of its optimum as a plan."""

    folder: Path
    objective: str
    out: Path
    summary: dict[str, Any]
    evaluation: Evaluation

    def table(self, name: str) -> pd.DataFrame:
        return pd.read_csv(self.out / f"{name}.csv", keep_default_na=False)


def _copy_instance(source: Path, target: Path) -> Path:
    """The instance's own files (config and tables), without its notes and calibration."""
    target.mkdir(parents=True)
    for name in (CONFIG_FILE, *(spec.file_name for spec in TABLES)):
        if (source / name).exists():  # an optional table left empty has no file
            shutil.copyfile(source / name, target / name)
    return target


def _append_optimal_mix(instance: Path, out: Path) -> str:
    """Append `optimal_mix.csv` to the instance's `planned_mix.csv`; return the new plan's id."""
    planned = pd.read_csv(instance / "planned_mix.csv", dtype=str, keep_default_na=False)
    optimal = pd.read_csv(out / "optimal_mix.csv", dtype=str, keep_default_na=False)
    # Plan rows written before the decision column existed are scales (the column's default).
    combined = pd.concat([planned, optimal], ignore_index=True).fillna("")
    combined.to_csv(instance / "planned_mix.csv", index=False, lineterminator="\n")
    return str(optimal["plan"].iloc[0])


@pytest.fixture(
    scope="module",
    params=CASES,
    ids=[f"{folder.name}-{objective}-{'milp' if integer else 'lp'}" for folder, objective, integer in CASES],
)
def solved(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Round:
    folder, objective, integer = request.param
    work = tmp_path_factory.mktemp("optimum")
    out = work / "out"
    arguments = ["solve", str(folder), "--out", str(out), "--objective", objective]
    assert main([*arguments, "--integer"] if integer else arguments) == 0
    instance = _copy_instance(folder, work / "instance")
    plan = _append_optimal_mix(instance, out)
    evaluation = evaluate_plan(load_instance(instance), plan)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return Round(folder, objective, out, summary, evaluation)


def _same(actual: np.ndarray | float, expected: np.ndarray | float) -> bool:
    return bool(np.allclose(actual, expected, rtol=VIOLATION_TOLERANCE, atol=VIOLATION_TOLERANCE))


def _by_year(evaluation: Evaluation, name: str) -> np.ndarray:
    return evaluation.expression(name)["value"].to_numpy()


def test_the_optimum_breaks_no_limit_as_a_plan(solved: Round) -> None:
    assert solved.summary["violations"] == []
    assert solved.evaluation.violations.empty, solved.evaluation.violations.to_string()


def test_the_plan_has_the_solves_money_and_beds(solved: Round) -> None:
    finance = solved.table("finance")
    for name in ("net_saving", "revenue_cost", "capital_spend"):
        assert _same(_by_year(solved.evaluation, name), finance[f"{name}_gbpm"].to_numpy()), name
    target = solved.evaluation.instance.target_year
    beds = solved.table("beds")
    solve_beds = beds.loc[beds["year"] == target, "beds"].sum()
    plan_beds = solved.evaluation.expression("beds_open")
    assert _same(plan_beds.loc[plan_beds["year"] == target, "value"].sum(), solve_beds)
    capital = solved.table("capital")["spend_gbpm"].to_numpy()
    assert _same(_by_year(solved.evaluation, "capital_spend"), capital)
    # summary.json gives the capital over the years as a present value, as every multi-year total.
    factors = instance_factors(solved.evaluation.instance.config)
    assert _same(solved.summary["investment"]["capital_gbpm"], float(capital @ factors))


def _objective_at(evaluation: Evaluation, objective: str) -> float:
    """The objective's value at the plan's decisions, in a model built afresh for that objective."""
    model = build_model(evaluation.instance, objective)
    assert model.column_names.tolist() == evaluation.model.column_names.tolist()
    return float(model.objective @ evaluation.x + model.objective_constant)


def test_the_plan_has_the_solves_objective_and_cost(solved: Round) -> None:
    assert _same(_objective_at(solved.evaluation, solved.objective), solved.summary["objective"]["value"])
    # The solve's cost, summed from its own tables: each intervention's revenue and capital charge
    # in each year, the services' charge and recruitment and redeployment, discounted by year as
    # the min-cost objective is.
    decisions = solved.table("decisions")
    finance = solved.table("finance").set_index("year")
    yearly = (
        (decisions["revenue_cost_gbpm"] + decisions["capital_charge_gbpm"]).groupby(decisions["year"]).sum()
    )
    yearly = yearly.reindex(finance.index) + finance["service_charge_gbpm"] + finance["workforce_cost_gbpm"]
    factors = instance_factors(solved.evaluation.instance.config)
    assert _same(_objective_at(solved.evaluation, "min-cost"), float(yearly.to_numpy() @ factors))


def test_decisions_add_up_to_the_net_saving(solved: Round) -> None:
    decisions = solved.table("decisions")
    net = decisions["saving_gbpm"] - decisions["revenue_cost_gbpm"] - decisions["capital_charge_gbpm"]
    finance = solved.table("finance").set_index("year")
    by_year = net.groupby(decisions["year"]).sum().reindex(finance.index)
    total = (
        by_year
        + finance["closure_saving_gbpm"]
        + finance["fixed_contributions_gbpm"]
        - finance["service_charge_gbpm"]
        - finance["workforce_cost_gbpm"]
    )
    assert _same(total.to_numpy(), finance["net_saving_gbpm"].to_numpy())


# What a plan leaves out, the rules fill in: tiny's plan (50 step-up units in each place, 5 of back
# office) needs 7.5 hospital beds fewer and 0.5 nursing WTE per place, within the 2 available.
TINY_SOURCE = "assumption: tiny teaching instance chosen for round hand arithmetic"
#: £m a year saved per hospital bed closed (£36,500 fixed cost per bed-year).
FIXED_PER_BED = 0.0365


def _tiny_with(tmp_path: Path, *stated: str) -> Evaluation:
    """tiny with a plan `stated`: the planned scales plus the rows `decision,intervention,location,value`."""
    instance = _copy_instance(TINY, tmp_path / "tiny")
    planned = pd.read_csv(instance / "planned_mix.csv", dtype=str, keep_default_na=False)
    rows = planned.assign(plan="stated", decision="scale")
    extra = pd.DataFrame(
        [row.split(",") for row in stated], columns=["decision", "intervention", "location", "scale"]
    ).assign(plan="stated", year="2020/21", source=TINY_SOURCE)
    combined = pd.concat([planned, rows, extra], ignore_index=True).fillna("")
    combined.to_csv(instance / "planned_mix.csv", index=False, lineterminator="\n")
    return evaluate_plan(load_instance(instance), "stated")


def _value(evaluation: Evaluation, column: str) -> float:
    return float(evaluation.x[evaluation.model.column(column)])


def test_a_stated_closure_is_taken_as_given(tmp_path: Path, tiny_plan: Evaluation) -> None:
    stated = _tiny_with(tmp_path, "closed,acute,hospital,3")
    assert _value(tiny_plan, "closed[hospital,acute,2020/21]") == pytest.approx(7.5)
    assert _value(stated, "closed[hospital,acute,2020/21]") == 3.0
    beds = stated.expression("beds_open").set_index(["site", "setting"])["value"]
    assert beds[("hospital", "acute")] == pytest.approx(97.0)
    # 4.5 beds fewer closed than the rule would close, each keeping its fixed cost.
    saving = _by_year(stated, "net_saving")[0] - _by_year(tiny_plan, "net_saving")[0]
    assert saving == pytest.approx(-4.5 * FIXED_PER_BED)


def test_a_stated_kind_omits_as_zero_and_unstated_kinds_follow_the_rules(tmp_path: Path) -> None:
    stated = _tiny_with(tmp_path, "hired,nursing,north,0.25")
    assert _value(stated, "hired[north,nursing,2020/21]") == 0.25
    assert _value(stated, "hired[south,nursing,2020/21]") == 0.0
    # Nobody is short (0.5 WTE needed of 2), so the rule redeploys no one; beds close by the rule.
    assert _value(stated, "redeployed[north,nursing,2020/21]") == 0.0
    assert _value(stated, "closed[hospital,acute,2020/21]") == pytest.approx(7.5)
