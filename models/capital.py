"""Capital — capital spent in a year stays within that year's budget.

Index: year, when instance.toml gives `[[capital]]` budgets.

    Σ_d capital[d] · (scale[d,t] − scale[d,t−1]) + Σ_j fixed_capital[j] · (opened[j,t] − opened[j,t−1])
        ≤ budget[t] − fixed_capital[t]                          (scale and opened are 0 before year 1)

where fixed_capital[t] is what the year's fixed contributions spend (a committed IT programme).
"""

from __future__ import annotations

import numpy as np

from optimiser.linear import ModelBuilder
from optimiser.models.data import ModelData
from optimiser.models.family import ConstraintFamily, Relaxing
from optimiser.models.quantities import capital_spend, fixed_capital
from optimiser.models.variables import Columns

NAME = "capital"


def define_capital_constraints(builder: ModelBuilder, data: ModelData, columns: Columns) -> None:
    budgets = {entry.year: entry.budget_gbpm for entry in data.instance.config.capital}
    if not budgets:
        return
    committed = fixed_capital(data)
    upper = np.array([budgets[year] for year in data.years]) - committed
    builder.add_constraints(
        NAME,
        data.years.to_frame(index=False),
        capital_spend(data, columns),
        upper=upper,
        offset=committed,
        unit="£m",
        description="capital spent within the year's budget",
    )


CAPITAL = ConstraintFamily(
    name=NAME,
    define=define_capital_constraints,
    unit="£m",
    phrase="£1m of capital in {year}",
    relaxing=Relaxing("the capital budget"),
)
