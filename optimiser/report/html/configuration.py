"""Where services run, in a report of an instance with a service configuration (Burton–Derby): each
clinical service against each site, today and in the target year, and the shared back office."""

from __future__ import annotations

import pandas as pd

from optimiser.report.html.formatting import Column, Table, money, share, table, wte
from optimiser.report.html.reading import Folder
from optimiser.report.html.sections import Section, display_names, named

#: How a service stands at a site: hosted today and in the target year, and the words for it.
STANDING = {
    (True, True): "runs",
    (False, True): "new",
    (True, False): "moves away",
    (False, False): "",
}


def where_services_run(folder: Folder) -> Table:
    """Service by site: whether each service runs there today and in the target year."""
    year = folder.documents["summary"]["target_year"]
    configuration = folder.table("configuration")
    target = configuration[configuration["year"] == year]
    today = target["hosted_today"].astype(str).str.lower().eq("true")
    hosted = target["hosted"].to_numpy(dtype=float) > 0.5
    words = [STANDING[(bool(was), bool(is_now))] for was, is_now in zip(today, hosted, strict=True)]
    grid = target.assign(standing=words).pivot_table(
        index="service", columns="site", values="standing", aggfunc="first", sort=True
    )
    sites = display_names(folder.instance, "sites", "site")
    rows = tuple(
        (str(service), *("" if pd.isna(value) else str(value) for value in values))
        for service, values in grid.iterrows()
    )
    return Table(
        f"Where each service runs in {year}, against today",
        ("Service", *(named(sites, site) for site in grid.columns)),
        rows,
        (False, *([False] * len(grid.columns))),
        note="runs: there today and still; new: started there; moves away: there today, not any more.",
    )


def shared_services(folder: Folder) -> Table:
    """Each back-office function's share run as one shared service, its saving and the staff it
    releases, per year."""
    return table(
        "The shared back office: share of each function shared, its saving and the staff it releases",
        folder.table("sharing"),
        [
            Column("Function", "function", numeric=False),
            Column("Year", "year", numeric=False),
            Column("Shared", "shared", share),
            Column("Saving (£m)", "saving_gbpm", money),
            Column("Staff released (WTE)", "released_wte", wte),
        ],
    )


def configuration_sections(folder: Folder) -> list[Section]:
    """The configuration's section, for a folder that has one; none otherwise."""
    if not folder.has("configuration"):
        return []
    tables: tuple[Table, ...] = (where_services_run(folder),)
    if folder.has("sharing"):
        tables += (shared_services(folder),)
    return [Section("configuration", "Where services run", tables=tables)]
