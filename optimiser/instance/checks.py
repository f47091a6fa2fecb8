"""Checks across tables: references, coverage, sums, units and levels.

Each check raises the first offending row as an `InstanceError`. Columns are compared as arrays of
Python objects against sets (see `cells` and `members`): an instance's tables are small, and pandas'
fixed cost per `isin`, `map` or merge was most of what a check cost.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Collection, Iterable, Sequence

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


def _first(mask: pd.Series | np.ndarray | list[bool]) -> int | None:
    positions = np.flatnonzero(np.asarray(mask, dtype=bool))
    return int(positions[0]) if positions.size else None


def cells(tables: dict[str, pd.DataFrame], table: str, column: str) -> np.ndarray:
    """A column's values as Python objects: texts, and NaN where blank."""
    return tables[table][column].to_numpy(dtype=object)


def members(values: Sequence[object] | np.ndarray, known: Collection[object]) -> np.ndarray:
    """Which of `values` are in `known` (a set, for a lookup per value)."""
    return np.fromiter((value in known for value in values), dtype=bool, count=len(values))


def pairs(
    tables: dict[str, pd.DataFrame], table: str, first: str, second: str
) -> list[tuple[object, object]]:
    """Each row's values of two columns."""
    return list(zip(cells(tables, table, first), cells(tables, table, second), strict=True))


def texts(values: Iterable[str]) -> set[str]:
    """A set of texts, from a column or any other collection of them."""
    if isinstance(values, pd.Series | pd.Index):
        return set(values.to_numpy(dtype=object).tolist())
    return set(values)


def require_known(
    tables: dict[str, pd.DataFrame],
    label: Labeller,
    table: str,
    column: str,
    allowed: Iterable[str],
    what: str,
    rows: pd.Series | np.ndarray | None = None,
) -> None:
    """Every non-blank value of `table.column` (in `rows`, if given) must be one of `allowed`."""
    values = cells(tables, table, column)
    if not len(values):
        return
    unknown = ~pd.isna(values) & ~members(values, texts(allowed))
    if rows is not None:
        unknown &= np.asarray(rows, dtype=bool)
    positions = np.flatnonzero(unknown)
    if positions.size:
        problems = Problems()
        problems.add_rows(
            label(table), positions, column, lambda at: f"unknown {what} {values[at]!r}", spreadsheet_row
        )
        problems.raise_any()


def require_complete(
    tables: dict[str, pd.DataFrame],
    label: Labeller,
    table: str,
    columns: list[str],
    expected: Iterable[tuple[str, ...]],
) -> None:
    """`table` must have a row for every combination in `expected` (one value per column).

    Combinations are compared as a set of tuples: hashing is linear in the rows, and far cheaper
    than a merge on the small tables most instances have.
    """
    present = set(zip(*(cells(tables, table, column) for column in columns), strict=True))
    for combination in expected:
        if combination not in present:
            named = ", ".join(f"{column}={value}" for column, value in zip(columns, combination, strict=True))
            raise InstanceError(label(table), f"no row for {named}", None, columns[-1])


def _product(*levels: Iterable[str]) -> Iterable[tuple[str, ...]]:
    return itertools.product(*(texts_in_order(level) for level in levels))


def texts_in_order(values: Iterable[str]) -> list[str]:
    """The texts of a column (or any collection), in order."""
    if isinstance(values, pd.Series | pd.Index):
        return values.to_numpy(dtype=object).tolist()
    return list(values)


