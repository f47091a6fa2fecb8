"""Bed targets — beds open per setting (or in total) may not exceed the target for the year.

Index: the (setting, year) pairs of `[[bed_targets]]` in instance.toml; setting `total` sums all.
Targets are at each setting's planning occupancy (`occupancy.restated_targets`).

    Σ_{s owned} (baseline[s,k] − closed[s,k,t]) + Σ_{s bought} (do_nothing_beds[s,k,t] − avoided_beds[s,k,t])
        ≤ target[k,t]

Priced (`compare --price-constraints`): a bed target is a number the STP chose (Derbyshire's 1,236
beds by 2020/21), not the beds patients need — `bed_balance` holds those — so its price is what
the chosen reduction costs.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from optimiser.instance.schema import TOTAL_SETTING
from optimiser.linear import ModelBuilder, Terms
from optimiser.models.data import ModelData
from optimiser.models.family import ConstraintFamily, Relaxing
from optimiser.models.occupancy import restated_targets
from optimiser.models.quantities import beds_open
from optimiser.models.variables import Columns

NAME = "bed_target"


def define_bed_target_constraints(builder: ModelBuilder, data: ModelData, columns: Columns) -> None:
    targets = restated_targets(data.instance)
    if targets.empty:
        return
    n_years = data.n_years
    settings = data.site_settings["setting"].to_numpy()
    in_target = (targets["setting"].to_numpy()[:, None] == TOTAL_SETTING) | (
        targets["setting"].to_numpy()[:, None] == settings[None, :]
    )
    year = data.years.get_indexer(targets["year"])
    # Selection matrix: target row j sums the (site-setting, year) rows it covers.
    target_rows, site_settings = np.nonzero(in_target)
    selection = sp.csr_matrix(
        (np.ones(target_rows.size), (target_rows, site_settings * n_years + year[target_rows])),
        shape=(len(targets), len(data.site_settings) * n_years),
    )
    open_terms, open_constant = beds_open(data, columns)
    beds = sp.csr_matrix(
        (open_terms.values, (open_terms.rows, open_terms.columns)),
        shape=(len(data.site_settings) * n_years, builder.n_columns),
    )
    combined = sp.coo_matrix(selection @ beds)
    constant = selection @ open_constant
    builder.add_constraints(
        NAME,
        targets[["setting", "year"]],
        Terms(combined.row, combined.col, combined.data),
        upper=targets["beds"].to_numpy() - constant,
        offset=constant,
        unit="beds",
        description="beds open within the year's target",
    )


BED_TARGET = ConstraintFamily(
    name=NAME,
    define=define_bed_target_constraints,
    unit="beds",
    phrase="bed of the {setting} target in {year}",
    priced=True,
    relaxing=Relaxing(
        "the bed targets", each_row="the {label} bed target must rise from {limit} to {relaxed}"
    ),
)
