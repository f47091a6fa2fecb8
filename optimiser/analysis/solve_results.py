"""What a solve with a solution gives: the summary checked by the evaluator's own arithmetic, the
result tables, summary.json, and the folder of files written.

Apart from `optimiser.analysis.solve` (building and solving), so that a command imports the result
tables, the documents' models and the folder's writers only once it has a solution to report
(`optimiser solve` imports them while CBC runs)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import cast

import numpy as np
import pandas as pd

from optimiser.analysis.evaluate import find_violations
from optimiser.analysis.solve import SolveRun, comparison_plan
from optimiser.instance.container import Instance
from optimiser.instance.schema import TOTAL_SETTING
from optimiser.models.discounting import instance_factors, money_basis, present_value
from optimiser.models.objectives import objective_basis
from optimiser.results.configuration import configuration_tables
from optimiser.results.documents.manifest import Manifest
from optimiser.results.documents.summary import (
    Investment,
    ModelSize,
    Objective,
    PlanStanding,
    SolvedSeconds,
    SolvedSolver,
    SolvedStatus,
    SolvedSummary,
)
from optimiser.results.explain import holding_limits
from optimiser.results.folder import ResultsFolder
from optimiser.results.summary import Summary, bed_figures, finance_figures, summarise, violation_list
from optimiser.results.tables import (
    DECISION_FIGURES,
    comparison_table,
    constraints_table,
    decisions_table,
    optimal_mix_table,
    priced,
    solution_table,
    summary_tables,
)


def checked_summary(run: SolveRun) -> Summary:
    """The solution's report tables, with every limit re-checked by the evaluator's own arithmetic."""
    assert run.solution.x is not None
    violations = find_violations(run.model, run.data, run.solution.x)
    return summarise(run.instance, run.data, run.model, run.solution.x, violations, label=run.objective)


def summary_document(
    run: SolveRun, summary: Summary, standing: tuple[str, float, int] | None = None
) -> SolvedSummary:
    """summary.json: status, objective, money, the evaluator's beds block, solver and time, and —
    given the plan's `standing` (name, value, limits broken) — the plan valued the same way."""
    solution = run.solution
    finance = finance_figures(summary)
    return SolvedSummary(
        instance=run.instance.name,
        # Called for a run with a solution only (optimal, or feasible at a limit); the model checks.
        status=cast(SolvedStatus, solution.status.value),
        objective=Objective(
            name=run.objective,
            value=solution.objective,
            unit=run.model.objective_unit,
            sense=run.model.sense,
            basis=objective_basis(run.objective, run.instance.config),
        ),
        # The plan under the same objective on the same matrix (c·x + c0), as the headline gives it.
        plan=None
        if standing is None
        else PlanStanding(name=standing[0], objective_value=standing[1], limits_broken=standing[2]),
        target_year=run.instance.target_year,
        net_saving=finance.net_saving,
        gap=finance.gap,
        # The target year's total bed target (None without one), for the headline's beds against it.
        bed_target=total_bed_target(run.instance),
        investment=Investment(
            revenue_gbpm=finance.revenue_cost,
            # Capital over all the years is a multi-year total, so it is discounted like the
            # objective and says on what basis.
            capital_gbpm=present_value(
                summary.capital["spend"].to_numpy(), instance_factors(run.instance.config)
            ),
            capital_basis=money_basis(run.instance.config),
        ),
        beds=bed_figures(summary),
        finance=finance,
        integer=run.integer,
        families_switched_off=run.families_switched_off,
        solver=_solver(run),
        model=ModelSize(
            rows=run.model.shape[0], columns=run.model.shape[1], nonzeros=int(run.model.matrix.nnz)
        ),
        wall_seconds=SolvedSeconds(
            build=round(run.build_seconds, 3),
            solve=round(solution.wall_seconds, 3),
            total=round(time.perf_counter() - run.started, 3),
        ),
        violations=violation_list(summary),
    )


def _solver(run: SolveRun) -> SolvedSolver:
    """The solver, what it said, and for a run stopped at its time limit its bound and gap."""
    solution = run.solution
    return SolvedSolver(
        backend=run.backend,
        name=solution.solver,
        version=solution.version,
        message=solution.message,
        duals_from_fixed_lp=solution.duals_from_fixed_lp,
        best_bound=solution.best_bound,
        gap=solution.gap,
    )


def total_bed_target(instance: Instance) -> float | None:
    """The bed target for all settings in the target year, or None when the instance sets none."""
    targets = [
        entry.beds
        for entry in instance.config.bed_targets
        if entry.year == instance.target_year and entry.setting == TOTAL_SETTING
    ]
    return float(targets[0]) if targets else None


def result_tables(
    run: SolveRun, summary: Summary, plan: str | None = None, *, all_rows: bool = False
) -> dict[str, pd.DataFrame]:
    """Every result table of a solve, by file name without `.csv`. `decisions` leaves out the rows
    where every figure is 0 (an intervention not run there that year) unless `all_rows`."""
    solution = run.solution
    assert solution.x is not None
    decisions = decisions_table(run.data, run.model, solution.x)
    if solution.row_duals is not None and solution.reduced_costs is not None:
        # Why each decision sits where it does: at a bound, or held by the limit that prices it.
        limits = holding_limits(run.model, solution.x, solution.row_duals, solution.reduced_costs)
        decisions = decisions.assign(
            position=limits["position"].to_numpy(),
            reduced_cost=priced(limits["reduced_cost"].to_numpy()),
            held_by=limits["held_by"].to_numpy(),
        )
    if not all_rows:
        figures = decisions[list(DECISION_FIGURES)].to_numpy(dtype=float)
        decisions = decisions[np.abs(figures).max(axis=1) > 0].reset_index(drop=True)
    tables = {
        "decisions": decisions,
        **summary_tables(summary),
        "constraints": constraints_table(
            run.instance, run.model, solution.x, solution.row_duals, run.objective_word
        ),
        "solution": solution_table(run.model, solution),
        "optimal_mix": optimal_mix_table(run.data, run.model, solution.x, run.objective.replace("-", "_")),
        **configuration_tables(run.data, run.model, solution.x),
    }
    plan = comparison_plan(run.instance, plan)
    if plan is not None:
        tables["comparison"] = comparison_table(run.instance, decisions, plan)
    return tables


def write_solve_results(
    run: SolveRun,
    folder: ResultsFolder,
    summary: Summary,
    tables: dict[str, pd.DataFrame],
    manifest: Callable[[list[Path]], Manifest],
    standing: tuple[str, float, int] | None = None,
) -> list[Path]:
    """Stage every result table and summary.json, then commit them with their manifest as one set.

    Returns the files as now in place; until the commit the folder holds the previous run whole.
    """
    for name, frame in tables.items():
        folder.write_table(name, frame, run.spelled.get(name))
    folder.write_json("summary.json", summary_document(run, summary, standing))
    return folder.commit(manifest)
