"""The model as a real `pyomo.ConcreteModel`, built from the same matrix, solved by a Pyomo solver.

Variables are `model.x[column name]` and constraints `model.rows[row name]`, so a user can add
terms, rows or objectives in Pyomo and solve with any solver Pyomo reaches (CBC by default: the
binary PuLP ships).
"""

from __future__ import annotations

import contextlib
import logging
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyomo.environ as pyo
import pyomo.version
from pyomo.common.errors import ApplicationError
from pyomo.common.tempfiles import TempfileManager
from pyomo.core.expr.numeric_expr import LinearExpression, MonomialTermExpression

from optimiser.linear import LinearModel
from optimiser.solvers.cbc import cbc_path, cbc_version
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


def _bound(value: float) -> float | None:
    return None if not np.isfinite(value) else float(value)


def _linear(coefficients: np.ndarray, variables: list[pyo.Var]) -> LinearExpression:
    return LinearExpression(
        [
            MonomialTermExpression((float(value), variable))
            for value, variable in zip(coefficients, variables, strict=True)
        ]
    )


def to_pyomo(model: LinearModel) -> pyo.ConcreteModel:
    """Build a `ConcreteModel` minimising the solver objective, with duals and reduced costs imported."""
    costs, _ = solver_objective(model)
    columns = [str(name) for name in model.column_names]
    rows = [str(name) for name in model.row_names]
    concrete = pyo.ConcreteModel(name=model.objective_name)
    concrete.columns = pyo.Set(initialize=columns, ordered=True)
    concrete.row_names = pyo.Set(initialize=rows, ordered=True)
    bounds = {
        name: (_bound(low), _bound(high))
        for name, low, high in zip(columns, model.col_lower, model.col_upper, strict=True)
    }
    integer = dict(zip(columns, model.integer.tolist(), strict=True))
    concrete.x = pyo.Var(
        concrete.columns,
        bounds=lambda _, name: bounds[name],
        domain=lambda _, name: pyo.Integers if integer[name] else pyo.Reals,
    )
    variables = [concrete.x[name] for name in columns]
    matrix = model.matrix

    def row_rule(_: pyo.ConcreteModel, name: str) -> object:
        i = concrete.row_names.ord(name) - 1
        start, stop = matrix.indptr[i], matrix.indptr[i + 1]
        expression = _linear(matrix.data[start:stop], [variables[j] for j in matrix.indices[start:stop]])
        low, high = _bound(model.row_lower[i]), _bound(model.row_upper[i])
        if low is not None and low == high:
            return expression == low
        return (low, expression, high)

    concrete.rows = pyo.Constraint(concrete.row_names, rule=row_rule)
    nonzero = np.flatnonzero(costs)
    concrete.objective = pyo.Objective(
        expr=_linear(costs[nonzero], [variables[j] for j in nonzero]),
        sense=pyo.minimize,
    )
    concrete.dual = pyo.Suffix(direction=pyo.Suffix.IMPORT)
    concrete.rc = pyo.Suffix(direction=pyo.Suffix.IMPORT)
    return concrete


#: Pyomo's termination conditions. A run stopped by a limit leaves a candidate incumbent, kept only
#: if it passes verification (see `finish`); Pyomo may load CBC's LP relaxation as one.
_STATUS = {
    pyo.TerminationCondition.optimal: Status.OPTIMAL,
    pyo.TerminationCondition.infeasible: Status.INFEASIBLE,
    pyo.TerminationCondition.unbounded: Status.UNBOUNDED,
    pyo.TerminationCondition.infeasibleOrUnbounded: Status.INFEASIBLE,
    pyo.TerminationCondition.maxTimeLimit: Status.FEASIBLE,
    pyo.TerminationCondition.maxIterations: Status.FEASIBLE,
    pyo.TerminationCondition.maxEvaluations: Status.FEASIBLE,
    # CBC stopped a MILP before any integer solution ("continuous used").
    pyo.TerminationCondition.intermediateNonInteger: Status.NO_SOLUTION,
}


