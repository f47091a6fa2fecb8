"""Solver backends. The caller chooses one by name; model code never does.

- `cbc` (default): the CBC binary that PuLP ships, fed an MPS file written straight from the matrix.
- `highs`: HiGHS in process, through highspy (also the engine of warm re-solves).
- `pulp`, `pyomo`: build the library's own model (`pulp.LpProblem`, `pyomo.ConcreteModel`) from the
  same matrix, so it can be extended there, and solve it with the library's solver (CBC by default).

Every backend solves `min sign·c·x` internally and reports the objective, row duals and reduced
costs in the model's own sense: a row's dual is the change in the objective per unit increase of
the row's binding bound.

Every backend's answer is verified against the model before it is returned
(`optimiser.solvers.verify`), and every backend uses the same statuses (`Status`): `optimal`;
`time limit, feasible incumbent` (a verified solution, with the MIP gap where the solver gives a
bound); `no solution` (stopped by the limit before any solution that passes verification);
`infeasible`; `unbounded`; `rejected` (a claimed optimum that breaks the model); `error` (the
solver crashed, hung, was killed, is missing, or wrote nothing readable).
"""

from __future__ import annotations

from collections.abc import Callable

from optimiser.linear import LinearModel
from optimiser.solvers.preference import solve_preferring
from optimiser.solvers.result import Solution, SolveOptions, Status, without_values

#: Work that does not need the solution, done while an out-of-process solver runs.
Work = Callable[[], object] | None
Backend = Callable[[LinearModel, SolveOptions, Work], Solution]


def _first(work: Work) -> None:
    # An in-process solver leaves no time to overlap: the work simply goes first.
    if work is not None:
        work()


def _cbc(model: LinearModel, options: SolveOptions, while_solving: Work) -> Solution:
    from optimiser.solvers.cbc import solve_cbc

    return solve_cbc(model, options, while_solving)


def _highs(model: LinearModel, options: SolveOptions, while_solving: Work) -> Solution:
    from optimiser.solvers.highs import solve_highs

    _first(while_solving)
    return solve_highs(model, options)


def _pulp(model: LinearModel, options: SolveOptions, while_solving: Work) -> Solution:
    from optimiser.solvers.pulp_backend import solve_pulp

    _first(while_solving)
    return solve_pulp(model, options)


def _pyomo(model: LinearModel, options: SolveOptions, while_solving: Work) -> Solution:
    from optimiser.solvers.pyomo_backend import solve_pyomo

    _first(while_solving)
    return solve_pyomo(model, options)


BACKENDS: dict[str, Backend] = {"cbc": _cbc, "highs": _highs, "pulp": _pulp, "pyomo": _pyomo}


def solve(
    model: LinearModel,
    backend: str = "cbc",
    options: SolveOptions | None = None,
    *,
    while_solving: Work = None,
    later: Work = None,
    preference_stage: bool = True,
) -> Solution:
    """Solve `model` with the named backend; MILPs come back with the duals of their fixed LP.

    An LP is solved for its real objective alone, then its preferred optimum among equals is
    chosen on the optimal face (`optimiser.solvers.preference`); a MILP keeps its tie-break costs.
    With `preference_stage` False an LP keeps them too, in one solve: a sweep's CBC scenarios are
    solved so, as its HiGHS re-solves are, so that both backends choose alike at one run each.

    `while_solving` is work that does not need the solution: with CBC, which runs in a process of
    its own, it runs during the solve; with the other backends, before it. `later` is more such
    work, kept for the preference stage's wait (the first stage's is taken by `while_solving`):
    where there is no second stage, it is done when the solve ends.
    """
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}; expected one of {', '.join(BACKENDS)}")
    options = options or SolveOptions()
    crossed = model.crossed_bounds()
    if crossed:
        # Backends disagree on crossed bounds (CBC, fed MPS, would even report an optimum), so
        # the answer is given here, the same for all of them, without running a solver.
        _first(while_solving)
        _first(later)
        return without_values(
            Status.INFEASIBLE, solver=backend, version="not run", seconds=0.0, message=crossed
        )
    if model.is_mip or not model.tie_break.any() or not preference_stage:
        solution = BACKENDS[backend](model, options, while_solving)
        _first(later)
    else:
        # An LP's preference among equal optima is a second, small stage (see `preference`).
        solution = solve_preferring(model, BACKENDS[backend], options, while_solving, later)
    if model.is_mip and solution.has_values:
        solution = _with_fixed_lp_duals(model, backend, options, solution)
    return solution


def _with_fixed_lp_duals(
    model: LinearModel, backend: str, options: SolveOptions, solution: Solution
) -> Solution:
    """Duals of the LP in which every integer column is fixed at its MILP value."""
    assert solution.x is not None
    fixed = model.fixed_integers(solution.x)
    lp = BACKENDS[backend](fixed, options, None)
    if lp.status is not Status.OPTIMAL:
        return solution
    return solution.with_duals(lp.row_duals, lp.reduced_costs)


__all__ = ["BACKENDS", "Solution", "SolveOptions", "Status", "solve"]
