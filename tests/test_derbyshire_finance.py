"""The Derbyshire optimum as a finance director reads it: the gap binds, its shadow price is the
true marginal cost of a larger gap, and no scheme saves money on spend that does not exist."""

from __future__ import annotations

import re

import numpy as np
import pytest

from optimiser.instance.container import Instance
from optimiser.linear import LinearModel
from optimiser.models import build_model
from optimiser.solvers import Solution, Status, solve

from .conftest import bound_up_ranges

#: The issue's tolerance for the dual's prediction of a re-solved cost, relative to the cost rise.
DUAL_PREDICTION = 1e-6
#: How far (£m) the target-year gap is raised to test its shadow price.
GAP_STEP = 10.0
#: A scale may exceed its cap by solver noise only.
CAP_TOLERANCE = 1e-6
TARGET_GAP = "gap[2020/21]"


@pytest.fixture(scope="module")
def min_cost(derbyshire: Instance) -> tuple[LinearModel, Solution]:
    model = build_model(derbyshire, "min-cost")
    solution = solve(model, "highs")
    assert solution.status is Status.OPTIMAL
    return model, solution


def test_target_year_gap_binds_with_a_cost(min_cost: tuple[LinearModel, Solution]) -> None:
    model, solution = min_cost
    row = model.row(TARGET_GAP)
    assert solution.row_duals is not None and solution.x is not None
    activity = (model.matrix[row] @ solution.x).item()
    assert activity == pytest.approx(model.row_lower[row], rel=1e-9)
    assert abs(solution.row_duals[row]) > 1e-3


def _gap_range(model: LinearModel) -> float:
    """How far the target-year gap can rise before the optimal basis, and so its dual, changes."""
    row = model.row(TARGET_GAP)
    return float(bound_up_ranges(model)[row] - model.row_lower[row])


def _cost_rise(model: LinearModel, solution: Solution, step: float) -> float:
    larger = model.copy()
    larger.set_row_bounds(TARGET_GAP, lower=model.row_lower[model.row(TARGET_GAP)] + step)
    raised = solve(larger, "highs")
    assert raised.status is Status.OPTIMAL and raised.objective is not None
    assert solution.objective is not None
    return raised.objective - solution.objective


def test_a_larger_gap_costs_its_shadow_price(min_cost: tuple[LinearModel, Solution]) -> None:
    """Within the dual's range, each extra £1m of gap costs exactly the shadow price."""
    model, solution = min_cost
    assert solution.row_duals is not None
    step = min(GAP_STEP, _gap_range(model) / 2)
    assert step > 0
    rise = _cost_rise(model, solution, step)
    assert rise > 0
    assert rise == pytest.approx(abs(solution.row_duals[model.row(TARGET_GAP)]) * step, rel=DUAL_PREDICTION)


@pytest.mark.xfail(
    strict=True,
    reason="the dual holds for only about £0.02m of extra gap: the supply of savings is a staircase of "
    "place-level steps until the recalibration of issue 9 (items 3-6) is done",
)
def test_the_gap_dual_holds_for_ten_million(min_cost: tuple[LinearModel, Solution]) -> None:
    model, _ = min_cost
    assert _gap_range(model) >= GAP_STEP


def _cited_spend(source: str) -> float:
    """The £m figure the intervention's source cites as its spend in scope (e.g. 'c.£700m')."""
    figures = re.findall(r"£(\d[\d,]*(?:\.\d+)?)m", source)
    assert figures, source
    return float(figures[0].replace(",", ""))


def test_no_spend_in_scope_scheme_acts_on_more_than_its_cited_spend(derbyshire: Instance) -> None:
    """Under max-saving every scheme is pushed as far as it can go, so the caps are what hold it."""
    model = build_model(derbyshire, "max-saving")
    solution = solve(model, "highs")
    assert solution.status is Status.OPTIMAL and solution.x is not None
    scale = model.variable("scale", solution.x)
    interventions = derbyshire.interventions.set_index("intervention")
    in_scope = interventions[interventions["scale_unit"].str.endswith("in scope")]
    # Seed-cited scopes only: the two residual schemes' scopes are assumptions, not seed spend.
    cited = {
        name: _cited_spend(row["source"])
        for name, row in in_scope.iterrows()
        if not row["source"].startswith("assumption")
    }
    assert len(cited) >= 10
    totals = scale[scale["intervention"].isin(list(cited))].groupby(["intervention", "year"])["value"].sum()
    for (intervention, year), value in totals.items():
        assert value <= cited[intervention] * (1 + CAP_TOLERANCE), (intervention, year, value)
    # The caps bind somewhere: otherwise this test would not be testing them.
    assert np.isclose(
        totals.xs("2020/21", level="year"), [cited[name] for name in totals.xs("2020/21", level="year").index]
    ).any()
