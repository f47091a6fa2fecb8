"""The numbers a strategist reads: bed bridge, admissions, gap bridge, staff and capital.

`summarise` turns a decision vector and its model into plain tables, and `evaluation_document` into
the JSON document of `optimiser evaluate --json` (`optimiser.results.documents.evaluation`); the
console and the results files render from the same tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from optimiser.instance.container import Instance
from optimiser.instance.schema import PRIORITIES, TOTAL_SETTING
from optimiser.linear import LinearModel
from optimiser.models.data import ModelData
from optimiser.models.quantities import fixed_contributions
from optimiser.results.attribution import constant, of_family
from optimiser.results.documents.evaluation import (
    BedFigures,
    ByPriority,
    CapitalYear,
    Evaluation,
    Finance,
    PlanValue,
    SiteBeds,
    StaffGroup,
    Violation,
)

#: Decimal places kept in reported figures, so that reports are byte-stable across platforms.
REPORT_DECIMALS = 6


@dataclass(frozen=True)
class Summary:
    """Tables describing one set of decisions."""

    instance: Instance
    label: str
    beds: pd.DataFrame  # setting (incl. total) × baseline, do_nothing, result
    beds_by_site: pd.DataFrame  # site, setting, year, baseline, do_nothing, beds, needed
    bridge: pd.DataFrame  # step × setting beds avoided in the target year
    trajectory: pd.DataFrame  # year × setting beds open (plus total)
    admissions: pd.DataFrame  # cohort × baseline, do_nothing, result (plus total)
    finance: pd.DataFrame  # year × gap, net_saving, revenue_cost, capital_spend, by priority
    workforce: pd.DataFrame  # place, staff_group, year, needed, available, hired, redeployed
    capital: pd.DataFrame  # year, spend, budget
    violations: pd.DataFrame

    @property
    def target_year(self) -> str:
        return self.instance.target_year


def summarise(
    instance: Instance,
    data: ModelData,
    model: LinearModel,
    x: np.ndarray,
    violations: pd.DataFrame,
    label: str,
) -> Summary:
    # Beds by site, year and setting underlie the beds and trajectory tables too: evaluated once.
    by_site = _beds_by_site(data, model, x)
    return Summary(
        instance=instance,
        label=label,
        beds=_beds(data, by_site),
        beds_by_site=by_site,
        bridge=_bridge(data, model, x),
        trajectory=_trajectory(data, by_site),
        admissions=_admissions(data, model, x),
        finance=_finance(data, model, x),
        workforce=_workforce(data, model, x),
        capital=_capital(data, model, x),
        violations=violations,
    )


def _beds_by_site(data: ModelData, model: LinearModel, x: np.ndarray) -> pd.DataFrame:
    frame = model.evaluate("beds_open", x).rename(columns={"value": "beds"})
    frame["needed"] = model.evaluate("beds_needed", x)["value"].to_numpy()
    frame["baseline"] = np.repeat(data.site_settings["baseline_beds"].to_numpy(), data.n_years)
    frame["do_nothing"] = data.dn_beds.ravel()
    return frame[["site", "setting", "year", "baseline", "do_nothing", "beds", "needed"]]


def _beds(data: ModelData, by_site: pd.DataFrame) -> pd.DataFrame:
    target = by_site[by_site["year"] == data.instance.target_year]
    by_setting = target.groupby("setting", sort=False)[["baseline", "do_nothing", "beds"]].sum()
    by_setting = by_setting.reindex(data.settings).fillna(0.0)
    by_setting.loc[TOTAL_SETTING] = by_setting.sum()
    return by_setting.rename(columns={"beds": "result"})


def _bridge(data: ModelData, model: LinearModel, x: np.ndarray) -> pd.DataFrame:
    steps = model.evaluate("beds_avoided_by_step", x)
    target = steps[steps["year"] == data.instance.target_year]
    table = summed_grid(target, "step", "setting", "value", columns_in=data.settings).fillna(0.0)
    table[TOTAL_SETTING] = table.sum(axis=1)
    return table


def _trajectory(data: ModelData, by_site: pd.DataFrame) -> pd.DataFrame:
    table = summed_grid(by_site, "year", "setting", "beds", rows_in=data.years, columns_in=data.settings)
    table = table.fillna(0.0)
    table[TOTAL_SETTING] = table.sum(axis=1)
    baseline = by_site[by_site["year"] == data.years[0]].groupby("setting")["baseline"].sum()
    table.loc["baseline"] = [*baseline.reindex(data.settings).fillna(0.0).tolist(), baseline.sum()]
    return table


def summed_grid(
    frame: pd.DataFrame,
    rows: str,
    columns: str,
    values: str,
    *,
    columns_in: Sequence[object],
    rows_in: Sequence[object] | None = None,
) -> pd.DataFrame:
    """`values` summed by `rows` and `columns`, as `pivot_table(aggfunc="sum", sort=False)` then
    reindexed to `rows_in` (default: the rows' values in order of first appearance) and
    `columns_in` gives it: a cell that no member falls in is NaN. Made with numpy, since the
    summary's three grids cost a few milliseconds each through pandas' general pivot."""
    row_keys, column_keys = frame[rows].to_numpy(), frame[columns].to_numpy()
    row_index = pd.Index(frame[rows].unique() if rows_in is None else rows_in, name=rows)
    column_index = pd.Index(columns_in, name=columns)
    at_row, at_column = row_index.get_indexer(row_keys), column_index.get_indexer(column_keys)
    kept = (at_row >= 0) & (at_column >= 0)
    cells = (at_row[kept], at_column[kept])
    sums = np.zeros((len(row_index), len(column_index)))
    members = np.zeros((len(row_index), len(column_index)), dtype=np.int64)
    np.add.at(sums, cells, frame[values].to_numpy(dtype=float)[kept])
    np.add.at(members, cells, 1)
    return pd.DataFrame(np.where(members > 0, sums, np.nan), index=row_index, columns=column_index)


def _admissions(data: ModelData, model: LinearModel, x: np.ndarray) -> pd.DataFrame:
    target = data.target_position
    cohort_of = data.cohorts.get_indexer(data.place_cohorts["cohort"])
    baseline = np.bincount(
        cohort_of,
        weights=data.place_cohorts["baseline_admissions"].to_numpy(),
        minlength=len(data.cohorts),
    )
    do_nothing = np.bincount(cohort_of, weights=data.dn_admissions[:, target], minlength=len(data.cohorts))
    result = model.evaluate("admissions", x)
    result = result[result["year"] == data.instance.target_year]["value"].to_numpy()
    table = pd.DataFrame(
        {"baseline": baseline, "do_nothing": do_nothing, "result": result}, index=data.cohorts
    )
    table.loc[TOTAL_SETTING] = table.sum()
    return table


def _finance(data: ModelData, model: LinearModel, x: np.ndarray) -> pd.DataFrame:
    gaps = {entry.year: entry.amount_gbpm for entry in data.instance.config.gap}
    # The columns are gathered first and made a frame once: adding fifteen columns to a frame one
    # by one costs more than all the arithmetic.
    columns: dict[str, object] = {"gap": [gaps.get(year, np.nan) for year in data.years]}
    for name in ("net_saving", "revenue_cost", "capital_spend"):
        columns[name] = _values(model, name, x)
    priorities = model.evaluate("net_saving_by_priority", x)
    by_priority = summed_grid(
        priorities, "year", "priority", "value", rows_in=data.years, columns_in=PRIORITIES
    )
    for priority in PRIORITIES:
        columns[priority] = by_priority[priority].to_numpy()
    columns["beds_kept_open"] = _values(model, "beds_kept_open", x)
    # The parts of net saving that are no intervention's (see `decisions_table`): the fixed cost of
    # owned beds the do-nothing would have open and the plan does not, and the services' charge.
    # Fixed contributions (savings and commitments no decision changes) are a line of their own, and
    # what is left of the gap is what the decisions must close.
    fixed = fixed_contributions(data)
    columns["fixed_contributions"] = fixed
    columns["gap_for_decisions"] = np.asarray(columns["gap"], dtype=float) - fixed
    columns["closure_saving"] = (
        of_family(model, "net_saving", x, "closed") + constant(model, "net_saving") - fixed
    )
    columns["service_charge"] = -of_family(model, "net_saving", x, "opened")
    # Recruitment and redeployment, in `revenue_cost` and taken off `net_saving`, but no
    # intervention's and no priority's: the bridge shows it as a line of its own.
    columns["workforce_cost"] = _values(model, "workforce_cost", x)
    return pd.DataFrame(columns, index=data.years)


def _values(model: LinearModel, name: str, x: np.ndarray) -> np.ndarray:
    """The report expression `name` at `x`, its members' values alone (`LinearModel.evaluate`
    without the frame of their index)."""
    _, matrix, constant_terms = model.expressions[name]
    return matrix @ x + constant_terms


def _workforce(data: ModelData, model: LinearModel, x: np.ndarray) -> pd.DataFrame:
    frame = model.evaluate("wte_needed", x).rename(columns={"value": "needed"})
    frame["available"] = np.repeat(data.place_staff["available_wte"].to_numpy(), data.n_years)
    for name in ("hired", "redeployed"):
        frame[name] = model.variable(name, x)["value"].to_numpy()
    return frame


def _capital(data: ModelData, model: LinearModel, x: np.ndarray) -> pd.DataFrame:
    budgets = {entry.year: entry.budget_gbpm for entry in data.instance.config.capital}
    spend = model.evaluate("capital_spend", x)["value"].to_numpy()
    return pd.DataFrame(
        {
            "year": data.years,
            "spend": spend,
            "budget": [budgets.get(year, np.nan) for year in data.years],
        }
    )


def _number(value: float) -> float | None:
    if value is None or not np.isfinite(value):
        return None
    rounded = round(float(value), REPORT_DECIMALS)
    return 0.0 if rounded == 0 else rounded


def bed_figures(summary: Summary) -> dict[str, BedFigures]:
    """Beds by setting (then total) in the target year: baseline, do nothing, result."""
    return {
        str(setting): BedFigures(**{key: _number(row[key]) for key in ("baseline", "do_nothing", "result")})
        for setting, row in summary.beds.iterrows()
    }


def finance_figures(summary: Summary) -> Finance:
    """Money in the target year (£m a year)."""
    finance = summary.finance.loc[summary.target_year]
    return Finance(
        gap=_number(finance["gap"]) or 0.0,
        net_saving=_number(finance["net_saving"]),
        by_priority=ByPriority(**{key: _number(finance[key]) for key in (*PRIORITIES, "beds_kept_open")}),
        fixed_contributions=_number(finance["fixed_contributions"]),
        gap_for_decisions=_number(finance["gap_for_decisions"]),
        revenue_cost=_number(finance["revenue_cost"]),
        capital_spend=_number(finance["capital_spend"]),
        workforce_cost=_number(finance["workforce_cost"]),
    )


def violation_list(summary: Summary) -> list[Violation]:
    """The limits the decisions break, in the row's unit."""
    return [
        Violation(
            constraint=row.constraint, amount=_number(row.amount), unit=row.unit, direction=row.direction
        )
        for row in summary.violations.itertuples(index=False)
    ]


