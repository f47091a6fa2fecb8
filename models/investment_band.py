"""Investment band — each place invests between a floor and a ceiling in the named priorities.

Index: place, in the band's year, when instance.toml has `[investment_band]` (the STP's c.£1-3m per
place of place-based care).

    min ≤ Σ_{d at p, priority(d) ∈ priorities} revenue[d] · scale[d,t] ≤ max

Priced (`compare --price-constraints`): the band is a policy the STP set for how much each place
invests, not a limit of money or beds, so its cost is the price of that policy.
"""

from __future__ import annotations

import numpy as np

from optimiser.linear import ModelBuilder, Terms
from optimiser.models.data import ModelData
from optimiser.models.family import ConstraintFamily
from optimiser.models.variables import Columns

NAME = "investment_band"


def define_investment_band_constraints(builder: ModelBuilder, data: ModelData, columns: Columns) -> None:
    band = data.instance.config.investment_band
    if band is None or len(data.places) == 0:
        return
    deployments = data.deployments
    chosen = (deployments["level"] == "place") & deployments["priority"].isin(band.priorities)
    members = np.flatnonzero(chosen.to_numpy())
    year = int(data.years.get_loc(band.year))
    rows = data.places.get_indexer(deployments["location"].to_numpy()[members])
    terms = Terms(
        rows,
        columns.scale.start + members * data.n_years + year,
        deployments["revenue_gbpm"].to_numpy()[members],
    )
    index = data.places.to_frame(index=False).assign(year=band.year)
    builder.add_constraints(
        NAME,
        index,
        terms,
        lower=band.min_gbpm,
        upper=band.max_gbpm,
        unit="£m",
        description="revenue invested in the place within the band",
    )


INVESTMENT_BAND = ConstraintFamily(
    name=NAME,
    define=define_investment_band_constraints,
    unit="£m",
    phrase="£1m of the investment band's {edge} in {place} ({year})",
    priced=True,
)
