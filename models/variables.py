"""The decision variables.

- `scale[intervention, location, year]`: how much of an intervention runs at a place, a site or
  system-wide in a year, in the intervention's own unit; 0 ≤ scale ≤ max_scale, and at least
  min_scale in the target year.
- `closed[site, setting, year]`: beds closed against the baseline at owned (closable) sites.
- `hired[place, staff_group, year]`: WTE hired for new services by the year (a running stock).
- `redeployed[place, staff_group, year]`: WTE moved from closed beds into a place's new services.
- `opened[service, year]`: whether a site-level service is open (0-1; binary under `integer`).
- `coverage_mean[intervention, year]`: mean coverage of a place-level intervention (equity floor).
- `wards[site, setting, year]`: whole wards closed (integer option only).
- `hosted[service, site, year]`: whether a site hosts a clinical service (0-1, always binary: half a
  service is no configuration), for instances with a service configuration only.
- `activity[place, service, site, year]`: a place's activity of a service treated at a site.
- `shared[function, year]`: the share of a back-office function run as one shared service.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from optimiser.linear import Family, ModelBuilder
from optimiser.models.data import ModelData
from optimiser.models.indexing import by_year


@dataclass(frozen=True)
class Columns:
    """The variable families of one model."""

    scale: Family
    closed: Family
    hired: Family
    redeployed: Family
    opened: Family
    coverage_mean: Family | None
    wards: Family | None
    hosted: Family | None = None
    activity: Family | None = None
    shared: Family | None = None


def define_variables(builder: ModelBuilder, data: ModelData, *, integer: bool) -> Columns:
    """Add every variable family, in a fixed order, and return them."""
    years = data.years
    n_years = data.n_years
    deployments = data.deployments
    lower = np.zeros((len(deployments), n_years))
    lower[:, data.target_position] = deployments["min_scale"].to_numpy()
    upper = np.repeat(deployments["max_scale"].to_numpy(), n_years)
    scale = builder.add_variables(
        "scale",
        by_year(deployments[["intervention", "location"]], years),
        lower=lower.ravel(),
        upper=upper,
        unit="scale units",
        description="scale of an intervention at a location in a year",
    )
    closable = data.site_settings[data.closable]
    closed = builder.add_variables(
        "closed",
        by_year(closable[["site", "setting"]], years),
        upper=np.repeat(closable["baseline_beds"].to_numpy(), n_years),
        unit="beds",
        description="beds closed against the baseline",
    )
    people = data.place_staff[["place", "staff_group"]]
    hired = builder.add_variables(
        "hired", by_year(people, years), unit="WTE", description="WTE hired (running stock)"
    )
    redeployed = builder.add_variables(
        "redeployed",
        by_year(people, years),
        unit="WTE",
        description="WTE redeployed from closed beds",
    )
    opened = builder.add_variables(
        "opened",
        by_year(data.services[["service"]], years),
        upper=1.0,
        integer=integer,
        unit="services",
        description="site-level service open",
    )
    return Columns(
        scale=scale,
        closed=closed,
        hired=hired,
        redeployed=redeployed,
        opened=opened,
        coverage_mean=_coverage_mean(builder, data),
        wards=_wards(builder, data, closable) if integer else None,
        **_configuration(builder, data),
    )


def place_interventions(data: ModelData) -> pd.Index:
    """Place-level interventions with some eligible scale (the equity floor's index)."""
    place_level = data.deployments[
        (data.deployments["level"] == "place") & (data.deployments["max_scale"] > 0)
    ]
    return pd.Index(pd.unique(place_level["intervention"]), name="intervention")


def _coverage_mean(builder: ModelBuilder, data: ModelData) -> Family | None:
    if data.instance.config.equity_floor is None:
        return None
    interventions = place_interventions(data).to_frame(index=False)
    return builder.add_variables(
        "coverage_mean",
        by_year(interventions, data.years),
        unit="share",
        description="scale over eligible scale across all places",
    )


def _wards(builder: ModelBuilder, data: ModelData, closable: pd.DataFrame) -> Family:
    most = np.floor(closable["baseline_beds"].to_numpy() / closable["ward_size"].to_numpy())
    return builder.add_variables(
        "wards",
        by_year(closable[["site", "setting"]], data.years),
        upper=np.repeat(most, data.n_years),
        integer=True,
        unit="wards",
        description="whole wards closed",
    )


def _configuration(builder: ModelBuilder, data: ModelData) -> dict[str, Family]:
    """The service configuration's columns, after every other family (none without a configuration)."""
    configuration = data.configuration
    if not configuration.active:
        return {}
    hosted = builder.add_variables(
        "hosted",
        by_year(configuration.hostings[["service", "site"]], data.years),
        upper=1.0,
        integer=True,
        unit="services",
        description="clinical service hosted at a site",
    )
    activity = builder.add_variables(
        "activity",
        by_year(configuration.allocations[["place", "service", "site"]], data.years),
        unit="activity",
        description="a place's activity of a service treated at a site",
    )
    shared = builder.add_variables(
        "shared",
        by_year(configuration.functions[["function"]], data.years),
        upper=1.0,
        unit="share",
        description="share of a back-office function run as one shared service",
    )
    return {"hosted": hosted, "activity": activity, "shared": shared}


#: How a plan row names a member of each decision family: the family's index fields, in order, and
#: the `planned_mix` columns that hold them.
PLAN_FIELDS: dict[str, dict[str, str]] = {
    "scale": {"intervention": "intervention", "location": "location", "year": "year"},
    "closed": {"site": "location", "setting": "intervention", "year": "year"},
    "hired": {"place": "location", "staff_group": "intervention", "year": "year"},
    "redeployed": {"place": "location", "staff_group": "intervention", "year": "year"},
    "opened": {"service": "intervention", "year": "year"},
    "hosted": {"service": "intervention", "site": "location", "year": "year"},
    "shared": {"function": "intervention", "year": "year"},
}
