"""HiGHS in process, through highspy; `HighsSession` keeps a model loaded for warm re-solves."""

from __future__ import annotations

import functools
import os
import sys
import time

import highspy
import numpy as np
import scipy.sparse as sp

from optimiser.extension import ModelExtension
from optimiser.linear import LinearModel
from optimiser.solvers.result import Solution, SolveOptions, Status, finish, solver_objective, without_values

_STATUS = {
    highspy.HighsModelStatus.kOptimal: Status.OPTIMAL,
    highspy.HighsModelStatus.kInfeasible: Status.INFEASIBLE,
    highspy.HighsModelStatus.kUnbounded: Status.UNBOUNDED,
    highspy.HighsModelStatus.kUnboundedOrInfeasible: Status.INFEASIBLE,
    highspy.HighsModelStatus.kTimeLimit: Status.FEASIBLE,
    highspy.HighsModelStatus.kIterationLimit: Status.FEASIBLE,
    highspy.HighsModelStatus.kSolutionLimit: Status.FEASIBLE,
    highspy.HighsModelStatus.kInterrupt: Status.FEASIBLE,
}


def _finite(values: np.ndarray) -> np.ndarray:
    return np.clip(values, -highspy.kHighsInf, highspy.kHighsInf)


def new_highs() -> highspy.Highs:
    """A silent HiGHS instance (the first one built prints a banner on C stdout; it is swallowed)."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 1)
            solver = highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    solver.setOptionValue("output_flag", False)
    return solver


@functools.cache
def highs_version() -> str:
    solver = new_highs()
    return f"{solver.versionMajor()}.{solver.versionMinor()}.{solver.versionPatch()}"


def highs_lp(model: LinearModel) -> highspy.HighsLp:
    """The model as a HiGHS LP (minimisation of the solver objective), from the CSC matrix."""
    costs, _ = solver_objective(model)
    matrix = sp.csc_matrix(model.matrix)
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = model.shape[1], model.shape[0]
    lp.col_cost_ = costs
    lp.col_lower_ = _finite(model.col_lower)
    lp.col_upper_ = _finite(model.col_upper)
    lp.row_lower_ = _finite(model.row_lower)
    lp.row_upper_ = _finite(model.row_upper)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = matrix.indptr
    lp.a_matrix_.index_ = matrix.indices
    lp.a_matrix_.value_ = matrix.data
    if model.is_mip:
        lp.integrality_ = [
            highspy.HighsVarType.kInteger if flag else highspy.HighsVarType.kContinuous
            for flag in model.integer
        ]
    return lp


class HighsSession:
    """One model loaded into HiGHS, changed in place and re-solved from the last basis.

    Sensitivity sweeps change a bound, a right-hand side, a cost or a coefficient and re-solve
    thousands of times; nothing is rebuilt between solves.
    """

    def __init__(self, model: LinearModel, options: SolveOptions | None = None) -> None:
        self.model = model.copy()
        self.options = options or SolveOptions()
        self.highs = new_highs()
        self.highs.setOptionValue("output_flag", self.options.verbose)
        if self.options.time_limit is not None:
            self.highs.setOptionValue("time_limit", float(self.options.time_limit))
        self.highs.setOptionValue("mip_rel_gap", float(self.options.mip_gap))
        self.highs.setOptionValue("primal_feasibility_tolerance", float(self.options.tolerance))
        self.highs.setOptionValue("dual_feasibility_tolerance", float(self.options.tolerance))
        if self.options.threads is not None:
            self.highs.setOptionValue("threads", int(self.options.threads))
        self.highs.passModel(highs_lp(self.model))

    def set_row_bounds(self, name: str, lower: float | None = None, upper: float | None = None) -> None:
        self.model.set_row_bounds(name, lower, upper)
        row = self.model.row(name)
        self.highs.changeRowBounds(
            row, *_finite(np.array([self.model.row_lower[row], self.model.row_upper[row]]))
        )

    def set_column_bounds(self, name: str, lower: float | None = None, upper: float | None = None) -> None:
        self.model.set_column_bounds(name, lower, upper)
        column = self.model.column(name)
        bounds = _finite(np.array([self.model.col_lower[column], self.model.col_upper[column]]))
        self.highs.changeColBounds(column, *bounds)

    def set_coefficient(self, row: str, column: str, value: float) -> None:
        self.model.set_coefficient(row, column, value)
        self.highs.changeCoeff(self.model.row(row), self.model.column(column), value)

    def set_objective_coefficient(self, column: str, value: float) -> None:
        self.model.set_objective_coefficient(column, value)
        position = self.model.column(column)
        costs, _ = solver_objective(self.model)
        self.highs.changeColCost(position, float(costs[position]))

    def set_objective_coefficients(self, columns: np.ndarray, values: np.ndarray) -> None:
        """Change many objective costs at once (global column positions), keeping the basis."""
        columns = np.asarray(columns, dtype=np.int32)
        self.model.objective[columns] = values
        costs, _ = solver_objective(self.model)
        self.highs.changeColsCost(columns.size, columns, costs[columns].astype(float))

    def set_coefficients(self, rows: np.ndarray, columns: np.ndarray, values: np.ndarray) -> None:
        """Change many matrix coefficients at once (global positions), keeping the basis."""
        matrix = self.model.matrix.tolil()
        for row, column, value in zip(rows, columns, values, strict=True):
            matrix[int(row), int(column)] = float(value)
            self.highs.changeCoeff(int(row), int(column), float(value))
        self.model.matrix = matrix.tocsr()

    def extend(self, extension: ModelExtension) -> LinearModel:
        """Add an extension's columns, then its rows, to the loaded model, keeping the basis of the
        rows and columns that were there; return the extended model the session now holds."""
        before_rows, before_columns = self.model.shape
        grown = extension.build()
        rows, columns = grown.shape
        costs, _ = solver_objective(grown)
        if columns > before_columns:
            new = sp.csc_matrix(grown.matrix[:before_rows, before_columns:])
            self.highs.addCols(
                columns - before_columns,
                costs[before_columns:],
                _finite(grown.col_lower[before_columns:]),
                _finite(grown.col_upper[before_columns:]),
                new.nnz,
                new.indptr[:-1].astype(np.int32),
                new.indices.astype(np.int32),
                new.data,
            )
            integer = np.flatnonzero(grown.integer[before_columns:]).astype(np.int32) + before_columns
            if integer.size:
                self.highs.changeColsIntegrality(
                    integer.size, integer, np.full(integer.size, int(highspy.HighsVarType.kInteger), np.uint8)
                )
        if rows > before_rows:
            new_rows = sp.csr_matrix(grown.matrix[before_rows:])
            self.highs.addRows(
                rows - before_rows,
                _finite(grown.row_lower[before_rows:]),
                _finite(grown.row_upper[before_rows:]),
                new_rows.nnz,
                new_rows.indptr[:-1].astype(np.int32),
                new_rows.indices.astype(np.int32),
                new_rows.data,
            )
        # A replaced objective changes the old columns' costs too; set them all in one call.
        everything = np.arange(columns, dtype=np.int32)
        self.highs.changeColsCost(columns, everything, costs.astype(float))
        self.model = grown
        return grown

    def solve(self) -> Solution:
        started = time.perf_counter()
        self.highs.run()
        seconds = time.perf_counter() - started
        status = _STATUS.get(self.highs.getModelStatus(), Status.ERROR)
        info = self.highs.getInfo()
        if status is Status.FEASIBLE and info.primal_solution_status != 2:
            status = Status.NO_SOLUTION
        message = self.highs.modelStatusToString(self.highs.getModelStatus())
        if status not in (Status.OPTIMAL, Status.FEASIBLE):
            return without_values(
                status,
                solver="highs",
                version=highs_version(),
                seconds=seconds,
                message=message,
            )
        solution = self.highs.getSolution()
        x = np.array(solution.col_value)
        duals = np.array(solution.row_dual) if not self.model.is_mip else np.zeros(self.model.shape[0])
        reduced = np.array(solution.col_dual) if not self.model.is_mip else np.zeros(self.model.shape[1])
        # HiGHS's bound on a MILP stopped early (of its own minimisation), to give the gap.
        bound = float(info.mip_dual_bound) if self.model.is_mip and status is Status.FEASIBLE else None
        return finish(
            self.model,
            status,
            x,
            duals,
            reduced,
            solver="highs",
            version=highs_version(),
            seconds=seconds,
            message=message,
            bound=bound,
        )


def solve_highs(model: LinearModel, options: SolveOptions) -> Solution:
    return HighsSession(model, options).solve()
