"""Services — a site-level intervention runs only where its service is open.

`service_link`, index (service, year):

    scale[i,s,t] − max_scale[i,s] · opened[j,t] ≤ 0        (service j gates intervention i at site s)

`service_monotone`, index (service, year) from the second year: an opened service stays open,

    opened[j,t−1] − opened[j,t] ≤ 0
"""

from __future__ import annotations

import numpy as np

from optimiser.linear import ModelBuilder, Terms
from optimiser.models.data import ModelData
from optimiser.models.family import SCALE_UNITS, ConstraintFamily
from optimiser.models.indexing import by_year, later_years, never_falls
from optimiser.models.variables import Columns

LINK = "service_link"
MONOTONE = "service_monotone"


def define_service_link_constraints(builder: ModelBuilder, data: ModelData, columns: Columns) -> None:
    services = data.services
    if len(services) == 0:
        return
    n_years = data.n_years
    years = np.arange(n_years)
    gated = services["deployment"].to_numpy()
    rows = np.arange(len(services) * n_years)
    scale = Terms(
        rows,
        (columns.scale.start + gated[:, None] * n_years + years[None, :]).ravel(),
        np.ones(rows.size),
    )
    max_scale = data.deployments["max_scale"].to_numpy()[gated]
    opened = Terms(rows, columns.opened.start + rows, -np.repeat(max_scale, n_years))
    builder.add_constraints(
        LINK,
        by_year(services[["service"]], data.years),
        Terms.concat([scale, opened]),
        upper=0.0,
        unit="scale units",
        description="scale only where the service is open",
    )


def define_service_monotone_constraints(builder: ModelBuilder, data: ModelData, columns: Columns) -> None:
    services = data.services
    if len(services) == 0 or data.n_years < 2:
        return
    builder.add_constraints(
        MONOTONE,
        later_years(services[["service"]], data.years),
        never_falls(columns.opened, len(services), data.n_years),
        upper=0.0,
        unit="services",
        description="an opened service stays open",
    )


SERVICE_LINK = ConstraintFamily(
    name=LINK,
    define=define_service_link_constraints,
    unit=SCALE_UNITS,
    phrase="unit ({unit}) of {service} without the service ({year})",
)

SERVICE_MONOTONE = ConstraintFamily(
    name=MONOTONE,
    define=define_service_monotone_constraints,
    unit="services",
    phrase="closure of {service} ({year})",
)
