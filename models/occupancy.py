"""Occupancy basis: each setting's stated basis, or a safe occupancy for one setting by option.

The settings table gives the occupancy each setting's beds are counted at (the Derbyshire seed
counts adult mental-health beds at 100%, which it says leaves them full). With `[options]
safe_occupancy = "<setting>"` that setting is planned at `[parameters.safe_occupancy]` instead:

    beds = bed-days / (365 × safe occupancy)

so the same patients need more beds. Its bed targets, given at the stated basis, are restated at
the safe basis so that they hold the same bed-days of care:

    target_safe[k,t] = target[k,t] × stated occupancy[k] / safe occupancy

and a `total` target in the same year rises by what the setting's own target rose. Baseline beds
stay the beds that exist; closures, fixed costs and wards are counted in those beds.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from optimiser.instance.container import Instance
from optimiser.instance.errors import InstanceError
from optimiser.instance.schema import TOTAL_SETTING


def planning_occupancy(instance: Instance) -> pd.Series:
    """Occupancy each setting is planned at, indexed by setting."""
    occupancy = instance.settings.set_index("setting")["occupancy"].astype(float)
    setting, safe = _safe(instance)
    if setting is not None:
        occupancy.loc[setting] = safe
    return occupancy


def restated_targets(instance: Instance) -> pd.DataFrame:
    """Bed targets (setting, year, beds) at the occupancy each setting is planned at."""
    targets = pd.DataFrame(
        [(entry.setting, entry.year, entry.beds) for entry in instance.config.bed_targets],
        columns=["setting", "year", "beds"],
    )
    setting, safe = _safe(instance)
    if setting is None or targets.empty:
        return targets
    stated = float(instance.settings.set_index("setting").loc[setting, "occupancy"])
    own = targets["setting"] == setting
    rise = (targets["beds"] * (stated / safe - 1.0)).where(own, 0.0).groupby(targets["year"]).sum()
    total = targets["setting"] == TOTAL_SETTING
    beds = targets["beds"].where(~own, targets["beds"] * stated / safe)
    beds = beds.where(~total, beds + targets["year"].map(rise).fillna(0.0))
    return targets.assign(beds=beds)


def with_safe_occupancy(instance: Instance, setting: str) -> Instance:
    """`instance` planning `setting` at its safe occupancy, checked as instance.toml would be."""
    if setting not in set(instance.settings["setting"]):
        raise InstanceError("--safe-occupancy", f"unknown setting {setting!r}")
    if instance.config.parameters.safe_occupancy is None:
        raise InstanceError(
            "--safe-occupancy", f"{instance.name} has no [parameters.safe_occupancy] to plan at"
        )
    options = instance.config.options.model_copy(update={"safe_occupancy": setting})
    return replace(instance, config=instance.config.model_copy(update={"options": options}))


def _safe(instance: Instance) -> tuple[str | None, float]:
    """The setting planned at a safe occupancy (None if none) and that occupancy."""
    setting = instance.config.options.safe_occupancy
    parameter = instance.config.parameters.safe_occupancy
    if setting is None or parameter is None:
        return None, 1.0
    return setting, parameter.value
