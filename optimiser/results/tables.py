"""Result tables of a solve, and writing them to a folder.

Every table is tidy and its names match the exported model's (`bed_balance[royal_derby,acute_nel,2020/21]`,
`scale[case_management,belper_group,2020/21]`). Numbers are written to ten significant digits and
solver noise below 1e-9 is written as 0, so the same instance and options give byte-identical files.
The exceptions are `optimal_mix`, a plan to evaluate again, and `solution`, the values another tool
may check against the exported model: their values are the solver's exactly, in
the shortest text that reads back as the same number (still the same bytes for the same solve).
Money, beds and WTE are sums of A·x, the report expressions' terms (see `decisions_table`).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from optimiser.instance.container import Instance
from optimiser.instance.schema import SCALE_DECISION, SYSTEM_LOCATION
from optimiser.instance.text import format_number
from optimiser.io.textblocks import csv_column, write_csv
from optimiser.linear import LinearModel
from optimiser.models.data import ModelData
from optimiser.models.variables import PLAN_FIELDS
from optimiser.results.attribution import by_deployment
from optimiser.results.plain import restate_duals, row_units
from optimiser.results.summary import Summary
from optimiser.solvers.result import Solution

#: Values closer to zero than this are solver noise and are written as 0.
NOISE = 1e-9
#: A row is binding when its slack is within this share of the larger of its bound and its terms.
BINDING_TOLERANCE = 1e-7
#: Shadow prices smaller than this (£1 a unit when the objective is in £m) are the tie-break
#: costs' echo, not a price anyone can act on, and are written as 0.
DUAL_NOISE = 1e-6


def snapped(values: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """Values within `BINDING_TOLERANCE` of their bound (relative to the larger of 1 and the bound)
    shown as the bound: 20.00000001 against a budget of 20 is the solver's tolerance, not a breach.
    Display tables only; `solution.csv` and every file `verify` checks keep the solver's numbers."""
    values = np.asarray(values, dtype=float)
    bounds = np.asarray(bounds, dtype=float)
    finite = np.isfinite(bounds)
    allowance = BINDING_TOLERANCE * np.maximum(1.0, np.abs(np.where(finite, bounds, 0.0)))
    return np.where(finite & (np.abs(values - np.where(finite, bounds, 0.0)) <= allowance), bounds, values)


def priced(values: np.ndarray) -> np.ndarray:
    """Shadow prices or reduced costs with the tie-break's echo (below `DUAL_NOISE`) written as 0."""
    values = np.asarray(values, dtype=float)
    return np.where(np.abs(values) < DUAL_NOISE, 0.0, values)


def clean(values: np.ndarray) -> np.ndarray:
    values = np.asarray(values, dtype=float)
    return np.where(np.abs(values) < NOISE, 0.0, values)


