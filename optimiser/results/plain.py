"""Shadow prices restated in the units a finance director and a chief nurse use.

A row's dual is the change in the objective when the row's bound rises by one of its units. Each
family says what one unit of its bound is, in words built from the instance's own names:
"−£0.0397m of cost per extra bed of the acute target in 2020/21".
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from optimiser.instance.container import Instance
from optimiser.linear import LinearModel
from optimiser.models.family import SCALE_UNITS
from optimiser.models.registry import FAMILY

#: The word for each edge of a limit, in a phrase's `{edge}`: a lower bound is a floor.
EDGE_WORDS = {"lower": "floor", "upper": "ceiling"}


def _lookup(ids: pd.Series, values: pd.Series, lower: bool = False) -> dict[object, object]:
    """`ids` to `values` as a plain dict (lowercased with `lower`); a missing value stays missing."""
    return {
        key: value.lower() if lower and isinstance(value, str) else value
        for key, value in zip(ids.tolist(), values.tolist(), strict=True)
    }


def _names(instance: Instance) -> dict[str, dict[object, object]]:
    """Display names for each kind of id the rows are labelled with, and the scale unit of each
    intervention (`unit`) and the intervention each service opens for (`gated`).

    Plain dicts: a few lookups per binding row are far cheaper than a pandas map per family."""
    sites = _lookup(instance.sites["site"], instance.sites["name"])
    services = instance.services
    return {
        "place": _lookup(instance.places["place"], instance.places["name"]),
        "site": sites,
        "setting": _lookup(instance.settings["setting"], instance.settings["name"], lower=True),
        "staff_group": _lookup(
            instance.staff_groups["staff_group"], instance.staff_groups["name"], lower=True
        ),
        "cohort": _lookup(instance.cohorts["cohort"], instance.cohorts["name"], lower=True),
        "intervention": _lookup(
            instance.interventions["intervention"], instance.interventions["name"], lower=True
        ),
        "service": {
            service: None if _missing(sites.get(site)) else f"{service} at {sites[site]}"
            for service, site in zip(services["service"].tolist(), services["site"].tolist(), strict=True)
        },
        "unit": _lookup(instance.interventions["intervention"], instance.interventions["scale_unit"]),
        "gated": _lookup(services["service"], services["intervention"]),
    }


def _missing(value: object) -> bool:
    """None, or NaN (which is not equal to itself), or pandas' NA."""
    return value is None or value is pd.NA or value != value


def _named(lookup: dict[object, object], key: object, otherwise: object) -> object:
    value = lookup.get(key)
    return otherwise if _missing(value) else value


def _labelled(names: dict[str, dict[object, object]], index: pd.DataFrame) -> list[dict[str, object]]:
    """Each row of the index as a record, ids replaced by display names (`names`, from `_names`;
    locations may be places, sites or `system`), with the `unit` of its intervention or service."""
    columns = list(index.columns)
    places, sites = names["place"], names["site"]
    # What each column is looked up in, and where the intervention and service are, found once for
    # the family rather than once a row.
    lookups = [names[column] if column in NAMED else None for column in columns]
    intervention = columns.index("intervention") if "intervention" in columns else None
    service = columns.index("service") if "service" in columns else None
    records = []
    for ids in zip(*(index[column].tolist() for column in columns), strict=True):
        record: dict[str, object] = {}
        for column, lookup, key in zip(columns, lookups, ids, strict=True):
            text = str(key)
            record[column] = text if lookup is None else _named(lookup, text, text)
        if "location" in record:
            location = record["location"]
            record["location"] = _named(places, location, _named(sites, location, "the whole system"))
        if record.get("setting") == "total":
            record["setting"] = "all settings"
        if intervention is not None:
            record["unit"] = _named(names["unit"], ids[intervention], "unit")
        if service is not None:
            gated = names["gated"].get(ids[service])
            record["unit"] = _named(names["unit"], gated, "unit")
        records.append(record)
    return records


#: The kinds of id a row index may hold that have display names.
NAMED = ("place", "site", "setting", "staff_group", "cohort", "intervention", "service")


def row_units(instance: Instance, model: LinearModel) -> np.ndarray:
    """Each row's unit: its family's, with a scale unit read as the row's intervention's own."""
    units = np.empty(model.shape[0], dtype=object)
    unit_of = instance.interventions.set_index("intervention")["scale_unit"]
    gated = instance.services.set_index("service")["intervention"]
    for name, family in model.constraints.items():
        units[family.start : family.stop] = family.unit
        record = FAMILY.get(name)
        if record is None or record.unit != SCALE_UNITS:
            continue
        index = family.index
        interventions = index["intervention"] if "intervention" in index else index["service"].map(gated)
        units[family.start : family.stop] = interventions.map(unit_of).fillna(family.unit).to_numpy()
    return units


def restate_duals(
    instance: Instance,
    model: LinearModel,
    duals: np.ndarray,
    objective_word: str,
    edges: np.ndarray | None = None,
) -> np.ndarray:
    """`"{±money} of {objective} per extra {unit of the bound}"` for every row; blank where the dual is 0.

    `edges` says which bound each row binds on (`lower` or `upper`), for phrases that name it.
    """
    texts = np.full(model.shape[0], "", dtype=object)
    money = model.objective_unit == "£m"
    # The display names are the same for every family, so they are looked up once.
    names = _names(instance)
    for name, family in model.constraints.items():
        record = FAMILY.get(name)
        phrase = None if record is None else record.phrase
        values = duals[family.start : family.stop]
        if phrase is None or family.size == 0 or not np.any(values):
            continue
        # Only rows with a nonzero dual get words: binding rows are few even in a national model.
        rows = np.flatnonzero(values)
        labelled = _labelled(names, family.index.iloc[rows])
        edge = np.full(rows.size, "upper", dtype=object) if edges is None else edges[family.start + rows]
        units = [
            phrase.format(**{**row, "edge": EDGE_WORDS.get(side, "edge")})
            for row, side in zip(labelled, edge, strict=True)
        ]
        shown = [_amount(value, money) for value in values[rows]]
        texts[family.start + rows] = [
            f"{amount} of {objective_word} per extra {unit}"
            for amount, unit in zip(shown, units, strict=True)
        ]
    return texts


def _amount(value: float, money: bool) -> str:
    sign = "−" if value < 0 else "+"
    return f"{sign}£{abs(value):,.4g}m" if money else f"{sign}{abs(value):,.4g} beds"
