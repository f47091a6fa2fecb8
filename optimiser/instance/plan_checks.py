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

from optimiser.instance.checks import Labeller, require_known
from optimiser.instance.errors import InstanceError
from optimiser.instance.tables import spreadsheet_row

PLAN = "planned_mix"


def check_plan_decisions(tables: dict[str, pd.DataFrame], label: Labeller) -> None:
    """Closures, hires, redeployments and services a plan states refer to real members, in bounds."""
    _check_closures(tables, label)
    _check_staff(tables, label)
    _check_services(tables, label)
    _check_configuration(tables, label)


def _rows(tables: dict[str, pd.DataFrame], *decisions: str) -> pd.Series:
    return tables[PLAN]["decision"].isin(decisions)


def _raise_first(
    tables: dict[str, pd.DataFrame],
    label: Labeller,
    bad: pd.Series,
    field: str,
    say: Callable[[pd.Series], str],
) -> None:
    """Raise for the first row of `bad`, with the message `say(row)` gives."""
    positions = np.flatnonzero(bad.to_numpy(dtype=bool))
    if positions.size:
        position = int(positions[0])
        row = tables[PLAN].iloc[position]
        raise InstanceError(label(PLAN), say(row), spreadsheet_row(position), field)


def _check_closures(tables: dict[str, pd.DataFrame], label: Labeller) -> None:
    rows = _rows(tables, "closed")
    require_known(tables, label, PLAN, "location", tables["sites"]["site"], "site", rows)
    require_known(tables, label, PLAN, "intervention", tables["settings"]["setting"], "setting", rows)
    beds = tables["site_beds"][["site", "setting", "baseline_beds", "closable"]].rename(
        columns={"site": "location", "setting": "intervention"}
    )
    keys = ["location", "intervention"]
    joined = tables[PLAN][keys].merge(beds, how="left", on=keys)
    closable = joined["closable"].fillna(False).astype(bool)
    _raise_first(
        tables,
        label,
        rows & ~closable,
        "intervention",
        lambda row: f"site {row['location']!r} has no closable {row['intervention']!r} beds in site_beds",
    )
    baseline = joined["baseline_beds"]
    _raise_first(
        tables,
        label,
        rows & (tables[PLAN]["scale"] > baseline),
        "scale",
        lambda row: (
            f"closes {row['scale']:g} beds, more than the baseline "
            f"{baseline.iloc[row.name]:g} {row['intervention']!r} beds at {row['location']!r}"
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
    site = tables[PLAN]["intervention"].map(services.set_index("service")["site"])
    _raise_first(
        tables,
        label,
        rows & (site != tables[PLAN]["location"]),
        "location",
        lambda row: (
            f"service {row['intervention']!r} is at site {site.iloc[row.name]!r}, not {row['location']!r}"
        ),
    )
    _raise_first(
        tables,
        label,
        rows & (tables[PLAN]["scale"] > 1.0),
        "scale",
        lambda row: f"a service is open (1), shut (0) or, in a relaxation, between; got {row['scale']:g}",
    )


def _check_configuration(tables: dict[str, pd.DataFrame], label: Labeller) -> None:
    """A hosted row names a (service, site) of `service_sites` and is at most 1; a shared row names a
    function of `shared_services` at `system` and is a share."""
    hosted = _rows(tables, "hosted")
    offers = set(zip(tables["service_sites"]["service"], tables["service_sites"]["site"], strict=True))
    plan = tables[PLAN]
    known = pd.Series(
        [pair in offers for pair in zip(plan["intervention"], plan["location"], strict=True)],
        index=plan.index,
    )
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
        hosted & (plan["scale"] > 1.0),
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
        shared & (plan["location"] != "system"),
        "location",
        lambda row: (
            f"a shared function is shared across the system: location 'system', not {row['location']!r}"
        ),
    )
    _raise_first(
        tables,
        label,
        shared & (plan["scale"] > 1.0),
        "scale",
        lambda row: f"the share of a function shared is at most 1; got {row['scale']:g}",
    )
