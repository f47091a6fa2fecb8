"""What a solve returns, whatever the backend."""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from optimiser.linear import LinearModel


class Status(enum.Enum):
    OPTIMAL = "optimal"
    FEASIBLE = "feasible"  # a solution, stopped by a limit before proving optimality
    INFEASIBLE = "infeasible"
    UNBOUNDED = "unbounded"
    NO_SOLUTION = "no solution"  # stopped by a limit before finding any solution
    ERROR = "error"


@dataclass(frozen=True)
class SolveOptions:
    """Choices a user may set: limits, gap tolerance, threads, solver chatter, where files go."""

    time_limit: float | None = None
    mip_gap: float = 1e-4
    #: Primal and dual feasibility tolerance; tight, so that backends agree to 1e-6 on objectives.
    tolerance: float = 1e-9
    #: How CBC solves an LP: `dual` simplex, `primal` simplex, `barrier` (then crossover to a basis,
    #: so duals are exact), or `auto`: barrier from `BARRIER_NONZEROS` nonzeros, where the simplex
    #: takes several times longer, dual simplex below.
    lp_method: str = "auto"

    threads: int | None = None
    verbose: bool = False
    work_dir: Path | None = None


#: From this many nonzeros `auto` solves LPs by barrier (a national model: 7 minutes, not 20+).
BARRIER_NONZEROS = 500_000
LP_METHODS = ("auto", "dual", "primal", "barrier")


@dataclass(frozen=True)
class Solution:
    """Primal values, duals and reduced costs in the model's own sense."""

    status: Status
    objective: float | None
    x: np.ndarray | None
    row_duals: np.ndarray | None
    reduced_costs: np.ndarray | None
    solver: str
    version: str
    wall_seconds: float
    message: str = ""
    duals_from_fixed_lp: bool = False

    @property
    def has_values(self) -> bool:
        return self.x is not None and self.status in (Status.OPTIMAL, Status.FEASIBLE)

    def with_duals(self, row_duals: np.ndarray | None, reduced_costs: np.ndarray | None) -> Solution:
        return dataclasses.replace(
            self, row_duals=row_duals, reduced_costs=reduced_costs, duals_from_fixed_lp=True
        )


def solver_objective(model: LinearModel) -> tuple[np.ndarray, float]:
    """The cost vector every backend minimises, and the sign that maps back to the model's sense.

    Maximisation is solved as minimising the negation; the tie-break costs (tiny, see
    `LinearModel.tie_break`) always point towards the preferred degenerate solution.
    """
    sign = -1.0 if model.sense == "max" else 1.0
    return sign * model.objective + model.tie_break, sign


def without_values(status: Status, *, solver: str, version: str, seconds: float, message: str) -> Solution:
    """A solve that ended with no values to report: infeasible, unbounded, stopped early, failed."""
    return Solution(status, None, None, None, None, solver, version, seconds, message)


def finish(
    model: LinearModel,
    status: Status,
    x: np.ndarray | None,
    row_duals: np.ndarray | None,
    reduced_costs: np.ndarray | None,
    *,
    solver: str,
    version: str,
    seconds: float,
    message: str = "",
) -> Solution:
    """Map a backend's minimisation result back to the model: objective without tie-breaks, duals signed."""
    sign = -1.0 if model.sense == "max" else 1.0
    objective = None
    if x is not None:
        # Solvers return values a tolerance outside their bounds; report them on the bound.
        x = np.clip(x, model.col_lower, model.col_upper)
    if x is not None and status in (Status.OPTIMAL, Status.FEASIBLE):
        objective = float(model.objective @ x + model.objective_constant)
    return Solution(
        status=status,
        objective=objective,
        x=x,
        row_duals=None if row_duals is None else sign * row_duals,
        reduced_costs=None if reduced_costs is None else sign * reduced_costs,
        solver=solver,
        version=version,
        wall_seconds=seconds,
        message=message,
    )
