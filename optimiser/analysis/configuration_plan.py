"""The rules that fill in a plan's service configuration where the plan does not state it.

- Hosting: a plan that names no `hosted` row keeps the configuration of today (`hosted_today`).
- Activity: a plan never states where each place's patients go; they go, service by service and
  year by year, to the nearest site hosting the service that still has room (places in the order of
  their distance to that site, nearest first, so a site fills with its own neighbours), and what no
  site has room for stays at the nearest hosting site, where `site_capacity` reports it as broken.
  This is how a referral works — the nearest provider that can take the patient — so a plan is
  judged on the travel its configuration asks for, not on an allocation optimised for it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from optimiser.linear import LinearModel
from optimiser.models.data import ModelData


def host_as_today(data: ModelData, model: LinearModel, x: np.ndarray) -> None:
    """Every year's `hosted` as today's configuration."""
    hosted = model.variables["hosted"]
    today = data.configuration.hostings["hosted_today"].to_numpy(dtype=float)
    x[hosted.start : hosted.stop] = np.repeat(today, data.n_years)


def allocate_activity(data: ModelData, model: LinearModel, x: np.ndarray) -> None:
    """Each place's activity to the nearest hosting site with room, year by year (see the module)."""
    configuration = data.configuration
    hosted = model.variables["hosted"]
    activity = model.variables["activity"]
    n_years = data.n_years
    is_hosted = x[hosted.start : hosted.stop].reshape(-1, n_years) > 0.5
    allocations = configuration.allocations
    demand = configuration.demand["activity"].to_numpy(dtype=float)
    capacity = configuration.hostings["capacity"].to_numpy(dtype=float)
    order = allocations.sort_values(["service", "miles", "site", "place"], kind="stable").index.to_numpy()
    values = np.zeros((len(allocations), n_years))
    for year in range(n_years):
        values[:, year] = _one_year(allocations, order, is_hosted[:, year], demand, capacity)
    x[activity.start : activity.stop] = values.ravel()


def _one_year(
    allocations: pd.DataFrame,
    order: np.ndarray,
    is_hosted: np.ndarray,
    demand: np.ndarray,
    capacity: np.ndarray,
) -> np.ndarray:
    """One year's allocation: nearest first within room, then any remainder at the nearest host."""
    hosting = allocations["hosting"].to_numpy()
    needs = allocations["demand"].to_numpy()
    left = demand.copy()
    room = capacity.copy()
    values = np.zeros(len(allocations))
    for position in order:
        site = hosting[position]
        if not is_hosted[site]:
            continue
        taken = min(left[needs[position]], room[site])
        values[position] += taken
        left[needs[position]] -= taken
        room[site] -= taken
    for position in order:
        if is_hosted[hosting[position]] and left[needs[position]] > 0:
            values[position] += left[needs[position]]
            left[needs[position]] = 0.0
    return values
