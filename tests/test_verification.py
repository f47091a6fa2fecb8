"""Every solution is verified against its own model before it is reported, from every backend.

Hand models, solved on paper:
- the LP: minimise x[a] + x[b], x ≥ 0, subject to 2 ≤ x[a] + x[b] ≤ 3: the least sum is 2;
- the MILP: maximise x[a] + x[b] over whole x ≥ 0 with 2·x[a] + 2·x[b] ≤ 3: the LP relaxation
  reaches 1.5, but whole numbers reach only 1 (2·1 = 2 ≤ 3, and a sum of 2 needs 4 > 3).
The verifier's allowance on a bound b is 1e-7·max(1, |b|), on a row also its largest term |a·x|.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest

from optimiser.linear import INF, LinearModel, ModelBuilder, Terms
from optimiser.solvers import BACKENDS, Status, solve
from optimiser.solvers.result import Solution, finish, relative_gap
from optimiser.solvers.verify import verified, worst_violation


def pair(
    *, integer: bool = False, coefficient: float = 1.0, lower: float = 2.0, upper: float = 3.0
) -> LinearModel:
    """x[a], x[b] ≥ 0 (whole numbers if `integer`) and one row: lower ≤ c·x[a] + c·x[b] ≤ upper."""
    builder = ModelBuilder()
    builder.add_variables("x", pd.DataFrame({"i": ["a", "b"]}), lower=0.0, upper=INF, integer=integer)
    terms = Terms(np.array([0, 0]), np.array([0, 1]), np.full(2, coefficient))
    builder.add_constraints("link", pd.DataFrame({"r": ["one"]}), terms, lower=lower, upper=upper)
    sense = "max" if integer else "min"
    builder.set_objective("total", Terms(np.array([0, 0]), np.array([0, 1]), np.ones(2)), sense=sense)
    return builder.build()


def claimed(model: LinearModel, x: list[float], status: Status = Status.OPTIMAL) -> Solution:
    """A solution a backend might return, with values chosen by the test."""
    values = np.array(x)
    return Solution(status, None, values, np.zeros(1), np.zeros(2), "hand", "0", 0.0, "as claimed")


def test_a_feasible_point_passes_and_its_objective_is_recomputed() -> None:
    model = pair()
    solution = verified(model, claimed(model, [0.5, 1.5]))
    assert solution.status is Status.OPTIMAL
    # c·x = 0.5 + 1.5, whatever the solver said (it said nothing).
    assert solution.objective == 2.0


def test_a_row_missed_by_less_than_its_allowance_passes() -> None:
    model = pair()
    # The row's bound 2 allows 1e-7·2 = 2e-7 below it; 1e-7 below is within.
    assert worst_violation(model, np.array([1.0, 1.0 - 1e-7])) is None


def test_a_row_missed_by_more_than_its_allowance_is_named() -> None:
    model = pair()
    violation = worst_violation(model, np.array([1.0, 0.5]))
    assert violation is not None
    # 1 + 0.5 = 1.5 is 0.5 below the lower bound 2.
    assert str(violation) == "row link[one] is 1.5, 0.5 below its lower bound 2.0"


def test_the_largest_violation_is_the_one_named() -> None:
    model = pair()
    # x[a] = −0.001 breaks its bound 0 by 1e-3, 1e4 allowances of 1e-7; the row −0.001 + 1.9 = 1.899
    # misses 2 by 0.101, about 5e5 allowances of 2e-7: the row is the worse, and is named.
    violation = worst_violation(model, np.array([-0.001, 1.9]))
    assert violation is not None and violation.where == "row link[one]"
    assert violation.amount == pytest.approx(0.101)


def test_a_column_outside_its_bounds_is_named() -> None:
    model = pair()
    violation = worst_violation(model, np.array([-1.0, 3.0]))
    assert violation is not None
    assert str(violation) == "column x[a] is -1.0, 1 below its lower bound 0.0"


def test_a_fractional_integer_column_is_named() -> None:
    model = pair(integer=True, coefficient=2.0, lower=-INF)
    violation = worst_violation(model, np.array([0.75, 0.0]))
    assert violation is not None
    assert str(violation) == "column x[a] is 0.75, 0.25 from a whole number though it is integer"


def test_a_non_finite_value_is_named() -> None:
    model = pair()
    violation = worst_violation(model, np.array([np.nan, 2.0]))
    assert violation is not None
    assert str(violation) == "column x[a] has value nan"


def test_a_non_finite_dual_is_a_failure() -> None:
    model = pair()
    solution = dataclasses.replace(claimed(model, [1.0, 1.0]), row_duals=np.array([np.inf]))
    checked = verified(model, solution)
    assert checked.status is Status.REJECTED
    assert (
        checked.message
        == "reported a solution that breaks the model (as claimed): row link[one] has dual inf"
    )


def test_a_claimed_optimum_that_breaks_the_model_is_rejected() -> None:
    model = pair()
    checked = verified(model, claimed(model, [1.0, 0.5]))
    assert checked.status is Status.REJECTED and not checked.has_values
    assert checked.objective is None and checked.x is None
    assert checked.message == (
        "reported a solution that breaks the model (as claimed): row link[one] is 1.5, 0.5 below its "
        "lower bound 2.0"
    )


def test_a_point_left_by_a_time_limit_that_breaks_the_model_is_no_solution() -> None:
    model = pair()
    checked = verified(model, claimed(model, [1.0, 0.5], Status.FEASIBLE))
    assert checked.status is Status.NO_SOLUTION and not checked.has_values
    assert checked.message.startswith("stopped at its limit without a feasible solution (as claimed): ")


def test_a_verified_incumbent_keeps_its_status_and_says_its_gap() -> None:
    model = pair()
    solution = dataclasses.replace(claimed(model, [1.0, 1.5], Status.FEASIBLE), gap=0.2)
    checked = verified(model, solution)
    assert checked.status is Status.FEASIBLE and checked.objective == 2.5
    assert checked.headline == "Time limit, feasible incumbent (gap 20%)"


def test_a_row_of_large_terms_is_allowed_its_terms_rounding() -> None:
    # 1e4·x[a] + 1e4·x[b] ≥ 2e4 at x = (1, 1 − 1e-12): the row misses 2e4 by 1e-8, well inside
    # 1e-7·2e4 = 2e-3; at x = (1, 1 − 3e-7) it misses by 3e-3, outside it.
    model = pair(coefficient=1e4, lower=2e4, upper=3e4)
    assert worst_violation(model, np.array([1.0, 1.0 - 1e-12])) is None
    assert worst_violation(model, np.array([1.0, 1.0 - 3e-7])) is not None


@pytest.mark.parametrize("backend", BACKENDS)
def test_every_backend_returns_the_hand_lp_optimum_verified(backend: str) -> None:
    solution = solve(pair(), backend)
    assert solution.status is Status.OPTIMAL and solution.headline == "Optimal"
    assert solution.objective == pytest.approx(2.0, abs=1e-9)
    assert worst_violation(pair(), solution.x) is None  # type: ignore[arg-type]


@pytest.mark.parametrize("backend", BACKENDS)
def test_every_backend_returns_the_hand_milp_optimum_in_whole_numbers(backend: str) -> None:
    model = pair(integer=True, coefficient=2.0, lower=-INF)
    solution = solve(model, backend)
    assert solution.status is Status.OPTIMAL
    assert solution.objective == pytest.approx(1.0, abs=1e-9)
    assert solution.x is not None and sorted(np.round(solution.x).tolist()) == [0.0, 1.0]
    assert worst_violation(model, solution.x) is None


@pytest.mark.parametrize("backend", BACKENDS)
def test_coefficients_of_1e12_and_1e_minus_12_in_one_model_are_answered_truthfully(backend: str) -> None:
    # minimise x[a] + x[b] subject to 1e12·x[a] + 1e-12·x[b] ≥ 1e12: x[a] = 1 costs 1, x[b] alone
    # would need 1e24. The optimum is 1 at x = (1, 0), and every backend finds it despite the spread.
    builder = ModelBuilder()
    builder.add_variables("x", pd.DataFrame({"i": ["a", "b"]}), lower=0.0, upper=INF)
    terms = Terms(np.array([0, 0]), np.array([0, 1]), np.array([1e12, 1e-12]))
    builder.add_constraints("link", pd.DataFrame({"r": ["one"]}), terms, lower=1e12, upper=INF)
    builder.set_objective("total", Terms(np.array([0, 0]), np.array([0, 1]), np.ones(2)), sense="min")
    model = builder.build()
    solution = solve(model, backend)
    assert solution.status is Status.OPTIMAL
    assert solution.objective == pytest.approx(1.0, rel=1e-9)
    assert solution.x is not None and worst_violation(model, solution.x) is None


@pytest.mark.parametrize("backend", BACKENDS)
def test_names_of_three_hundred_characters_are_solved(backend: str) -> None:
    # CBC crashed (no output, a segmentation fault) on an MPS file with names of a few hundred
    # characters; it is now fed short generic names and its answers are read back by position.
    long = "n" * 300
    builder = ModelBuilder()
    builder.add_variables("x", pd.DataFrame({"i": [f"{long}a", f"{long}b"]}), lower=0.0, upper=INF)
    terms = Terms(np.array([0, 0]), np.array([0, 1]), np.ones(2))
    builder.add_constraints("link", pd.DataFrame({"r": [long]}), terms, lower=2.0, upper=3.0)
    builder.set_objective("total", Terms(np.array([0, 0]), np.array([0, 1]), np.ones(2)), sense="min")
    model = builder.build()
    solution = solve(model, backend)
    assert solution.status is Status.OPTIMAL, solution.message
    assert solution.objective == pytest.approx(2.0, abs=1e-9)


def test_the_gap_is_the_distance_to_the_bound_over_the_incumbent() -> None:
    # Incumbent 3, bound 2.4: (3 − 2.4) / 3 = 0.2; an incumbent of 0 is measured against 1e-9.
    assert relative_gap(3.0, 2.4) == pytest.approx(0.2, rel=1e-12)
    assert relative_gap(0.0, -1e-12) == pytest.approx(1e-3, rel=1e-9)
    assert relative_gap(3.0, None) is None and relative_gap(3.0, -math.inf) is None


def test_a_maximisation_reports_its_bound_in_its_own_sense() -> None:
    # maximise x[a] + x[b] at x = (1, 0): the solver minimised −(x[a] + x[b]) = −1 with a bound of
    # −1.5 (the LP relaxation), so the model's bound is 1.5 and the gap |−1 − (−1.5)| / 1 = 0.5.
    model = pair(integer=True, coefficient=2.0, lower=-INF)
    solution = finish(
        model,
        Status.FEASIBLE,
        np.array([1.0, 0.0]),
        None,
        None,
        solver="hand",
        version="0",
        seconds=0.0,
        bound=-1.5,
    )
    assert solution.status is Status.FEASIBLE and solution.objective == 1.0
    assert solution.best_bound == 1.5 and solution.gap == pytest.approx(0.5, rel=1e-12)
    unbounded = finish(
        model,
        Status.FEASIBLE,
        np.array([1.0, 0.0]),
        None,
        None,
        solver="hand",
        version="0",
        seconds=0.0,
        bound=-math.inf,
    )
    assert unbounded.best_bound is None and unbounded.gap is None
    assert unbounded.headline == "Time limit, feasible incumbent (gap unknown)"
