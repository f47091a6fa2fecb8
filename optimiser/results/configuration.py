"""The service configuration's result tables: where each service runs, and what sharing saves.

`configuration.csv`, per clinical service, site and year: whether it runs there today and in the
result, the activity treated there, and its running cost (fixed cost and the capital charge of a new
service), treatment and travel in £m — each the same coefficient times the same column as the
min-cost objective counts (`models/configuration_cost.py`). `sharing.csv`, per back-office function
and year: the share run as one shared service, its saving (£m) and the WTE it releases.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from optimiser.linear import LinearModel
from optimiser.models.configuration_cost import running_cost
from optimiser.models.data import ModelData
from optimiser.models.indexing import by_year


def configuration_tables(data: ModelData, model: LinearModel, x: np.ndarray) -> dict[str, pd.DataFrame]:
    """`configuration` and `sharing` for an instance with a service configuration, else nothing."""
    configuration = data.configuration
    if "hosted" not in model.variables:
        return {}
    n_years = data.n_years
    hosted_family = model.variables["hosted"]
    activity_family = model.variables["activity"]
    hosted = x[hosted_family.start : hosted_family.stop].reshape(-1, n_years)
    activity = x[activity_family.start : activity_family.stop].reshape(-1, n_years)
    allocations = configuration.allocations
    hosting = allocations["hosting"].to_numpy()
    treated = np.zeros(hosted.shape)
    treatment = np.zeros(hosted.shape)
    travel = np.zeros(hosted.shape)
    np.add.at(treated, hosting, activity)
    np.add.at(treatment, hosting, activity * allocations["unit_gbpm"].to_numpy()[:, None])
    np.add.at(travel, hosting, activity * allocations["travel_gbpm"].to_numpy()[:, None])
    hostings = configuration.hostings
    table = by_year(hostings[["service", "site", "hosted_today"]], data.years)
    table = table.assign(
        hosted=hosted.ravel(),
        activity=treated.ravel(),
        running_gbpm=(hosted * running_cost(data)[:, None]).ravel(),
        treatment_gbpm=treatment.ravel(),
        travel_gbpm=travel.ravel(),
    )
    functions = configuration.functions
    shared_family = model.variables["shared"]
    shared = x[shared_family.start : shared_family.stop].reshape(-1, n_years)
    sharing = by_year(functions[["function"]], data.years).assign(
        shared=shared.ravel(),
        saving_gbpm=(shared * functions["saving_gbpm"].to_numpy()[:, None]).ravel(),
        released_wte=(shared * functions["released_wte"].to_numpy()[:, None]).ravel(),
    )
    return {"configuration": table, "sharing": sharing}
