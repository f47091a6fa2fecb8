"""Closures — a bed closed stays closed: the plan never reopens a ward it has shut.

`closure_monotone`, index (site, setting, year) from the second year, for every closable
site-setting:

    closed[s,k,t−1] − closed[s,k,t] ≤ 0

Without it the least-cost path may close beds one year and reopen a few the next as demand grows
(Chesterfield's acute closures went 52.2, 51.6, 112.6), which no strategist would sign; the
STP's own plan closes beds steadily.
"""

from __future__ import annotations

from optimiser.linear import ModelBuilder
from optimiser.models.data import ModelData
from optimiser.models.family import ConstraintFamily
from optimiser.models.indexing import later_years, never_falls
from optimiser.models.quantities import closable_rows
from optimiser.models.variables import Columns

NAME = "closure_monotone"


def define_closure_monotone_constraints(builder: ModelBuilder, data: ModelData, columns: Columns) -> None:
    closable = closable_rows(data)
    if closable.size == 0 or data.n_years < 2:
        return
    builder.add_constraints(
        NAME,
        later_years(data.site_settings.loc[closable, ["site", "setting"]], data.years),
        never_falls(columns.closed, closable.size, data.n_years),
        upper=0.0,
        unit="beds",
        description="beds closed in one year stay closed in the next",
    )


CLOSURE_MONOTONE = ConstraintFamily(
    name=NAME,
    define=define_closure_monotone_constraints,
    unit="beds",
    phrase="bed allowed to reopen at {site} ({setting}, {year})",
)
