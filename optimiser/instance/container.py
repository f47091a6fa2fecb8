"""The validated instance: typed tables the model can trust without checking again."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from optimiser.instance.config import InstanceSettings


@dataclass(frozen=True)
class Instance:
    """A planning instance after validation.

    Tables keep their file order and their original values and units (so that they can be written
    back unchanged); `effects` has one extra column, `model_value`, holding the value in model units
    (money in £m).
    """

    path: str
    config: InstanceSettings
    places: pd.DataFrame
    sites: pd.DataFrame
    settings: pd.DataFrame
    site_beds: pd.DataFrame
    catchment: pd.DataFrame
    demand: pd.DataFrame
    growth: pd.DataFrame
    cohorts: pd.DataFrame
    cohort_admissions: pd.DataFrame
    staff_groups: pd.DataFrame
    setting_staff: pd.DataFrame
    workforce: pd.DataFrame
    interventions: pd.DataFrame
    effects: pd.DataFrame
    eligibility: pd.DataFrame
    commitments: pd.DataFrame
    planned_mix: pd.DataFrame
    services: pd.DataFrame

    @property
    def name(self) -> str:
        return self.config.name

    @property
    def years(self) -> tuple[str, ...]:
        return self.config.years

    @property
    def target_year(self) -> str:
        return self.config.target_year

    @property
    def plans(self) -> list[str]:
        """Plan ids in the order they first appear in `planned_mix`."""
        return list(pd.unique(self.planned_mix["plan"]))

    def table(self, name: str) -> pd.DataFrame:
        """A table by its file name without `.csv`."""
        frame = getattr(self, name)
        assert isinstance(frame, pd.DataFrame)
        return frame
