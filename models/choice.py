"""Patient choice — pledge 4 of the collaboration (S0:420 "We will retain patient choice"; S0:56
"Maintain choice of providers", a Staffordshire benefit). Both families are choices the trusts
made in public (`priced`).

`patient_choice`, index (place, service, year), filtered to elective services with
`choice_providers` > 0 that the place needs, and to rows the providers outside the system do not
already satisfy: the place keeps at least k providers within the service's travel threshold,
counting the out-of-area providers within it (fixed: the system does not decide them),

    Σ_{s of the system, miles[p,s] ≤ threshold[j]} hosted[j,s,t] ≥ k[j] − external[p,j]

`county_services`, index (county, service, year), filtered to the counties whose sites say
`county_keeps_services` and the elective services some site of the county hosts today ("what
Staffordshire has today stays in Staffordshire"). Elective only: choice is of the services patients
choose a provider for, and the collaboration itself moves nuclear medicine (S0:252-253) and acute
stroke out of Burton, which a rule over every service would forbid:

    Σ_{s in the county} hosted[j,s,t] ≥ 1
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from optimiser.linear import ModelBuilder, Terms
from optimiser.models.data import ModelData
from optimiser.models.family import ConstraintFamily
from optimiser.models.indexing import by_year
from optimiser.models.variables import Columns

PATIENT_CHOICE = "patient_choice"
COUNTY_SERVICES = "county_services"


def _within_threshold(data: ModelData) -> pd.DataFrame:
    """Each (place, service, site) of an elective service with a choice pledge that the place needs,
    with the site within the service's threshold; `hosting` is -1 for an out-of-area provider."""
    instance = data.instance
    services = instance.clinical_services
    pledged = services[services["elective"] & (services["choice_providers"] > 0)]
    needed = instance.service_demand[["place", "service"]].merge(pledged, on="service")
    hostings = data.configuration.hostings[["service", "site"]].assign(
        hosting=np.arange(len(data.configuration.hostings))
    )
    external = data.configuration.external.assign(hosting=-1)
    offers = needed.merge(pd.concat([hostings, external], ignore_index=True), on="service")
    offers = offers.merge(instance.travel[["place", "site", "miles"]], on=["place", "site"])
    return offers[offers["miles"] <= offers["choice_miles"]]


def define_patient_choice_constraints(builder: ModelBuilder, data: ModelData, columns: Columns) -> None:
    if columns.hosted is None:
        return
    services = data.instance.clinical_services
    pledged = services[services["elective"] & (services["choice_providers"] > 0)]
    needed = data.instance.service_demand[["place", "service"]].merge(pledged, on="service")
    near = _within_threshold(data)
    external = near[near["hosting"] < 0].groupby(["place", "service"]).size()
    keys = pd.MultiIndex.from_frame(needed[["place", "service"]])
    least = needed["choice_providers"].to_numpy(dtype=float) - external.reindex(keys, fill_value=0).to_numpy()
    chosen = needed[least > 0].reset_index(drop=True)
    if chosen.empty:
        return
    internal = near[near["hosting"] >= 0]
    member = pd.MultiIndex.from_frame(chosen[["place", "service"]]).get_indexer(
        pd.MultiIndex.from_frame(internal[["place", "service"]])
    )
    keep = member >= 0
    years = np.arange(data.n_years)
    hosting = internal["hosting"].to_numpy()[keep]
    rows = (member[keep][:, None] * data.n_years + years[None, :]).ravel()
    cells = (columns.hosted.start + hosting[:, None] * data.n_years + years[None, :]).ravel()
    builder.add_constraints(
        PATIENT_CHOICE,
        by_year(chosen[["place", "service"]], data.years),
        Terms(rows, cells, np.ones(rows.size)),
        lower=np.repeat(least[least > 0], data.n_years),
        unit="services",
        description="each place keeps a choice of providers within its travel threshold",
    )


def define_county_services_constraints(builder: ModelBuilder, data: ModelData, columns: Columns) -> None:
    if columns.hosted is None:
        return
    hostings = data.configuration.hostings
    kept = hostings[hostings["county_keeps"].to_numpy(bool) & hostings["elective"].to_numpy(bool)]
    today = kept[kept["hosted_today"].to_numpy(bool)]
    members = today[["county", "service"]].drop_duplicates().sort_values(["county", "service"])
    if members.empty:
        return
    index = pd.MultiIndex.from_frame(members)
    member = index.get_indexer(pd.MultiIndex.from_frame(kept[["county", "service"]]))
    keep = member >= 0
    years = np.arange(data.n_years)
    hosting = kept.index.to_numpy()[keep]
    rows = (member[keep][:, None] * data.n_years + years[None, :]).ravel()
    cells = (columns.hosted.start + hosting[:, None] * data.n_years + years[None, :]).ravel()
    builder.add_constraints(
        COUNTY_SERVICES,
        by_year(members.reset_index(drop=True), data.years),
        Terms(rows, cells, np.ones(rows.size)),
        lower=1.0,
        unit="services",
        description="what a county hosts today stays hosted in the county",
    )


PATIENT_CHOICE_FAMILY = ConstraintFamily(
    name=PATIENT_CHOICE,
    define=define_patient_choice_constraints,
    unit="services",
    phrase="provider of {service} required near {place} ({year})",
    priced=True,
)

COUNTY_SERVICES_FAMILY = ConstraintFamily(
    name=COUNTY_SERVICES,
    define=define_county_services_constraints,
    unit="services",
    phrase="{service} kept in {county} ({year})",
    priced=True,
)
