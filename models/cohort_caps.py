"""Cohort cap — interventions together never avoid more admissions than a cohort has.

Index: (place, cohort, year). Two interventions aimed at the same cohort share its admissions, so
an admission is never avoided twice. Site-level interventions are attributed to places by each
place's share of the site's baseline bed-days.

    Σ_d admissions_avoided[p,c,d] · scale[d,t] ≤ baseline_admissions[p,c] · growth_index[admissions,t]

Not priced (`compare --price-constraints` leaves it out unless named): admissions that do not exist
cannot be avoided, so without this limit the model would count savings that are not there.
"""

from __future__ import annotations

from optimiser.linear import ModelBuilder
from optimiser.models.data import ModelData
from optimiser.models.family import ConstraintFamily
from optimiser.models.indexing import by_year, over_years
from optimiser.models.variables import Columns

NAME = "cohort_cap"


def define_cohort_cap_constraints(builder: ModelBuilder, data: ModelData, columns: Columns) -> None:
    if len(data.place_cohorts) == 0 or data.admissions_avoided.nnz == 0:
        return
    builder.add_constraints(
        NAME,
        by_year(data.place_cohorts[["place", "cohort"]], data.years),
        over_years(data.admissions_avoided, columns.scale, data.n_years),
        upper=data.dn_admissions.ravel(),
        unit="admissions",
        description="admissions avoided within the cohort's do-nothing admissions",
    )


COHORT_CAP = ConstraintFamily(
    name=NAME,
    define=define_cohort_cap_constraints,
    unit="admissions",
    phrase="{cohort} admission avoidable in {place} ({year})",
)
