"""summary.json: what a solve (or compare) ended with. A run with a solution writes `SolvedSummary`;
an infeasible or unbounded one writes `FailedSummary`, the few fields it has."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, TypeAdapter

from optimiser.results.documents.base import Document
from optimiser.results.documents.evaluation import BedFigures, Finance, Violation

#: The statuses of a run with a solution, and of one without (whose summary is `FailedSummary`).
SolvedStatus = Literal["optimal", "time limit, feasible incumbent"]
FailedStatus = Literal["infeasible", "unbounded"]


class Objective(Document):
    """The optimum's value and what it measures."""

    name: str = Field(description="min-cost, max-saving or min-beds")
    value: float | None = Field(description="c·x + c0 of the solution, in `unit`")
    unit: str = Field(description="£m for money objectives, beds for min-beds")
    sense: str = Field(description="min or max")
    basis: str = Field(description="how the years are weighed, e.g. present value at 3.5% a year")


class PlanStanding(Document):
    """The instance's plan valued the same way on the same matrix."""

    name: str = Field(description="the plan's id in planned_mix")
    objective_value: float = Field(description="c·x + c0 of the plan, in the objective's unit")
    limits_broken: int = Field(description="rows and bounds the plan breaks")


class Investment(Document):
    """What the decisions cost."""

    revenue_gbpm: float | None = Field(description="revenue cost in the target year (£m a year)")
    capital_gbpm: float = Field(description="capital over all the years (£m, on `capital_basis`)")
    capital_basis: str = Field(description="how the years' capital is added up")


class Solver(Document):
    """The solver and what it said."""

    backend: str = Field(description="cbc, highs, pulp or pyomo")
    name: str
    version: str | None
    message: str | None


class SolvedSolver(Solver):
    duals_from_fixed_lp: bool = Field(description="a MILP's duals come from the LP with integers fixed")
    best_bound: float | None = Field(description="the solver's bound, for a run stopped at its limit")
    gap: float | None = Field(description="relative gap to the bound, for a run stopped at its limit")


class ModelSize(Document):
    rows: int
    columns: int
    nonzeros: int


class SolveSeconds(Document):
    """Wall-clock times (seconds, 3 decimals); the only figures that differ run to run."""

    build: float
    solve: float


class SolvedSeconds(SolveSeconds):
    total: float


class SolvedSummary(Document):
    """summary.json of a run with a solution (optimal, or a verified incumbent at a limit)."""

    instance: str
    status: SolvedStatus = Field(
        description="optimal, or a verified incumbent when a limit stopped the solver"
    )
    objective: Objective
    plan: PlanStanding | None = Field(description="the plan under the same objective; None without one")
    target_year: str
    net_saving: float | None = Field(description="net saving in the target year (£m a year)")
    gap: float = Field(description="the gap in the target year (£m a year)")
    bed_target: float | None = Field(
        description="the total bed target in the target year (beds); None when the instance sets none"
    )
    investment: Investment
    beds: dict[str, BedFigures] = Field(description="beds by setting, then `total`")
    finance: Finance
    integer: bool = Field(description="whether scales were whole units (a MILP)")
    families_switched_off: list[str]
    solver: SolvedSolver
    model: ModelSize
    wall_seconds: SolvedSeconds
    violations: list[Violation] = Field(description="limits the solution breaks (empty when checked)")


class FailedObjective(Document):
    name: str
    value: None = Field(description="an infeasible or unbounded run has no value")


class FailedSummary(Document):
    """summary.json of an infeasible or unbounded run."""

    instance: str
    status: FailedStatus
    objective: FailedObjective
    solver: Solver
    wall_seconds: SolveSeconds


#: Either kind of summary.json, told apart by its status.
SUMMARY: TypeAdapter[Any] = TypeAdapter(
    Annotated[SolvedSummary | FailedSummary, Field(discriminator="status")]
)
