"""The tables of `optimiser compare --price-constraints`: what each priced family costs, and what it moves.

Every change is the optimum with the family less the optimum without it — what keeping the
family does — so a family that holds beds down shows a negative change in beds beside a positive
price.

- `constraint_prices.csv`: one row per family asked for: its words, the status of its re-solve,
  the objective with and without it (unit and basis beside them), its price (with − without in
  the objective's sense: positive means the family costs; 0 within `price_tolerance`; empty when
  there is no proven optimum to compare), whether it binds (a price of 0 leaves the optimum with
  the family standing without it, so its changes are 0 and no decision changes), and the changes
  in the target year's net saving, beds (total and per setting), WTE needed and hired, capital
  (over the years, on the objective's money basis) and — where the model has a `travel` report
  expression — travel, with the number of decisions that change.
- `constraint_price_changes.csv`: per family, each decision (every column of the model: scales,
  closures, staff stocks, services, …) whose value changes: the plan's value, with the family,
  without it, and the change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from optimiser.instance.schema import SCALE_DECISION, TOTAL_SETTING
from optimiser.linear import LinearModel
from optimiser.models.discounting import instance_factors, money_basis, present_value
from optimiser.models.objectives import objective_basis
from optimiser.results.summary import Summary
from optimiser.results.tables import clean

if TYPE_CHECKING:
    from optimiser.analysis.prices import Price, Prices

#: The report expression a model with travel names it by (summed over the target year).
TRAVEL = "travel"
#: A decision changes when its two values differ by more than this share of the larger of 1 and
#: either value (the solvers' own feasibility tolerance is 1e-7 relative; the tie-breaks that make
#: an optimum unique move nothing this far).
CHANGE_TOLERANCE = 1e-6


def changed(prices: Prices, price: Price) -> np.ndarray:
    """The positions of the columns whose value differs between the optimum and the re-solve."""
    if price.x is None or prices.run.solution.x is None:
        return np.zeros(0, dtype=np.int64)
    with_family = np.asarray(prices.run.solution.x, dtype=float)
    scale = np.maximum(1.0, np.maximum(np.abs(with_family), np.abs(price.x)))
    return np.flatnonzero(np.abs(price.x - with_family) > CHANGE_TOLERANCE * scale)


def _figures(summary: Summary, model: LinearModel, x: np.ndarray) -> dict[str, float]:
    """The figures a price row compares, for one solution: target-year money, beds, staff, travel."""
    instance = summary.instance
    target = instance.target_year
    workforce = summary.workforce[summary.workforce["year"] == target]
    figures = {
        "net_saving_change_gbpm": float(summary.finance.loc[target, "net_saving"]),
        "beds_change": float(summary.beds.loc[TOTAL_SETTING, "result"]),
        **{
            f"beds_change_{setting}": float(summary.beds.loc[setting, "result"])
            for setting in summary.beds.index
            if setting != TOTAL_SETTING
        },
        "wte_needed_change": float(workforce["needed"].sum()),
        "wte_hired_change": float(workforce["hired"].sum()),
        "capital_change_gbpm": present_value(
            summary.capital["spend"].to_numpy(), instance_factors(instance.config)
        ),
    }
    if TRAVEL in model.expressions:
        travel = model.evaluate(TRAVEL, x)
        if "year" in travel.columns:
            travel = travel[travel["year"] == target]
        figures["travel_change"] = float(travel["value"].sum())
    return figures


def _row(prices: Prices, price: Price) -> dict[str, object]:
    run = prices.run
    value = prices.price(price)
    row: dict[str, object] = {
        "family": price.family.name,
        "words": price.words,
        "status": price.status,
        "rows": price.rows,
        "objective": run.objective,
        "objective_unit": run.model.objective_unit,
        "objective_basis": objective_basis(run.objective, run.instance.config),
        "objective_with": prices.objective_with,
        "objective_without": price.run.solution.objective if price.solved and price.run else np.nan,
        "price": np.nan if value is None else value,
        "price_tolerance": prices.tolerance,
        # Whether the family moves the objective: without it, the optimum with it stands.
        "binds": "" if value is None else ("no" if price.stands else "yes"),
    }
    assert run.solution.x is not None
    with_family = _figures(prices.summary, run.model, run.solution.x)
    if price.summary is not None and price.x is not None:
        without = _figures(price.summary, run.model, price.x)
        # Sums of the same terms in two orders differ by round-off (1e-13), written as 0.
        differences = np.array([with_family[name] - without.get(name, np.nan) for name in with_family])
        row |= dict(zip(with_family, clean(differences).tolist(), strict=True))
        row["decisions_changed"] = int(changed(prices, price).size)
    else:
        row |= dict.fromkeys(with_family, np.nan)
        row["decisions_changed"] = np.nan
    return row


def constraint_prices_table(prices: Prices) -> pd.DataFrame:
    """One row per family asked for, in the order asked (see the module's docstring)."""
    frame = pd.DataFrame([_row(prices, price) for price in prices.prices])
    if "travel_change" in frame.columns:
        frame.insert(frame.columns.get_loc("travel_change") + 1, "travel_unit", _travel_unit(prices))
    frame["capital_basis"] = money_basis(prices.run.instance.config)
    frame["decisions_changed"] = frame["decisions_changed"].astype("Int64")
    return frame


def _travel_unit(prices: Prices) -> str:
    family, _, _ = prices.run.model.expressions[TRAVEL]
    return family.unit


def _labels(model: LinearModel, positions: np.ndarray) -> pd.DataFrame:
    """Each column at `positions` as decision (its variable family), member (its labels but the
    year, joined by commas), year (empty for a column of no year) and unit."""
    frames = []
    for family in model.variables.values():
        inside = positions[(positions >= family.start) & (positions < family.stop)]
        if inside.size == 0:
            continue
        index = family.index.iloc[inside - family.start].reset_index(drop=True)
        labels = index.drop(columns=["year"], errors="ignore").astype(str)
        member = labels.agg(",".join, axis=1) if labels.shape[1] else pd.Series("", index=index.index)
        frames.append(
            pd.DataFrame(
                {
                    "position": inside,
                    "decision": family.name,
                    "member": member.to_numpy(),
                    "year": index["year"].astype(str).to_numpy() if "year" in index else "",
                    "unit": family.unit,
                }
            )
        )
    if not frames:
        return pd.DataFrame(columns=["position", "decision", "member", "year", "unit"])
    return pd.concat(frames, ignore_index=True)


CHANGE_COLUMNS = ("family", "decision", "member", "year", "unit", "planned", "with", "without", "change")


def constraint_price_changes_table(prices: Prices) -> pd.DataFrame:
    """Per family, each decision that changes, in model order (see the module's docstring)."""
    run = prices.run
    assert run.solution.x is not None
    frames = []
    for price in prices.prices:
        positions = changed(prices, price)
        if positions.size == 0 or price.x is None:
            continue
        frame = _labels(run.model, positions)
        # A scale is in its intervention's own unit (admissions avoided, people, £m in scope).
        units = run.instance.interventions.set_index("intervention")["scale_unit"]
        scales = frame["decision"] == SCALE_DECISION
        intervention = frame.loc[scales, "member"].str.split(",").str[0]
        frame.loc[scales, "unit"] = intervention.map(units).fillna(frame.loc[scales, "unit"]).to_numpy()
        at = frame["position"].to_numpy()
        planned = prices.planned[at] if prices.planned is not None else np.full(at.size, np.nan)
        frame = frame.assign(
            family=price.family.name,
            planned=planned,
            with_=run.solution.x[at],
            without=price.x[at],
            change=run.solution.x[at] - price.x[at],
        ).rename(columns={"with_": "with"})
        frames.append(frame[list(CHANGE_COLUMNS)])
    if not frames:
        return pd.DataFrame(columns=list(CHANGE_COLUMNS))
    return pd.concat(frames, ignore_index=True)


def largest_changes(changes: pd.DataFrame, family: str, count: int = 3) -> pd.DataFrame:
    """The family's `count` changes largest in size (ties in model order), for the console."""
    mine = changes[changes["family"] == family]
    order = np.argsort(-np.abs(mine["change"].to_numpy(dtype=float)), kind="stable")
    return mine.iloc[order[:count]]
