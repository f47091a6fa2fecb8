"""One scenario: its model (from the linear map, or rebuilt), solved warm from the base basis and
checked against its own matrix; or, in evaluate mode, the fixed plan judged under it.

Everything a worker needs is in one picklable `Engine`; HiGHS objects cannot be pickled, so each
process makes its own solver on first use (one thread, so that workers do not compete).
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from typing import Any

import highspy
import numpy as np

from optimiser.analysis.diagnose import ELASTIC_FAMILIES, relax
from optimiser.analysis.evaluate import close_what_is_not_needed, fill_coverage_mean, find_violations
from optimiser.analysis.sweep.arrays import ScenarioModel, scenario_model
from optimiser.analysis.sweep.linear_map import LinearMap
from optimiser.analysis.sweep.overrides import Change, Selection, changed
from optimiser.instance.container import Instance
from optimiser.linear import LinearModel
from optimiser.models.data import build_data
from optimiser.solvers import solve
from optimiser.solvers.highs import highs_lp, new_highs
from optimiser.solvers.result import SolveOptions, Status, solver_objective

#: A scenario's solution must meet its own rows and bounds within this, relative to the larger of
#: 1, the bound and the size of the row's terms (the evaluator's `VIOLATION_TOLERANCE`).
FEASIBILITY_TOLERANCE = 1e-6
#: A warm and a cold objective agree when within this, relative to the larger of 1 and their size.
OBJECTIVE_TOLERANCE = 1e-6
#: HiGHS's primal and dual feasibility tolerances, as `SolveOptions` sets them for every solve.
SOLVER_TOLERANCE = 1e-9
#: Decision families whose values a fixed plan keeps in evaluate mode (closures follow need).
FIXED_DECISIONS = ("scale", "hired", "redeployed", "opened")

#: How a scenario starts in HiGHS (see `start_for`); also the record's `check` when nothing more is done.
WARM_DUAL = "warm"
WARM_PRIMAL = "warm (primal)"
FROM_SCRATCH = "from scratch"
#: HiGHS's `simplex_strategy` values for the dual and the primal simplex.
_DUAL_SIMPLEX, _PRIMAL_SIMPLEX = 1, 4

_SOLVER: list[highspy.Highs] = []
#: The last basis handed to HiGHS, converted once per process (a `HighsBasis` cannot be pickled).
_HIGHS_BASIS: list[tuple[Basis, highspy.HighsBasis]] = []
_CBC_STATUS = {Status.OPTIMAL: "optimal", Status.INFEASIBLE: "infeasible", Status.UNBOUNDED: "unbounded"}
_ONE_THREAD: list[bool] = []


@dataclass(frozen=True)
class Basis:
    """A HiGHS basis as plain arrays (a `HighsBasis` cannot be pickled to a worker)."""

    column_status: np.ndarray
    row_status: np.ndarray

    @classmethod
    def of(cls, highs: highspy.Highs) -> Basis:
        basis = highs.getBasis()
        return cls(
            np.array([int(code) for code in basis.col_status], dtype=np.int8),
            np.array([int(code) for code in basis.row_status], dtype=np.int8),
        )

    def fits(self, model: LinearModel) -> bool:
        return (self.row_status.size, self.column_status.size) == model.shape

    def highs(self) -> highspy.HighsBasis:
        """This basis as HiGHS takes it, converted once per process and basis."""
        if not _HIGHS_BASIS or _HIGHS_BASIS[0][0] is not self:
            _HIGHS_BASIS[:] = [(self, self.to_highs())]
        return _HIGHS_BASIS[0][1]

    def to_highs(self) -> highspy.HighsBasis:
        basis = highspy.HighsBasis()
        basis.col_status = [highspy.HighsBasisStatus(int(code)) for code in self.column_status]
        basis.row_status = [highspy.HighsBasisStatus(int(code)) for code in self.row_status]
        basis.valid = True
        return basis


@dataclass(frozen=True)
class Engine:
    """What every scenario of a sweep shares."""

    instance: Instance
    selections: tuple[Selection, ...]
    operations: tuple[str, ...]
    names: tuple[str, ...]
    objective: str
    without: tuple[str, ...]
    mode: str
    base: ScenarioModel
    basis: Basis
    linear: LinearMap | None
    plan_x: np.ndarray | None
    instance_hash: str
    cold_scenarios: frozenset[int]
    #: `highs` (warm from the base basis) or `cbc` (each scenario's MPS written from its matrix).
    backend: str = "highs"

    def changes(self, values: np.ndarray) -> list[Change]:
        return [
            Change(selection, operation, float(value))
            for selection, operation, value in zip(self.selections, self.operations, values, strict=True)
            if not np.isnan(value)
        ]

    def scenario_instance(self, values: np.ndarray) -> Instance:
        return changed(self.instance, self.changes(values))

    def rebuilt(self, values: np.ndarray) -> ScenarioModel:
        return scenario_model(self.scenario_instance(values), self.objective, self.without)

    def inputs_hash(self, values: np.ndarray) -> str:
        """A hash of what defines the scenario: the base instance and each parameter's value."""
        text = self.instance_hash + "".join(
            f"|{name}={value!r}" for name, value in zip(self.names, values.tolist(), strict=True)
        )
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def use_one_thread() -> None:
    """Called first thing in a worker process, so that workers do not compete for the cores.

    HiGHS sizes one scheduler per process the first time it runs, and refuses to run an instance
    asking for another thread count afterwards; so only a fresh worker asks for one thread, and
    the main process keeps HiGHS's default (the dual simplex of an LP runs serially either way).
    """
    _ONE_THREAD[:] = [True]


