"""Gap — the net saving against the do-nothing must close the financial gap.

Index: the years of `[[gap]]` in instance.toml (each year's required net saving; Derbyshire derives
every year's from its financial plan).

    Σ_d (direct[d] + Σ_{s,k} avoided[s,k,d] · variable[s,k] − revenue[d] − rate · capital[d]) · scale[d,t]
    + Σ_{s,k owned} fixed_cost[s,k] · (do_nothing_beds[s,k,t] − baseline[s,k] + closed[s,k,t])
    − Σ_j rate · fixed_capital[j] · opened[j,t]
    − Σ_{p,g} recruit[g] · (hired[p,g,t] − hired[p,g,t−1])
    − Σ_{p,g} redeploy[g] · (redeployed[p,g,t] − redeployed[p,g,t−1])
        ≥ gap[t] − fixed_contributions[t]

(the do-nothing would have had to open beds for growth; every bed not needed saves its fixed cost;
staff recruited or redeployed in year t cost their group's £ per WTE once, in year t; fixed
contributions are the year's savings and committed costs no decision changes, `[[fixed_contributions]]`).

Not priced (`compare --price-constraints` leaves it out unless named): the gap is the mission, the
question the model answers, not a choice beside it. Without it `min-cost` would do nothing but what
the bed targets force, so its "price" would be most of the plan's cost; `compare` already weighs
the plan against the optimum that closes it, and naming `gap` explicitly still prices it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from optimiser.linear import ModelBuilder, Terms
from optimiser.models.data import ModelData
from optimiser.models.family import ConstraintFamily, Relaxing
from optimiser.models.quantities import net_saving
from optimiser.models.variables import Columns

NAME = "gap"


def define_gap_constraints(builder: ModelBuilder, data: ModelData, columns: Columns) -> None:
    gaps = pd.DataFrame(
        [(entry.year, entry.amount_gbpm) for entry in data.instance.config.gap],
        columns=["year", "amount"],
    )
    if gaps.empty:
        return
    terms, constant = net_saving(data, columns)
    year = data.years.get_indexer(gaps["year"])
    local = np.full(data.n_years, -1)
    local[year] = np.arange(len(gaps))
    keep = local[terms.rows] >= 0
    builder.add_constraints(
        NAME,
        gaps[["year"]],
        Terms(local[terms.rows[keep]], terms.columns[keep], terms.values[keep]),
        lower=gaps["amount"].to_numpy() - constant[year],
        offset=constant[year],
        unit="£m",
        description="net saving against the do-nothing closes the gap",
    )


GAP = ConstraintFamily(
    name=NAME,
    define=define_gap_constraints,
    unit="£m",
    phrase="£1m of gap in {year}",
    relaxing=Relaxing("the gap", each_row="the gap in {label} must shrink from {limit} to {relaxed}"),
)
