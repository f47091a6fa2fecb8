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
from optimiser.models.family import SCALE_UNITS, ConstraintFamily
from optimiser.models.indexing import by_year, identity, lagged, later_years, never_falls
from optimiser.models.variables import Columns

MONOTONE = "scale_monotone"
RAMP = "scale_ramp"


def define_scale_monotone_constraints(builder: ModelBuilder, data: ModelData, columns: Columns) -> None:
    n_deployments = len(data.deployments)
    if n_deployments == 0 or data.n_years < 2:
        return
    builder.add_constraints(
        MONOTONE,
        later_years(data.deployments[["intervention", "location"]], data.years),
        never_falls(columns.scale, n_deployments, data.n_years),
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


SCALE_MONOTONE = ConstraintFamily(
    name=MONOTONE,
    define=define_scale_monotone_constraints,
    unit=SCALE_UNITS,
    phrase="unit ({unit}) by which {intervention} ({location}) may shrink in {year}",
)

SCALE_RAMP = ConstraintFamily(
    name=RAMP,
    define=define_scale_ramp_constraints,
    unit=SCALE_UNITS,
    phrase="unit ({unit}) of yearly ramp-up allowed for {intervention} ({location}) in {year}",
)