def evaluation_document(summary: Summary, plan: str, objective: PlanValue) -> Evaluation:
    """The evaluation document (`optimiser evaluate --json`) of `plan`, valued as `objective`."""
    total = summary.admissions.loc[TOTAL_SETTING]
    return Evaluation(
        instance=summary.instance.name,
        plan=plan,
        target_year=summary.target_year,
        beds=bed_figures(summary),
        beds_by_site=[
            SiteBeds(
                site=row.site,
                setting=row.setting,
                year=row.year,
                beds=_number(row.beds),
                needed=_number(row.needed),
                baseline=_number(row.baseline),
                do_nothing=_number(row.do_nothing),
            )
            for row in summary.beds_by_site.itertuples(index=False)
        ],
        bed_bridge=_nested(summary.bridge),
        bed_trajectory=_nested(summary.trajectory),
        admissions=BedFigures(**{key: _number(total[key]) for key in ("baseline", "do_nothing", "result")}),
        admissions_by_cohort={
            str(cohort): BedFigures(
                **{key: _number(row[key]) for key in ("baseline", "do_nothing", "result")}
            )
            for cohort, row in summary.admissions.drop(index=TOTAL_SETTING).iterrows()
        },
        finance=finance_figures(summary),
        workforce=_workforce_json(summary),
        capital=[
            CapitalYear(year=row.year, spend=_number(row.spend), budget=_number(row.budget))
            for row in summary.capital.itertuples(index=False)
        ],
        violations=violation_list(summary),
        objective=objective,
    )


def _nested(table: pd.DataFrame) -> dict[str, dict[str, float | None]]:
    return {
        str(index): {str(column): _number(value) for column, value in row.items()}
        for index, row in table.iterrows()
    }


def _workforce_json(summary: Summary) -> list[StaffGroup]:
    target = summary.workforce[summary.workforce["year"] == summary.target_year]
    grouped = target.groupby("staff_group", sort=False)[["needed", "available", "hired", "redeployed"]].sum()
    return [
        StaffGroup(staff_group=str(group), **{str(key): _number(value) for key, value in row.items()})
        for group, row in grouped.iterrows()
    ]
