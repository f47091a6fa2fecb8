"""compare.json: the optimum beside the plan and its repaired plan, valued under one objective."""

from __future__ import annotations

from pydantic import Field

from optimiser.results.documents.base import Document


class ComparedObjective(Document):
    name: str = Field(description="min-cost, max-saving or min-beds")
    unit: str = Field(description="£m for money objectives, beds for min-beds")
    sense: str = Field(description="min or max")
    basis: str = Field(description="how the years are weighed, e.g. present value at 3.5% a year")


class Mix(Document):
    """One mix of interventions, judged on the same matrix."""

    objective: float | None = Field(description="c·x + c0, in the objective's unit")
    net_saving_gbpm: float | None = Field(description="net saving in the target year (£m a year)")
    gap_gbpm: float | None = Field(description="the gap in the target year (£m a year)")
    beds: float | None = Field(description="beds open in the target year, all settings")
    limits_broken: int = Field(description="rows and bounds the mix breaks")


class Repair(Document):
    needed: bool = Field(description="whether the plan breaks a limit")
    decisions_changed: int = Field(description="decisions the repair moves")
    weighted_change_gbpm: float | None = Field(
        description="Σ w·|x − p|, the cost-weighted change from the plan (£m, present value)"
    )


class Comparison(Document):
    """compare.json."""

    instance: str
    plan: str = Field(description="the plan's id in planned_mix")
    objective: ComparedObjective
    target_year: str
    bed_target: float | None = Field(
        description="the total bed target in the target year (beds); None if unset"
    )
    mixes: dict[str, Mix] = Field(description="planned, repaired and optimal")
    repair: Repair
    ordered: bool = Field(
        description="the optimum is no worse than the repaired plan, which is the plan where it is feasible"
    )
