"""The validated instance: typed tables the model can trust without checking again."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from optimiser.instance.config import InstanceSettings


@dataclass(frozen=True)
class Instance:
    """A planning instance after validation.

    Tables are held sorted by their keys, so that the model, and every result, is the same whatever
    order the rows were written in; `file_order` says where each row stood in its file, so that
    `as_read` gives a table back in that order and the instance is written back unchanged. Values
    and units are the original ones; `effects` has one extra column, `model_value`, holding the
    value in model units (money in £m).
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
    #: The optional tables of a service configuration (`configuration_schema`); empty when absent.
    clinical_services: pd.DataFrame = field(default_factory=pd.DataFrame)
    service_sites: pd.DataFrame = field(default_factory=pd.DataFrame)
    service_demand: pd.DataFrame = field(default_factory=pd.DataFrame)
    travel: pd.DataFrame = field(default_factory=pd.DataFrame)
    configuration_sites: pd.DataFrame = field(default_factory=pd.DataFrame)
    shared_services: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: For each table, the positions in key order of its rows in file order (absent: already in file order).
    file_order: dict[str, np.ndarray] = field(default_factory=dict)

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
    def configured(self) -> bool:
        """True if the instance chooses where clinical services run (it has `service_sites` rows)."""
        return len(self.service_sites) > 0

    @property
    def plans(self) -> list[str]:
        """Plan ids in the order they first appear in `planned_mix` as written."""
        return list(pd.unique(self.as_read("planned_mix")["plan"]))

    def table(self, name: str) -> pd.DataFrame:
        """A table by its file name without `.csv`, sorted by its key."""
        frame = getattr(self, name)
        assert isinstance(frame, pd.DataFrame)
        return frame

    def as_read(self, name: str) -> pd.DataFrame:
        """A table with its rows in the order its file held them (for writing it back)."""
        frame = self.table(name)
        order = self.file_order.get(name)
        if order is None or len(order) != len(frame):
            return frame
        return frame.iloc[order].reset_index(drop=True)
