"""Objectives — what "best" means.

- `min-cost` (default): least revenue cost plus capital charge, summed over the planning years,
  of a mix that meets every constraint (the gap and bed targets among them).
- `max-saving`: largest net saving in the target year.
- `min-beds`: fewest beds open in the target year, all settings together.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from optimiser.linear import ModelBuilder, Terms
from optimiser.models.data import ModelData
from optimiser.models.indexing import over_years
from optimiser.models.quantities import beds_open, net_saving, per_deployment_cost, service_charge
from optimiser.models.variables import Columns

OBJECTIVES = ("min-cost", "max-saving", "min-beds")
#: What each objective measures, in words for reports ("£0.25m of cost per extra £1m of gap").
OBJECTIVE_WORDS = {"min-cost": "cost", "max-saving": "net saving", "min-beds": "beds"}

#: Tie-break costs (£m per unit) that pick one answer among equally good ones, never reported:
#: hire no one who is not needed, prefer redeploying staff to hiring, close beds no longer needed.
TIE_BREAK = {"hired": 1e-7, "redeployed": 5e-8, "closed": -1e-7}


def define_objective(builder: ModelBuilder, data: ModelData, columns: Columns, objective: str) -> None:
    for name, cost in TIE_BREAK.items():
        builder.add_tie_break(getattr(columns, name), cost)
    if objective == "min-cost":
        cost = over_years(
            sp.csr_matrix(per_deployment_cost(data).reshape(1, -1)), columns.scale, data.n_years
        )
        services = over_years(
            sp.csr_matrix(service_charge(data).reshape(1, -1)), columns.opened, data.n_years
        )
        builder.set_objective(objective, Terms.concat([cost, services]), sense="min")
    elif objective == "max-saving":
        terms, constant = net_saving(data, columns)
        keep = terms.rows == data.target_position
        builder.set_objective(
            objective,
            Terms(terms.rows[keep], terms.columns[keep], terms.values[keep]),
            sense="max",
            constant=float(constant[data.target_position]),
        )
    elif objective == "min-beds":
        terms, constant = beds_open(data, columns)
        keep = terms.rows % data.n_years == data.target_position
        target = np.arange(len(constant)) % data.n_years == data.target_position
        builder.set_objective(
            objective,
            Terms(terms.rows[keep], terms.columns[keep], terms.values[keep]),
            sense="min",
            constant=float(constant[target].sum()),
            unit="beds",
        )
    else:
        raise ValueError(f"unknown objective {objective!r}; expected one of {', '.join(OBJECTIVES)}")
