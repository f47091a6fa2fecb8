"""Scale path — services grow, never shrink, and grow no faster than their ramp limit.

`scale_monotone`, index (intervention, location, year) from the second year:

    scale[d,t−1] − scale[d,t] ≤ 0

`scale_ramp`, index (intervention, location, year), every year (scale is 0 before the first):

    scale[d,t] − scale[d,t−1] ≤ ramp_limit[i] · max_scale[d]

The caps `min_scale ≤ scale ≤ max_scale` are column bounds (see `variables`).
"""

from __future__ import annotations

import numpy as np

from optimiser.linear import ModelBuilder, Terms
from optimiser.models.data import ModelData
from optimiser.models.indexing import by_year, identity, lagged
from optimiser.models.variables import Columns

MONOTONE = "scale_monotone"
RAMP = "scale_ramp"


def define_scale_monotone_constraints(builder: ModelBuilder, data: ModelData, columns: Columns) -> None:
    n_deployments = len(data.deployments)
    if n_deployments == 0 or data.n_years < 2:
        return
    n_years = data.n_years
    later = by_year(data.deployments[["intervention", "location"]], data.years)
    later = later[later["year"] != data.years[0]]
    current = lagged(columns.scale, n_deployments, n_years, -1.0)
    # Row (d, t) of `lagged` is at d * n_years + t; re-number to the n_years - 1 later years.
    local = (current.rows // n_years) * (n_years - 1) + (current.rows % n_years) - 1
    now = Terms(local, current.columns + 1, -np.ones(local.size))
    before = Terms(local, current.columns, np.ones(local.size))
    builder.add_constraints(
        MONOTONE,
        later,
        Terms.concat([before, now]),
        upper=0.0,
        unit="scale units",
        description="scale does not fall from one year to the next",
    )


def define_scale_ramp_constraints(builder: ModelBuilder, data: ModelData, columns: Columns) -> None:
    n_deployments = len(data.deployments)
    if n_deployments == 0:
        return
    terms = Terms.concat([identity(columns.scale), lagged(columns.scale, n_deployments, data.n_years, -1.0)])
    step = data.deployments["ramp_limit"].to_numpy() * data.deployments["max_scale"].to_numpy()
    builder.add_constraints(
        RAMP,
        by_year(data.deployments[["intervention", "location"]], data.years),
        terms,
        upper=np.repeat(step, data.n_years),
        unit="scale units",
        description="yearly increase within the ramp limit",
    )
