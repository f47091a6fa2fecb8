"""Why each decision sits where it does: the bound it is at, or the limit that holds it there.

At an LP optimum every column's objective coefficient splits into its reduced cost and the shadow
cost of the rows it enters, c_j = d_j + Σ_i a_ij·y_i (duals and reduced costs in the model's own
sense). A column at one of its bounds is held there by that bound, and d_j is what one more unit
would change the objective by. A column between its bounds has d_j = 0: its whole coefficient is
priced by binding rows, and the row with the largest |a_ij·y_i| is the limit that holds it back.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from optimiser.linear import LinearModel

#: A value within this share of the larger of 1 and its bound sits at the bound.
AT_BOUND = 1e-7
#: Shadow costs smaller than this (£1 a unit for an objective in £m) hold nothing back.
PRICE_NOISE = 1e-6


def holding_limits(
    model: LinearModel, x: np.ndarray, row_duals: np.ndarray, reduced_costs: np.ndarray, family: str = "scale"
) -> pd.DataFrame:
    """For each column of `family`: where it sits (`at upper`, `at lower` or `between`), its reduced
    cost, and for a column between its bounds the row with the largest shadow cost on it (`held_by`,
    blank where none or at a bound) with that cost (`held_by_price`, a_ij·y_i)."""
    chosen = model.variables[family]
    span = np.arange(chosen.start, chosen.stop)
    value = x[span]
    lower, upper = model.col_lower[span], model.col_upper[span]
    tolerance = AT_BOUND * np.maximum(
        1.0, np.maximum(np.abs(np.where(np.isfinite(upper), upper, 0.0)), np.abs(lower))
    )
    position = np.where(
        np.isfinite(upper) & (value >= upper - tolerance),
        "at upper",
        np.where(value <= lower + tolerance, "at lower", "between"),
    )
    held_by, price = _largest_price(model, row_duals, span)
    # At a bound, the bound is what holds the column (its reduced cost says at what price); only a
    # column between its bounds is held by a row.
    inside = position == "between"
    held_by, price = np.where(inside, held_by, ""), np.where(inside, price, 0.0)
    frame = chosen.index.copy()
    frame["value"] = value
    frame["position"] = position
    frame["reduced_cost"] = reduced_costs[span]
    frame["held_by"] = held_by
    frame["held_by_price"] = price
    return frame


def _largest_price(
    model: LinearModel, row_duals: np.ndarray, span: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """For each column in `span`, the row whose a_ij·y_i is largest in size, and that price."""
    priced = sp.coo_matrix(sp.diags(row_duals) @ model.matrix[:, span])
    keep = np.abs(priced.data) > PRICE_NOISE
    rows, columns, prices = priced.row[keep], priced.col[keep], priced.data[keep]
    order = np.lexsort((-np.abs(prices), columns))
    first = np.unique(columns[order], return_index=True)
    names = np.full(span.size, "", dtype=object)
    values = np.zeros(span.size)
    chosen = order[first[1]]
    names[columns[chosen]] = model.row_names[rows[chosen]]
    values[columns[chosen]] = prices[chosen]
    return names, values
