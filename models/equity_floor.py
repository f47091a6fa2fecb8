"""Equity floor — no place falls far behind the system's average coverage.

`coverage_mean`, index (intervention, year) over place-level interventions, defines the mean:

    coverage_mean[i,t] − Σ_p scale[i,p,t] / Σ_p max_scale[i,p] = 0

`equity_floor`, index (intervention, place, year) where the place is eligible:

    scale[i,p,t] / max_scale[i,p] − share · coverage_mean[i,t] ≥ 0

Present only when instance.toml has `[equity_floor]`.

`equity_floor` is priced (`compare --price-constraints`): the floor is a fairness policy the system
chose, and its price is what fairness between places costs. `coverage_mean` is not: it only
defines the mean the floor reads, and without the floor it binds nothing.
"""

from __future__ import annotations

import numpy as np

from optimiser.linear import ModelBuilder, Terms
from optimiser.models.data import ModelData
from optimiser.models.family import ConstraintFamily
from optimiser.models.indexing import by_year
from optimiser.models.variables import Columns, place_interventions

MEAN = "coverage_mean"
NAME = "equity_floor"


def _members(data: ModelData) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The eligible place deployments, their intervention's position, and every scale column."""
    deployments = data.deployments
    eligible = ((deployments["level"] == "place") & (deployments["max_scale"] > 0)).to_numpy()
    members = np.flatnonzero(eligible)
    group = place_interventions(data).get_indexer(deployments["intervention"].to_numpy()[members])
    return members, group, np.arange(data.n_years)


def define_coverage_mean_constraints(builder: ModelBuilder, data: ModelData, columns: Columns) -> None:
    mean = columns.coverage_mean
    if data.instance.config.equity_floor is None or mean is None or mean.size == 0:
        return
    n_years = data.n_years
    interventions = place_interventions(data)
    members, group, years = _members(data)
    max_scale = data.deployments["max_scale"].to_numpy()[members]
    total = np.bincount(group, weights=max_scale, minlength=len(interventions))
    scale_columns = (columns.scale.start + members[:, None] * n_years + years[None, :]).ravel()
    mean_rows = (group[:, None] * n_years + years[None, :]).ravel()
    definition = Terms.concat(
        [
            Terms(np.arange(mean.size), mean.start + np.arange(mean.size), np.ones(mean.size)),
            Terms(mean_rows, scale_columns, np.repeat(-1.0 / total[group], n_years)),
        ]
    )
    builder.add_constraints(
        MEAN,
        by_year(interventions.to_frame(index=False), data.years),
        definition,
        lower=0.0,
        upper=0.0,
        unit="share",
        description="mean coverage across places",
    )


def define_equity_floor_constraints(builder: ModelBuilder, data: ModelData, columns: Columns) -> None:
    floor = data.instance.config.equity_floor
    mean = columns.coverage_mean
    if floor is None or mean is None or mean.size == 0:
        return
    n_years = data.n_years
    deployments = data.deployments
    members, group, years = _members(data)
    max_scale = deployments["max_scale"].to_numpy()[members]
    scale_columns = (columns.scale.start + members[:, None] * n_years + years[None, :]).ravel()
    mean_rows = (group[:, None] * n_years + years[None, :]).ravel()
    floor_rows = np.arange(members.size * n_years)
    terms = Terms.concat(
        [
            Terms(floor_rows, scale_columns, np.repeat(1.0 / max_scale, n_years)),
            Terms(floor_rows, mean.start + mean_rows, np.full(floor_rows.size, -floor.share)),
        ]
    )
    index = by_year(
        deployments.loc[members, ["intervention", "location"]].rename(columns={"location": "place"}),
        data.years,
    )
    builder.add_constraints(
        NAME,
        index,
        terms,
        lower=0.0,
        unit="share",
        description="place coverage at least the floor share of the mean",
    )


COVERAGE_MEAN = ConstraintFamily(
    name=MEAN,
    define=define_coverage_mean_constraints,
    unit="share",
    phrase="unit of mean coverage of {intervention} ({year})",
)

EQUITY_FLOOR = ConstraintFamily(
    name=NAME,
    define=define_equity_floor_constraints,
    unit="share",
    phrase="unit of equity floor for {intervention} in {place} ({year})",
    priced=True,
)
