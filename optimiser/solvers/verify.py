"""Every solution is checked against its own model before anyone sees it.

Whatever a backend claims, its x is re-checked here with the model's own arithmetic: every value
finite, every column within its bounds, every row's A·x within its bounds, every integer column
integral. A column may miss a bound by at most `FEASIBILITY_TOLERANCE`·max(1, |bound|), and a row by
at most `FEASIBILITY_TOLERANCE`·max(1, |bound|, its largest term |a·x|): a row whose terms are
thousands is summed from values a solver knows only to its tolerance of each term (and PuLP and
Pyomo read CBC's values at eight significant digits), so its bound cannot be met more closely than
its terms are known. An integer column may sit at most `INTEGRALITY_TOLERANCE` from a whole number.

A solution that fails is never reported as optimal or feasible: a claimed optimum that fails is
`Status.REJECTED`, and a point a time limit left behind that fails is `Status.NO_SOLUTION`. Either
way the message names the largest violation.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from optimiser.linear import LinearModel
from optimiser.solvers.result import Solution, Status

#: The names of a model's rows or columns, spelled only when a violation must be named (a large
#: model's names take a while, and a model solved in stages is a copy without them cached).
Names = Callable[[], np.ndarray]

#: A column's value may lie this share of max(1, |bound|) outside the bound, a row's A·x this
#: share of max(1, |bound|, its largest term).
FEASIBILITY_TOLERANCE = 1e-7
#: An integer column's value may lie this far from the nearest whole number (CBC's and HiGHS's own
#: default integrality tolerance).
INTEGRALITY_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Violation:
    """One broken bound: what broke it, by how much, and how much was allowed."""

    where: str
    amount: float
    allowed: float
    words: str

    @property
    def severity(self) -> float:
        """How many times the allowance the bound is missed by (infinite for a non-finite value)."""
        return self.amount / self.allowed if np.isfinite(self.amount) else np.inf

    def __str__(self) -> str:
        return f"{self.where} {self.words}"


def allowance(bound: np.ndarray, magnitude: np.ndarray | float = 0.0) -> np.ndarray:
    """How far a value may lie outside each bound: `FEASIBILITY_TOLERANCE`·max(1, |bound|, magnitude)."""
    return FEASIBILITY_TOLERANCE * np.maximum(np.maximum(1.0, np.abs(bound)), magnitude)


def largest_terms(model: LinearModel, x: np.ndarray) -> np.ndarray:
    """Each row's largest term |a·x| (0 for an empty row)."""
    terms = abs(model.matrix.multiply(x[np.newaxis, :]).tocsr())
    return np.asarray(terms.max(axis=1).todense()).ravel() if terms.shape[1] else np.zeros(terms.shape[0])


def snap_to_bounds(model: LinearModel, x: np.ndarray) -> np.ndarray:
    """`x` with values outside their column bounds by no more than the allowance put on the bound.

    Solvers return values a tolerance outside their bounds; those are reported on the bound. A
    value further out is left where it is, so that verification sees it and names it.
    """
    lower, upper = model.col_lower, model.col_upper
    with np.errstate(invalid="ignore"):
        near_lower = (x < lower) & (lower - x <= allowance(lower))
        near_upper = (x > upper) & (x - upper <= allowance(upper))
    return np.where(near_lower, lower, np.where(near_upper, upper, x))


def _non_finite(kind: str, names: Names, values: np.ndarray | None, what: str) -> Violation | None:
    if values is None:
        return None
    bad = np.flatnonzero(~np.isfinite(values))
    if not bad.size:
        return None
    first = int(bad[0])
    more = f" (and {bad.size - 1} more)" if bad.size > 1 else ""
    return Violation(f"{kind} {names()[first]}", np.inf, 1.0, f"has {what} {float(values[first])!r}{more}")


