"""What a solve returns, whatever the backend."""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from optimiser.linear import LinearModel


class Status(enum.Enum):
    """What a solve ended with; the value is the word printed and written in summary.json."""

    OPTIMAL = "optimal"
    #: A verified solution, stopped by the time limit before optimality was proven.
    FEASIBLE = "time limit, feasible incumbent"
    INFEASIBLE = "infeasible"
    UNBOUNDED = "unbounded"
    #: Stopped by a limit before finding any solution that satisfies the model.
    NO_SOLUTION = "no solution"
    #: The solver claimed an optimum whose values break the model (see `optimiser.solvers.verify`).
    REJECTED = "rejected"
    #: The solver failed: it crashed, hung, was killed, or wrote nothing readable.
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
    #: The solver's bound on the objective (model sense) when it stopped, if it gives one.
    best_bound: float | None = None
    #: The relative gap |incumbent − bound| / |incumbent| of the solver's own objective, if known.
    gap: float | None = None

    @property
    def has_values(self) -> bool:
        return self.x is not None and self.status in (Status.OPTIMAL, Status.FEASIBLE)

    @property
    def headline(self) -> str:
        """The status in words for a reader: "Optimal", "Time limit, feasible incumbent (gap 1.2%)"."""
        words = self.status.value.capitalize()
        if self.status is Status.FEASIBLE:
            words += " (gap unknown)" if self.gap is None else f" (gap {100 * self.gap:.2g}%)"
        return words

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


#: What a run reads when a MILP "proven infeasible" had in fact run out of time (see `unproven`).
UNPROVEN_MESSAGE = "stopped at its time limit before finding an integer solution; infeasibility is not proven"


def unproven(status: Status, *, mip: bool, seconds: float, time_limit: float | None) -> Status:
    """`Status.NO_SOLUTION` for a MILP called infeasible once its time limit had run out.

    CBC 2.10 reports "Integer infeasible" when the time limit interrupts its pre-processing: the
    cut generators read the interruption as infeasibility ("Pre-processing says infeasible or
    unbounded") although the problem has integer solutions. A verdict reached at the limit proved
    nothing, so it is reported as no solution found in time; earlier verdicts stand.
    """
    if status is Status.INFEASIBLE and mip and time_limit is not None and seconds >= time_limit:
        return Status.NO_SOLUTION
    return status


def without_values(status: Status, *, solver: str, version: str, seconds: float, message: str) -> Solution:
    """A solve that ended with no values to report: infeasible, unbounded, stopped early, failed."""
    return Solution(status, None, None, None, None, solver, version, seconds, message)


def relative_gap(incumbent: float, bound: float | None) -> float | None:
    """|incumbent − bound| / |incumbent| (HiGHS's and CBC's measure), None without a bound."""
    if bound is None or not np.isfinite(bound) or not np.isfinite(incumbent):
        return None
    return abs(incumbent - bound) / max(abs(incumbent), GAP_FLOOR)


#: Below this |incumbent| the relative gap is measured against this instead (no division by 0).
GAP_FLOOR = 1e-9


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
    bound: float | None = None,
) -> Solution:
    """Map a backend's minimisation result back to the model, and verify it before it is reported.

    The objective is c·x + c0 without tie-breaks, duals are signed in the model's sense, and
    `bound` (the solver's bound on its own minimisation, if it stopped early) becomes `best_bound`
    and `gap`. Values outside their bounds by noise are put on the bound; anything further makes
    the solve a failure (see `optimiser.solvers.verify`).
    """
    # Imported here: the verifier builds on `Solution` and `Status`, defined in this module.
    from optimiser.solvers.verify import snap_to_bounds, verified

    sign = -1.0 if model.sense == "max" else 1.0
    gap = None
    if bound is not None and not np.isfinite(bound):
        # An infinite bound (a library's "none found") says nothing about the gap.
        bound = None
    if x is not None:
        x = snap_to_bounds(model, np.asarray(x, dtype=float))
        costs, _ = solver_objective(model)
        with np.errstate(invalid="ignore", over="ignore"):
            gap = relative_gap(float(costs @ x), bound)
    solution = Solution(
        status=status,
        objective=None,
        x=x,
        row_duals=None if row_duals is None else sign * row_duals,
        reduced_costs=None if reduced_costs is None else sign * reduced_costs,
        solver=solver,
        version=version,
        wall_seconds=seconds,
        message=message,
        best_bound=None if bound is None else sign * bound,
        gap=gap,
    )
    return verified(model, solution)
