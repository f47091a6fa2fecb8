"""The model as a real `pulp.LpProblem`, built from the same matrix, solved by PuLP's solver.

`to_pulp` hands the problem to users who extend models in PuLP; `solve_pulp` solves it with CBC
through PuLP (any PuLP solver can be passed instead) and reads values, duals and reduced costs back.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pulp

from optimiser.linear import LinearModel
from optimiser.solvers.cbc import cbc_bound, cbc_path
from optimiser.solvers.process import SolverError, children_killed_on_interrupt, launcher
from optimiser.solvers.result import (
    UNPROVEN_MESSAGE,
    Solution,
    SolveOptions,
    Status,
    finish,
    solver_objective,
    unproven,
    without_values,
)


@dataclass
class PulpModel:
    """A PuLP problem with its variables in column order and its constraints by row.

    A ranged row becomes two PuLP constraints; `lower[i]` and `upper[i]` are None where a side is
    absent.
    """

    problem: pulp.LpProblem
    variables: list[pulp.LpVariable]
    lower: list[pulp.LpConstraint | None]
    upper: list[pulp.LpConstraint | None]


def _bound(value: float) -> float | None:
    return None if not np.isfinite(value) else float(value)


def to_pulp(model: LinearModel) -> PulpModel:
    """Build a `pulp.LpProblem` (minimising the solver objective) row by row from the matrix."""
    costs, _ = solver_objective(model)
    problem = pulp.LpProblem(model.objective_name.replace("-", "_"), pulp.LpMinimize)
    variables = [
        problem.add_variable(
            str(name), _bound(low), _bound(high), pulp.LpInteger if integer else pulp.LpContinuous
        )
        for name, low, high, integer in zip(
            model.column_names, model.col_lower, model.col_upper, model.integer, strict=True
        )
    ]
    nonzero = np.flatnonzero(costs)
    problem += pulp.LpAffineExpression([(variables[j], float(costs[j])) for j in nonzero])
    matrix = model.matrix
    lower: list[pulp.LpConstraint | None] = []
    upper: list[pulp.LpConstraint | None] = []
    for i, name in enumerate(model.row_names):
        start, stop = matrix.indptr[i], matrix.indptr[i + 1]
        terms = [
            (variables[j], float(v))
            for j, v in zip(matrix.indices[start:stop], matrix.data[start:stop], strict=True)
        ]
        low, high = model.row_lower[i], model.row_upper[i]
        if np.isfinite(low) and low == high:
            constraint = pulp.LpConstraint(
                pulp.LpAffineExpression(terms), pulp.LpConstraintEQ, str(name), float(low)
            )
            problem.addConstraint(constraint)
            lower.append(constraint)
            upper.append(None)
            continue
        both = np.isfinite(low) and np.isfinite(high)
        lower.append(_side(problem, terms, pulp.LpConstraintGE, f"{name}_lower" if both else str(name), low))
        upper.append(_side(problem, terms, pulp.LpConstraintLE, f"{name}_upper" if both else str(name), high))
    return PulpModel(problem, variables, lower, upper)


def _side(
    problem: pulp.LpProblem, terms: list, sense: int, name: str, value: float
) -> pulp.LpConstraint | None:
    if not np.isfinite(value):
        return None
    constraint = pulp.LpConstraint(pulp.LpAffineExpression(terms), sense, name, float(value))
    problem.addConstraint(constraint)
    return constraint


def _pi(constraint: pulp.LpConstraint | None) -> float:
    return 0.0 if constraint is None or constraint.pi is None else float(constraint.pi)


def solve_pulp(model: LinearModel, options: SolveOptions, solver: pulp.LpSolver | None = None) -> Solution:
    """Solve through PuLP (CBC by default, the same binary as the `cbc` backend).

    CBC's log goes to a scratch file (unless `options.verbose`), where the bound of a MILP stopped
    at its time limit is read; the scratch folder goes on every path. An interrupt kills CBC.
    """
    version = getattr(pulp, "__version__", "unknown")
    built = to_pulp(model)
    started = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory(dir=options.work_dir) as folder:
            log = Path(folder) / "cbc.log"
            solver = solver or _default_solver(model, options, Path(folder), None if options.verbose else log)
            if isinstance(solver, pulp.LpSolver_CMD):
                # PuLP's own model and solution files go in the scratch folder, removed on every path.
                solver.tmpDir = folder
            with children_killed_on_interrupt(cbc_path()):
                built.problem.solve(solver)
            output = log.read_text(errors="replace") if log.exists() else ""
    except (pulp.PulpSolverError, SolverError) as error:
        message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return without_values(
            Status.ERROR,
            solver="pulp+cbc",
            version=version,
            seconds=time.perf_counter() - started,
            message=message,
        )
    seconds = time.perf_counter() - started
    status = _status(built.problem)
    message = pulp.LpStatus[built.problem.status]
    if status not in (Status.OPTIMAL, Status.FEASIBLE):
        final = unproven(status, mip=model.is_mip, seconds=seconds, time_limit=options.time_limit)
        message = message if final is status else UNPROVEN_MESSAGE
        return without_values(final, solver="pulp+cbc", version=version, seconds=seconds, message=message)
    x = np.array([variable.varValue or 0.0 for variable in built.variables])
    duals = np.array([_pi(low) + _pi(high) for low, high in zip(built.lower, built.upper, strict=True)])
    reduced = np.array([variable.dj or 0.0 for variable in built.variables])
    return finish(
        model,
        status,
        x,
        duals,
        reduced,
        solver="pulp+cbc",
        version=version,
        seconds=seconds,
        message=message if status is Status.OPTIMAL else "stopped at a limit",
        bound=cbc_bound(output) if model.is_mip and status is Status.FEASIBLE else None,
    )


def _default_solver(
    model: LinearModel, options: SolveOptions, folder: Path, log: Path | None
) -> pulp.LpSolver:
    """PuLP's CBC with the user's limits, through a launcher in `folder` that ties CBC to this process."""
    return pulp.COIN_CMD(
        path=launcher(cbc_path(), folder),
        msg=options.verbose,
        timeLimit=options.time_limit,
        gapRel=options.mip_gap if model.is_mip else None,
        threads=options.threads,
        timeMode="elapsed",
        options=[f"primalT {options.tolerance:g}", f"dualT {options.tolerance:g}"],
        logPath=None if log is None else str(log),
    )


def _status(problem: pulp.LpProblem) -> Status:
    """The status from PuLP's solution status, which tells a proven optimum from an incumbent.

    PuLP sets `status` to Optimal for any CBC run that stopped with an objective value, even an LP
    stopped by its time limit; `sol_status` says whether that was a proven optimum.
    """
    if problem.sol_status == pulp.LpSolutionOptimal:
        return Status.OPTIMAL
    if problem.sol_status == pulp.LpSolutionIntegerFeasible:
        # A point a limit left behind: kept only if it passes verification (see `finish`).
        return Status.FEASIBLE
    if problem.status == pulp.LpStatusNotSolved:
        return Status.NO_SOLUTION
    return {
        pulp.LpStatusInfeasible: Status.INFEASIBLE,
        pulp.LpStatusUnbounded: Status.UNBOUNDED,
    }.get(problem.status, Status.ERROR)
