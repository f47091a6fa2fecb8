"""Why each Derbyshire scheme is in or out, read from the optimum's duals and reduced costs.

Every column's objective coefficient (the real objective's alone: the tie-break is applied in a
second stage on the optimal face, after the duals are found) splits into its reduced cost and the
shadow cost of its rows, c = d + Aᵀy; so a scheme that would pay is either at its cap
or held back by a binding limit that `holding_limits` names.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from optimiser.instance.container import Instance
from optimiser.linear import LinearModel
from optimiser.models import build_model
from optimiser.results.explain import holding_limits
from optimiser.solvers import Solution, Status, solve

#: HiGHS's optimality tolerance (1e-7) on each reduced cost, with room for its sum over a column.
DUAL_IDENTITY = 1e-6
TARGET = "2020/21"


def _solve(instance: Instance, objective: str) -> tuple[LinearModel, Solution]:
    model = build_model(instance, objective)
    solution = solve(model, "highs")
    assert solution.status is Status.OPTIMAL
    return model, solution


@pytest.fixture(scope="module")
def max_saving(derbyshire: Instance) -> tuple[LinearModel, Solution]:
    return _solve(derbyshire, "max-saving")


@pytest.fixture(scope="module")
def min_cost(derbyshire: Instance) -> tuple[LinearModel, Solution]:
    return _solve(derbyshire, "min-cost")


@pytest.fixture(params=["max_saving", "min_cost"])
def solved(request: pytest.FixtureRequest) -> tuple[LinearModel, Solution]:
    return request.getfixturevalue(request.param)


def _limits(solved: tuple[LinearModel, Solution]) -> pd.DataFrame:
    model, solution = solved
    assert solution.x is not None and solution.row_duals is not None and solution.reduced_costs is not None
    limits = holding_limits(model, solution.x, solution.row_duals, solution.reduced_costs)
    scale = model.variables["scale"]
    return limits.assign(objective=model.objective[scale.start : scale.stop])


def test_each_coefficient_is_its_reduced_cost_plus_its_rows_shadow_cost(
    solved: tuple[LinearModel, Solution],
) -> None:
    model, solution = solved
    assert solution.row_duals is not None and solution.reduced_costs is not None
    priced = solution.reduced_costs + model.matrix.T @ solution.row_duals
    assert np.abs(model.objective - priced).max() <= DUAL_IDENTITY


def test_every_scheme_between_its_bounds_names_the_limit_that_holds_it(
    solved: tuple[LinearModel, Solution],
) -> None:
    limits = _limits(solved)
    # A column the objective does not weigh (a scheme in an earlier year, under max-saving) may sit
    # anywhere its limits allow: nothing holds it, and nothing is to be explained.
    between = limits[(limits["position"] == "between") & (limits["objective"].abs() > DUAL_IDENTITY)]
    assert not between.empty
    unexplained = between[between["held_by"] == ""]
    assert unexplained.empty, unexplained.to_string()


def test_under_max_saving_every_scheme_that_saves_is_at_its_cap_or_held_back(
    max_saving: tuple[LinearModel, Solution],
) -> None:
    limits = _limits(max_saving)
    saving = limits[(limits["year"] == TARGET) & (limits["objective"] > 0)]
    assert len(saving) >= 10
    free = saving[(saving["position"] != "at upper") & (saving["held_by"] == "")]
    assert free.empty, free.to_string()
    # A scheme that saves and sits below its cap is held by a row whose shadow price is not 0.
    held = saving[saving["position"] != "at upper"]
    assert (held["held_by_price"].abs() > 0).all()


def test_under_min_cost_a_dropped_scheme_costs_more_than_it_is_worth(
    min_cost: tuple[LinearModel, Solution],
) -> None:
    limits = _limits(min_cost)
    at_zero = limits[(limits["position"] == "at lower") & (limits["value"] == 0)]
    # Minimising, a column left at 0 has a reduced cost of at least 0 (less the solver's tolerance):
    # one more unit would raise the cost.
    assert (at_zero["reduced_cost"] >= -DUAL_IDENTITY).all(), at_zero[
        at_zero["reduced_cost"] < -DUAL_IDENTITY
    ]


def test_the_min_cost_optimum_is_the_one_the_instance_readme_describes(
    min_cost: tuple[LinearModel, Solution], derbyshire: Instance
) -> None:
    """instances/derbyshire-stp-2016/README.md, "The min-cost optimum, as a finance director reads it"."""
    model, solution = min_cost
    assert solution.x is not None
    limits = _limits(min_cost)
    target = limits[limits["year"] == TARGET]
    interventions = derbyshire.interventions.set_index("intervention")
    # Every efficiency and "other" scheme acting on a spend runs at its cited spend: nothing else
    # limits a scheme that costs nothing to run.
    on_spend = target[
        target["intervention"].map(interventions["scale_unit"]).str.endswith("in scope")
        & target["intervention"].map(interventions["priority"]).isin(["efficiency", "other"])
    ]
    assert len(on_spend) >= 10 and (on_spend["position"] == "at upper").all(), on_spend.to_string()
    # The marginal schemes are medicines and elective demand management, held by the 2020/21 gap.
    for scheme in ("medicines_management", "elective_demand_management"):
        held = target[(target["intervention"] == scheme) & (target["position"] == "between")]
        assert (held["held_by"] == f"gap[{TARGET}]").any(), scheme
    # Beds fall 1,571 → 1,471 → 1,353.5 (the seed's Mar-18 and Mar-19 totals, 004:4141 and 4153,
    # and Mar-20 midway to Mar-21's 1,236): the trajectory binds, with no cliff in the last year.
    beds = model.evaluate("beds_open", solution.x).groupby("year")["value"].sum()
    expected = {"2017/18": 1771 - 200, "2018/19": 1771 - 300, "2019/20": (1471 + 1236) / 2}
    for year, total in expected.items():
        assert beds[year] == pytest.approx(total, abs=1e-6), year