def check_references(tables: dict[str, pd.DataFrame], label: Labeller) -> None:
    """Ids used in one table must be defined in the table that owns them."""
    places = tables["places"]["place"]
    sites = tables["sites"]["site"]
    settings = tables["settings"]["setting"]
    cohorts = tables["cohorts"]["cohort"]
    staff = tables["staff_groups"]["staff_group"]
    interventions = tables["interventions"]["intervention"]
    scale = scale_rows(tables)
    references = [
        ("sites", "host_place", places, "place"),
        ("site_beds", "site", sites, "site"),
        ("site_beds", "setting", settings, "setting"),
        ("catchment", "place", places, "place"),
        ("catchment", "site", sites, "site"),
        ("catchment", "setting", settings, "setting"),
        ("demand", "place", places, "place"),
        ("demand", "setting", settings, "setting"),
        ("growth", "measure", [*texts_in_order(settings), ADMISSIONS_MEASURE], "setting or measure"),
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
        require_known(tables, label, table, column, allowed, what, scale if table == "planned_mix" else None)


def scale_rows(tables: dict[str, pd.DataFrame]) -> np.ndarray:
    """The `planned_mix` rows that state a scale (the others state another decision)."""
    return cells(tables, "planned_mix", "decision") == SCALE_DECISION


def check_coverage(tables: dict[str, pd.DataFrame], config: InstanceSettings, label: Labeller) -> None:
    """Tables indexed by a product of sets must cover all of it."""
    places = tables["places"]["place"]
    settings = tables["settings"]["setting"]
    staff = tables["staff_groups"]["staff_group"]
    require_complete(tables, label, "demand", ["place", "setting"], _product(places, settings))
    measures = [*texts_in_order(settings), ADMISSIONS_MEASURE]
    require_known(tables, label, "growth", "year", config.years, "year")
    require_complete(tables, label, "growth", ["measure", "year"], _product(measures, config.years))
    cohorts = tables["cohorts"]["cohort"]
    require_complete(tables, label, "cohort_admissions", ["place", "cohort"], _product(places, cohorts))
    require_complete(tables, label, "setting_staff", ["setting", "staff_group"], _product(settings, staff))
    require_complete(tables, label, "workforce", ["place", "staff_group"], _product(places, staff))


def check_catchment(tables: dict[str, pd.DataFrame], label: Labeller) -> None:
    """Shares go to sites that hold beds of the setting and sum to 1 wherever a place has demand."""
    catchment = tables["catchment"]
    beds = set(pairs(tables, "site_beds", "site", "setting"))
    position = _first(~members(pairs(tables, "catchment", "site", "setting"), beds))
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
    effect = cells(tables, "effects", "effect")
    key = cells(tables, "effects", "key")
    unit = cells(tables, "effects", "unit")
    keys = {
        "cohort": texts(tables["cohorts"]["cohort"]),
        "setting": texts(tables["settings"]["setting"]),
        "staff_group": texts(tables["staff_groups"]["staff_group"]),
    }
    for name, kind in EFFECT_KEYS.items():
        rows = effect == name
        if kind is None:
            bad = rows & ~pd.isna(key)
            message = f"{name} takes no key"
        else:
            bad = rows & ~members(key, keys[kind])
            message = f"{name} needs a known {kind.replace('_', ' ')} as key"
        position = _first(bad)
        if position is not None:
            raise InstanceError(
                label("effects"), f"{message}, got {key[position]!r}", spreadsheet_row(position), "key"
            )
        accepted = EFFECT_UNITS[name]
        position = _first(rows & ~members(unit, accepted))
        if position is not None:
            message = f"wrong unit {unit[position]!r} for {name}; expected {' or '.join(accepted)}"
            raise InstanceError(label("effects"), message, spreadsheet_row(position), "unit")
    level = cells(tables, "interventions", "level")
    system = set(cells(tables, "interventions", "intervention")[level == "system"].tolist())
    physical = members(effect, {"admissions_avoided", "bed_days_avoided", "wte"})
    position = _first(members(cells(tables, "effects", "intervention"), system) & physical)
    if position is not None:
        message = "a system-level intervention has no place or site for this effect to act on"
        raise InstanceError(label("effects"), message, spreadsheet_row(position), "effect")


def check_locations(tables: dict[str, pd.DataFrame], label: Labeller) -> None:
    """Locations match each intervention's level; plans and services stay within eligibility."""
    level = dict(pairs(tables, "interventions", "intervention", "level"))
    allowed: dict[str, set[str]] = {
        "place": texts(tables["places"]["place"]),
        "site": texts(tables["sites"]["site"]),
        "system": {SYSTEM_LOCATION},
    }
    for table in ("eligibility", "planned_mix"):
        # An intervention not in the catalogue has no level; it is worded as pandas' map left it, NaN.
        levels = [level.get(name, np.nan) for name in cells(tables, table, "intervention")]
        ok = np.zeros(len(levels), dtype=bool) if table == "eligibility" else ~scale_rows(tables)
        locations = cells(tables, table, "location")
        located = [
            where in allowed.get(str(kind), set()) for kind, where in zip(levels, locations, strict=True)
        ]
        ok |= np.array(located, dtype=bool)
        position = _first(~ok)
        if position is not None:
            row = tables[table].iloc[position]
            message = f"{row['location']!r} is not a {levels[position]} for {row['intervention']!r}"
            raise InstanceError(label(table), message, spreadsheet_row(position), "location")
    eligibility = tables["eligibility"]
    position = _first(eligibility["min_scale"].to_numpy() > eligibility["max_scale"].to_numpy())
    if position is not None:
        raise InstanceError(
            label("eligibility"),
            "min_scale exceeds max_scale",
            spreadsheet_row(position),
            "min_scale",
        )
    eligible = set(pairs(tables, "eligibility", "intervention", "location"))
    position = _first(
        ~members(pairs(tables, "planned_mix", "intervention", "location"), eligible) & scale_rows(tables)
    )
    if position is not None:
        message = "intervention is not eligible at this location (no eligibility row)"
        raise InstanceError(label("planned_mix"), message, spreadsheet_row(position), "location")
    _check_services(tables, label, level, eligible)


def _repeats(values: list[tuple[object, object]]) -> list[bool]:
    """Whether each value repeats one before it."""
    seen: set[tuple[object, object]] = set()
    repeats = []
    for value in values:
        repeats.append(value in seen)
        seen.add(value)
    return repeats


def _check_services(
    tables: dict[str, pd.DataFrame],
    label: Labeller,
    level: dict[object, object],
    eligible: set[tuple[object, object]],
) -> None:
    """A service gates a site-level intervention eligible at its site, and only one service gates it."""
    gated = pairs(tables, "services", "intervention", "site")
    position = _first([level.get(intervention) != "site" for intervention, _ in gated])
    if position is not None:
        raise InstanceError(
            label("services"),
            "a service must gate a site-level intervention",
            spreadsheet_row(position),
            "intervention",
        )
    position = _first(~members(gated, eligible))
    if position is not None:
        raise InstanceError(
            label("services"),
            "intervention is not eligible at this site",
            spreadsheet_row(position),
            "site",
        )
    position = _first(_repeats(gated))
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
    largest = dict(
        zip(
            pairs(tables, "eligibility", "intervention", "location"),
            tables["eligibility"]["max_scale"].to_numpy(dtype=float),
            strict=True,
        )
    )
    max_scale = np.array(
        [largest.get(pair, np.nan) for pair in pairs(tables, "commitments", "intervention", "location")]
    )
    position = _first(np.isnan(max_scale))
    if position is not None:
        message = "intervention is not eligible at this location (no eligibility row)"
        raise InstanceError(label("commitments"), message, spreadsheet_row(position), "location")
    position = _first(tables["commitments"]["min_scale"].to_numpy(dtype=float) > max_scale)
    if position is not None:
        message = "commitment exceeds the eligibility row's max_scale"
        raise InstanceError(label("commitments"), message, spreadsheet_row(position), "min_scale")
