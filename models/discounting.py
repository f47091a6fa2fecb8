"""Discounting — money in later years counts for less, as HM Treasury's Green Book counts it.

The convention: year 0 is the first planning year (`years[0]` in instance.toml), and money in
planning year t (its position in `years`) is multiplied by (1 + r)^−t, where r is
`[parameters.discount_rate]` (the Green Book's 3.5% real for years 0–30). Each year's money is
discounted as one sum, in whole-year steps as the Green Book's tables of factors count. With
r = 0 every factor is exactly 1, so a rate of 0 gives the undiscounted sums bit for bit.

Only totals over years are discounted: the min-cost objective and any multi-year money total a
report prints. Constraints (the gap, capital budgets, the investment band) stay in each year's
own undiscounted income and expenditure, because that is how a year's books must balance.
"""

from __future__ import annotations

import numpy as np

from optimiser.instance.config import InstanceSettings
from optimiser.linear import Terms

#: The basis stated beside a multi-year total when the rate is 0.
UNDISCOUNTED = "undiscounted"


def discount_factors(rate: float, n_years: int) -> np.ndarray:
    """(1 + rate)^−t for planning years t = 0 … n_years − 1."""
    return (1.0 + rate) ** -np.arange(n_years, dtype=float)


def instance_factors(config: InstanceSettings) -> np.ndarray:
    """The discount factor of each of the instance's planning years."""
    return discount_factors(config.parameters.discount_rate.value, len(config.years))


def discount_by_row(terms: Terms, factors: np.ndarray) -> Terms:
    """`terms` whose row r is planning year r, each value multiplied by that year's factor."""
    return Terms(terms.rows, terms.columns, terms.values * factors[terms.rows])


def present_value(values: np.ndarray, factors: np.ndarray) -> float:
    """Σ_t factor_t × value_t, with missing values (NaN) counted as nothing."""
    return float(np.nansum(np.asarray(values, dtype=float) * factors))


def money_basis(config: InstanceSettings) -> str:
    """How a multi-year money total is counted, in words: "present value at 3.5% a year, discounted
    to 2017/18" or "undiscounted"."""
    rate = config.parameters.discount_rate.value
    if rate == 0:
        return UNDISCOUNTED
    return f"present value at {rate * 100:g}% a year, discounted to {config.years[0]}"
