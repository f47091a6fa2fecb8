"""sweep.json: what a sweep ran and what it found (`optimiser.analysis.sweep.run`). A scenario sweep
writes `Sweep`; a Pareto frontier, solved point by point, writes `ParetoSweep`."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Discriminator, Field, Tag, TypeAdapter

from optimiser.results.documents.base import Document

#: Quantiles of a figure over the scenarios, keyed p5, p50, p95 (or p10, p50, p90); None with none.
Quantiles = dict[str, float | None]


class Counts(Document):
    scenarios: int
    by_status: dict[str, int] = Field(description="scenarios by the status they ended with")
    cold_checked: int = Field(description="scenarios also solved from scratch to check the warm answer")
    cold_re_solves: int = Field(description="scenarios whose warm answer was replaced by a cold solve")
    failed: int


class Tolerances(Document):
    feasibility: float = Field(description="largest breach of a limit, relative to its scale")
    objective: float = Field(description="largest relative difference between warm and cold objectives")


class Base(Document):
    """The instance as given, solved once."""

    status: str | None
    objective: float | None = Field(description="in the objective's unit (£m, or beds for min-beds)")
    net_saving: float | None = Field(description="in the target year (£m a year)")
    beds: float | None = Field(description="beds open in the target year, all settings")


class OptimiseStatistics(Document):
    """Over the scenarios, each solved to its optimum."""

    objective: Quantiles = Field(description="in the objective's unit")
    share_feasible: float | None = Field(description="share of scenarios with an optimum")
    net_saving: Quantiles = Field(description="£m a year in the target year")
    beds: Quantiles = Field(description="beds open in the target year")


class EvaluateStatistics(Document):
    """Over the scenarios, the plan judged in each."""

    objective: Quantiles = Field(description="the plan's value, in the objective's unit")
    p_gap_closed_every_year: float = Field(description="probability the plan closes the gap every year")
    p_bed_targets_met: float = Field(description="probability the plan meets every bed target")
    gap_shortfall_gbpm: Quantiles = Field(description="the largest miss of a year's gap (£m), 0 where closed")
    bed_shortfall_beds: Quantiles = Field(description="the largest miss of a bed target (beds), 0 where met")


class SweepSeconds(Document):
    prepare: float = Field(description="seconds preparing the sweep")
    scenarios: float = Field(description="seconds running the scenarios")
    solved_now: int = Field(description="scenarios solved in this run (not counting resumed ones)")


class ParetoSeconds(Document):
    total: float = Field(description="seconds for the whole frontier")


class ParetoSweep(Document):
    """sweep.json of a Pareto frontier."""

    instance: str
    spec: dict[str, Any] = Field(description="the sweep specification with every default filled in")
    versions: dict[str, str] = Field(description="versions of the tool, HiGHS, numpy, pandas, scipy, Python")
    engine: str = Field(description="how the points were solved")
    workers: str
    counts: Counts
    wall_seconds: ParetoSeconds


class Sweep(Document):
    """sweep.json of a scenario sweep (one-at-a-time, grid, Monte Carlo or Morris)."""

    instance: str
    spec: dict[str, Any] = Field(description="the sweep specification with every default filled in")
    versions: dict[str, str] = Field(description="versions of the tool, HiGHS, numpy, pandas, scipy, Python")
    engine: str = Field(description="how the scenarios were solved")
    backend: str
    workers: str
    tolerances: Tolerances
    counts: Counts
    base: Base
    summary: OptimiseStatistics | EvaluateStatistics
    wall_seconds: SweepSeconds


#: Either kind of a sweep's statistics.
STATISTICS: TypeAdapter[Any] = TypeAdapter(OptimiseStatistics | EvaluateStatistics)


def _method(document: Any) -> str:
    """`pareto` for a frontier's sweep.json, `scenarios` for any other (by the spec's method)."""
    spec = document.get("spec") if isinstance(document, dict) else getattr(document, "spec", None)
    return "pareto" if isinstance(spec, dict) and spec.get("method") == "pareto" else "scenarios"


#: Either kind of sweep.json, told apart by the spec's method.
SWEEP: TypeAdapter[Any] = TypeAdapter(
    Annotated[
        Annotated[Sweep, Tag("scenarios")] | Annotated[ParetoSweep, Tag("pareto")], Discriminator(_method)
    ]
)
