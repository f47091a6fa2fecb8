"""What a service configuration costs in a year, in £m, for the `min-cost` objective and reports.

    running[t] = Σ_{j,s} (fixed[j,s] + rate · capital[j,s] · [not hosted today]) · hosted[j,s,t]
    treatment[t] = Σ_{p,j,s} unit_cost[j,s] · activity[p,j,s,t]
    travel[t] = Σ_{p,j,s} 2 · miles[p,s] · £ per patient-mile · activity[p,j,s,t]
    shared_saving[t] = Σ_f saving[f] · shared[f,t]

and the configuration's cost in year t is running + treatment + travel − shared_saving. Capital is
counted as every other capital is, as a yearly charge (`capital_charge_rate`) while the asset is
in use: here while a site hosts a service it does not host today. Each part's terms are on row t.
"""

from __future__ import annotations

import numpy as np

from optimiser.linear import Family, Terms
from optimiser.models.data import ModelData
from optimiser.models.variables import Columns


def _per_year(family: Family, n_years: int, values: np.ndarray) -> Terms:
    """Terms `values[m] · family[m, t]` on row t."""
    cells = np.arange(family.size)
    return Terms(cells % n_years, family.start + cells, np.repeat(np.asarray(values, float), n_years))


def running_cost(data: ModelData) -> np.ndarray:
    """£m a year of hosting each service at each site: its fixed cost, and the capital charge of a
    service started where it does not run today."""
    rate = data.instance.config.parameters.capital_charge_rate.value
    hostings = data.configuration.hostings
    new = ~hostings["hosted_today"].to_numpy(bool)
    return np.asarray(
        hostings["fixed_gbpm"].to_numpy() + rate * hostings["capital_gbpm"].to_numpy() * new, float
    )


def configuration_parts(data: ModelData, columns: Columns) -> dict[str, Terms]:
    """Each part of the configuration's yearly cost (£m), saving positive; empty without one."""
    configuration = data.configuration
    if columns.hosted is None or columns.activity is None or columns.shared is None:
        return {}
    running = running_cost(data)
    allocations = configuration.allocations
    n_years = data.n_years
    return {
        "running": _per_year(columns.hosted, n_years, running),
        "treatment": _per_year(columns.activity, n_years, allocations["unit_gbpm"].to_numpy()),
        "travel": _per_year(columns.activity, n_years, allocations["travel_gbpm"].to_numpy()),
        "shared_saving": _per_year(
            columns.shared, n_years, configuration.functions["saving_gbpm"].to_numpy()
        ),
    }


def configuration_cost(data: ModelData, columns: Columns) -> Terms:
    """The configuration's cost in each year (row t), £m: running + treatment + travel − saving."""
    parts = configuration_parts(data, columns)
    if not parts:
        return Terms(np.array([], int), np.array([], int), np.array([], float))
    saving = parts.pop("shared_saving")
    return Terms.concat([*parts.values(), Terms(saving.rows, saving.columns, -saving.values)])