def solver() -> highspy.Highs:
    """This process's HiGHS, made on first use."""
    if not _SOLVER:
        highs = new_highs()
        options: list[tuple[str, float | int]] = [
            ("primal_feasibility_tolerance", SOLVER_TOLERANCE),
            ("dual_feasibility_tolerance", SOLVER_TOLERANCE),
        ]
        if _ONE_THREAD:
            options.append(("threads", 1))
        for option, value in options:
            highs.setOptionValue(option, value)
        _SOLVER.append(highs)
    return _SOLVER[0]


def start_for(moved: frozenset[str]) -> str:
    """How HiGHS starts a scenario that moves these kinds of number (`ScenarioModel.parts`) from
    the base model.

    Only bounds moved: the base basis stays dual feasible, and the dual simplex from it is the
    classic warm start (Derbyshire's finite row bounds each moved up to ±5% at random re-solved in
    85-440 iterations from it, against about 2,400 from scratch). Only costs moved:
    it stays primal feasible, and the primal simplex from it took about 750 iterations where the
    dual simplex from it took 2,100. Anything else — coefficients, or costs and bounds together —
    leaves the base basis neither, and starting from it was slower than starting from scratch with
    presolve: a Monte Carlo over ten Derbyshire effects and costs took about 3,000 iterations warm
    against 1,900 from scratch, 2.7 times the time. Either start is the same for every scenario
    that moves the same kinds of number, so no result depends on order or workers.
    """
    solved = moved & {"matrix", "costs", "bounds"}
    if solved <= {"bounds"}:
        return WARM_DUAL
    if solved == {"costs"}:
        return WARM_PRIMAL
    return FROM_SCRATCH


def solve_once(
    scenario: ScenarioModel, basis: Basis | None, start: str = WARM_DUAL
) -> tuple[str, np.ndarray | None]:
    """Solve `scenario` from `basis` when it is given and fits and `start` is warm, otherwise from
    scratch; return the status and the primal values."""
    highs = solver()
    highs.passModel(highs_lp(scenario.model))
    warm = start != FROM_SCRATCH and basis is not None and basis.fits(scenario.model)
    highs.setOptionValue(
        "simplex_strategy", _PRIMAL_SIMPLEX if warm and start == WARM_PRIMAL else _DUAL_SIMPLEX
    )
    if warm:
        assert basis is not None
        highs.setBasis(basis.highs())
    highs.run()
    status = highs.getModelStatus()
    if status == highspy.HighsModelStatus.kOptimal:
        return "optimal", np.array(highs.getSolution().col_value)
    if status in (highspy.HighsModelStatus.kInfeasible, highspy.HighsModelStatus.kUnboundedOrInfeasible):
        return "infeasible", None
    if status == highspy.HighsModelStatus.kUnbounded:
        return "unbounded", None
    return f"error ({highs.modelStatusToString(status)})", None


