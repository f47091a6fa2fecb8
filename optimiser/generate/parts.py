"""What every kind of intervention in the catalogue is built from: parts, labels and effect tables."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Part:
    """One kind of intervention in the catalogue: its rows of interventions, effects and eligibility."""

    interventions: pd.DataFrame
    effects: pd.DataFrame
    eligibility: pd.DataFrame
    services: pd.DataFrame | None = None


EFFECT_COLUMNS = ["intervention", "effect", "key", "value", "unit"]
#: Effect rows of several members at once: members, effect, key(s), value(s), unit.
EffectRows = tuple[Any, str, Any, Any, str]
ELIGIBILITY_COLUMNS = ["intervention", "location", "min_scale", "max_scale"]
SERVICE_COLUMNS = ["service", "site", "intervention", "fixed_capital_gbp"]
COMMITMENT_COLUMNS = ["intervention", "location", "year", "min_scale"]


def intervention_labels(
    stubs: np.ndarray, names: np.ndarray, numbers: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Intervention ids (`virtual_ward_07`) and names (`Virtual ward 7`) from themes and numbers."""
    plain = pd.Series(numbers, dtype=object).str.lstrip("0").to_numpy(dtype=object)
    return stubs + "_" + numbers, names + " " + plain


def effect_table(identifiers: np.ndarray, rows: list[EffectRows]) -> pd.DataFrame:
    """Effect rows (member, effect, key, value, unit) as a table sorted by intervention."""
    frames = [
        pd.DataFrame(
            {
                "member": np.asarray(member),
                "effect": effect,
                "key": key,
                "value": np.asarray(value, dtype=float),
                "unit": unit,
            }
        )
        for member, effect, key, value, unit in rows
    ]
    table = pd.concat(frames, ignore_index=True).sort_values("member", kind="stable")
    table.insert(0, "intervention", identifiers[table["member"].to_numpy()])
    return table.drop(columns=["member"]).reset_index(drop=True)[EFFECT_COLUMNS]