def cleaned(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with `clean` applied to every floating-point column."""
    numbers = frame.select_dtypes(include="float").columns
    return frame.assign(**{str(name): clean(frame[name].to_numpy()) for name in numbers})


def decisions_table(data: ModelData, model: LinearModel, x: np.ndarray) -> pd.DataFrame:
    """One row per intervention, location and year: scale, money, beds and staff.

    Every money, bed and WTE figure is the deployment's own share of a report expression at x (see
    `optimiser.results.attribution`): revenue of `revenue_cost`, capital of `capital_spend`, capital charge
    of `capital_charge`, beds of `beds_avoided`, WTE of `wte_needed`. The saving is its share of
    `net_saving` with its own revenue and capital charge added back, so that savings less those
    costs, plus the finance table's closure saving and fixed contributions, less its service charge
    and its recruitment and redeployment cost (`workforce_cost`), is the net saving.
    """
    n_years = data.n_years
    deployments = data.deployments
    scale = x[model.variables["scale"].start : model.variables["scale"].stop].reshape(-1, n_years)
    maximum = deployments["max_scale"].to_numpy()[:, None]
    scale = snapped(snapped(scale, np.zeros_like(scale)), np.broadcast_to(maximum, scale.shape))
    frame = model.variables["scale"].index.copy()
    frame.insert(2, "level", np.repeat(deployments["level"].to_numpy(), n_years))
    share = {name: by_deployment(data, model, name, x) for name in SHARED_EXPRESSIONS}
    columns = {
        "scale": scale,
        "share_of_eligible": np.divide(scale, maximum, out=np.zeros_like(scale), where=maximum > 0),
        "revenue_cost_gbpm": share["revenue_cost"],
        "capital_gbpm": share["capital_spend"],
        "capital_charge_gbpm": share["capital_charge"],
        "saving_gbpm": share["net_saving"] + share["revenue_cost"] + share["capital_charge"],
        "beds": share["beds_avoided"],
        "wte": share["wte_needed"],
    }
    for name, values in columns.items():
        frame[name] = clean(values.ravel())
    return frame


#: The figures of a `decisions` row; a row where all are 0 is left out unless all rows are asked for.
DECISION_FIGURES = (
    "scale",
    "revenue_cost_gbpm",
    "capital_gbpm",
    "capital_charge_gbpm",
    "saving_gbpm",
    "beds",
    "wte",
)


#: The report expressions `decisions_table` attributes to deployments.
SHARED_EXPRESSIONS = (
    "revenue_cost",
    "capital_spend",
    "capital_charge",
    "net_saving",
    "beds_avoided",
    "wte_needed",
)


def constraints_table(
    instance: Instance, model: LinearModel, x: np.ndarray, duals: np.ndarray | None, objective_word: str
) -> pd.DataFrame:
    """Every row: name, family, activity, the bound nearest the activity (the one a binding row binds
    on), slack to it, dual, binding, the edge it binds on, and the dual in plain words."""
    activity = model.matrix @ x
    magnitude = abs(model.matrix) @ np.abs(x)
    lower, upper = model.row_lower, model.row_upper
    to_upper = np.where(np.isfinite(upper), upper - activity, np.inf)
    to_lower = np.where(np.isfinite(lower), activity - lower, np.inf)
    slack = np.minimum(to_upper, to_lower)
    bound = np.where(to_upper <= to_lower, upper, lower)
    binding = slack <= BINDING_TOLERANCE * np.maximum(np.maximum(1.0, np.abs(bound)), magnitude)
    dual = np.zeros(model.shape[0]) if duals is None else priced(duals)
    side = np.where(lower == upper, "equality", np.where(to_upper <= to_lower, "upper", "lower"))
    return pd.DataFrame(
        {
            "name": model.row_names,
            "family": model.row_family,
            "unit": row_units(instance, model),
            # A binding row's activity is its bound, within the tolerance that makes it binding.
            "activity": np.where(binding, bound, clean(activity)),
            "bound": bound,
            # A binding row's slack is solver noise by definition (within the tolerance), so it reads 0.
            "slack": np.where(binding, 0.0, clean(slack)),
            "dual": dual,
            "binding": np.where(binding, "yes", "no"),
            # Which bound a binding row binds on: its floor (lower), its ceiling (upper), or both.
            "edge": np.where(binding, side, ""),
            "dual_in_plain_units": restate_duals(instance, model, dual, objective_word, side),
        }
    )


def solution_table(model: LinearModel, solution: Solution) -> pd.DataFrame:
    """Every column's value and reduced cost, each in the shortest text that reads back as the very
    number the solver returned: read back with the exported model, the values satisfy it exactly
    as well as the solver's own (rounded, they could break a row whose terms are large)."""
    assert solution.x is not None
    reduced = solution.reduced_costs if solution.reduced_costs is not None else np.zeros(model.shape[1])
    return pd.DataFrame(
        {
            "column": model.column_names,
            "value": _exact_text(solution.x),
            "reduced_cost": _exact_text(reduced),
        }
    )


def _exact_text(values: np.ndarray) -> np.ndarray:
    codes, distinct = pd.factorize(np.asarray(values, dtype=float), use_na_sentinel=False)
    return np.array([format_number(value) for value in distinct], dtype=object)[codes]


def comparison_table(instance: Instance, decisions: pd.DataFrame, plan: str) -> pd.DataFrame:
    """The optimal scale beside the plan's, by intervention and year (system totals)."""
    optimal = decisions.groupby(["intervention", "year"], sort=False)["scale"].sum().rename("optimal_scale")
    mix = instance.planned_mix
    planned_rows = mix[(mix["plan"] == plan) & (mix["decision"] == SCALE_DECISION)]
    planned = (
        planned_rows.groupby(["intervention", "year"], sort=False)["scale"].sum().rename("planned_scale")
    )
    table = pd.concat([planned, optimal], axis=1).fillna(0.0).reindex(optimal.index).reset_index()
    units = instance.interventions.set_index("intervention")["scale_unit"]
    table.insert(2, "scale_unit", table["intervention"].map(units))
    table["difference"] = clean((table["optimal_scale"] - table["planned_scale"]).to_numpy())
    return table


