"""Evaluate a plan: the model's matrix times the plan's decisions, and every limit it breaks.

A plan states what it decides and the plan's rules fill in only what it leaves out. Its scale rows
give every intervention's scale (a scale not given is 0). A decision kind it gives any row for
(`closed`, `hired`, `redeployed`, `opened`: see `DECISIONS`) is taken as given, every member it
does not name being 0. A kind it never mentions follows the STP's own rules: owned beds close
wherever no later year needs them again, a service opens in the first year its intervention runs,
staff short in a place come first from beds closed (shared pro rata) and then from hiring; when a
plan states one of hires and redeployments, the rule fills only the shortfall the stated one leaves.
For a service configuration, a plan that states no `hosted` row keeps today's configuration, one
that states no `shared` row shares nothing, and activity always follows the rule in
`configuration_plan` (each place to the nearest site hosting the service, as far as it has room).
A plan that states only scales (the STP's own) is thus judged by the rules alone, and a solve's
`optimal_mix.csv`, which states every kind, is judged by exactly the optimum's decisions.

The evaluator then computes A·x and the report expressions, exactly as for a solved model, so
planned and optimal mixes are judged by identical sums.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from optimiser.analysis.configuration_plan import allocate_activity, host_as_today
from optimiser.choices import ChoiceError, unknown_name
from optimiser.instance.container import Instance
from optimiser.instance.schema import SCALE_DECISION
from optimiser.linear import LinearModel
from optimiser.models import build_model
from optimiser.models.data import ModelData, build_data, positions
from optimiser.models.quantities import closable_rows
from optimiser.models.variables import PLAN_FIELDS
from optimiser.results.plain import row_units

#: A row or bound counts as broken only beyond this relative tolerance (solver-grade precision).
VIOLATION_TOLERANCE = 1e-6


class PlanError(ChoiceError):
    """The plan asked for is not in the instance."""


@dataclass(frozen=True)
class Evaluation:
    """A plan's decisions, the model they were judged by, and what they broke."""

    instance: Instance
    plan: str
    data: ModelData
    model: LinearModel
    x: np.ndarray
    violations: pd.DataFrame

    def expression(self, name: str) -> pd.DataFrame:
        return self.model.evaluate(name, self.x)

    @property
    def objective_value(self) -> float:
        """The plan valued under the model's objective (c·x + c0, no tie-breaks), as a solve reports
        its optimum: what `compare` sets the optimum against."""
        return float(self.model.objective @ self.x + self.model.objective_constant)


def evaluate_plan(
    instance: Instance,
    plan: str = "planned",
    without: tuple[str, ...] = (),
    objective: str = "min-cost",
) -> Evaluation:
    """Evaluate the plan `plan` of `instance`, with the constraint families in `without` switched off,
    and value it under `objective`."""
    if plan not in instance.plans:
        raise PlanError(f"{instance.path}: {unknown_name('plan', plan, instance.plans)}")
    data = build_data(instance)
    model = build_model(instance, objective, data=data, without=without)
    x = plan_decisions(instance, data, model, plan)
    return Evaluation(instance, plan, data, model, x, find_violations(model, data, x))


def plan_decisions(instance: Instance, data: ModelData, model: LinearModel, plan: str) -> np.ndarray:
    """The full decision vector a plan implies: what it states, the rest by the STP's rules."""
    x = np.zeros(model.shape[1])
    rows = instance.planned_mix[instance.planned_mix["plan"] == plan]
    stated = set(rows["decision"]) | {SCALE_DECISION}
    for decision in sorted(stated):
        _set_stated(model, rows[rows["decision"] == decision], decision, x)
    if "closed" not in stated:
        close_what_is_not_needed(data, model, x)
    if "opened" not in stated:
        _open_services(data, model, x)
    _staff(data, model, x, given=stated & {"hired", "redeployed"})
    fill_coverage_mean(data, model, x)
    if "hosted" in model.variables:
        if "hosted" not in stated:
            host_as_today(data, model, x)
        allocate_activity(data, model, x)
    return x


def _set_stated(model: LinearModel, rows: pd.DataFrame, decision: str, x: np.ndarray) -> None:
    """Put the values of a plan's rows of one decision kind into their columns of `x`."""
    family = model.variables[decision]
    fields = PLAN_FIELDS[decision]
    keys = pd.MultiIndex.from_frame(family.index[list(fields)])
    members = positions(keys, rows[list(fields.values())].set_axis(list(fields), axis=1))
    x[family.start + members] = rows["scale"].to_numpy()


def close_what_is_not_needed(data: ModelData, model: LinearModel, x: np.ndarray) -> None:
    closed = model.variables["closed"]
    if closed.size == 0:
        return
    needed = model.evaluate("beds_needed", x)["value"].to_numpy().reshape(-1, data.n_years)
    closable = closable_rows(data)
    baseline = data.site_settings["baseline_beds"].to_numpy()[closable, None]
    # A bed closed stays closed (`closure_monotone`), so a year closes only what no later year needs:
    # the running minimum, from the last year back, of the beds not needed.
    spare = np.minimum.accumulate((baseline - needed[closable])[:, ::-1], axis=1)[:, ::-1]
    x[closed.start : closed.stop] = np.clip(spare, 0.0, baseline).ravel()


