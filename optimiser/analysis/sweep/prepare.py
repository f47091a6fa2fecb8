"""Everything decided before the first scenario is solved: the scenarios, each parameter's rows,
the checks that no parameter makes the instance invalid, the base solve and its basis, and the
linear map (or the reason the sweep rebuilds instead)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from optimiser.analysis.evaluate import plan_decisions
from optimiser.analysis.sweep.arrays import ScenarioModel, scenario_model
from optimiser.analysis.sweep.design import SCENARIO, design
from optimiser.analysis.sweep.linear_map import LinearMap, NotLinearError, build_map, check_map
from optimiser.analysis.sweep.overrides import MULTIPLY, Change, Selection, changed, select, validated
from optimiser.analysis.sweep.scenario import Basis, Engine, solve_once, solver, without_expressions
from optimiser.analysis.sweep.spec import SweepSpec
from optimiser.instance.container import Instance
from optimiser.instance.errors import InstanceError
from optimiser.instance.schema import TABLES
from optimiser.instance.text import table_to_text
from optimiser.instance.write import config_document
from optimiser.models.data import build_data

#: Scenarios of the sweep itself at which the linear map is checked against a full rebuild.
MAP_CHECKS = 2


@dataclass(frozen=True)
class Prepared:
    engine: Engine
    scenarios: pd.DataFrame
    sweep_hash: str
    engine_note: str


def instance_hash(instance: Instance) -> str:
    """A hash of the instance's content, as its files would hold it."""
    digest = hashlib.sha256(json.dumps(config_document(instance), sort_keys=True).encode())
    for spec in TABLES:
        if spec.optional and len(instance.table(spec.name)) == 0:
            # An optional table left out changes nothing, so hashes from before it existed still match.
            continue
        digest.update(table_to_text(spec, instance.table(spec.name)).to_csv(index=False).encode())
    return digest.hexdigest()


def prepare(instance: Instance, spec: SweepSpec, label: str, without: tuple[str, ...] = ()) -> Prepared:
    """Check the spec against the instance and set up the engine; `InstanceError` on bad input."""
    parameters = spec.parameters
    selections = _selections(instance, spec, label)
    scenarios = design(spec)
    operations = tuple(parameter.operation for parameter in parameters)
    _check_extremes(
        instance, scenarios, selections, operations, [parameter.name for parameter in parameters], label
    )
    base, basis = _base(instance, spec, label, without)
    fingerprint = instance_hash(instance)
    plan_x = None
    if spec.mode == "evaluate":
        plan_x = plan_decisions(instance, build_data(instance), base.model, spec.plan)
    engine = Engine(
        instance=instance,
        selections=tuple(selections),
        operations=operations,
        names=tuple(parameter.name for parameter in parameters),
        objective=spec.objective,
        without=without,
        mode=spec.mode,
        base=without_expressions(base),
        basis=basis,
        linear=None,
        plan_x=plan_x,
        instance_hash=fingerprint,
        cold_scenarios=_cold_scenarios(scenarios, spec),
        backend=spec.backend,
    )
    linear, note = (
        (None, "evaluate mode rebuilds each scenario")
        if spec.mode == "evaluate"
        else _linear_map(engine, base, scenarios, spec)
    )
    sweep_hash = hashlib.sha256(
        (fingerprint + spec.model_dump_json() + json.dumps(sorted(without))).encode()
    ).hexdigest()[:16]
    return Prepared(replace(engine, linear=linear), scenarios, sweep_hash, note)


def _base(
    instance: Instance, spec: SweepSpec, label: str, without: tuple[str, ...]
) -> tuple[ScenarioModel, Basis]:
    """The base model and the basis of its optimum, which every scenario starts from."""
    if spec.mode == "evaluate" and spec.plan not in instance.plans:
        plans = ", ".join(instance.plans)
        raise InstanceError(
            label, f"plan {spec.plan!r} is not in the instance (plans: {plans})", None, "plan"
        )
    base = scenario_model(instance, spec.objective, without)
    status, _ = solve_once(base, None)
    if spec.mode == "optimise" and status != "optimal":
        raise InstanceError(
            instance.path,
            f"the base instance is {status} with objective {spec.objective}; a sweep starts from its optimum",
        )
    return base, Basis.of(solver())


