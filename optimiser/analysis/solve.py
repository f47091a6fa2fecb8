"""Solve an instance: build, solve with the chosen backend, check, and write the result files."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

import numpy as np
import pandas as pd

from optimiser.analysis.conditioning import Finding, require_conditioned
from optimiser.analysis.evaluate import PlanError, find_violations, plan_decisions
from optimiser.choices import unknown_name
from optimiser.instance.container import Instance
from optimiser.instance.schema import TOTAL_SETTING
from optimiser.linear import LinearModel
from optimiser.models import build_model
from optimiser.models.data import ModelData, build_data
from optimiser.models.discounting import instance_factors, money_basis, present_value
from optimiser.models.objectives import objective_basis, objective_word
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
    spell_names,
    summary_tables,
)
from optimiser.solvers import Solution, SolveOptions, solve


@dataclass(frozen=True)
class Valued:
    """A plan's standing (`plan_standing`) worked out while the solver ran, or the error that working
    it out raised, kept to be raised where the standing is asked for, as it would have been then."""

    plan: str
    standing: tuple[str, float, int] | None = None
    error: Exception | None = None


@dataclass(frozen=True)
class SolveRun:
    """One solve of one instance: the model, its solution, and the solution re-checked."""

    instance: Instance
    data: ModelData
    model: LinearModel
    solution: Solution
    objective: str
    backend: str
    integer: bool
    build_seconds: float
    started: float
    #: CSV spellings of the names, made while the solver ran (see `spell_names`).
    spelled: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)
    #: Constraint families switched off on the command line (instance.toml's switches are its own).
    without: tuple[str, ...] = ()
    #: What the built model holds that a solver may handle badly (warnings; errors stop the run).
    findings: tuple[Finding, ...] = ()
    #: The plan valued while the solver ran (see `plan_standing`), if `run_solve` was given one.
    valued: Valued | None = None

    @property
    def families_switched_off(self) -> list[str]:
        switched = {name for name, on in self.instance.config.families.items() if not on}
        return sorted(switched | set(self.without))

    @property
    def objective_word(self) -> str:
        return objective_word(self.objective, self.instance.config)


def run_solve(
    instance: Instance,
    *,
    objective: str = "min-cost",
    backend: str = "cbc",
    integer: bool | None = None,
    options: SolveOptions | None = None,
    progress: Callable[[str], object] | None = None,
    without: tuple[str, ...] = (),
    plan: str | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> SolveRun:
    """Build and solve; `integer` defaults to the instance's own option; `without` names constraint
    families switched off (as `[families]` in instance.toml does).

    `progress`, if given, is told in a few words what is happening: building, then solving. The
    `plan`, if given, is valued on the built model (`plan_standing`) and `meanwhile` is called while
    the solver runs: work that needs no solution, done where a solver in its own process leaves
    this one waiting.
    """
    tell = progress or (lambda _: None)
    started = time.perf_counter()
    integer = instance.config.options.integer if integer is None else integer
    tell(f"Building the {objective} model of {instance.name}")
    data = build_data(instance)
    model = build_model(instance, objective, integer=integer, data=data, without=without)
    # Values a solver cannot take stop here, before any solver runs, as bad input naming the
    # instance; coefficient spreads it may mishandle are kept as warnings to show.
    findings = tuple(require_conditioned(model, instance.path, names=False))
    built = time.perf_counter()
    rows, columns = model.shape
    tell(
        f"Solving {rows:,} rows × {columns:,} columns ({model.matrix.nnz:,} nonzeros"
        f"{', integer' if model.is_mip else ''}) with {backend}"
    )
    spelled: dict[str, dict[str, np.ndarray]] = {}

    def while_solving() -> None:
        # The report matrices and the names' spellings need no solution: make them meanwhile.
        _ = model.expressions
        spelled.update(spell_names(model))
        if plan is not None:
            valued.append(_valued(instance, data, model, plan))
        if meanwhile is not None:
            meanwhile()

    valued: list[Valued] = []
    solution = solve(model, backend, instance_limits(instance, options), while_solving=while_solving)
    return SolveRun(
        instance,
        data,
        model,
        solution,
        objective,
        backend,
        integer,
        built - started,
        started,
        spelled,
        without,
        findings,
        valued[0] if valued else None,
    )


def instance_limits(instance: Instance, options: SolveOptions | None) -> SolveOptions:
    """`options` with the instance's own time limit (`[options] time_limit_seconds`) where the user
    set none: an instance that must be solved as a MILP says how long it may take."""
    options = options or SolveOptions()
    limit = instance.config.options.time_limit_seconds
    if options.time_limit is None and limit is not None:
        return dataclasses.replace(options, time_limit=limit)
    return options


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


def comparison_plan(instance: Instance, plan: str | None) -> str | None:
    """The plan the optimum is compared with: the one named, which must exist (`PlanError` lists
    the valid ones), else `planned` if the instance has it, else its first plan, else none."""
    if plan is not None:
        if plan not in instance.plans:
            raise PlanError(f"{instance.path}: {unknown_name('plan', plan, instance.plans)}")
        return plan
    if "planned" in instance.plans:
        return "planned"
    return instance.plans[0] if instance.plans else None


def plan_standing(run: SolveRun, plan: str | None) -> tuple[str, float, int] | None:
    """The plan's name, its value under the run's objective on the run's own model (c·x + c0, no
    tie-breaks, as `compare` and `evaluate --objective` give it) and how many limits it breaks;
    None without a plan."""
    if plan is None:
        return None
    valued = run.valued
    if valued is None or valued.plan != plan:
        valued = _valued(run.instance, run.data, run.model, plan)
    if valued.error is not None:
        raise valued.error
    return valued.standing


def _valued(instance: Instance, data: ModelData, model: LinearModel, plan: str) -> Valued:
    try:
        x = plan_decisions(instance, data, model, plan)
        broken = len(find_violations(model, data, x))
    except Exception as error:
        return Valued(plan, error=error)
    return Valued(plan, (plan, float(model.objective @ x + model.objective_constant), broken))


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
