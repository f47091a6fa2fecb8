"""Shadow prices restated in the units a finance director and a chief nurse use.

A row's dual is the change in the objective when the row's bound rises by one of its units. Each
family says what one unit of its bound is, in words built from the instance's own names:
"−£0.0397m of cost per extra bed of the acute target in 2020/21".
"""

from __future__ import annotations

import functools
import string
from collections.abc import Callable

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


def _labels(names: dict[str, dict[object, object]], index: pd.DataFrame) -> dict[str, list[object]]:
    """Each column of the index, ids replaced by display names (`names`, from `_names`; locations
    may be places, sites or `system`), and the `unit` of each row's intervention or service.

    Column by column: each distinct id is spelled once and the spellings spread over the rows, as a
    family's rows repeat the same few places, sites and years."""
    labels: dict[str, list[object]] = {}
    for column in index.columns:
        keys = index[column].tolist()
        labels[str(column)] = _spread(keys, functools.partial(_display, names, str(column)))
    if "intervention" in labels:
        keys = index["intervention"].tolist()
        labels["unit"] = _spread(keys, lambda key: _named(names["unit"], key, "unit"))
    if "service" in labels:
        keys = index["service"].tolist()
        labels["unit"] = _spread(keys, lambda key: _named(names["unit"], names["gated"].get(key), "unit"))
    return labels


def _spread(keys: list[object], spell: Callable[[object], object]) -> list[object]:
    """`spell` of each key, worked out once for each distinct key."""
    spelled = {key: spell(key) for key in dict.fromkeys(keys)}
    return [spelled[key] for key in keys]


def _display(names: dict[str, dict[object, object]], column: str, key: object) -> object:
    """How one id of `column` reads in a phrase."""
    text = str(key)
    if column == "location":
        return _named(names["place"], text, _named(names["site"], text, "the whole system"))
    shown = _named(names[column], text, text) if column in NAMED else text
    return "all settings" if column == "setting" and shown == "total" else shown


def _phrases(phrase: str, labels: dict[str, list[object]], edges: list[object]) -> list[str]:
    """`phrase` filled in for every row from its labels and the word for its `edge`, exactly as
    `phrase.format(**row)` would fill it in (a field names a label, with no attribute or index
    access), a field at a time rather than a row at a time."""
    fields: dict[str, list[object]] = {
        **labels,
        "edge": [EDGE_WORDS.get(str(side), "edge") for side in edges],
    }
    pieces: list[list[str]] = []
    for literal, field, spec, conversion in string.Formatter().parse(phrase):
        if literal:
            pieces.append([literal] * len(edges))
        if field is not None:
            # An unknown field is a KeyError, as it is for `str.format`.
            form = "{0" + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            pieces.append([form.format(value) for value in fields[field]])
    return ["".join(row) for row in zip(*pieces, strict=True)]


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
        labels = _labels(names, family.index.iloc[rows])
        edge = ["upper"] * rows.size if edges is None else edges[family.start + rows].tolist()
        units = _phrases(phrase, labels, edge)
        shown = [_amount(value, money) for value in values[rows]]
        texts[family.start + rows] = [
            f"{amount} of {objective_word} per extra {unit}"
            for amount, unit in zip(shown, units, strict=True)
        ]
    return texts


def _amount(value: float, money: bool) -> str:
    sign = "−" if value < 0 else "+"
    return f"{sign}£{abs(value):,.4g}m" if money else f"{sign}{abs(value):,.4g} beds"
