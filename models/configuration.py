"""The service configuration — every place's activity met at sites that host the service, within
their capacity, and specialised services only where they see enough patients.

The configuration's columns are `hosted[j,s,t]` (binary), `activity[p,j,s,t]` and `shared[f,t]`
(`variables.py`); its index sets come from `configuration_data.py`. Each family below filters to
an empty index for an instance without a configuration, which therefore builds the same matrix as
before the configuration existed.

`demand_met`, index (place, service, year) over `service_demand`: a place's activity is treated,
somewhere in the system,

    Σ_s activity[p,j,s,t] = demand[p,j]

`site_capacity`, index (service, site, year) over the sites that may host the service: a site
treats activity only while it hosts the service, and no more than its capacity,

    Σ_p activity[p,j,s,t] − capacity[j,s] · hosted[j,s,t] ≤ 0

`minimum_volume`, index (service, site, year), filtered to services with a minimum volume (the
specialised services that "require minimum numbers of patients"): a site hosting one treats at
least that much,

    Σ_p activity[p,j,s,t] − min_volume[j] · hosted[j,s,t] ≥ 0

`shared_monotone`, index (function, year) from the second year: a function once shared stays so,

    shared[f,t−1] − shared[f,t] ≤ 0
"""

from __future__ import annotations

import numpy as np

from optimiser.linear import Family, ModelBuilder, Terms
from optimiser.models.data import ModelData
from optimiser.models.family import ConstraintFamily
from optimiser.models.indexing import by_year, later_years, never_falls
from optimiser.models.variables import Columns

DEMAND_MET = "demand_met"
SITE_CAPACITY = "site_capacity"
MINIMUM_VOLUME = "minimum_volume"
SHARED_MONOTONE = "shared_monotone"


def hosted_terms(family: Family, hostings: np.ndarray, n_years: int, values: np.ndarray) -> Terms:
    """Terms `values[r] · hosted[hostings[r], t]` on rows (r, t), member-major."""
    years = np.arange(n_years)
    rows = (np.arange(hostings.size)[:, None] * n_years + years[None, :]).ravel()
    columns = (family.start + hostings[:, None] * n_years + years[None, :]).ravel()
    return Terms(rows, columns, np.repeat(np.asarray(values, float), n_years))


def activity_terms(columns: Columns, data: ModelData, row_of_allocation: np.ndarray) -> Terms:
    """Terms `activity[a, t]` on rows (row_of_allocation[a], t), skipping allocations mapped to -1."""
    assert columns.activity is not None
    n_years = data.n_years
    allocation = np.flatnonzero(row_of_allocation >= 0)
    years = np.arange(n_years)
    rows = (row_of_allocation[allocation][:, None] * n_years + years[None, :]).ravel()
    cells = (columns.activity.start + allocation[:, None] * n_years + years[None, :]).ravel()
    return Terms(rows, cells, np.ones(rows.size))


def define_demand_met_constraints(builder: ModelBuilder, data: ModelData, columns: Columns) -> None:
    configuration = data.configuration
    if not configuration.active:
        return
    demand = configuration.demand
    allocations = configuration.allocations
    activity = np.repeat(demand["activity"].to_numpy(dtype=float), data.n_years)
    builder.add_constraints(
        DEMAND_MET,
        by_year(demand[["place", "service"]], data.years),
        activity_terms(columns, data, allocations["demand"].to_numpy()),
        lower=activity,
        upper=activity,
        unit="activity",
        description="each place's activity of each service is treated",
    )


def define_site_capacity_constraints(builder: ModelBuilder, data: ModelData, columns: Columns) -> None:
    configuration = data.configuration
    if not configuration.active:
        return
    assert columns.hosted is not None
    hostings = configuration.hostings
    everywhere = np.arange(len(hostings))
    terms = Terms.concat(
        [
            activity_terms(columns, data, configuration.allocations["hosting"].to_numpy()),
            hosted_terms(columns.hosted, everywhere, data.n_years, -hostings["capacity"].to_numpy()),
        ]
    )
    builder.add_constraints(
        SITE_CAPACITY,
        by_year(hostings[["service", "site"]], data.years),
        terms,
        upper=0.0,
        unit="activity",
        description="activity only where the service is hosted, within capacity",
    )


def define_minimum_volume_constraints(builder: ModelBuilder, data: ModelData, columns: Columns) -> None:
    configuration = data.configuration
    if not configuration.active:
        return
    assert columns.hosted is not None
    hostings = configuration.hostings
    chosen = np.flatnonzero(hostings["min_volume"].to_numpy() > 0)
    if chosen.size == 0:
        return
    local = np.full(len(hostings), -1)
    local[chosen] = np.arange(chosen.size)
    terms = Terms.concat(
        [
            activity_terms(columns, data, local[configuration.allocations["hosting"].to_numpy()]),
            hosted_terms(columns.hosted, chosen, data.n_years, -hostings["min_volume"].to_numpy()[chosen]),
        ]
    )
    builder.add_constraints(
        MINIMUM_VOLUME,
        by_year(hostings.iloc[chosen][["service", "site"]], data.years),
        terms,
        lower=0.0,
        unit="activity",
        description="a specialised service sees at least its minimum volume where it runs",
    )


def define_shared_monotone_constraints(builder: ModelBuilder, data: ModelData, columns: Columns) -> None:
    functions = data.configuration.functions
    if columns.shared is None or len(functions) == 0 or data.n_years < 2:
        return
    builder.add_constraints(
        SHARED_MONOTONE,
        later_years(functions[["function"]], data.years),
        never_falls(columns.shared, len(functions), data.n_years),
        upper=0.0,
        unit="share",
        description="a shared function stays shared",
    )


DEMAND_MET_FAMILY = ConstraintFamily(
    name=DEMAND_MET,
    define=define_demand_met_constraints,
    unit="activity",
    phrase="unit of {service} activity needed by {place} ({year})",
)

SITE_CAPACITY_FAMILY = ConstraintFamily(
    name=SITE_CAPACITY,
    define=define_site_capacity_constraints,
    unit="activity",
    phrase="unit of {service} capacity at {site} ({year})",
)

MINIMUM_VOLUME_FAMILY = ConstraintFamily(
    name=MINIMUM_VOLUME,
    define=define_minimum_volume_constraints,
    unit="activity",
    phrase="unit of {service}'s minimum volume at {site} ({year})",
)

SHARED_MONOTONE_FAMILY = ConstraintFamily(
    name=SHARED_MONOTONE,
    define=define_shared_monotone_constraints,
    unit="share",
    phrase="return of {function} to separate teams ({year})",
)
