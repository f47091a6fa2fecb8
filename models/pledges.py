"""The pledges a service configuration keeps — where services stay, what community hospitals gain,
and how few services move. Each is a choice the trusts made in public (`priced`), switchable like
every family, so that what it costs is the difference between solves with and without it.

Seed: `000_96429cf4d623d4ee.txt` (S0), the collaboration's briefing, "13. Our Five Pledges".

`district_general_hospital` (S0:406-408 "We will retain a vibrant district general hospital in /
Burton including our A&E"; S0:70-74 "Queen's Hospital will remain a vibrant / District General"),
index (service, site, year) over the `service_sites` rows whose pledge is `dgh`:

    hosted[j,s,t] ≥ 1

`specialised_services` (S0:410-412 "We will sustain and develop existing specialised / services in
Derby"), index (service, site, year) over the rows whose pledge is `specialised`:

    hosted[j,s,t] ≥ 1

`community_services_kept` (S0:414-418 "We will introduce services in our community hospitals / at
Lichfield and Tamworth …"; S0:364-366 "we are looking to introduce more / services in these
hospitals"), index (service, site, year) over the services a pledged community site (one with
`new_services` > 0 in `configuration_sites`) hosts today: none is lost,

    hosted[j,s,t] ≥ 1

`community_services_new` (the same lines), index (site), filtered to pledged community sites, in
the target year: the site gains at least `new_services` services it does not host today,

    Σ_{j not hosted at s today} hosted[j,s,T] ≥ new_services[s]

`service_moves` (S0:368-370 "with just one or / two exceptions, our plans do not involve services
moving"), index (year), filtered to instances with `[parameters.most_service_moves]`: at most that
many services leave a site that hosts them today,

    Σ_{(j,s) hosted today} (1 − hosted[j,s,t]) ≤ most_moves,
    i.e.  − Σ_{(j,s) hosted today} hosted[j,s,t] ≤ most_moves − (services hosted today)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from optimiser.linear import ModelBuilder, Terms
from optimiser.models.configuration import hosted_terms
from optimiser.models.data import ModelData
from optimiser.models.family import ConstraintFamily
from optimiser.models.indexing import by_year
from optimiser.models.variables import Columns

DISTRICT_GENERAL_HOSPITAL = "district_general_hospital"
SPECIALISED_SERVICES = "specialised_services"
COMMUNITY_SERVICES_KEPT = "community_services_kept"
COMMUNITY_SERVICES_NEW = "community_services_new"
SERVICE_MOVES = "service_moves"


def _keep_hosted(
    builder: ModelBuilder, data: ModelData, columns: Columns, name: str, chosen: np.ndarray, words: str
) -> None:
    """Rows `hosted[j,s,t] ≥ 1` for the chosen hostings in every year."""
    if chosen.size == 0:
        return
    assert columns.hosted is not None
    hostings = data.configuration.hostings
    builder.add_constraints(
        name,
        by_year(hostings.iloc[chosen][["service", "site"]], data.years),
        hosted_terms(columns.hosted, chosen, data.n_years, np.ones(chosen.size)),
        lower=1.0,
        unit="services",
        description=words,
    )


def _pledged(data: ModelData, pledge: str) -> np.ndarray:
    return np.flatnonzero(data.configuration.hostings["pledge"].to_numpy(dtype=object) == pledge)


def define_district_general_hospital_constraints(
    builder: ModelBuilder, data: ModelData, columns: Columns
) -> None:
    chosen = _pledged(data, "dgh")
    _keep_hosted(
        builder, data, columns, DISTRICT_GENERAL_HOSPITAL, chosen, "the district general hospital keeps it"
    )


def define_specialised_services_constraints(builder: ModelBuilder, data: ModelData, columns: Columns) -> None:
    chosen = _pledged(data, "specialised")
    _keep_hosted(builder, data, columns, SPECIALISED_SERVICES, chosen, "a specialised service is sustained")


def define_community_services_kept_constraints(
    builder: ModelBuilder, data: ModelData, columns: Columns
) -> None:
    hostings = data.configuration.hostings
    chosen = np.flatnonzero(
        hostings["hosted_today"].to_numpy(bool) & (hostings["new_services"].to_numpy() > 0)
    )
    _keep_hosted(
        builder, data, columns, COMMUNITY_SERVICES_KEPT, chosen, "no service lost at a community hospital"
    )


def define_community_services_new_constraints(
    builder: ModelBuilder, data: ModelData, columns: Columns
) -> None:
    hostings = data.configuration.hostings
    pledged = hostings["new_services"].to_numpy() > 0
    if columns.hosted is None or not pledged.any():
        return
    sites = pd.Index(pd.unique(hostings["site"][pledged]), name="site")
    candidates = np.flatnonzero(pledged & ~hostings["hosted_today"].to_numpy(bool))
    rows = sites.get_indexer(hostings["site"].iloc[candidates])
    cells = columns.hosted.start + candidates * data.n_years + data.target_position
    least = hostings.groupby("site")["new_services"].first().reindex(sites).to_numpy(dtype=float)
    builder.add_constraints(
        COMMUNITY_SERVICES_NEW,
        sites.to_frame(index=False),
        Terms(rows, cells, np.ones(rows.size)),
        lower=least,
        unit="services",
        description=f"a community hospital gains new services by {data.instance.target_year}",
    )


def define_service_moves_constraints(builder: ModelBuilder, data: ModelData, columns: Columns) -> None:
    configuration = data.configuration
    if columns.hosted is None or configuration.most_moves is None:
        return
    today = np.flatnonzero(configuration.hostings["hosted_today"].to_numpy(bool))
    spread = hosted_terms(columns.hosted, today, data.n_years, -np.ones(today.size))
    builder.add_constraints(
        SERVICE_MOVES,
        pd.DataFrame({"year": data.years.to_numpy(dtype=object)}),
        Terms(spread.rows % data.n_years, spread.columns, spread.values),
        upper=configuration.most_moves - today.size,
        offset=float(today.size),
        unit="services",
        description="at most one or two services leave the sites that host them today",
    )


def _site_pledge(name: str, define: object, phrase: str) -> ConstraintFamily:
    assert callable(define)
    return ConstraintFamily(name=name, define=define, unit="services", phrase=phrase, priced=True)


DISTRICT_GENERAL_HOSPITAL_FAMILY = _site_pledge(
    DISTRICT_GENERAL_HOSPITAL,
    define_district_general_hospital_constraints,
    "{service} kept at {site} ({year})",
)
SPECIALISED_SERVICES_FAMILY = _site_pledge(
    SPECIALISED_SERVICES, define_specialised_services_constraints, "{service} sustained at {site} ({year})"
)
COMMUNITY_SERVICES_KEPT_FAMILY = _site_pledge(
    COMMUNITY_SERVICES_KEPT, define_community_services_kept_constraints, "{service} kept at {site} ({year})"
)
COMMUNITY_SERVICES_NEW_FAMILY = _site_pledge(
    COMMUNITY_SERVICES_NEW, define_community_services_new_constraints, "new service required at {site}"
)
SERVICE_MOVES_FAMILY = _site_pledge(
    SERVICE_MOVES, define_service_moves_constraints, "service allowed to move ({year})"
)
