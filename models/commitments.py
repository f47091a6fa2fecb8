"""Commitment — an investment mandated nationally or already allocated reaches its committed scale.

Index: (intervention, location, year) for every row of `commitments.csv`; an instance without
commitments has none. The floors are the seed's money by year (the Derbyshire STP's national
priority investments, 004:3703-3725), so they hold in every year, not only the target year:

    scale[d,t] ≥ committed[d,t]

A row, not a column bound, so that its dual states what the commitment costs the objective.

Priced (`compare --price-constraints`): a commitment is money the system chose, or was told, to
spend on a scheme, not a physical limit, so what it costs is a question a board asks.
"""

from __future__ import annotations

import numpy as np

from optimiser.linear import ModelBuilder, Terms
from optimiser.models.data import ModelData, positions
from optimiser.models.family import SCALE_UNITS, ConstraintFamily
from optimiser.models.indexing import column
from optimiser.models.variables import Columns

NAME = "commitment"


def define_commitment_constraints(builder: ModelBuilder, data: ModelData, columns: Columns) -> None:
    committed = data.instance.commitments
    if committed.empty:
        return
    deployment = positions(
        data.deployments.set_index(["intervention", "location"]).index,
        committed[["intervention", "location"]],
    )
    year = data.years.get_indexer(committed["year"])
    count = len(committed)
    builder.add_constraints(
        NAME,
        committed[["intervention", "location", "year"]].reset_index(drop=True),
        Terms(np.arange(count), column(columns.scale, deployment, year, data.n_years), np.ones(count)),
        lower=committed["min_scale"].to_numpy(dtype=float),
        unit="scale units",
        description="a committed investment at or above its committed scale",
    )


COMMITMENT = ConstraintFamily(
    name=NAME,
    define=define_commitment_constraints,
    unit=SCALE_UNITS,
    phrase="unit ({unit}) committed to {intervention} ({location}, {year})",
    priced=True,
)
