"""Checks across tables: references, coverage, sums, units and levels.

Each check is vectorised over its table and raises the first offending row as an `InstanceError`.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd

from optimiser.instance.config import InstanceSettings
from optimiser.instance.errors import InstanceError, Problems
from optimiser.instance.schema import (
    ADMISSIONS_MEASURE,
    EFFECT_KEYS,
    EFFECT_UNITS,
    SCALE_DECISION,
    SYSTEM_LOCATION,
)
from optimiser.instance.tables import spreadsheet_row

SHARE_TOLERANCE = 1e-6
Labeller = Callable[[str], str]


def _first(mask: pd.Series | np.ndarray) -> int | None:
    positions = np.flatnonzero(np.asarray(mask, dtype=bool))
    return int(positions[0]) if positions.size else None


def require_known(
    tables: dict[str, pd.DataFrame],
    label: Labeller,
    table: str,
    column: str,
    allowed: Iterable[str],
    what: str,
    rows: pd.Series | None = None,
) -> None:
    """Every non-blank value of `table.column` (in `rows`, if given) must be one of `allowed`."""
    values = tables[table][column]
    unknown = values.notna() & ~values.isin(list(allowed))
    if rows is not None:
        unknown &= rows
    positions = np.flatnonzero(unknown.to_numpy())
    if positions.size:
        problems = Problems()
        problems.add_rows(
            label(table), positions, column, lambda at: f"unknown {what} {values.iloc[at]!r}", spreadsheet_row
        )
        problems.raise_any()


def require_complete(
    tables: dict[str, pd.DataFrame],
    label: Labeller,
    table: str,
    columns: list[str],
    expected: pd.DataFrame,
) -> None:
    """`table` must have a row for every combination in `expected` (same columns).

    Combinations are compared as a set of tuples: hashing is linear in the rows, and far cheaper
    than a merge on the small tables most instances have.
    """
    present = set(zip(*(tables[table][column] for column in columns), strict=True))
    for combination in zip(*(expected[column] for column in columns), strict=True):
        if combination not in present:
            named = ", ".join(f"{column}={value}" for column, value in zip(columns, combination, strict=True))
            raise InstanceError(label(table), f"no row for {named}", None, columns[-1])


def _product(**levels: Iterable[str]) -> pd.DataFrame:
    names = list(levels)
    return pd.DataFrame(list(itertools.product(*(list(level) for level in levels.values()))), columns=names)


def check_references(tables: dict[str, pd.DataFrame], label: Labeller) -> None:
    """Ids used in one table must be defined in the table that owns them."""
    places = tables["places"]["place"]
    sites = tables["sites"]["site"]
    settings = tables["settings"]["setting"]
    cohorts = tables["cohorts"]["cohort"]
    staff = tables["staff_groups"]["staff_group"]
    interventions = tables["interventions"]["intervention"]
    references = [
        ("sites", "host_place", places, "place"),
        ("site_beds", "site", sites, "site"),
        ("site_beds", "setting", settings, "setting"),
        ("catchment", "place", places, "place"),
        ("catchment", "site", sites, "site"),
        ("catchment", "setting", settings, "setting"),
        ("demand", "place", places, "place"),
        ("demand", "setting", settings, "setting"),
        ("growth", "measure", [*settings, ADMISSIONS_MEASURE], "setting or measure"),
        ("cohort_admissions", "place", places, "place"),
        ("cohort_admissions", "cohort", cohorts, "cohort"),
        ("setting_staff", "setting", settings, "setting"),
        ("setting_staff", "staff_group", staff, "staff group"),
        ("workforce", "place", places, "place"),
        ("workforce", "staff_group", staff, "staff group"),
        ("effects", "intervention", interventions, "intervention"),
        ("eligibility", "intervention", interventions, "intervention"),
        ("commitments", "intervention", interventions, "intervention"),
        ("planned_mix", "intervention", interventions, "intervention"),
        ("services", "site", sites, "site"),
        ("services", "intervention", interventions, "intervention"),
    ]
    for table, column, allowed, what in references:
        # A plan row names an intervention only when it states a scale (see `DECISIONS`).
        rows = scale_rows(tables) if table == "planned_mix" else None
        require_known(tables, label, table, column, allowed, what, rows)


def scale_rows(tables: dict[str, pd.DataFrame]) -> pd.Series:
    """The `planned_mix` rows that state a scale (the others state another decision)."""
    return tables["planned_mix"]["decision"] == SCALE_DECISION


def check_coverage(tables: dict[str, pd.DataFrame], config: InstanceSettings, label: Labeller) -> None:
    """Tables indexed by a product of sets must cover all of it."""
    places = tables["places"]["place"]
    settings = tables["settings"]["setting"]
    staff = tables["staff_groups"]["staff_group"]
    require_complete(tables, label, "demand", ["place", "setting"], _product(place=places, setting=settings))
    measures = [*settings, ADMISSIONS_MEASURE]
    require_known(tables, label, "growth", "year", config.years, "year")
    require_complete(
        tables, label, "growth", ["measure", "year"], _product(measure=measures, year=config.years)
    )
    cohorts = tables["cohorts"]["cohort"]
    require_complete(
        tables,
        label,
        "cohort_admissions",
        ["place", "cohort"],
        _product(place=places, cohort=cohorts),
    )
    require_complete(
        tables,
        label,
        "setting_staff",
        ["setting", "staff_group"],
        _product(setting=settings, staff_group=staff),
    )
    require_complete(
        tables,
        label,
        "workforce",
        ["place", "staff_group"],
        _product(place=places, staff_group=staff),
    )


def check_catchment(tables: dict[str, pd.DataFrame], label: Labeller) -> None:
    """Shares go to sites that hold beds of the setting and sum to 1 wherever a place has demand."""
    catchment = tables["catchment"]
    beds = tables["site_beds"][["site", "setting"]].assign(_has_beds=True)
    joined = catchment.merge(beds, how="left", on=["site", "setting"])
    position = _first(joined["_has_beds"].isna().to_numpy())
    if position is not None:
        row = catchment.iloc[position]
        message = f"site {row['site']!r} has no {row['setting']!r} beds in site_beds"
        raise InstanceError(label("catchment"), message, spreadsheet_row(position), "site")
    totals = catchment.groupby(["place", "setting"], sort=False)["share"].sum()
    demand = tables["demand"].set_index(["place", "setting"])["baseline_bed_days"]
    needed = demand[demand > 0]
    totals = totals.reindex(needed.index, fill_value=0.0)
    off = (totals - 1.0).abs() > SHARE_TOLERANCE
    if off.any():
        place, setting = off[off].index[0]
        rows = np.flatnonzero(((catchment["place"] == place) & (catchment["setting"] == setting)).to_numpy())
        row = spreadsheet_row(int(rows[-1])) if rows.size else None
        message = f"shares of place {place!r} in {setting!r} sum to {totals[(place, setting)]:.6g}, not 1"
        raise InstanceError(label("catchment"), message, row, "share")


def check_effects(tables: dict[str, pd.DataFrame], label: Labeller) -> None:
    """Each effect names the right kind of key and is stated in an accepted unit."""
    effects = tables["effects"]
    keys = {
        "cohort": set(tables["cohorts"]["cohort"]),
        "setting": set(tables["settings"]["setting"]),
        "staff_group": set(tables["staff_groups"]["staff_group"]),
    }
    for effect, kind in EFFECT_KEYS.items():
        rows = effects["effect"] == effect
        key = effects["key"]
        if kind is None:
            bad = rows & key.notna()
            message = f"{effect} takes no key"
        else:
            bad = rows & ~key.isin(keys[kind])
            message = f"{effect} needs a known {kind.replace('_', ' ')} as key"
        position = _first(bad.to_numpy())
        if position is not None:
            shown = effects["key"].iloc[position]
            raise InstanceError(
                label("effects"), f"{message}, got {shown!r}", spreadsheet_row(position), "key"
            )
        accepted = EFFECT_UNITS[effect]
        bad_unit = rows & ~effects["unit"].isin(list(accepted))
        position = _first(bad_unit.to_numpy())
        if position is not None:
            unit = effects["unit"].iloc[position]
            message = f"wrong unit {unit!r} for {effect}; expected {' or '.join(accepted)}"
            raise InstanceError(label("effects"), message, spreadsheet_row(position), "unit")
    system = tables["interventions"].loc[tables["interventions"]["level"] == "system", "intervention"]
    physical = effects["effect"].isin(["admissions_avoided", "bed_days_avoided", "wte"])
    position = _first((effects["intervention"].isin(system) & physical).to_numpy())
    if position is not None:
        message = "a system-level intervention has no place or site for this effect to act on"
        raise InstanceError(label("effects"), message, spreadsheet_row(position), "effect")


def check_locations(tables: dict[str, pd.DataFrame], label: Labeller) -> None:
    """Locations match each intervention's level; plans and services stay within eligibility."""
    level = tables["interventions"].set_index("intervention")["level"]
    allowed = {
        "place": set(tables["places"]["place"]),
        "site": set(tables["sites"]["site"]),
        "system": {SYSTEM_LOCATION},
    }
    for table in ("eligibility", "planned_mix"):
        frame = tables[table]
        levels = frame["intervention"].map(level)
        ok = np.zeros(len(frame), dtype=bool) if table == "eligibility" else ~scale_rows(tables).to_numpy()
        for name, members in allowed.items():
            ok |= ((levels == name) & frame["location"].isin(members)).to_numpy()
        position = _first(~ok)
        if position is not None:
            row = frame.iloc[position]
            message = f"{row['location']!r} is not a {levels.iloc[position]} for {row['intervention']!r}"
            raise InstanceError(label(table), message, spreadsheet_row(position), "location")
    eligibility = tables["eligibility"]
    position = _first((eligibility["min_scale"] > eligibility["max_scale"]).to_numpy())
    if position is not None:
        raise InstanceError(
            label("eligibility"),
            "min_scale exceeds max_scale",
            spreadsheet_row(position),
            "min_scale",
        )
    eligible = eligibility[["intervention", "location"]].assign(_eligible=True)
    plan = tables["planned_mix"].merge(eligible, how="left", on=["intervention", "location"])
    position = _first(plan["_eligible"].isna().to_numpy() & scale_rows(tables).to_numpy())
    if position is not None:
        message = "intervention is not eligible at this location (no eligibility row)"
        raise InstanceError(label("planned_mix"), message, spreadsheet_row(position), "location")
    services = tables["services"]
    site_level = services["intervention"].map(level) == "site"
    position = _first(~site_level.to_numpy())
    if position is not None:
        raise InstanceError(
            label("services"),
            "a service must gate a site-level intervention",
            spreadsheet_row(position),
            "intervention",
        )
    gated = services.rename(columns={"site": "location"}).merge(
        eligible, how="left", on=["intervention", "location"]
    )
    position = _first(gated["_eligible"].isna().to_numpy())
    if position is not None:
        raise InstanceError(
            label("services"),
            "intervention is not eligible at this site",
            spreadsheet_row(position),
            "site",
        )
    duplicated = services.duplicated(subset=["site", "intervention"])
    position = _first(duplicated.to_numpy())
    if position is not None:
        raise InstanceError(
            label("services"),
            "two services gate the same intervention at one site",
            spreadsheet_row(position),
            "intervention",
        )


def check_plan_years(tables: dict[str, pd.DataFrame], config: InstanceSettings, label: Labeller) -> None:
    require_known(tables, label, "planned_mix", "year", config.years, "year")
    require_known(tables, label, "commitments", "year", config.years, "year")
    _check_commitments(tables, label)


def _check_commitments(tables: dict[str, pd.DataFrame], label: Labeller) -> None:
    """A commitment names an eligible deployment and stays within its largest scale."""
    eligibility = tables["eligibility"][["intervention", "location", "max_scale"]]
    committed = tables["commitments"].merge(eligibility, how="left", on=["intervention", "location"])
    position = _first(committed["max_scale"].isna().to_numpy())
    if position is not None:
        message = "intervention is not eligible at this location (no eligibility row)"
        raise InstanceError(label("commitments"), message, spreadsheet_row(position), "location")
    position = _first((committed["min_scale"] > committed["max_scale"]).to_numpy())
    if position is not None:
        message = "commitment exceeds the eligibility row's max_scale"
        raise InstanceError(label("commitments"), message, spreadsheet_row(position), "min_scale")
