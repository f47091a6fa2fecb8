"""Why each Derbyshire scheme is in or out, read from the optimum's duals and reduced costs.

Every column's objective coefficient (with the tie-break the solver sees) splits into its reduced
cost and the shadow cost of its rows, c = d + Aᵀy; so a scheme that would pay is either at its cap
or held back by a binding limit that `holding_limits` names.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from optimiser.explain import holding_limits
from optimiser.instance.container import Instance
from optimiser.linear import LinearModel
from optimiser.models import build_model
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
    assert np.abs(model.objective + model.tie_break - priced).max() <= DUAL_IDENTITY


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
