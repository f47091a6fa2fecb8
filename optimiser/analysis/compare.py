"""Optimal against planned: the plan judged, repaired and beaten on one matrix.

`run_compare` solves the instance for the optimum, then judges the named plan on the optimum's own
model (the very matrix the solver saw), repairs it (`optimiser.analysis.repair`) when it breaks a
limit, and values all three mixes under the solve's objective. Three mixes, one model:

- `planned`: the plan's stated decisions, the plan's rules for the rest (`plan_decisions`);
- `repaired`: the least cost-weighted change to the plan that breaks nothing (the plan itself when
  it breaks nothing);
- `optimal`: the solver's optimum.

The optimum is no worse than the repaired plan (both are feasible), and the repaired plan is the
plan wherever the plan is feasible; `Comparison.ordered` checks the first within the solve's own
tolerance (and MIP gap, for a whole-number solve).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from optimiser.analysis.evaluate import find_violations, plan_decisions
from optimiser.analysis.repair import Repair, repair_plan
from optimiser.analysis.solve import SolveRun, comparison_plan, run_solve
from optimiser.instance.container import Instance
from optimiser.models import build_model
from optimiser.results.summary import Summary, summarise
from optimiser.solvers import SolveOptions

#: The mixes a comparison holds, in the order every table lists them.
MIXES = ("planned", "repaired", "optimal")

#: Two objective values this close (relative to the larger of 1 and either) count as equal.
OBJECTIVE_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Mix:
    """One mix's decisions on the comparison's model, what they break, and their summary."""

    name: str
    x: np.ndarray
    violations: pd.DataFrame
    #: The mix's value under the solve's objective (c·x + c0, no tie-breaks), in its unit and sense.
    objective: float
    summary: Summary


@dataclass(frozen=True)
class Comparison:
    """The optimum, the plan and its repair, valued alike."""

    run: SolveRun
    plan: str
    repair: Repair
    mixes: dict[str, Mix]

    @property
    def plan_is_feasible(self) -> bool:
        return self.mixes["planned"].violations.empty

    def better(self, first: str, second: str) -> bool:
        """Whether mix `first` is no worse than mix `second` under the objective, within tolerance
        (the solve's relative MIP gap counts as tolerance for a whole-number solve)."""
        one, other = self.mixes[first].objective, self.mixes[second].objective
        allowance = OBJECTIVE_TOLERANCE + (self.run.solution.gap or 0.0)
        margin = allowance * max(1.0, abs(one), abs(other))
        return one <= other + margin if self.run.model.sense == "min" else one >= other - margin

    @property
    def ordered(self) -> bool:
        """The optimum no worse than the repaired plan, which is the plan where the plan is feasible."""
        same = self.plan_is_feasible <= bool(
            np.array_equal(self.mixes["repaired"].x, self.mixes["planned"].x)
        )
        return self.better("optimal", "repaired") and same


class NoPlanError(ValueError):
    """The instance has no plan to compare the optimum with."""


def objective_value(run: SolveRun, x: np.ndarray) -> float:
    """`x` valued under the run's objective: c·x + c0, tie-breaks left out, as the solver reports."""
    return float(run.model.objective @ x + run.model.objective_constant)


def run_compare(
    instance: Instance,
    *,
    plan: str | None = None,
    objective: str = "min-cost",
    backend: str = "cbc",
    integer: bool | None = None,
    options: SolveOptions | None = None,
    progress: Callable[[str], object] | None = None,
    without: tuple[str, ...] = (),
) -> tuple[SolveRun, Callable[[], Comparison]]:
    """Solve for the optimum; return the run and, for a run with a solution, the rest of the
    comparison to make (judging, repairing and valuing the plan), so that a caller can report a
    failed solve as `solve` does before any plan is repaired."""
    chosen = comparison_plan(instance, plan)
    if chosen is None:
        raise NoPlanError(f"{instance.path}: the instance has no plan to compare with (planned_mix.csv)")
    run = run_solve(
        instance,
        objective=objective,
        backend=backend,
        integer=integer,
        options=options,
        progress=progress,
        without=without,
    )

    def rest() -> Comparison:
        return _compare(run, chosen, progress or (lambda _: None), options)

    return run, rest


def _compare(
    run: SolveRun, plan: str, tell: Callable[[str], object], options: SolveOptions | None
) -> Comparison:
    assert run.solution.x is not None
    model, data = run.model, run.data
    tell(f"Judging the plan '{plan}' on the optimum's model")
    planned = plan_decisions(run.instance, data, model, plan)
    broken = find_violations(model, data, planned)
    cost_model = (
        model
        if run.objective == "min-cost"
        else build_model(run.instance, "min-cost", integer=run.integer, data=data, without=run.without)
    )
    if not broken.empty:
        tell(f"Repairing the plan '{plan}': {len(broken)} limits broken")
    repair = repair_plan(
        model, planned, cost_model, broken=not broken.empty, backend=run.backend, options=options
    )
    values = {"planned": planned, "repaired": repair.x, "optimal": run.solution.x}
    mixes = {}
    for name in MIXES:
        x = values[name]
        violations = broken if name == "planned" else find_violations(model, data, x)
        # The optimum keeps the label `solve` gives it, so its summary.json reads as a solve's.
        label = run.objective if name == "optimal" else name
        summary = summarise(run.instance, data, model, x, violations, label=label)
        mixes[name] = Mix(name, x, violations, objective_value(run, x), summary)
    return Comparison(run, plan, repair, mixes)
