"""Workforce — new services are staffed from available, hired or redeployed staff.

`workforce`, index (place, staff_group, year):

    Σ_d wte[p,g,d] · scale[d,t] − hired[p,g,t] − redeployed[p,g,t] ≤ available[p,g]

(site-level services draw on the staff of the place that hosts the site).

`hiring_limit`, index (place, staff_group, year); `hired` is a running stock:

    hired[p,g,t] − hired[p,g,t−1] ≤ hire_limit[p,g]        (hired[p,g,first−1] = 0)

`redeployment`, index (staff_group, year): staff moved into places come from closed beds,

    Σ_p redeployed[p,g,t] − Σ_{s,k owned} wte_per_bed[g,k] · closed[s,k,t] ≤ 0

(`redeployed` is a running stock too: the WTE from closed beds working in a place's new services
by year t, set against the beds closed by then, which is also a stock).

`staff_monotone`, index (stock, place, staff_group, year) from the second year, for the stocks
`hired` and `redeployed` and every (place, staff group) of the workforce table:

    hired[p,g,t−1] − hired[p,g,t] ≤ 0        redeployed[p,g,t−1] − redeployed[p,g,t] ≤ 0

Staff taken on for the new services stay in them: scales never fall (`scale_monotone`) and beds
closed stay closed (`closure_monotone`), so the staff the services need never fall either. It also
makes each stock's yearly increase the year's recruits (or redeployments), which is what
recruitment and redeployment cost is charged on (`quantities.workforce_cost`, once, in the year
the WTE arrives); a stock that fell would otherwise book a refund of that cost no employer gets.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from optimiser.linear import ModelBuilder, Terms
from optimiser.models.data import ModelData
from optimiser.models.family import ConstraintFamily, Relaxing
from optimiser.models.indexing import by_year, identity, lagged, later_years, never_falls, over_years
from optimiser.models.quantities import closable_rows
from optimiser.models.variables import Columns

WORKFORCE_NAME = "workforce"
HIRING_LIMIT_NAME = "hiring_limit"
REDEPLOYMENT_NAME = "redeployment"
STAFF_MONOTONE_NAME = "staff_monotone"
STOCKS = ("hired", "redeployed")


def define_workforce_constraints(builder: ModelBuilder, data: ModelData, columns: Columns) -> None:
    if len(data.place_staff) == 0:
        return
    terms = Terms.concat(
        [
            over_years(data.wte, columns.scale, data.n_years),
            identity(columns.hired, -1.0),
            identity(columns.redeployed, -1.0),
        ]
    )
    available = np.repeat(data.place_staff["available_wte"].to_numpy(), data.n_years)
    builder.add_constraints(
        WORKFORCE_NAME,
        by_year(data.place_staff[["place", "staff_group"]], data.years),
        terms,
        upper=available,
        unit="WTE",
        description="WTE needed within available, hired and redeployed",
    )


def define_hiring_limit_constraints(builder: ModelBuilder, data: ModelData, columns: Columns) -> None:
    if len(data.place_staff) == 0:
        return
    terms = Terms.concat(
        [
            identity(columns.hired),
            lagged(columns.hired, len(data.place_staff), data.n_years, -1.0),
        ]
    )
    limit = np.repeat(data.place_staff["hire_limit_wte_per_year"].to_numpy(), data.n_years)
    builder.add_constraints(
        HIRING_LIMIT_NAME,
        by_year(data.place_staff[["place", "staff_group"]], data.years),
        terms,
        upper=limit,
        unit="WTE",
        description="WTE hired in a year within the recruitment limit",
    )


def define_redeployment_constraints(builder: ModelBuilder, data: ModelData, columns: Columns) -> None:
    if len(data.staff_groups) == 0:
        return
    n_years = data.n_years
    n_staff = len(data.staff_groups)
    staff_of = data.staff_groups.get_indexer(data.place_staff["staff_group"])
    place_years = np.arange(len(data.place_staff) * n_years)
    redeployed = Terms(
        staff_of[place_years // n_years] * n_years + place_years % n_years,
        columns.redeployed.start + place_years,
        np.ones(place_years.size),
    )
    released = data.wte_per_bed[:, closable_rows(data)]
    closed = over_years(released, columns.closed, n_years)
    terms = Terms.concat([redeployed, Terms(closed.rows, closed.columns, -closed.values)])
    builder.add_constraints(
        REDEPLOYMENT_NAME,
        by_year(data.staff_groups.to_frame(index=False), data.years),
        terms,
        upper=np.zeros(n_staff * n_years),
        unit="WTE",
        description="WTE redeployed within the WTE released by closed beds",
    )


def define_staff_monotone_constraints(builder: ModelBuilder, data: ModelData, columns: Columns) -> None:
    n_members = len(data.place_staff)
    if n_members == 0 or data.n_years < 2:
        return
    per_stock = n_members * (data.n_years - 1)
    parts = []
    for offset, name in enumerate(STOCKS):
        falls = never_falls(getattr(columns, name), n_members, data.n_years)
        parts.append(Terms(falls.rows + offset * per_stock, falls.columns, falls.values))
    people = later_years(data.place_staff[["place", "staff_group"]], data.years)
    index = pd.concat([people.assign(stock=name) for name in STOCKS], ignore_index=True)
    builder.add_constraints(
        STAFF_MONOTONE_NAME,
        index[["stock", "place", "staff_group", "year"]],
        Terms.concat(parts),
        upper=np.zeros(len(STOCKS) * per_stock),
        unit="WTE",
        description="WTE hired or redeployed into new services stay in them",
    )


WORKFORCE = ConstraintFamily(
    name=WORKFORCE_NAME,
    define=define_workforce_constraints,
    unit="WTE",
    phrase="WTE of {staff_group} available in {place} ({year})",
    relaxing=Relaxing("the workforce"),
)

HIRING_LIMIT = ConstraintFamily(
    name=HIRING_LIMIT_NAME,
    define=define_hiring_limit_constraints,
    unit="WTE",
    phrase="WTE of {staff_group} hired a year in {place} ({year})",
)

REDEPLOYMENT = ConstraintFamily(
    name=REDEPLOYMENT_NAME,
    define=define_redeployment_constraints,
    unit="WTE",
    phrase="WTE of {staff_group} released from closed beds ({year})",
)

STAFF_MONOTONE = ConstraintFamily(
    name=STAFF_MONOTONE_NAME,
    define=define_staff_monotone_constraints,
    unit="WTE",
    phrase="WTE of {staff_group} {stock} in {place} allowed to leave in {year}",
)