def _outside(values: np.ndarray, lower: np.ndarray, upper: np.ndarray, magnitude: np.ndarray) -> np.ndarray:
    """Positions where `values` leave [lower, upper] by more than the feasibility tolerance."""

    def allowed(bound: np.ndarray) -> np.ndarray:
        finite = np.where(np.isfinite(bound), np.abs(bound), 0.0)
        return FEASIBILITY_TOLERANCE * np.maximum(np.maximum(1.0, finite), magnitude)

    return np.flatnonzero((values - upper > allowed(upper)) | (lower - values > allowed(lower)))


def own_check(scenario: ScenarioModel, x: np.ndarray, reported: float | None) -> str:
    """'' if `x` meets the scenario's own rows and bounds and the solver's objective (`reported`,
    in the solver's own minimisation, if the backend gives it) is c·x; otherwise why not."""
    model = scenario.model
    rows = _outside(model.matrix @ x, model.row_lower, model.row_upper, abs(model.matrix) @ np.abs(x))
    if rows.size:
        return f"row {model.row_names[rows[0]]} broken by the warm solution"
    columns = _outside(x, model.col_lower, model.col_upper, np.abs(x))
    if columns.size:
        return f"column {model.column_names[columns[0]]} outside its bounds in the warm solution"
    costs, _ = solver_objective(model)
    if reported is not None and abs(float(costs @ x) - reported) > OBJECTIVE_TOLERANCE * max(
        1.0, abs(reported)
    ):
        return "the solver's objective differs from c·x"
    return ""


def solve_with(
    scenario: ScenarioModel, engine: Engine, basis: Basis | None, start: str = FROM_SCRATCH
) -> tuple[str, np.ndarray | None, float | None]:
    """Solve with the sweep's backend: status, primal values, and HiGHS's own objective (None for CBC,
    whose objective the check recomputes)."""
    if engine.backend == "cbc":
        # One CBC run with the tie-break in its objective, as the HiGHS re-solves have it.
        solution = solve(scenario.model, "cbc", preference_stage=False)
        status = _CBC_STATUS.get(solution.status, f"error ({solution.message or solution.status.value})")
        return status, solution.x if solution.has_values else None, None
    status, x = solve_once(scenario, basis, start)
    reported = solver().getInfo().objective_function_value if x is not None else None
    return status, x, reported


def _record(scenario: ScenarioModel, status: str, x: np.ndarray | None) -> dict[str, Any]:
    record: dict[str, Any] = {"status": status, "objective": None}
    figures = dict.fromkeys(scenario.report_names)
    if x is not None:
        model = scenario.model
        record["objective"] = float(model.objective @ x + model.objective_constant)
        figures.update(scenario.figures(x))
    return {**record, **figures}


def optimise(engine: Engine, number: int, values: np.ndarray) -> dict[str, Any]:
    """Re-solve one scenario (from the base basis where that helps, see `start_for`), check it, and
    re-solve it cold from a rebuild when it is chosen for a check or its answer fails one."""
    start, scenario = _scenario(engine, values)
    status, x, reported = solve_with(scenario, engine, engine.basis, start)
    problem = own_check(scenario, x, reported) if x is not None else f"{start} solve {status}"
    check = start
    if problem or number in engine.cold_scenarios:
        cold = engine.rebuilt(values)
        cold_status, cold_x, _ = solve_with(cold, engine, None)
        warm_objective = _record(scenario, status, x)["objective"]
        cold_record = _record(cold, cold_status, cold_x)
        agree = cold_status == status and (
            cold_x is None
            or abs(cold_record["objective"] - warm_objective)
            <= OBJECTIVE_TOLERANCE * max(1.0, abs(warm_objective))
        )
        if agree:
            check = f"{start} {status}, confirmed cold" if x is None else "cold check agrees"
        else:
            check = f"cold re-solve ({problem or 'warm and cold differ'})"
        if not agree or problem:
            scenario, status, x = cold, cold_status, cold_x
    record = _record(scenario, status, x)
    if status == "infeasible":
        record["least_relaxation"] = least_relaxation(scenario.model)
    scale = engine.base.model.variables["scale"]
    record["check"] = check
    record["scale"] = None if x is None else x[scale.start : scale.stop].tolist()
    return record


