"""Evidence cap — no more of a setting's bed-days move out than the evidence says can.

Index: (site, setting, year) for every site-setting. The cap is the setting's share of bed-days
that audits found could be cared for elsewhere (acute 50%, community 60%, adult MH 33%,
dementia 75% in Derbyshire). Stated in beds:

    Σ_d avoided[s,k,d] · scale[d,t] / (365 · occupancy[k]) ≤ evidence_cap[k] · do_nothing_beds[s,k,t]

Priced (`compare --price-constraints`): the shares are a prudent reading of audits the planners
chose to trust, not a physical limit (the physical one, admissions that exist, is `cohort_cap`), so
their price is what that prudence costs — what better evidence could be worth.
"""

from __future__ import annotations

from optimiser.linear import ModelBuilder
from optimiser.models.data import ModelData
from optimiser.models.family import ConstraintFamily
from optimiser.models.indexing import by_year
from optimiser.models.quantities import avoided_beds
from optimiser.models.variables import Columns

NAME = "evidence_cap"


def define_evidence_cap_constraints(builder: ModelBuilder, data: ModelData, columns: Columns) -> None:
    if len(data.site_settings) == 0:
        return
    cap = data.site_settings["evidence_cap"].to_numpy()[:, None] * data.dn_beds
    builder.add_constraints(
        NAME,
        by_year(data.site_settings[["site", "setting"]], data.years),
        avoided_beds(data, columns),
        upper=cap.ravel(),
        unit="beds",
        description="beds avoided within the evidence cap",
    )


EVIDENCE_CAP = ConstraintFamily(
    name=NAME,
    define=define_evidence_cap_constraints,
    unit="beds",
    phrase="bed of evidence cap at {site} ({setting}, {year})",
    priced=True,
)
