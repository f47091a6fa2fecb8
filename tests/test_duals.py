"""A binding row's dual is the objective's rate of change as its bound moves: checked by re-solving."""

from __future__ import annotations

import math

import pytest

from optimiser.instance.container import Instance
from optimiser.models import OBJECTIVES, build_model
from optimiser.results import constraints_table
from optimiser.solvers import solve

from .conftest import bound_up_ranges

#: The bound moves by this share of its size (at least this much in absolute terms), or by half the
#: range over which the dual holds (HiGHS's ranging of the same LP) where that is less.
STEP = 1e-3
#: A finite difference matches the dual to this relative precision...
RELATIVE = 1e-3
#: ...plus the noise of two solves, each objective good to this share of its size (feasibility 1e-9).
SOLVER_PRECISION = 2e-8


def _largest_binding_dual_per_family(instance: Instance, objective: str, backend: str):  # type: ignore[no-untyped-def]
    """Per family, the binding row with the largest dual among those whose bound can rise at all
    before the basis changes (a degenerate row's dual holds one way only, so it has no rate to test)."""
    model = build_model(instance, objective)
    solution = solve(model, backend)
    table = constraints_table(instance, model, solution.x, solution.row_duals, "objective")
    binding = table[(table["binding"] == "yes") & (table["dual"].abs() > 1e-6)]
    ranges = bound_up_ranges(model)
    steps = {row.name: _step(model, row, ranges) for row in binding.itertuples()}
    movable = binding[binding["name"].map(steps) > 0]
    largest = movable.loc[movable.groupby("family")["dual"].apply(lambda dual: dual.abs().idxmax())]
    return solution.objective, list(largest.itertuples()), steps


def _step(model, row, ranges) -> float:  # type: ignore[no-untyped-def]
    """How far the row's binding bound moves: a share of its size, or half its dual's range if less."""
    lower, upper = model.row_lower[model.row(row.name)], model.row_upper[model.row(row.name)]
    bound = upper if _binds_upper(model, row) else lower
    return float(min(STEP * max(1.0, abs(bound)), (ranges[model.row(row.name)] - bound) / 2))


def _binds_upper(model, row) -> bool:  # type: ignore[no-untyped-def]
    lower, upper = model.row_lower[model.row(row.name)], model.row_upper[model.row(row.name)]
    return bool(math.isfinite(upper) and abs(row.activity - upper) <= abs(row.activity - lower))


@pytest.mark.parametrize("backend", ["cbc", "highs"])
@pytest.mark.parametrize("objective", OBJECTIVES)
def test_each_binding_family_dual_matches_a_re_solve(
    derbyshire: Instance, objective: str, backend: str
) -> None:
    base, rows, steps = _largest_binding_dual_per_family(derbyshire, objective, backend)
    assert len({row.family for row in rows}) >= 3, [row.name for row in rows]
    for row in rows:
        model = build_model(derbyshire, objective)
        lower, upper = model.row_lower[model.row(row.name)], model.row_upper[model.row(row.name)]
        # The bound that binds moves; an equality row moves both sides together.
        binds_upper = _binds_upper(model, row)
        step = steps[row.name]
        if lower == upper:
            model.set_row_bounds(row.name, lower=lower + step, upper=upper + step)
        elif binds_upper:
            model.set_row_bounds(row.name, upper=upper + step)
        else:
            model.set_row_bounds(row.name, lower=lower + step)
        rate = (solve(model, backend).objective - base) / step
        noise = 2 * SOLVER_PRECISION * max(1.0, abs(base)) / step
        assert rate == pytest.approx(row.dual, rel=RELATIVE, abs=noise), (objective, backend, row.name)