def _scenario(engine: Engine, values: np.ndarray) -> tuple[str, ScenarioModel]:
    """A scenario's model (from the linear map, or rebuilt) and how it starts."""
    if engine.linear is not None:
        flat = engine.linear.at(values)
        scenario = engine.base.with_flat(flat)
    else:
        scenario = engine.rebuilt(values)
        aligned = scenario.aligned(engine.base)
        if aligned is None:
            return FROM_SCRATCH, scenario
        flat = aligned
    if engine.backend == "cbc":
        return FROM_SCRATCH, scenario
    return start_for(engine.base.moved(flat)), scenario


def least_relaxation(model: LinearModel) -> str:
    """The least relaxation of the gap, bed targets, workforce and capital together that makes an
    infeasible scenario feasible (as `optimiser solve` diagnoses it), as its total per family."""
    relaxation = relax(model, ELASTIC_FAMILIES, "highs", SolveOptions())
    if not relaxation.feasible:
        return "no relaxation of the gap, bed targets, workforce and capital together suffices"
    rows = relaxation.rows
    totals = rows.groupby(["family", "unit"], sort=False)["change"].sum()
    return "; ".join(f"{family} {change:+.6g} {unit}" for (family, unit), change in totals.items())


def evaluate(engine: Engine, number: int, values: np.ndarray) -> dict[str, Any]:
    """Judge the fixed plan under one scenario: its scales, hires, redeployments and services as
    planned, beds closed only where the scenario no longer needs them."""
    assert engine.plan_x is not None
    instance = engine.scenario_instance(values)
    data = build_data(instance)
    scenario = scenario_model(instance, engine.objective, engine.without, data=data)
    model = scenario.model
    x = np.zeros(model.shape[1])
    for name in FIXED_DECISIONS:
        family = model.variables[name]
        x[family.start : family.stop] = engine.plan_x[family.start : family.stop]
    close_what_is_not_needed(data, model, x)
    fill_coverage_mean(data, model, x)
    violations = find_violations(model, data, x)
    gap = violations[violations["family"] == "gap"]["amount"]
    beds = violations[violations["family"] == "bed_target"]["amount"]
    record = _record(scenario, "evaluated", x)
    record.update(
        gap_closed=bool(gap.empty),
        bed_targets_met=bool(beds.empty),
        gap_shortfall=float(gap.max()) if not gap.empty else 0.0,
        bed_shortfall=float(beds.max()) if not beds.empty else 0.0,
        limits_broken=len(violations),
        check="evaluated",
    )
    return record


def run_scenario(engine: Engine, number: int, values: np.ndarray) -> dict[str, Any]:
    """One scenario's record; an exception is recorded as the scenario's error, not raised."""
    try:
        run = evaluate if engine.mode == "evaluate" else optimise
        record = run(engine, number, values)
    except Exception as error:
        # A failed scenario is recorded with its error and the sweep goes on.
        record = {"status": "failed", "error": f"{type(error).__name__}: {error}"}
    return {"scenario": number, **record, "inputs_hash": engine.inputs_hash(values)}


def without_expressions(scenario: ScenarioModel) -> ScenarioModel:
    """The scenario model without its report-expression builder (a closure, which cannot be
    pickled); the report rows it needs are already in the report matrix."""
    return dataclasses.replace(scenario, model=dataclasses.replace(scenario.model, expression_source=None))
