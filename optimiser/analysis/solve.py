"""Solve an instance: build, solve with the chosen backend, and value the plan beside it. What the
solution gives (the checked summary, the result tables, the files) is `solve_results`."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from optimiser.analysis.conditioning import Finding, require_conditioned
from optimiser.analysis.evaluate import PlanError, find_violations, plan_decisions
from optimiser.choices import unknown_name
from optimiser.instance.container import Instance
from optimiser.linear import LinearModel
from optimiser.models import build_model
from optimiser.models.data import ModelData, build_data
from optimiser.models.objectives import objective_word
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
        from optimiser.results.tables import spell_names

        _ = model.expressions
        spelled.update(spell_names(model))
        if plan is not None:
            valued.append(_valued(instance, data, model, plan))

    valued: list[Valued] = []
    # `meanwhile` waits for the preference stage where there is one: CBC's first stage is already
    # shared with the work above, and work beside it slows CBC on these machines' shared cores.
    solution = solve(
        model, backend, instance_limits(instance, options), while_solving=while_solving, later=meanwhile
    )
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