def _solver(model: LinearModel, options: SolveOptions, solver_name: str, folder: Path) -> object:
    """The Pyomo solver with the user's limits; CBC through a launcher in `folder` that ties it to
    this process (`SolverError` if CBC is missing)."""
    if solver_name != "cbc":
        solver = pyo.SolverFactory(solver_name)
    else:
        solver = pyo.SolverFactory(solver_name, executable=launcher(cbc_path(), folder))
        solver.options["primalT"] = options.tolerance
        solver.options["dualT"] = options.tolerance
        # Wall-clock seconds, as the user means them; CBC's default counts CPU seconds.
        solver.options["timeMode"] = "elapsed"
    if options.time_limit is not None:
        solver.options["sec"] = options.time_limit
    if model.is_mip:
        solver.options["ratioGap"] = options.mip_gap
    return solver


def _load(concrete: pyo.ConcreteModel, result: object, model: LinearModel) -> tuple[np.ndarray, ...]:
    """Values, row duals and reduced costs (zeros for a MILP) loaded from Pyomo's result."""
    quiet = logging.getLogger("pyomo.core")
    level = quiet.level
    # Pyomo warns when it loads the values of a run stopped by a limit; they are verified instead.
    quiet.setLevel(logging.ERROR)
    try:
        concrete.solutions.load_from(result)
    finally:
        quiet.setLevel(level)
    x = np.array([pyo.value(concrete.x[name], exception=False) or 0.0 for name in concrete.columns])
    if model.is_mip:
        return x, np.zeros(model.shape[0]), np.zeros(model.shape[1])
    duals = np.array([concrete.dual.get(concrete.rows[name], 0.0) for name in concrete.row_names])
    reduced = np.array([concrete.rc.get(concrete.x[name], 0.0) for name in concrete.columns])
    return x, duals, reduced


@contextlib.contextmanager
def _scratch(options: SolveOptions) -> Iterator[Path]:
    """Pyomo's files in a scratch folder removed on every path (Pyomo leaves them when interrupted)."""
    saved = TempfileManager.tempdir
    with tempfile.TemporaryDirectory(dir=options.work_dir) as folder:
        TempfileManager.tempdir = folder
        try:
            yield Path(folder)
        finally:
            TempfileManager.tempdir = saved


def solve_pyomo(model: LinearModel, options: SolveOptions, solver_name: str = "cbc") -> Solution:
    """Solve through Pyomo; by default its CBC interface running PuLP's CBC binary.

    A missing or failing solver is a `Status.ERROR` with a one-line message.
    """
    concrete = to_pyomo(model)
    if model.is_mip:
        concrete.del_component(concrete.dual)
        concrete.del_component(concrete.rc)
    version = f"pyomo {pyomo.version.version}, cbc {cbc_version()}"
    started = time.perf_counter()
    try:
        with _scratch(options) as folder, children_killed_on_interrupt(cbc_path()):
            solver = _solver(model, options, solver_name, folder)
            result = solver.solve(concrete, tee=options.verbose, load_solutions=False)  # type: ignore[attr-defined]
    except (ApplicationError, SolverError) as error:
        message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        seconds = time.perf_counter() - started
        return without_values(
            Status.ERROR, solver="pyomo+cbc", version=version, seconds=seconds, message=message
        )
    seconds = time.perf_counter() - started
    condition = result.solver.termination_condition
    status = _STATUS.get(condition, Status.ERROR)
    if status not in (Status.OPTIMAL, Status.FEASIBLE) or len(result.solution) == 0:
        stopped = status if status is not Status.FEASIBLE else Status.NO_SOLUTION
        final = unproven(stopped, mip=model.is_mip, seconds=seconds, time_limit=options.time_limit)
        message = str(condition) if final is stopped else UNPROVEN_MESSAGE
        return without_values(final, solver="pyomo+cbc", version=version, seconds=seconds, message=message)
    x, duals, reduced = _load(concrete, result, model)
    bound = result.problem.lower_bound if model.is_mip and status is Status.FEASIBLE else None
    return finish(
        model,
        status,
        x,
        duals,
        reduced,
        solver="pyomo+cbc",
        version=version,
        seconds=seconds,
        message=str(condition),
        bound=None if bound is None else float(bound),
    )
