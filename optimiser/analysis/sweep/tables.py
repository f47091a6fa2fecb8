"""The result tables of a sweep, built from its records in scenario order.

- `scenarios.csv` (and `scenarios.parquet`): one row per scenario — its number, a column per
  parameter (the multiplier, or the value for `set`), status, objective, net saving, beds in the
  target year (total and by setting), revenue cost, capital, how it was checked, the hash of its
  inputs, and its error if it failed;
- `tornado.csv` (one-at-a-time): per parameter, the objective, net saving and beds at its low and
  high, and the swing of the objective, widest first;
- `mix_quantiles.csv` (monte-carlo, optimise): p5, p50 and p95 of each intervention's optimal scale
  per location and year over the feasible scenarios;
- `morris.csv` (morris): SALib's μ, μ* and σ of the objective per parameter, largest μ* first.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from optimiser.analysis.sweep.design import SCENARIO
from optimiser.analysis.sweep.scenario import Engine

#: Columns every optimise record has, in the order scenarios.csv lists them after the parameters.
OPTIMISE_COLUMNS = ("status", "objective", "net_saving", "beds", "revenue_cost", "capital_spend")
EVALUATE_COLUMNS = ("gap_closed", "bed_targets_met", "gap_shortfall", "bed_shortfall", "limits_broken")
TRAILING = ("least_relaxation", "check", "inputs_hash", "error")


def scenario_table(
    scenarios: pd.DataFrame, records: dict[int, dict[str, Any]], engine: Engine
) -> pd.DataFrame:
    """scenarios.csv: the design's columns, then each scenario's record, in scenario order."""
    settings = [name for name in engine.base.report_names if name.startswith("beds_")]
    columns = [*OPTIMISE_COLUMNS, *settings]
    if engine.mode == "evaluate":
        columns += EVALUATE_COLUMNS
    columns += TRAILING
    body = pd.DataFrame(
        [{column: records[number].get(column) for column in columns} for number in scenarios[SCENARIO]],
        columns=columns,
    )
    table = pd.concat([scenarios.reset_index(drop=True), body], axis=1)
    return table.sort_values(SCENARIO, kind="stable").reset_index(drop=True)


def tornado(table: pd.DataFrame, names: tuple[str, ...], base: dict[str, Any]) -> pd.DataFrame:
    """Per parameter: its low and high and the results there; widest swing of the objective first."""
    rows = []
    for name in names:
        moved = table[table[name].notna()].sort_values(name, kind="stable")
        low, high = moved.iloc[0], moved.iloc[-1]
        row: dict[str, Any] = {"parameter": name, "low": low[name], "high": high[name]}
        for figure in ("objective", "net_saving", "beds"):
            row[f"{figure}_low"], row[f"{figure}_high"] = low[figure], high[figure]
            row[f"{figure}_base"] = base.get(figure)
        row["objective_swing"] = abs(float(high["objective"]) - float(low["objective"]))
        rows.append(row)
    frame = pd.DataFrame(rows)
    return frame.sort_values("objective_swing", ascending=False, kind="stable").reset_index(drop=True)


def mix_quantiles(records: dict[int, dict[str, Any]], engine: Engine) -> pd.DataFrame:
    """p5, p50 and p95 of every scale over the scenarios with an optimum."""
    scales = [record["scale"] for _, record in sorted(records.items()) if record.get("scale") is not None]
    index = engine.base.model.variables["scale"].index
    if not scales:
        return index.assign(p5=np.nan, p50=np.nan, p95=np.nan, scenarios=0)
    values = np.array(scales)
    p5, p50, p95 = np.percentile(values, [5, 50, 95], axis=0)
    return index.assign(p5=p5, p50=p50, p95=p95, scenarios=len(scales))


def quantiles(values: pd.Series, points: tuple[int, ...]) -> dict[str, float | None]:
    finite = values.dropna().astype(float)
    if finite.empty:
        return {f"p{point}": None for point in points}
    return {f"p{point}": float(np.percentile(finite, point)) for point in points}


def summary_statistics(table: pd.DataFrame, mode: str) -> dict[str, Any]:
    """The figures sweep.json reports: shares feasible, objective quantiles, and in evaluate mode
    the probability that the plan closes the gap every year and meets every bed target."""
    count = len(table)
    statistics: dict[str, Any] = {"objective": quantiles(table["objective"], (5, 50, 95))}
    if mode == "evaluate":
        statistics["p_gap_closed_every_year"] = float(table["gap_closed"].astype(bool).mean())
        statistics["p_bed_targets_met"] = float(table["bed_targets_met"].astype(bool).mean())
        statistics["gap_shortfall_gbpm"] = quantiles(table["gap_shortfall"], (10, 50, 90))
        statistics["bed_shortfall_beds"] = quantiles(table["bed_shortfall"], (10, 50, 90))
    else:
        statistics["share_feasible"] = float((table["status"] == "optimal").sum() / count) if count else None
        statistics["net_saving"] = quantiles(table["net_saving"], (5, 50, 95))
        statistics["beds"] = quantiles(table["beds"], (5, 50, 95))
    return statistics


def morris_table(table: pd.DataFrame, problem: dict[str, Any], levels: int, seed: int) -> pd.DataFrame:
    """SALib's Morris indices of the objective; every scenario must have one."""
    from SALib.analyze import morris

    names = list(problem["names"])
    inputs = table[names].to_numpy(dtype=float)
    outputs = table["objective"].to_numpy(dtype=float)
    if np.isnan(outputs).any():
        raise ValueError("a Morris trajectory has a scenario without an optimum; narrow the ranges")
    indices = morris.analyze(problem, inputs, outputs, num_levels=levels, seed=seed)
    frame = pd.DataFrame(
        {
            "parameter": names,
            "mu": indices["mu"],
            "mu_star": indices["mu_star"],
            "sigma": indices["sigma"],
            "mu_star_conf": indices["mu_star_conf"],
        }
    )
    return frame.sort_values("mu_star", ascending=False, kind="stable").reset_index(drop=True)
