"""Checks across the service configuration's tables: references, and what the model relies on.

Each problem names the file, the row and the field. The checks run only on what an instance holds:
an instance without a configuration has empty tables, and nothing here finds anything in them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from optimiser.instance.checks import Labeller, require_known
from optimiser.instance.errors import Problems
from optimiser.instance.tables import spreadsheet_row

OUT_OF_AREA = "out_of_area"


def check_configuration_references(tables: dict[str, pd.DataFrame], label: Labeller) -> None:
    """Ids used by the configuration's tables must be defined where they belong."""
    places = tables["places"]["place"]
    sites = tables["sites"]["site"]
    services = tables["clinical_services"]["service"]
    references = [
        ("service_sites", "service", services, "clinical service"),
        ("service_sites", "site", sites, "site"),
        ("service_demand", "place", places, "place"),
        ("service_demand", "service", services, "clinical service"),
        ("travel", "place", places, "place"),
        ("travel", "site", sites, "site"),
        ("configuration_sites", "site", sites, "site"),
    ]
    problems = Problems()
    for table, column, allowed, what in references:
        with problems.gathering():
            require_known(tables, label, table, column, allowed, what)
    problems.raise_any()


def check_configuration(tables: dict[str, pd.DataFrame], label: Labeller) -> None:
    """Every place's demand for a service has somewhere in the system to go and a distance to it,
    and every configured site is placed in a county; external providers are never pledged."""
    if not len(tables["service_sites"]) and not len(tables["service_demand"]):
        return  # Nothing is offered or needed, so nothing below can find a problem.
    problems = Problems()
    kinds = tables["sites"].set_index("site")["kind"]
    offers = tables["service_sites"]
    external = (kinds.reindex(offers["site"]).to_numpy() == OUT_OF_AREA) if len(offers) else np.array([])
    internal = offers[~external.astype(bool)] if len(offers) else offers
    demand = tables["service_demand"]
    hosted = demand["service"].isin(internal["service"]).to_numpy()
    for position in np.flatnonzero(~hosted & (demand["activity"].to_numpy(dtype=float) > 0)):
        message = f"service {demand['service'].iloc[position]!r} has no site of the system in service_sites"
        problems.add(label("service_demand"), message, spreadsheet_row(int(position)), "service")
    _check_travel(tables, label, demand, offers, problems)
    pledged = offers["pledge"].notna().to_numpy() & external.astype(bool) if len(offers) else np.array([])
    for position in np.flatnonzero(pledged):
        site = offers["site"].iloc[position]
        message = f"an out-of-area site ({site!r}) is no site of the system to pledge"
        problems.add(label("service_sites"), message, spreadsheet_row(int(position)), "pledge")
    placed = tables["configuration_sites"]["site"]
    unplaced = (
        np.flatnonzero(~internal["site"].isin(placed).to_numpy()) if len(internal) else np.array([], int)
    )
    for position in unplaced:
        site = internal["site"].iloc[position]
        message = f"site {site!r} hosts services but has no row in configuration_sites"
        problems.add(label("service_sites"), message, spreadsheet_row(int(internal.index[position])), "site")
    problems.raise_any()


def _check_travel(
    tables: dict[str, pd.DataFrame],
    label: Labeller,
    demand: pd.DataFrame,
    offers: pd.DataFrame,
    problems: Problems,
) -> None:
    """A distance for every place and every site that offers a service the place needs."""
    needed = demand[["place", "service"]].merge(offers[["service", "site"]], on="service")
    known = set(zip(tables["travel"]["place"], tables["travel"]["site"], strict=True))
    pairs = needed[["place", "site"]].drop_duplicates()
    missing = [pair for pair in zip(pairs["place"], pairs["site"], strict=True) if pair not in known]
    for place, site in missing[:1]:
        problems.add(label("travel"), f"no row for place={place}, site={site}", None, "miles")
