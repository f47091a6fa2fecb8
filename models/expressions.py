"""Report expressions — named linear maps of the decisions that results and evaluation print.

They are not constraints: the solver never sees them. Each is `terms · x + constant` over its
index, built from the same quantities as the constraint families.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from optimiser.instance.schema import PRIORITIES
from optimiser.linear import ModelBuilder, Terms
from optimiser.models.configuration_cost import configuration_parts
from optimiser.models.data import ModelData
from optimiser.models.indexing import by_year, identity, over_years
from optimiser.models.quantities import (
    avoided_beds,
    beds_needed,
    beds_open,
    capital_spend,
    closable_rows,
    fixed_capital,
    net_saving,
    per_deployment_cost,
    per_deployment_saving,
    service_charge,
    workforce_cost,
)
from optimiser.models.variables import Columns

UNASSIGNED = "unassigned"


def define_expressions(builder: ModelBuilder, data: ModelData, columns: Columns) -> None:
    years = data.years
    site_settings = by_year(data.site_settings[["site", "setting"]], years)
    terms, constant = beds_open(data, columns)
    builder.add_expression("beds_open", site_settings, terms, constant, unit="beds")
    terms, constant = beds_needed(data, columns)
    builder.add_expression("beds_needed", site_settings, terms, constant, unit="beds")
    builder.add_expression("beds_avoided", site_settings, avoided_beds(data, columns), unit="beds")
    _define_bridge(builder, data, columns)
    _define_admissions(builder, data, columns)
    terms, constant = net_saving(data, columns)
    builder.add_expression("net_saving", years.to_frame(index=False), terms, constant, unit="£m")
    _define_priorities(builder, data, columns)
    builder.add_expression(
        "wte_needed",
        by_year(data.place_staff[["place", "staff_group"]], years),
        over_years(data.wte, columns.scale, data.n_years),
        unit="WTE",
    )
    builder.add_expression(
        "capital_spend",
        years.to_frame(index=False),
        capital_spend(data, columns),
        fixed_capital(data),
        unit="£m",
    )
    revenue = data.deployments["revenue_gbpm"].to_numpy()
    staff = workforce_cost(data, columns)
    builder.add_expression(
        "revenue_cost",
        years.to_frame(index=False),
        Terms.concat([_sum_by_year(data, columns, revenue), staff]),
        unit="£m",
    )
    builder.add_expression("workforce_cost", years.to_frame(index=False), staff, unit="£m")
    builder.add_expression(
        "capital_charge", years.to_frame(index=False), _capital_charge(data, columns), unit="£m"
    )
    # Patients' travel to the sites that host their services, valued per patient-mile: only an
    # instance with a service configuration has it (`compare --price-constraints` reports it).
    parts = configuration_parts(data, columns)
    if parts:
        builder.add_expression("travel", years.to_frame(index=False), parts["travel"], unit="£m")


def _capital_charge(data: ModelData, columns: Columns) -> Terms:
    """capital_charge[year]: the charge on the capital of interventions at their scale and of open
    services — the costs, beside revenue, that `net_saving` subtracts."""
    charge = per_deployment_cost(data) - data.deployments["revenue_gbpm"].to_numpy()
    services = sp.csr_matrix(service_charge(data).reshape(1, -1))
    return Terms.concat(
        [_sum_by_year(data, columns, charge), over_years(services, columns.opened, data.n_years)]
    )


def bridge_labels(data: ModelData) -> pd.Series:
    """Each deployment's bed-bridge step (`unassigned` when the intervention names none)."""
    return data.deployments["bridge"].fillna(UNASSIGNED).astype(str)


