"""Every backend names an unbounded, an infeasible and a crossed-bounds model the same way.

Two columns x[a], x[b] ≥ 0 and one row link[one] on x[a] + x[b] (or x[a] − x[b]), solved by hand:
- maximise x[a] + x[b] subject to x[a] − x[b] ≥ −1: x[b] grows without limit, so unbounded;
- minimise subject to x[a] + x[b] ≤ −1: no non-negative pair sums below zero, so infeasible;
- 3 ≤ x[a] + x[b] ≤ 2, or 2 ≤ x[a] ≤ 1: bounds crossed, infeasible before any solver runs
  (fed to CBC as MPS, the crossed row would become the valid range [2, 3]).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from optimiser.io.lp import lp_text
from optimiser.io.mps import mps_bytes
from optimiser.linear import INF, LinearModel, ModelBuilder, Terms
from optimiser.solvers import BACKENDS, Status, solve

#: How far a backend may land from the hand optimum of the feasible reference (2: the least sum ≥ 2).
TOLERANCE = 1e-9


def two_columns(
    sign_of_b: float,
    *,
    lower: float = -INF,
    upper: float = INF,
    sense: str = "min",
    column_lower: float = 0.0,
    column_upper: float = INF,
) -> LinearModel:
    builder = ModelBuilder()
    builder.add_variables(
        "x",
        pd.DataFrame({"i": ["a", "b"]}),
        lower=np.array([column_lower, 0.0]),
        upper=np.array([column_upper, INF]),
    )
    both = Terms(np.array([0, 0]), np.array([0, 1]), np.array([1.0, sign_of_b]))
    builder.add_constraints("link", pd.DataFrame({"r": ["one"]}), both, lower=lower, upper=upper)
    builder.set_objective("total", Terms(np.array([0, 0]), np.array([0, 1]), np.ones(2)), sense=sense)
    return builder.build()


@pytest.mark.parametrize("backend", BACKENDS)
def test_feasible_reference(backend: str) -> None:
    solution = solve(two_columns(1.0, lower=2.0, upper=3.0), backend)
    assert solution.status is Status.OPTIMAL
    assert solution.objective == pytest.approx(2.0, abs=TOLERANCE)


@pytest.mark.parametrize("backend", BACKENDS)
def test_unbounded(backend: str) -> None:
    solution = solve(two_columns(-1.0, lower=-1.0, sense="max"), backend)
    assert solution.status is Status.UNBOUNDED
    assert solution.objective is None


@pytest.mark.parametrize("backend", BACKENDS)
def test_infeasible(backend: str) -> None:
    solution = solve(two_columns(1.0, upper=-1.0), backend)
    assert solution.status is Status.INFEASIBLE
    assert solution.objective is None


@pytest.mark.parametrize("backend", BACKENDS)
def test_crossed_row_bounds(backend: str) -> None:
    solution = solve(two_columns(1.0, lower=3.0, upper=2.0), backend)
    assert solution.status is Status.INFEASIBLE
    assert solution.message == "row link[one] has lower bound 3 above its upper bound 2"


@pytest.mark.parametrize("backend", BACKENDS)
def test_crossed_column_bounds(backend: str) -> None:
    solution = solve(two_columns(1.0, lower=0.0, column_lower=2.0, column_upper=1.0), backend)
    assert solution.status is Status.INFEASIBLE
    assert solution.message == "column x[a] has lower bound 2 above its upper bound 1"


def test_a_bound_crossed_by_a_change_in_place_is_caught() -> None:
    model = two_columns(1.0, lower=2.0, upper=3.0)
    model.set_row_bounds("link[one]", lower=4.0)
    assert model.crossed_bounds() == "row link[one] has lower bound 4 above its upper bound 3"
    model.set_row_bounds("link[one]", upper=5.0)
    assert model.crossed_bounds() == ""


def test_writers_refuse_crossed_bounds() -> None:
    model = two_columns(1.0, lower=3.0, upper=2.0)
    with pytest.raises(ValueError, match=r"cannot write MPS: row link\[one\]"):
        mps_bytes(model)
    with pytest.raises(ValueError, match=r"cannot write LP: row link\[one\]"):
        lp_text(model)
