"""Checks of the `planned_mix` rows that state a decision other than a scale (see `DECISIONS`).

A non-scale row names its decision's two index fields in `location` and `intervention`; each must
name a member the model has (a closable site and setting, a place and staff group, a service at
its own site), and its value must lie within that member's bounds. Scale rows are checked with the
other tables in `checks.py`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from optimiser.instance.checks import Labeller, cells, members, pairs, require_known
from optimiser.instance.errors import InstanceError
from optimiser.instance.tables import spreadsheet_row

PLAN = "planned_mix"


def check_plan_decisions(tables: dict[str, pd.DataFrame], label: Labeller) -> None:
    """Closures, hires, redeployments and services a plan states refer to real members, in bounds."""
    _check_closures(tables, label)
    _check_staff(tables, label)
    _check_services(tables, label)
    _check_configuration(tables, label)


def _rows(tables: dict[str, pd.DataFrame], *decisions: str) -> np.ndarray:
    return members(cells(tables, PLAN, "decision"), set(decisions))


def _scale(tables: dict[str, pd.DataFrame]) -> np.ndarray:
    return tables[PLAN]["scale"].to_numpy(dtype=float)


def _raise_first(
    tables: dict[str, pd.DataFrame],
    label: Labeller,
    bad: np.ndarray,
    field: str,
    say: Callable[[pd.Series], str],
) -> None:
    """Raise for the first row of `bad`, with the message `say(row)` gives."""
    positions = np.flatnonzero(np.asarray(bad, dtype=bool))
    if positions.size:
        position = int(positions[0])
        row = tables[PLAN].iloc[position]
        raise InstanceError(label(PLAN), say(row), spreadsheet_row(position), field)


def _check_closures(tables: dict[str, pd.DataFrame], label: Labeller) -> None:
    rows = _rows(tables, "closed")
    require_known(tables, label, PLAN, "location", tables["sites"]["site"], "site", rows)
    require_known(tables, label, PLAN, "intervention", tables["settings"]["setting"], "setting", rows)
    beds = pairs(tables, "site_beds", "site", "setting")
    flags = tables["site_beds"]["closable"].to_numpy(dtype=bool)
    closable = {pair for pair, flag in zip(beds, flags, strict=True) if flag}
    baselines = dict(zip(beds, tables["site_beds"]["baseline_beds"].to_numpy(dtype=float), strict=True))
    planned = pairs(tables, PLAN, "location", "intervention")
    _raise_first(
        tables,
        label,
        rows & ~members(planned, closable),
        "intervention",
        lambda row: f"site {row['location']!r} has no closable {row['intervention']!r} beds in site_beds",
    )
    baseline = np.array([baselines.get(pair, np.nan) for pair in planned], dtype=float)
    _raise_first(
        tables,
        label,
        rows & (_scale(tables) > baseline),
        "scale",
        lambda row: (
            f"closes {row['scale']:g} beds, more than the baseline "
            f"{baseline[row.name]:g} {row['intervention']!r} beds at {row['location']!r}"
        ),
    )


def _check_staff(tables: dict[str, pd.DataFrame], label: Labeller) -> None:
    rows = _rows(tables, "hired", "redeployed")
    require_known(tables, label, PLAN, "location", tables["places"]["place"], "place", rows)
    staff = tables["staff_groups"]["staff_group"]
    require_known(tables, label, PLAN, "intervention", staff, "staff group", rows)


def _check_services(tables: dict[str, pd.DataFrame], label: Labeller) -> None:
    rows = _rows(tables, "opened")
    services = tables["services"]
    require_known(tables, label, PLAN, "intervention", services["service"], "service", rows)
    # A name that is no service has no site; it is worded as pandas' map left it, NaN.
    sites = dict(pairs(tables, "services", "service", "site"))
    site = [sites.get(name, np.nan) for name in cells(tables, PLAN, "intervention")]
    _raise_first(
        tables,
        label,
        rows & (np.array(site, dtype=object) != cells(tables, PLAN, "location")),
        "location",
        lambda row: f"service {row['intervention']!r} is at site {site[row.name]!r}, not {row['location']!r}",
    )
    _raise_first(
        tables,
        label,
        rows & (_scale(tables) > 1.0),
        "scale",
        lambda row: f"a service is open (1), shut (0) or, in a relaxation, between; got {row['scale']:g}",
    )


def _check_configuration(tables: dict[str, pd.DataFrame], label: Labeller) -> None:
    """A hosted row names a (service, site) of `service_sites` and is at most 1; a shared row names a
    function of `shared_services` at `system` and is a share."""
    hosted = _rows(tables, "hosted")
    offers = set(pairs(tables, "service_sites", "service", "site"))
    known = members(pairs(tables, PLAN, "intervention", "location"), offers)
    _raise_first(
        tables,
        label,
        hosted & ~known,
        "location",
        lambda row: f"service_sites has no row for {row['intervention']!r} at {row['location']!r}",
    )
    _raise_first(
        tables,
        label,
        hosted & (_scale(tables) > 1.0),
        "scale",
        lambda row: f"a service is hosted (1), not (0) or, in a relaxation, between; got {row['scale']:g}",
    )
    shared = _rows(tables, "shared")
    require_known(
        tables, label, PLAN, "intervention", tables["shared_services"]["function"], "function", shared
    )
    _raise_first(
        tables,
        label,
        shared & (cells(tables, PLAN, "location") != "system"),
        "location",
        lambda row: (
            f"a shared function is shared across the system: location 'system', not {row['location']!r}"
        ),
    )
    _raise_first(
        tables,
        label,
        shared & (_scale(tables) > 1.0),
        "scale",
        lambda row: f"the share of a function shared is at most 1; got {row['scale']:g}",
    )
