"""A binding row's dual is the objective's rate of change as its bound moves: checked by re-solving."""

from __future__ import annotations

import math

import pytest

from optimiser.instance.container import Instance
from optimiser.models import OBJECTIVES, build_model
from optimiser.results.tables import constraints_table
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
    without changing the basis (a degenerate row's dual holds on one side only; HiGHS ranging)."""
    model = build_model(instance, objective)
    solution = solve(model, backend)
    table = constraints_table(instance, model, solution.x, solution.row_duals, "objective")
    # A degenerate row whose dual holds over no room at all (HiGHS's range ends at the bound) has no
    # finite difference to check it by; each family's largest dual with room is checked instead.
    room = bound_up_ranges(model) > table["bound"].to_numpy()
    binding = table[(table["binding"] == "yes") & (table["dual"].abs() > 1e-6) & room]
    largest = binding.loc[binding.groupby("family")["dual"].apply(lambda dual: dual.abs().idxmax())]
    return solution.objective, list(largest.itertuples())


@pytest.mark.parametrize("backend", ["cbc", "highs"])
@pytest.mark.parametrize("objective", OBJECTIVES)
def test_each_binding_family_dual_matches_a_re_solve(
    derbyshire: Instance, objective: str, backend: str
) -> None:
    base, rows = _largest_binding_dual_per_family(derbyshire, objective, backend)
    # Min-beds is held by bed limits alone (bed balance and evidence caps); the money objectives by
    # three families or more.
    assert len({row.family for row in rows}) >= (2 if objective == "min-beds" else 3), [
        row.name for row in rows
    ]
    ranges = bound_up_ranges(build_model(derbyshire, objective))
    for row in rows:
        model = build_model(derbyshire, objective)
        lower, upper = model.row_lower[model.row(row.name)], model.row_upper[model.row(row.name)]
        # The bound that binds moves; an equality row moves both sides together.
        binds_upper = math.isfinite(upper) and abs(row.activity - upper) <= abs(row.activity - lower)
        bound = upper if binds_upper else lower
        step = min(STEP * max(1.0, abs(bound)), (ranges[model.row(row.name)] - bound) / 2)
        assert step > 0, row.name
        if lower == upper:
            model.set_row_bounds(row.name, lower=lower + step, upper=upper + step)
        elif binds_upper:
            model.set_row_bounds(row.name, upper=upper + step)
        else:
            model.set_row_bounds(row.name, lower=lower + step)
        rate = (solve(model, backend).objective - base) / step
        noise = 2 * SOLVER_PRECISION * max(1.0, abs(base)) / step
        assert rate == pytest.approx(row.dual, rel=RELATIVE, abs=noise), (objective, backend, row.name)
