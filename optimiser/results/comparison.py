"""The tables and document of `optimiser compare`: three mixes side by side, and what optimising is worth.

- `mix_comparison.csv`: per intervention, place or site, and year, each mix's scale, and the
  optimum's difference from the plan in scale, revenue cost, capital, saving, beds and WTE (each
  the deployment's own share of the report expression, as in `decisions.csv`). Rows where every mix
  is 0 are left out.
- `mixes.csv`: per mix and year, the money, beds and staff that mix gives.
- `value_of_optimising.csv`: per pair of mixes (optimal against planned, optimal against repaired,
  repaired against planned) and year, the differences in `mixes.csv`; a last row per pair sums the
  money over the years (beds and staff are stocks, so that row leaves them empty).
- `plan_violations.csv`: every limit the plan breaks, by how much, in the limit's unit.
- `repaired_mix.csv`: the repaired plan as `planned_mix` rows, to add to an instance and evaluate.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from optimiser.instance.schema import TOTAL_SETTING
from optimiser.results.documents.comparison import ComparedObjective, Mix, Repair
from optimiser.results.documents.comparison import Comparison as ComparisonDocument
from optimiser.results.tables import clean, decisions_table, optimal_mix_table, snapped

if TYPE_CHECKING:
    from optimiser.analysis.compare import Comparison

#: The differences `mix_comparison.csv` gives for the optimum against the plan.
DIFFERENCE_COLUMNS = ("revenue_cost_gbpm", "capital_gbpm", "saving_gbpm", "beds", "wte")

#: The pairs `value_of_optimising.csv` compares: (better, against).
PAIRS = (("optimal", "planned"), ("optimal", "repaired"), ("repaired", "planned"))

#: The year label of a row that sums money over every year.
ALL_YEARS = "all years"

REPAIRED_SOURCE = "assumption: repaired plan found by optimiser compare (least cost-weighted change)"


def mix_comparison_table(comparison: Comparison) -> pd.DataFrame:
    """Per intervention, location and year: each mix's scale, and the optimum's difference."""
    run = comparison.run
    tables = {name: decisions_table(run.data, run.model, mix.x) for name, mix in comparison.mixes.items()}
    planned, optimal = tables["planned"], tables["optimal"]
    frame = optimal[["intervention", "location", "level", "year"]].copy()
    units = run.instance.interventions.set_index("intervention")["scale_unit"]
    frame["scale_unit"] = frame["intervention"].map(units).to_numpy()
    for name, table in tables.items():
        frame[f"{name}_scale"] = table["scale"].to_numpy()
    frame["scale_difference"] = clean((optimal["scale"] - planned["scale"]).to_numpy())
    for column in DIFFERENCE_COLUMNS:
        frame[f"difference_{column}"] = clean((optimal[column] - planned[column]).to_numpy())
    scales = frame[[f"{name}_scale" for name in tables]].to_numpy()
    return frame[np.abs(scales).max(axis=1) > 0].reset_index(drop=True)


def mixes_table(comparison: Comparison) -> pd.DataFrame:
    """Per mix and year: gap, net saving, revenue cost, capital, beds open and staff."""
    frames = []
    for name, mix in comparison.mixes.items():
        summary = mix.summary
        workforce = summary.workforce.groupby("year", sort=False)[["needed", "hired", "redeployed"]].sum()
        frame = pd.DataFrame(
            {
                "mix": name,
                "year": summary.finance.index.to_numpy(),
                "gap_gbpm": summary.finance["gap"].to_numpy(),
                "net_saving_gbpm": snapped(
                    summary.finance["net_saving"].to_numpy(), summary.finance["gap"].to_numpy()
                ),
                "revenue_cost_gbpm": summary.finance["revenue_cost"].to_numpy(),
                "capital_gbpm": summary.finance["capital_spend"].to_numpy(),
                "beds": summary.trajectory["total"].reindex(summary.finance.index).to_numpy(),
                "wte_needed": workforce["needed"].reindex(summary.finance.index).to_numpy(),
                "wte_hired": workforce["hired"].reindex(summary.finance.index).to_numpy(),
                "wte_redeployed": workforce["redeployed"].reindex(summary.finance.index).to_numpy(),
                "limits_broken": len(mix.violations),
            }
        )
        frames.append(frame)
    table = pd.concat(frames, ignore_index=True)
    for column in table.columns[2:-1]:
        table[column] = clean(table[column].to_numpy(dtype=float))
    return table


MONEY = ("net_saving_gbpm", "revenue_cost_gbpm", "capital_gbpm")
STOCKS = ("beds", "wte_needed", "wte_hired", "wte_redeployed")


def value_table(mixes: pd.DataFrame) -> pd.DataFrame:
    """Per pair of mixes and year, the first's figures less the second's; money also over all years."""
    by_mix = {name: frame.set_index("year") for name, frame in mixes.groupby("mix", sort=False)}
    frames = []
    for better, against in PAIRS:
        difference = by_mix[better][[*MONEY, *STOCKS]] - by_mix[against][[*MONEY, *STOCKS]]
        total = difference[list(MONEY)].sum().to_frame(ALL_YEARS).T
        both = pd.concat([difference, total]).rename_axis("year").reset_index()
        both.insert(0, "against", against)
        both.insert(0, "mix", better)
        frames.append(both)
    table = pd.concat(frames, ignore_index=True)
    for column in (*MONEY, *STOCKS):
        table[column] = clean(table[column].to_numpy(dtype=float))
    return table


def repaired_mix_table(comparison: Comparison) -> pd.DataFrame:
    run = comparison.run
    table = optimal_mix_table(run.data, run.model, comparison.mixes["repaired"].x, "repaired")
    return table.assign(source=REPAIRED_SOURCE)


def comparison_tables(comparison: Comparison) -> dict[str, pd.DataFrame]:
    """The tables `compare` writes beside the optimum's own, by file name without `.csv`."""
    mixes = mixes_table(comparison)
    return {
        "mix_comparison": mix_comparison_table(comparison),
        "mixes": mixes,
        "value_of_optimising": value_table(mixes),
        "plan_violations": comparison.mixes["planned"].violations,
        "repaired_mix": repaired_mix_table(comparison),
    }


