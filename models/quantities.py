"""Linear quantities several families share: beds avoided, beds open, net saving, spend.

Each returns `(terms, constant)` over a stated row index so that a constraint family, a report
expression and the evaluator all use the same arithmetic.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from optimiser.linear import Family, Terms
from optimiser.models.data import ModelData
from optimiser.models.indexing import column, identity, lagged, over_years
from optimiser.models.variables import Columns


def avoided_beds(data: ModelData, columns: Columns) -> Terms:
    """Beds avoided at each (site-setting, year): bed-days avoided over 365 × occupancy."""
    return over_years(data.avoided_bed_days, columns.scale, data.n_years, scale=data.beds_per_bed_day)


def closable_rows(data: ModelData) -> np.ndarray:
    """Positions of the closable site-settings among all site-settings."""
    return np.flatnonzero(data.closable)


def beds_open(data: ModelData, columns: Columns) -> tuple[Terms, np.ndarray]:
    """Beds open at each (site-setting, year).

    Owned beds: baseline − closed. Bought (not closable) beds: exactly what is needed, do-nothing
    beds − beds avoided.
    """
    n_years = data.n_years
    closable = closable_rows(data)
    closed_rows = (closable[:, None] * n_years + np.arange(n_years)[None, :]).ravel()
    closed = identity(columns.closed, -1.0, rows=closed_rows)
    avoided = avoided_beds(data, columns)
    bought_row = ~np.repeat(data.closable, n_years)
    keep = bought_row[avoided.rows]
    bought = Terms(avoided.rows[keep], avoided.columns[keep], -avoided.values[keep])
    baseline = np.repeat(data.site_settings["baseline_beds"].to_numpy(), n_years)
    constant = np.where(bought_row, data.dn_beds.ravel(), baseline)
    return Terms.concat([closed, bought]), constant


def beds_needed(data: ModelData, columns: Columns) -> tuple[Terms, np.ndarray]:
    """Beds needed at each (site-setting, year): do-nothing beds − beds avoided."""
    avoided = avoided_beds(data, columns)
    return Terms(avoided.rows, avoided.columns, -avoided.values), data.dn_beds.ravel()


def per_deployment_saving(data: ModelData, *, full_bed_cost: bool) -> np.ndarray:
    """£m saved per unit of each deployment, before its own costs.

    Direct saving plus bed-days avoided × variable cost per bed-day. With `full_bed_cost`, owned
    beds also save their fixed cost per bed-day (fixed per bed-year / (365 × occupancy)): the
    saving a deployment brings when closures follow need, used to attribute savings to priorities.
    """
    per_bed_day = data.site_settings["variable_gbpm_per_bed_day"].to_numpy()
    if full_bed_cost:
        fixed = data.site_settings["fixed_gbpm_per_bed_year"].to_numpy() * data.beds_per_bed_day
        per_bed_day = per_bed_day + np.where(data.closable, fixed, 0.0)
    beds = np.asarray(data.avoided_bed_days.T @ per_bed_day).ravel()
    return data.deployments["direct_saving_gbpm"].to_numpy() + beds


def per_deployment_cost(data: ModelData) -> np.ndarray:
    """£m a year per unit of each deployment: revenue cost plus the capital charge on its capital."""
    rate = data.instance.config.parameters.capital_charge_rate.value
    return data.deployments["revenue_gbpm"].to_numpy() + rate * data.deployments["capital_gbpm"].to_numpy()


def service_charge(data: ModelData) -> np.ndarray:
    """£m a year charged for each open service's fixed capital."""
    rate = data.instance.config.parameters.capital_charge_rate.value
    return rate * data.services["fixed_capital_gbpm"].to_numpy()


def fixed_contributions(data: ModelData) -> np.ndarray:
    """£m a year that no decision changes (`[[fixed_contributions]]`): savings positive, costs negative."""
    return _fixed_by_year(data, "amount_gbpm")


def fixed_capital(data: ModelData) -> np.ndarray:
    """Capital (£m) the fixed contributions spend in each year."""
    return _fixed_by_year(data, "capital_gbpm")


def _fixed_by_year(data: ModelData, field: str) -> np.ndarray:
    pairs = [(entry.year, getattr(entry, field)) for entry in data.instance.config.fixed_contributions]
    year = data.years.get_indexer([year for year, _ in pairs])
    values = np.array([value for _, value in pairs], dtype=float)
    return np.bincount(year, weights=values, minlength=data.n_years).astype(float)