def _open_services(data: ModelData, model: LinearModel, x: np.ndarray) -> None:
    opened = model.variables["opened"]
    if opened.size == 0:
        return
    scale = model.variables["scale"]
    gated = data.services["deployment"].to_numpy()
    running = x[scale.start : scale.stop].reshape(-1, data.n_years)[gated] > 0
    x[opened.start : opened.stop] = np.maximum.accumulate(running, axis=1).astype(float).ravel()


def _staff(data: ModelData, model: LinearModel, x: np.ndarray, given: set[str]) -> None:
    """Shortfalls are met from the redeployment pool first (pro rata), then by hiring.

    A kind in `given` the plan stated and keeps; the other meets what shortfall it leaves.
    """
    if len(data.place_staff) == 0 or given == {"hired", "redeployed"}:
        return
    n_years = data.n_years
    need = model.evaluate("wte_needed", x)["value"].to_numpy().reshape(-1, n_years)
    available = data.place_staff["available_wte"].to_numpy()[:, None]
    shortfall = np.maximum(need - available, 0.0)
    for name in given:
        family = model.variables[name]
        shortfall = np.maximum(shortfall - x[family.start : family.stop].reshape(-1, n_years), 0.0)
    closed = model.variables["closed"]
    closed_values = x[closed.start : closed.stop].reshape(-1, n_years)
    pool = data.wte_per_bed[:, closable_rows(data)] @ closed_values  # staff group × year
    group = data.staff_groups.get_indexer(data.place_staff["staff_group"])
    wanted = np.zeros_like(pool)
    np.add.at(wanted, group, shortfall)
    share = np.divide(pool, wanted, out=np.ones_like(pool), where=wanted > 0).clip(max=1.0)
    # With hires stated, the pool covers what they leave; with redeployments stated, hiring does.
    redeployed = np.zeros_like(shortfall) if "redeployed" in given else shortfall * share[group]
    hired = shortfall - redeployed
    for name, values in (("redeployed", redeployed), ("hired", hired)):
        if name in given:
            continue
        family = model.variables[name]
        x[family.start : family.stop] = values.ravel()


def fill_coverage_mean(data: ModelData, model: LinearModel, x: np.ndarray) -> None:
    mean = model.variables.get("coverage_mean")
    if mean is None or mean.size == 0:
        return
    definition = model.constraints["coverage_mean"]
    rows = model.matrix[definition.start : definition.stop]
    # The definition row is mean − Σ scale / Σ max = 0, so mean = −(row activity without the mean).
    x[mean.start : mean.stop] = 0.0
    x[mean.start : mean.stop] = -(rows @ x)


#: The units of no rows, as `row_units` would give them.
_NO_UNITS = np.array([], dtype=object)


def find_violations(model: LinearModel, data: ModelData, x: np.ndarray) -> pd.DataFrame:
    """Every row and bound the decisions break, by how much, in the row's unit.

    A row counts as broken beyond `VIOLATION_TOLERANCE` relative to the largest of 1, its bound and
    the size of its terms (Σ|a·x|), the scale at which a solver's own tolerances work.
    """
    activity = model.matrix @ x
    magnitude = abs(model.matrix) @ np.abs(x)
    rows = _broken(activity, model.row_lower, model.row_upper, magnitude)
    # Every row's unit is worked out only when a row is broken: a checked solution breaks none.
    units = row_units(data.instance, model)[rows["position"]] if rows["position"].size else _NO_UNITS
    frames = [_describe(model.row_names[rows["position"]], model.row_family[rows["position"]], rows, units)]
    columns = _broken(x, model.col_lower, model.col_upper, np.abs(x))
    scale = model.variables["scale"]
    columns = {
        key: value[(columns["position"] >= scale.start) & (columns["position"] < scale.stop)]
        for key, value in columns.items()
    }
    names = np.array(
        ["scale_cap" + name[len("scale") :] for name in model.column_names[columns["position"]]], dtype=object
    )
    units = (
        _scale_units(data)[columns["position"] - scale.start] if columns["position"].size else np.array([])
    )
    frames.append(_describe(names, np.full(names.size, "scale_cap", dtype=object), columns, units))
    return pd.concat(frames, ignore_index=True)


def _broken(
    values: np.ndarray, lower: np.ndarray, upper: np.ndarray, magnitude: np.ndarray
) -> dict[str, np.ndarray]:
    def tolerance(bound: np.ndarray) -> np.ndarray:
        finite = np.where(np.isfinite(bound), np.abs(bound), 0.0)
        return VIOLATION_TOLERANCE * np.maximum(np.maximum(1.0, finite), magnitude)

    over = values - upper > tolerance(upper)
    under = lower - values > tolerance(lower)
    position = np.flatnonzero(over | under)
    amount = np.where(over[position], values[position] - upper[position], lower[position] - values[position])
    direction = np.where(over[position], "over", "short")
    bound = np.where(over[position], upper[position], lower[position])
    return {
        "position": position,
        "amount": amount,
        "direction": direction,
        "activity": values[position],
        "bound": bound,
    }


def _describe(
    names: np.ndarray, families: np.ndarray, broken: dict[str, np.ndarray], units: np.ndarray
) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "constraint": names,
            "family": families,
            "amount": broken["amount"],
            "unit": units,
            "direction": broken["direction"],
            "activity": broken["activity"],
            "bound": broken["bound"],
        }
    )


def _scale_units(data: ModelData) -> np.ndarray:
    units = data.instance.interventions.set_index("intervention")["scale_unit"]
    return np.repeat(data.deployments["intervention"].map(units).to_numpy(dtype=object), data.n_years)
