"""HiGHS ranging in plain units: for each cost and each binding limit, the interval over which the
optimal basis holds (so the optimal decisions keep their values while a cost moves within its
interval, and the shadow price keeps its value while a limit moves within its interval).

Costs are given in the objective's unit per unit of the decision (the tie-break costs HiGHS sees
are taken off again); limits are given as the user reads them — the row bound plus the constants
the row leaves out (`LinearModel.row_offset`), so a bed target reads in beds, not as a bound of −531.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import highspy
import numpy as np
import pandas as pd

from optimiser.instance.container import Instance
from optimiser.instance.errors import InstanceError
from optimiser.linear import Family, LinearModel
from optimiser.models import build_model
from optimiser.solvers.highs import highs_lp, new_highs
from optimiser.solvers.result import solver_objective

#: A row counts as binding when its activity is this close to a finite bound (relative to 1 and the bound).
BINDING_TOLERANCE = 1e-7
COLUMNS = ("kind", "name", "unit", "value", "low", "high")
#: A binding row whose shadow price is below this is degenerate: moving it changes nothing.
PRICED = 1e-9


def ranging_table(
    instance: Instance, objective: str = "min-cost", without: tuple[str, ...] = ()
) -> pd.DataFrame:
    """Every nonzero cost and every binding limit of the optimum, with the interval where its basis holds."""
    model = build_model(instance, objective, without=without)
    highs = new_highs()
    highs.passModel(highs_lp(model))
    highs.run()
    if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        status = highs.modelStatusToString(highs.getModelStatus())
        raise InstanceError(instance.path, f"no optimum to range ({status})")
    _, ranging = highs.getRanging()
    rows, columns = model.shape
    solution = highs.getSolution()
    costs = _costs(instance, model, ranging, columns)
    priced = np.abs(np.asarray(solution.row_dual)[:rows]) > PRICED
    limits = _limits(model, ranging, np.asarray(solution.row_value)[:rows], priced)
    return pd.concat([costs, limits], ignore_index=True)[list(COLUMNS)]


def _units(families: Mapping[str, Family], size: int) -> np.ndarray:
    units = np.empty(size, dtype=object)
    for family in families.values():
        units[family.start : family.stop] = family.unit
    return units


def _costs(
    instance: Instance, model: LinearModel, ranging: highspy.HighsRanging, columns: int
) -> pd.DataFrame:
    _, sign = solver_objective(model)
    chosen = np.flatnonzero(model.objective != 0)

    def in_model(values: Sequence[float]) -> np.ndarray:
        # HiGHS ranges the solver's cost (sign × c + tie-break); back to the model's own cost.
        return sign * (np.asarray(values)[:columns][chosen] - model.tie_break[chosen])

    low, high = in_model(ranging.col_cost_dn.value_), in_model(ranging.col_cost_up.value_)
    if sign < 0:
        low, high = high, low
    units = _units(model.variables, columns)
    scale = model.variables["scale"]
    # A scale is counted in its own intervention's unit (people case-managed, beds, …).
    scale_units = instance.interventions.set_index("intervention")["scale_unit"]
    units[scale.start : scale.stop] = scale.index["intervention"].map(scale_units).to_numpy(dtype=object)
    units = units[chosen]
    return pd.DataFrame(
        {
            "kind": "cost",
            "name": model.column_names[chosen],
            "unit": [f"{model.objective_unit} per {unit or 'unit'}" for unit in units],
            "value": model.objective[chosen],
            "low": low,
            "high": high,
        }
    )


def _limits(
    model: LinearModel, ranging: highspy.HighsRanging, activity: np.ndarray, priced: np.ndarray
) -> pd.DataFrame:
    rows = model.shape[0]
    tolerance = BINDING_TOLERANCE * np.maximum(1.0, np.abs(np.nan_to_num(model.row_upper, posinf=0.0)))
    at_upper = np.isfinite(model.row_upper) & (np.abs(activity - model.row_upper) <= tolerance)
    lower_tolerance = BINDING_TOLERANCE * np.maximum(1.0, np.abs(np.nan_to_num(model.row_lower, neginf=0.0)))
    at_lower = (
        np.isfinite(model.row_lower) & (np.abs(activity - model.row_lower) <= lower_tolerance) & ~at_upper
    )
    # An equality row is not a limit one can relax: its range says nothing a planner can act on.
    chosen = np.flatnonzero((at_upper | at_lower) & (model.row_lower != model.row_upper) & priced)
    offset = model.row_offset[chosen] if model.row_offset.size else np.zeros(chosen.size)
    bound = np.where(at_upper[chosen], model.row_upper[chosen], model.row_lower[chosen])
    low = np.asarray(ranging.row_bound_dn.value_)[:rows][chosen]
    high = np.asarray(ranging.row_bound_up.value_)[:rows][chosen]
    return pd.DataFrame(
        {
            "kind": "limit",
            "name": model.row_names[chosen],
            "unit": _units(model.constraints, rows)[chosen],
            "value": bound + offset,
            "low": low + offset,
            "high": high + offset,
        }
    )