def _define_bridge(builder: ModelBuilder, data: ModelData, columns: Columns) -> None:
    """beds_avoided_by_step[step, setting, year]: beds avoided by the interventions of each step."""
    steps = pd.Index(pd.unique(bridge_labels(data)), name="step")
    settings = data.settings
    setting_of = settings.get_indexer(data.site_settings["setting"])
    weights = sp.csr_matrix(
        (data.beds_per_bed_day, (setting_of, np.arange(len(data.site_settings)))),
        shape=(len(settings), len(data.site_settings)),
    )
    by_setting = sp.coo_matrix(weights @ data.avoided_bed_days)  # setting × deployment, beds per unit
    step_of = steps.get_indexer(bridge_labels(data))
    rows = step_of[by_setting.col] * len(settings) + by_setting.row
    matrix = sp.csr_matrix(
        (by_setting.data, (rows, by_setting.col)),
        shape=(len(steps) * len(settings), len(data.deployments)),
    )
    index = pd.MultiIndex.from_product([steps, settings]).to_frame(index=False)
    builder.add_expression(
        "beds_avoided_by_step",
        by_year(index, data.years),
        over_years(matrix, columns.scale, data.n_years),
        unit="beds",
    )


def _define_admissions(builder: ModelBuilder, data: ModelData, columns: Columns) -> None:
    """admissions[cohort, year]: do-nothing admissions less those avoided, summed over places."""
    cohorts = data.cohorts
    cohort_of = cohorts.get_indexer(data.place_cohorts["cohort"])
    summing = sp.csr_matrix(
        (np.ones(len(cohort_of)), (cohort_of, np.arange(len(cohort_of)))),
        shape=(len(cohorts), len(cohort_of)),
    )
    avoided = over_years(summing @ data.admissions_avoided, columns.scale, data.n_years)
    constant = (summing @ data.dn_admissions).ravel()
    builder.add_expression(
        "admissions",
        by_year(cohorts.to_frame(index=False), data.years),
        Terms(avoided.rows, avoided.columns, -avoided.values),
        constant,
        unit="admissions",
    )


def _define_priorities(builder: ModelBuilder, data: ModelData, columns: Columns) -> None:
    """net_saving_by_priority[priority, year] plus beds_kept_open[year]; together they sum to net_saving.

    A deployment is credited with the full cost of the beds it avoids (as if closures follow need);
    `beds_kept_open` is the fixed cost of owned beds left open beyond need (≤ 0), or of beds short.
    """
    n_years = data.n_years
    priorities = pd.Index(PRIORITIES, name="priority")
    per_unit = per_deployment_saving(data, full_bed_cost=True) - per_deployment_cost(data)
    priority_of = priorities.get_indexer(data.deployments["priority"])
    matrix = sp.csr_matrix(
        (per_unit, (priority_of, np.arange(len(per_unit)))), shape=(len(priorities), len(per_unit))
    )
    by_scale = over_years(matrix, columns.scale, n_years)
    service_priority = priority_of[data.services["deployment"].to_numpy()]
    services = sp.csr_matrix(
        (-service_charge(data), (service_priority, np.arange(len(data.services)))),
        shape=(len(priorities), len(data.services)),
    )
    by_service = over_years(services, columns.opened, n_years)
    builder.add_expression(
        "net_saving_by_priority",
        by_year(priorities.to_frame(index=False), data.years),
        Terms.concat([by_scale, by_service]),
        unit="£m",
    )
    closable = closable_rows(data)
    fixed = data.site_settings["fixed_gbpm_per_bed_year"].to_numpy()
    fixed_closable = fixed[closable]
    closed = identity(columns.closed, np.repeat(fixed_closable, n_years))
    closed = Terms(closed.rows % n_years, closed.columns, closed.values)
    avoided = avoided_beds(data, columns)
    owned = np.repeat(data.closable, n_years)[avoided.rows]
    site_setting = avoided.rows // n_years
    credit = Terms(
        avoided.rows[owned] % n_years,
        avoided.columns[owned],
        -avoided.values[owned] * fixed[site_setting[owned]],
    )
    growth = data.dn_beds[closable] - data.site_settings["baseline_beds"].to_numpy()[closable, None]
    constant = (fixed_closable[:, None] * growth).sum(axis=0)
    builder.add_expression(
        "beds_kept_open",
        data.years.to_frame(index=False),
        Terms.concat([closed, credit]),
        constant,
        unit="£m",
    )


def _sum_by_year(data: ModelData, columns: Columns, per_unit: np.ndarray) -> Terms:
    matrix = sp.csr_matrix(per_unit.reshape(1, -1))
    return over_years(matrix, columns.scale, data.n_years)