def _worst_bound(
    kind: str,
    names: Names,
    values: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    magnitude: np.ndarray | float = 0.0,
) -> Violation | None:
    """The value furthest outside its bounds, measured in allowances, if any is beyond them."""
    # An infinite bound is never broken: it counts as a bound of 0 that is 0 away.
    finite_lower, finite_upper = np.isfinite(lower), np.isfinite(upper)
    lower, upper = np.where(finite_lower, lower, 0.0), np.where(finite_upper, upper, 0.0)
    below = np.where(finite_lower, lower - values, 0.0)
    above = np.where(finite_upper, values - upper, 0.0)
    allowed_below, allowed_above = allowance(lower, magnitude), allowance(upper, magnitude)
    with np.errstate(over="ignore"):
        # A value near the largest double (a solver's infinity) overflows to an infinite ratio.
        ratio = np.maximum(below / allowed_below, above / allowed_above)
    if not ratio.size or ratio.max() <= 1.0:
        return None
    worst = int(np.argmax(ratio))
    if below[worst] >= above[worst]:
        side, bound, amount, allowed = "below its lower bound", lower[worst], below[worst], allowed_below
    else:
        side, bound, amount, allowed = "above its upper bound", upper[worst], above[worst], allowed_above
    words = f"is {float(values[worst])!r}, {float(amount):.3g} {side} {float(bound)!r}"
    return Violation(f"{kind} {names()[worst]}", float(amount), float(allowed[worst]), words)


def _worst_fraction(model: LinearModel, x: np.ndarray) -> Violation | None:
    fraction = np.where(model.integer, np.abs(x - np.round(x)), 0.0)
    if not fraction.size or fraction.max() <= INTEGRALITY_TOLERANCE:
        return None
    worst = int(np.argmax(fraction))
    words = f"is {float(x[worst])!r}, {float(fraction[worst]):.3g} from a whole number though it is integer"
    return Violation(
        f"column {model.column_names[worst]}", float(fraction[worst]), INTEGRALITY_TOLERANCE, words
    )


def worst_violation(model: LinearModel, x: np.ndarray) -> Violation | None:
    """The largest violation of `x` (measured in allowances), or None when `x` satisfies the model."""
    missing = _non_finite("column", lambda: model.column_names, x, "value")
    if missing is not None:
        return missing
    found = [
        _worst_bound("column", lambda: model.column_names, x, model.col_lower, model.col_upper),
        _worst_bound(
            "row",
            lambda: model.row_names,
            model.matrix @ x,
            model.row_lower,
            model.row_upper,
            largest_terms(model, x),
        ),
        _worst_fraction(model, x),
    ]
    broken = [violation for violation in found if violation is not None]
    return max(broken, key=lambda violation: violation.severity) if broken else None


def verified(model: LinearModel, solution: Solution) -> Solution:
    """`solution` if its values satisfy `model`; otherwise a failure naming the largest violation.

    The objective is recomputed here as c·x + c0 from the values reported, whatever the solver said.
    """
    if not solution.has_values:
        return solution
    assert solution.x is not None
    x = solution.x
    violation = (
        worst_violation(model, x)
        or _non_finite("row", lambda: model.row_names, solution.row_duals, "dual")
        or _non_finite("column", lambda: model.column_names, solution.reduced_costs, "reduced cost")
    )
    if violation is None:
        objective = float(model.objective @ x + model.objective_constant)
        if np.isfinite(objective):
            return dataclasses.replace(solution, objective=objective)
        violation = Violation("the objective", np.inf, 1.0, f"is {objective!r}")
    claimed = solution.message or solution.status.value
    if solution.status is Status.FEASIBLE:
        # A point left behind by a limit was never claimed optimal: the honest word is that the
        # solver stopped before it found a solution.
        status, words = Status.NO_SOLUTION, "stopped at its limit without a feasible solution"
    else:
        status, words = Status.REJECTED, "reported a solution that breaks the model"
    return Solution(
        status,
        None,
        None,
        None,
        None,
        solution.solver,
        solution.version,
        solution.wall_seconds,
        f"{words} ({claimed}): {violation}",
    )