def optimal_mix_table(data: ModelData, model: LinearModel, x: np.ndarray, plan: str) -> pd.DataFrame:
    """The solution as `planned_mix` rows, ready to append to an instance and evaluate as a plan.

    Every scale above 0, and every member of each other decision family (closed, hired, redeployed,
    opened), zeros included, so that the evaluator takes each kind as given rather than by the
    plan's rules. Values are the solver's as read back, written in the shortest text that reads
    back as the same number, so evaluating the plan reproduces the solve's A·x.
    """
    frames = []
    sites = data.services.set_index("service")["site"]
    for decision, fields in PLAN_FIELDS.items():
        if decision not in model.variables:
            # A service configuration's decisions exist only for an instance that has one.
            continue
        family = model.variables[decision]
        values = x[family.start : family.stop]
        keep = values > 0 if decision == SCALE_DECISION else np.ones(family.size, dtype=bool)
        index = family.index[keep].rename(columns=fields)
        if decision == "opened":
            index = index.assign(location=index["intervention"].map(sites).to_numpy())
        if decision == "shared":
            index = index.assign(location=SYSTEM_LOCATION)
        frames.append(index.assign(decision=decision, scale=values[keep]))
    rows = pd.concat(frames, ignore_index=True)
    return pd.DataFrame(
        {
            "plan": plan,
            "decision": rows["decision"],
            "intervention": rows["intervention"],
            "location": rows["location"],
            "year": rows["year"],
            # Spelled once per distinct value: most are the zeros of decisions not taken.
            "scale": _exact_text(rows["scale"].to_numpy(dtype=float)),
            "source": "assumption: optimal mix found by optimiser solve",
        }
    )


def write_table(
    frame: pd.DataFrame, path: Path, spelled_columns: dict[str, np.ndarray] | None = None
) -> None:
    """Write a CSV whole or not at all (`atomic_write`), so an interrupted run never leaves half a table."""
    write_csv(frame, path, float_format="%.10g", spelled_columns=spelled_columns)


def spell_names(model: LinearModel) -> dict[str, dict[str, np.ndarray]]:
    """The row and column names as CSV fields, per table and column: work that needs no solution."""
    return {
        "constraints": {"name": csv_column(pd.Series(model.row_names, dtype=object), "%.10g")},
        "solution": {"column": csv_column(pd.Series(model.column_names, dtype=object), "%.10g")},
    }


#: Units in the headers of the summary tables (columns not named keep their name).
MONEY_COLUMNS = (
    "gap",
    "net_saving",
    "revenue_cost",
    "capital_spend",
    "place",
    "prevention",
    "urgent_care",
    "efficiency",
    "other",
    "beds_kept_open",
    "fixed_contributions",
    "gap_for_decisions",
    "closure_saving",
    "service_charge",
    "workforce_cost",
)
BED_COLUMNS = {
    "baseline": "baseline_beds",
    "do_nothing": "do_nothing_beds",
    "needed": "needed_beds",
    "closed": "closed_beds",
}
STAFF_COLUMNS = {name: f"{name}_wte" for name in ("needed", "available", "hired", "redeployed")}


def summary_tables(summary: Summary) -> dict[str, pd.DataFrame]:
    """beds, finance, workforce and capital tables from a summary, each header with its unit
    (`_gbpm`, `_beds`, `_wte`), and a figure within the solver's tolerance of the limit it meets
    shown at the limit (net saving at the gap, capital spend at the budget, staff at supply)."""
    finance = summary.finance.copy()
    finance.index.name = "year"
    finance["net_saving"] = snapped(finance["net_saving"].to_numpy(), finance["gap"].to_numpy())
    workforce = summary.workforce.copy()
    workforce["needed"] = snapped(workforce["needed"].to_numpy(), workforce["available"].to_numpy())
    capital = summary.capital.copy()
    capital["spend"] = snapped(capital["spend"].to_numpy(), capital["budget"].to_numpy())
    beds = summary.beds_by_site.assign(closed=lambda frame: frame["baseline"] - frame["beds"])
    # Round-off below `NOISE` (1e-14 of a £m, a negative zero) reads 0, as in every other table.
    finance, workforce, capital, beds = (cleaned(frame) for frame in (finance, workforce, capital, beds))
    return {
        "beds": beds.rename(columns=BED_COLUMNS),
        "finance": finance.reset_index().rename(columns={name: f"{name}_gbpm" for name in MONEY_COLUMNS}),
        "workforce": workforce.rename(columns=STAFF_COLUMNS),
        "capital": capital.rename(columns={"spend": "spend_gbpm", "budget": "budget_gbpm"}),
    }
