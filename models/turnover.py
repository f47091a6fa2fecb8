"""Natural turnover — pledge 5 of the collaboration (S0:422-426 "We will only make changes that will
improve services / and there are no plans to privatise them or make / wholesale staff
redundancies"): a back-office function is shared no faster than its staff leave of their own
accord, so the staff sharing releases are never made redundant. A choice the trusts made (`priced`).

`natural_turnover`, index (function, year), filtered to functions whose sharing releases staff:
the WTE released in a year (sharing nothing before the first planning year) within the function's
natural turnover,

    released[f] · (shared[f,t] − shared[f,t−1]) ≤ turnover[f] · staff[f]        (shared[f,−1] = 0)
"""

from __future__ import annotations

import numpy as np

from optimiser.linear import ModelBuilder, Terms
from optimiser.models.data import ModelData
from optimiser.models.family import ConstraintFamily
from optimiser.models.indexing import by_year, lagged
from optimiser.models.variables import Columns

NATURAL_TURNOVER = "natural_turnover"


def define_natural_turnover_constraints(builder: ModelBuilder, data: ModelData, columns: Columns) -> None:
    functions = data.configuration.functions
    chosen = np.flatnonzero(functions["released_wte"].to_numpy() > 0)
    if columns.shared is None or chosen.size == 0:
        return
    n_years = data.n_years
    released = functions["released_wte"].to_numpy()
    local = np.full(len(functions), -1)
    local[chosen] = np.arange(chosen.size)
    grown = Terms(
        np.arange(len(functions) * n_years),
        columns.shared.start + np.arange(len(functions) * n_years),
        np.repeat(released, n_years),
    )
    previous = lagged(columns.shared, len(functions), n_years, 1.0)
    previous = Terms(previous.rows, previous.columns, -released[previous.rows // n_years])
    terms = Terms.concat([grown, previous])
    member = local[terms.rows // n_years]
    keep = member >= 0
    builder.add_constraints(
        NATURAL_TURNOVER,
        by_year(functions.iloc[chosen][["function"]], data.years),
        Terms(member[keep] * n_years + terms.rows[keep] % n_years, terms.columns[keep], terms.values[keep]),
        upper=np.repeat((functions["turnover_share"] * functions["staff_wte"]).to_numpy()[chosen], n_years),
        unit="WTE",
        description="staff released by sharing within natural turnover",
    )


NATURAL_TURNOVER_FAMILY = ConstraintFamily(
    name=NATURAL_TURNOVER,
    define=define_natural_turnover_constraints,
    unit="WTE",
    phrase="WTE of natural turnover in {function} ({year})",
    priced=True,
)