def workforce_cost(data: ModelData, columns: Columns) -> Terms:
    """Recruitment and redeployment cost (£m) in each year, on row t.

    `hired` and `redeployed` are running stocks (the WTE in post in new services by year t) that
    never fall (`staff_monotone`), so a year's recruits are the stock's increase in that year, and
    so are its redeployments; each costs its group's cost per WTE once, as revenue of that year:

        Σ_{p,g} recruit[g] · (hired[p,g,t] − hired[p,g,t−1])
              + redeploy[g] · (redeployed[p,g,t] − redeployed[p,g,t−1])     (stocks are 0 before)
    """
    costs = [
        (family, data.place_staff[f"{name}_gbpm_per_wte"].to_numpy(dtype=float))
        for family, name in ((columns.hired, "recruitment"), (columns.redeployed, "redeployment"))
    ]
    return _on_increments(costs, data.n_years)


def net_saving(data: ModelData, columns: Columns) -> tuple[Terms, np.ndarray]:
    """Net saving (£m) in each year against the do-nothing.

    Σ (direct + variable bed-day savings − revenue − capital charge) × scale
    + Σ fixed cost per bed-year × (do-nothing beds − beds open) at owned sites
    − capital charge of open services
    − recruitment and redeployment cost of the year (`workforce_cost`)
    + the year's fixed contributions (a constant: savings and costs no decision changes).
    """
    n_years = data.n_years
    per_unit = per_deployment_saving(data, full_bed_cost=False) - per_deployment_cost(data)
    scale = _per_year(per_unit, columns.scale.start, n_years)
    closable = closable_rows(data)
    fixed = data.site_settings["fixed_gbpm_per_bed_year"].to_numpy()[closable]
    closed = _per_year(fixed, columns.closed.start, n_years)
    services = _per_year(-service_charge(data), columns.opened.start, n_years)
    growth_beds = data.dn_beds[closable] - data.site_settings["baseline_beds"].to_numpy()[closable, None]
    constant = (fixed[:, None] * growth_beds).sum(axis=0) + fixed_contributions(data)
    staff = workforce_cost(data, columns)
    staff = Terms(staff.rows, staff.columns, -staff.values)
    return Terms.concat([scale, closed, services, staff]), constant


def _per_year(per_member: np.ndarray, start: int, n_years: int) -> Terms:
    """Terms summing `per_member[m] × family[m, t]` onto row t."""
    matrix = sp.csr_matrix(per_member.reshape(1, -1)) if per_member.size else sp.csr_matrix((1, 0))
    block = sp.coo_matrix(matrix)
    years = np.arange(n_years)
    rows = np.tile(years, block.nnz)
    columns = (start + block.col[:, None] * n_years + years[None, :]).ravel()
    return Terms(rows, columns, np.repeat(block.data, n_years))


def capital_spend(data: ModelData, columns: Columns) -> Terms:
    """Capital (£m) spent in each year: capital per unit × scale added, plus services opened."""
    capital = data.deployments["capital_gbpm"].to_numpy()
    services = data.services["fixed_capital_gbpm"].to_numpy()
    return _on_increments([(columns.scale, capital), (columns.opened, services)], data.n_years)


def _on_increments(families: list[tuple[Family, np.ndarray]], n_years: int) -> Terms:
    """Terms `per_member[m] × (family[m,t] − family[m,t−1])` on row t, for each (family, per_member)
    pair (the family is 0 before the first year): what a stock's growth costs in its year."""
    parts = []
    for family, per_member in families:
        members = np.flatnonzero(per_member)
        if members.size == 0:
            continue
        now = _per_year_members(family.start, members, per_member[members], n_years, lag=0)
        before = _per_year_members(family.start, members, -per_member[members], n_years, lag=1)
        parts.extend([now, before])
    return Terms.concat(parts)


def _per_year_members(start: int, members: np.ndarray, values: np.ndarray, n_years: int, lag: int) -> Terms:
    years = np.arange(lag, n_years)
    rows = np.tile(years, members.size)
    columns = column_positions(start, members, years - lag, n_years)
    return Terms(rows, columns, np.repeat(values, years.size))


def column_positions(start: int, members: np.ndarray, years: np.ndarray, n_years: int) -> np.ndarray:
    return (start + members[:, None] * n_years + years[None, :]).ravel()


__all__ = [
    "avoided_beds",
    "beds_needed",
    "beds_open",
    "capital_spend",
    "column",
    "fixed_capital",
    "fixed_contributions",
    "lagged",
    "net_saving",
    "workforce_cost",
]
