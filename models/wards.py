"""Whole wards — under the integer option, beds close a whole ward at a time.

Index: (site, setting, year) for every closable site-setting, integer option only.

    closed[s,k,t] − ward_size[s,k] · wards[s,k,t] = 0,    wards integer
"""

from __future__ import annotations

import numpy as np

from optimiser.linear import ModelBuilder, Terms
from optimiser.models.data import ModelData
from optimiser.models.family import ConstraintFamily
from optimiser.models.indexing import identity
from optimiser.models.quantities import closable_rows
from optimiser.models.variables import Columns

NAME = "whole_wards"


def define_whole_wards_constraints(builder: ModelBuilder, data: ModelData, columns: Columns) -> None:
    if columns.wards is None or columns.wards.size == 0:
        return
    ward_size = data.site_settings["ward_size"].to_numpy()[closable_rows(data)]
    terms = Terms.concat(
        [
            identity(columns.closed),
            identity(columns.wards, -np.repeat(ward_size, data.n_years)),
        ]
    )
    builder.add_constraints(
        NAME,
        columns.closed.index,
        terms,
        lower=0.0,
        upper=0.0,
        unit="beds",
        description="beds closed in whole wards",
    )


WHOLE_WARDS = ConstraintFamily(
    name=NAME,
    define=define_whole_wards_constraints,
    unit="beds",
    phrase="bed off a whole ward at {site} ({setting}, {year})",
)
