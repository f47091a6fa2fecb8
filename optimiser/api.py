"""The Python API: what a script needs, without the command line.

    import optimiser

    instance = optimiser.load_instance("derbyshire-stp-2016")
    result = optimiser.optimise(instance, objective="min-cost", backend="highs")
    result.tables["decisions"]          # every result table `solve` writes, as DataFrames

`optimise` is `optimiser solve` without the files: build, solve, verify, re-check every limit with
the evaluator's arithmetic, and make the tables. Lower levels stay open to scripts:
`build_model` gives the `LinearModel` (changed in place or grown with `model.extend()`), `solve`
solves it with a backend, `evaluate_plan` judges a plan of the instance.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from optimiser.analysis.solve import SolveRun, run_solve
from optimiser.analysis.solve_results import checked_summary, result_tables
from optimiser.instance.container import Instance
from optimiser.results.summary import Summary
from optimiser.solvers import SolveOptions, Status


@dataclass(frozen=True)
class Result:
    """One solve of an instance: its status, objective, the checked summary and every result table.

    Without a solution (infeasible, unbounded, stopped or rejected) `summary` is None and `tables`
    is empty; `message` says why.
    """

    run: SolveRun
    summary: Summary | None
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def status(self) -> Status:
        return self.run.solution.status

    @property
    def objective(self) -> float | None:
        return self.run.solution.objective

    @property
    def message(self) -> str:
        return self.run.solution.message


def optimise(
    instance: Instance,
    objective: str = "min-cost",
    *,
    backend: str = "cbc",
    integer: bool | None = None,
    without: tuple[str, ...] = (),
    options: SolveOptions | None = None,
    plan: str | None = None,
    all_rows: bool = False,
) -> Result:
    """Build, solve and report `instance` as `optimiser solve` does, returning the tables.

    `plan` names the plan the optimum is compared with (`comparison` table); by default `planned`.
    `all_rows` keeps the `decisions` rows where every figure is 0, as `--all-rows` does.
    """
    run = run_solve(
        instance, objective=objective, backend=backend, integer=integer, options=options, without=without
    )
    if not run.solution.has_values:
        return Result(run, None)
    summary = checked_summary(run)
    return Result(run, summary, result_tables(run, summary, plan, all_rows=all_rows))
