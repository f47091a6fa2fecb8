"""Bed balance — owned beds left open must hold the patients who still need a bed.

Index: (site, setting, year) for every closable site-setting. Bought (out-of-area) beds have no row:
they are always exactly what is needed.

    closed[s,k,t] + (do_nothing_bed_days[s,k,t] − Σ_d avoided[s,k,d] · scale[d,t]) / (365 · occupancy[k])
        ≤ baseline_beds[s,k]

where avoided[s,k,d] is the bed-days one unit of deployment d avoids at site s (a place's
deployments reach sites through the catchment shares).
"""

from __future__ import annotations

import numpy as np

from optimiser.linear import ModelBuilder, Terms
from optimiser.models.data import ModelData
from optimiser.models.family import ConstraintFamily
from optimiser.models.indexing import by_year, identity
from optimiser.models.quantities import avoided_beds, closable_rows
from optimiser.models.variables import Columns

NAME = "bed_balance"


def define_bed_balance_constraints(builder: ModelBuilder, data: ModelData, columns: Columns) -> None:
    closable = closable_rows(data)
    if closable.size == 0:
        return
    n_years = data.n_years
    all_rows = np.full(len(data.site_settings) * n_years, -1)
    closable_positions = (closable[:, None] * n_years + np.arange(n_years)[None, :]).ravel()
    all_rows[closable_positions] = np.arange(closable_positions.size)
    avoided = avoided_beds(data, columns)
    keep = all_rows[avoided.rows] >= 0
    terms = Terms.concat(
        [
            identity(columns.closed),
            Terms(all_rows[avoided.rows[keep]], avoided.columns[keep], -avoided.values[keep]),
        ]
    )
    baseline = data.site_settings["baseline_beds"].to_numpy()[closable]
    upper = (baseline[:, None] - data.dn_beds[closable]).ravel()
    builder.add_constraints(
        NAME,
        by_year(data.site_settings.loc[closable, ["site", "setting"]], data.years),
        terms,
        upper=upper,
        offset=data.dn_beds[closable].ravel(),
        unit="beds",
        description="beds closed plus beds still needed within the baseline",
    )


BED_BALANCE = ConstraintFamily(
    name=NAME,
    define=define_bed_balance_constraints,
    unit="beds",
    phrase="bed of capacity at {site} ({setting}, {year})",
)
