"""The service configuration's index sets and coefficients, derived once from an instance.

- `hostings`: each (clinical service, site of the system) that may host it, in key order, with
  whether it does today, its capacity, fixed running cost and capital (£m), its pledge, and its
  site's county and community pledge. The `hosted` columns follow this order.
- `external`: each (service, out-of-area site) offering it: a provider outside the system that
  patients may choose, never a decision.
- `allocations`: each (place, service, hosting site) a place's activity may go to, with the cost
  of one unit there (£m: the site's unit cost plus the return journey at the travel cost), the
  position of its hosting and of its demand. The `activity` columns follow this order.
- `demand`: each (place, service) with activity to meet, in key order.
- `functions`: the shared back-office functions, with their saving (£m a year) when wholly shared.

Every frame is empty for an instance without a configuration, so every family over it is empty.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from optimiser.instance.container import Instance
from optimiser.models.joins import inner_join, lookup, taken

GBP_PER_GBPM = 1e6
OUT_OF_AREA = "out_of_area"
#: A patient travels to the site and back: the configuration values both legs.
JOURNEY_LEGS = 2.0


@dataclass(frozen=True)
class Configuration:
    """Where clinical services may run, who needs them, and what sharing back offices saves."""

    hostings: pd.DataFrame
    external: pd.DataFrame
    allocations: pd.DataFrame
    demand: pd.DataFrame
    functions: pd.DataFrame
    travel_gbp_per_mile: float
    most_moves: float | None

    @property
    def active(self) -> bool:
        return len(self.hostings) > 0


def build_configuration(instance: Instance) -> Configuration:
    """Derive the configuration's arrays from `instance` (empty frames when it has none)."""
    parameters = instance.config.parameters
    travel = parameters.travel_cost_gbp_per_patient_mile
    moves = parameters.most_service_moves
    hostings, external = _hostings(instance)
    demand = instance.service_demand[["place", "service", "activity"]].reset_index(drop=True)
    travel_gbp = travel.value if travel is not None else 0.0
    return Configuration(
        hostings=hostings,
        external=external,
        allocations=_allocations(instance, hostings, demand, travel_gbp),
        demand=demand,
        functions=_functions(instance),
        travel_gbp_per_mile=travel_gbp,
        most_moves=moves.value if moves is not None else None,
    )


def _hostings(instance: Instance) -> tuple[pd.DataFrame, pd.DataFrame]:
    offers = instance.service_sites
    outside = _at(instance.sites, "site", offers["site"], "kind", object) == OUT_OF_AREA
    internal = np.flatnonzero(~outside)

    def offered(column: str, dtype: type | None = None) -> np.ndarray:
        return offers[column].to_numpy(dtype=dtype)[internal]

    sites, services = instance.configuration_sites, instance.clinical_services
    site, service = offered("site"), offered("service")
    hostings = pd.DataFrame(
        {
            "service": service,
            "site": site,
            "hosted_today": offered("hosted_today", bool),
            "capacity": offered("capacity", float),
            "fixed_gbpm": offered("fixed_cost_gbp_per_year", float) / GBP_PER_GBPM,
            "capital_gbpm": offered("capital_gbp", float) / GBP_PER_GBPM,
            "pledge": offered("pledge", object),
            "county": _at(sites, "site", site, "county", object),
            "county_keeps": _at(sites, "site", site, "county_keeps_services", bool),
            "new_services": _at(sites, "site", site, "new_services", float),
            "min_volume": _at(services, "service", service, "min_volume", float),
            "elective": _at(services, "service", service, "elective", bool),
        }
    )
    external_rows = np.flatnonzero(outside)
    external = pd.DataFrame(
        {
            "service": offers["service"].array.take(external_rows),
            "site": offers["site"].array.take(external_rows),
        }
    )
    return hostings, external


def _at(
    table: pd.DataFrame, key: str, labels: pd.Series | np.ndarray, column: str, dtype: type
) -> np.ndarray:
    """`table[column]` at each of `labels` in `table[key]` (unique), as `set_index(key)[column]
    .reindex(labels).to_numpy(dtype)` gives it; found with `lookup` unless a label is missing, when
    pandas decides what a missing value becomes."""
    position = lookup([labels], [table[key]])
    if (position >= 0).all():
        return table[column].to_numpy(dtype=dtype)[position]
    return table.set_index(key)[column].reindex(labels).to_numpy(dtype=dtype)


def _allocations(
    instance: Instance, hostings: pd.DataFrame, demand: pd.DataFrame, travel_gbp: float
) -> pd.DataFrame:
    """Each (place, service) of `demand` against each hosting of its service, sorted by place, service
    and site (joined with `joins`: pandas' fixed cost per merge is most of what these small tables cost)."""
    need, host = inner_join([demand["service"]], [hostings["service"]])
    place = demand["place"].to_numpy(dtype=object)[need]
    service = demand["service"].to_numpy(dtype=object)[need]
    site = hostings["site"].to_numpy(dtype=object)[host]
    # Each key's rank in sorted order; the last key given to lexsort is the first sorted by.
    ranks = (
        pd.factorize(site, sort=True)[0],
        pd.factorize(service, sort=True)[0],
        pd.factorize(place, sort=True)[0],
    )
    order = np.lexsort(ranks) if len(need) else np.zeros(0, dtype=np.intp)
    need, host, place, service, site = need[order], host[order], place[order], service[order], site[order]
    travel, offers = instance.travel, instance.service_sites
    miles = taken(travel["miles"], lookup([place, site], [travel["place"], travel["site"]]))
    unit = taken(offers["unit_cost_gbp"], lookup([service, site], [offers["service"], offers["site"]]))
    return pd.DataFrame(
        {
            "place": demand["place"].array.take(need),
            "service": _services(demand, hostings, host),
            "demand": need.astype(np.int64),
            "site": hostings["site"].array.take(host),
            "hosting": host.astype(np.int64),
            "miles": miles,
            "unit_gbpm": unit / GBP_PER_GBPM,
            "travel_gbpm": JOURNEY_LEGS * miles * travel_gbp / GBP_PER_GBPM,
        }
    )


def _services(
    demand: pd.DataFrame, hostings: pd.DataFrame, hosting: np.ndarray
) -> pd.api.extensions.ExtensionArray:
    """The service of each allocation; with none, typed as the merge this replaced typed it (as the
    demand's services if there is demand, else as the hostings')."""
    if len(hosting):
        return hostings["service"].array.take(hosting)
    return (demand if len(demand) else hostings)["service"].array[:0]


def _functions(instance: Instance) -> pd.DataFrame:
    frame = instance.shared_services.reset_index(drop=True)
    return pd.DataFrame(
        {
            "function": frame["function"].to_numpy(),
            "saving_gbpm": frame["cost_gbp_per_year"].to_numpy(dtype=float)
            * frame["saving_share"].to_numpy(dtype=float)
            / GBP_PER_GBPM,
            "staff_wte": frame["staff_wte"].to_numpy(dtype=float),
            "released_wte": frame["released_wte"].to_numpy(dtype=float),
            "turnover_share": frame["turnover_share"].to_numpy(dtype=float),
        }
    )