def _selections(instance: Instance, spec: SweepSpec, label: str) -> list[Selection]:
    """Each parameter's rows and field, resolved against the instance; a bad one is one line."""
    selections = []
    for position, parameter in enumerate(spec.parameters):
        where = {
            column: (value,) if isinstance(value, str) else value for column, value in parameter.where.items()
        }
        named = f"{label}, parameter[{position + 1}] {parameter.name!r}"
        selection = select(instance, parameter.table, where, parameter.field, named)
        if not selection.numeric:
            raise InstanceError(named, f"{parameter.table}.{parameter.field} is not a number")
        selections.append(selection)
    return selections


def _check_extremes(
    instance: Instance,
    scenarios: pd.DataFrame,
    selections: list[Selection],
    operations: tuple[str, ...],
    names: list[str],
    label: str,
) -> None:
    """Every parameter at the smallest value the sweep gives it, then every one at the largest,
    through the loader's own validation, so that an invalid value is one line before anything is
    solved. Validating takes a while, so the parameters are checked together, and one by one only
    to name the parameter when the joint check fails."""
    lows = scenarios[names].min().to_numpy(dtype=float)
    highs = scenarios[names].max().to_numpy(dtype=float)
    for extreme, values in (("smallest", lows), ("largest", highs)):
        chosen = [
            (position, Change(selection, operation, float(value)))
            for position, (selection, operation, value) in enumerate(
                zip(selections, operations, values, strict=True)
            )
            if not np.isnan(value)
        ]
        try:
            validated(changed(instance, [change for _, change in chosen]), label)
        except InstanceError as joint:
            for position, change in chosen:
                named = f"{label}, parameter[{position + 1}] {names[position]!r} at {float(change.value):g}"
                validated(changed(instance, [change]), named)
            raise InstanceError(
                label, f"every parameter at its {extreme} value together: {joint.message}"
            ) from None


def _cold_scenarios(scenarios: pd.DataFrame, spec: SweepSpec) -> frozenset[int]:
    """The scenarios re-solved cold as a check: a seeded share, at least one when the share is above 0."""
    count = len(scenarios)
    chosen = round(spec.cold_check * count)
    if spec.cold_check > 0:
        chosen = max(chosen, 1)
    rng = np.random.default_rng([spec.seed, 1])
    return frozenset(
        int(number)
        for number in rng.choice(scenarios[SCENARIO].to_numpy(), size=min(chosen, count), replace=False)
    )


def _probe_values(scenarios: pd.DataFrame, name: str) -> tuple[float, float, float]:
    column = scenarios[name].dropna()
    low, high = float(column.min()), float(column.max())
    if low == high:
        low, high = low - 1.0, high + 1.0
    return low, (low + high) / 2, high


def _linear_map(
    engine: Engine, base: ScenarioModel, scenarios: pd.DataFrame, spec: SweepSpec
) -> tuple[LinearMap | None, str]:
    """The linear map, checked at a few of the sweep's own scenarios; None and why if it fails."""
    names = list(engine.names)

    def build(values: dict[int, float]) -> ScenarioModel:
        full = np.full(len(names), np.nan)
        for position, value in values.items():
            full[position] = value
        return engine.rebuilt(full)

    probes = [
        (name, operation == MULTIPLY, _probe_values(scenarios, name))
        for name, operation in zip(names, engine.operations, strict=True)
    ]
    try:
        linear = build_map(base, probes, build)
        rng = np.random.default_rng([spec.seed, 2])
        rows = rng.choice(len(scenarios), size=min(MAP_CHECKS, len(scenarios)), replace=False)
        check_map(linear, base, [scenarios[names].to_numpy(dtype=float)[row] for row in sorted(rows)], build)
    except NotLinearError as reason:
        return None, f"rebuild: {reason}"
    return linear, f"linear map of {len(linear.terms)} terms, checked against {MAP_CHECKS} rebuilds"
