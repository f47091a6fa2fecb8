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


def _names(instance: Instance) -> dict[str, pd.Series]:
    """Display names for each kind of id the rows are labelled with."""
    return {
        "place": instance.places.set_index("place")["name"],
        "site": instance.sites.set_index("site")["name"],
        "setting": instance.settings.set_index("setting")["name"].str.lower(),
        "staff_group": instance.staff_groups.set_index("staff_group")["name"].str.lower(),
        "cohort": instance.cohorts.set_index("cohort")["name"].str.lower(),
        "intervention": instance.interventions.set_index("intervention")["name"].str.lower(),
        "service": pd.Series(
            (
                instance.services["service"]
                + " at "
                + instance.services["site"].map(instance.sites.set_index("site")["name"])
            ).to_numpy(),
            index=instance.services["service"].to_numpy(),
        ),
    }


def _labelled(instance: Instance, index: pd.DataFrame) -> pd.DataFrame:
    """The row index with ids replaced by display names (locations may be places, sites or `system`)."""
    names = _names(instance)
    labelled = index.astype(str).copy()
    for column in labelled.columns:
        if column in names:
            # An empty table maps to floats; as objects, the ids it does not name stay as they are.
            labelled[column] = labelled[column].map(names[column]).astype(object).fillna(labelled[column])
    if "location" in labelled.columns:
        lookup = pd.concat([names["place"], names["site"]])
        labelled["location"] = labelled["location"].map(lookup).fillna("the whole system")
    if "setting" in labelled.columns:
        labelled["setting"] = labelled["setting"].replace("total", "all settings")
    if "intervention" in index.columns:
        units = instance.interventions.set_index("intervention")["scale_unit"]
        labelled["unit"] = index["intervention"].map(units).astype(object).fillna("unit")
    if "service" in index.columns:
        gated = instance.services.set_index("service")["intervention"]
        units = instance.interventions.set_index("intervention")["scale_unit"]
        labelled["unit"] = index["service"].map(gated).map(units).astype(object).fillna("unit")
    return labelled


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
    for name, family in model.constraints.items():
        record = FAMILY.get(name)
        phrase = None if record is None else record.phrase
        values = duals[family.start : family.stop]
        if phrase is None or family.size == 0 or not np.any(values):
            continue
        # Only rows with a nonzero dual get words: binding rows are few even in a national model.
        rows = np.flatnonzero(values)
        labelled = _labelled(instance, family.index.iloc[rows].reset_index(drop=True))
        edge = np.full(rows.size, "upper", dtype=object) if edges is None else edges[family.start + rows]
        labelled["edge"] = [EDGE_WORDS.get(side, "edge") for side in edge]
        units = [phrase.format(**row) for row in labelled.to_dict(orient="records")]
        shown = [_amount(value, money) for value in values[rows]]
        texts[family.start + rows] = [
            f"{amount} of {objective_word} per extra {unit}"
            for amount, unit in zip(shown, units, strict=True)
        ]
    return texts


def _amount(value: float, money: bool) -> str:
    sign = "−" if value < 0 else "+"
    return f"{sign}£{abs(value):,.4g}m" if money else f"{sign}{abs(value):,.4g} beds"