def _figure(value: float) -> float | None:
    if value is None or not np.isfinite(value):
        return None
    rounded = round(float(value), 6)
    return 0.0 if rounded == 0 else rounded


def comparison_document(comparison: Comparison, basis: str) -> ComparisonDocument:
    """compare.json: each mix's objective value, net saving against the gap, beds against target."""
    run = comparison.run
    target = run.instance.target_year
    targets = {entry.setting: entry.beds for entry in run.instance.config.bed_targets if entry.year == target}
    mixes = {}
    for name, mix in comparison.mixes.items():
        finance = mix.summary.finance.loc[target]
        mixes[name] = Mix(
            objective=_figure(mix.objective),
            net_saving_gbpm=_figure(finance["net_saving"]),
            gap_gbpm=_figure(finance["gap"]),
            beds=_figure(mix.summary.beds.loc[TOTAL_SETTING, "result"]),
            limits_broken=len(mix.violations),
        )
    return ComparisonDocument(
        instance=run.instance.name,
        plan=comparison.plan,
        objective=ComparedObjective(
            name=run.objective, unit=run.model.objective_unit, sense=run.model.sense, basis=basis
        ),
        target_year=target,
        bed_target=_figure(targets.get(TOTAL_SETTING, float("nan"))),
        mixes=mixes,
        repair=Repair(
            needed=not comparison.plan_is_feasible,
            decisions_changed=comparison.repair.changed,
            weighted_change_gbpm=_figure(comparison.repair.weighted_change),
        ),
        ordered=comparison.ordered,
    )
