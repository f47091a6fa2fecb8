"""Objectives — what "best" means.

- `min-cost` (default): least present value of revenue cost plus capital charge over the
  planning years, of a mix that meets every constraint (the gap and bed targets among them):

      Σ_t (1 + r)^−t · [ Σ_d (revenue[d] + rate · capital[d]) · scale[d,t]
                         + Σ_j rate · fixed_capital[j] · opened[j,t]
                         + Σ_{p,g} recruit[g] · (hired[p,g,t] − hired[p,g,t−1])
                         + Σ_{p,g} redeploy[g] · (redeployed[p,g,t] − redeployed[p,g,t−1])
                         + configuration_cost[t] ]

  where `configuration_cost` (a service configuration's running cost, fixed site costs and the
  capital charge of new hostings included, treatment, and travel valued at £ per patient-mile, net
  of shared-service savings: `configuration_cost.py`) is 0 for an instance without one.

  with r the instance's discount rate and t = 0 for the first planning year (see `discounting`).
  Capital is counted once, as the yearly capital charge (`capital_charge_rate`: PDC dividend plus
  depreciation) on the capital in use, never also as cash when spent: that is how NHS income and
  expenditure counts it, and counting the cash too would charge it twice. The charge also spreads
  an asset's cost over its life, so a scheme started in the last planning year is not charged its
  whole build cost for one year of use. Capital cash is limited year by year by `capital`.
  (A Green Book economic appraisal would instead count capital as cash when spent and leave the
  charges out; the model keeps the charges because its constraints and reports are the NHS's own
  income and expenditure, and over a horizon of a few years cash would overstate late schemes.)
  Only the objective is discounted: every constraint holds in its own year's undiscounted money.
  Recruiting or redeploying a WTE is revenue spent once, in the year the stock grows (see
  `quantities.workforce_cost`).
- `max-saving`: largest net saving in the target year (one year, so nothing to discount).
- `min-beds`: fewest beds open in the target year, all settings together.

An instance with a service configuration is solved under `min-cost` only; the other two are
refused (`check_objective_applies`).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from optimiser.choices import ChoiceError
from optimiser.instance.config import InstanceSettings
from optimiser.linear import ModelBuilder, Terms
from optimiser.models.configuration_cost import configuration_cost
from optimiser.models.data import ModelData
from optimiser.models.discounting import UNDISCOUNTED, discount_by_row, instance_factors, money_basis
from optimiser.models.indexing import over_years
from optimiser.models.quantities import (
    beds_open,
    net_saving,
    per_deployment_cost,
    service_charge,
    workforce_cost,
)
from optimiser.models.variables import Columns

OBJECTIVES = ("min-cost", "max-saving", "min-beds")
#: What each objective measures, in words for reports ("£0.25m of cost per extra £1m of gap").
OBJECTIVE_WORDS = {"min-cost": "cost", "max-saving": "net saving", "min-beds": "beds"}

#: Tie-break costs (£m per unit) that pick one answer among equally good ones, never reported:
#: hire no one who is not needed, prefer redeploying staff to hiring, close beds no longer needed.
#: Recruitment and redeployment costs make the first two real where an instance gives them, but
#: the tie-breaks stay: an instance may leave those costs at 0 (tiny does), and undiscounted (r = 0)
#: a stock's cost falls only on its increases, so hiring a year earlier than needed would cost nothing.
TIE_BREAK = {"hired": 1e-7, "redeployed": 5e-8, "closed": -1e-7}


def objective_basis(objective: str, config: InstanceSettings) -> str:
    """How the objective's value is counted, in words to print beside it."""
    if objective == "min-cost":
        return money_basis(config)
    return f"{config.target_year} alone"


def objective_word(objective: str, config: InstanceSettings) -> str:
    """What the objective measures, in words for shadow prices: a discounted cost says so."""
    if objective == "min-cost" and money_basis(config) != UNDISCOUNTED:
        return "present-value cost"
    return OBJECTIVE_WORDS[objective]


class ObjectiveError(ChoiceError):
    """An objective that means nothing for the instance (printed as one line, exit status 2)."""


def check_objective_applies(objective: str, data: ModelData) -> None:
    """Raise `ObjectiveError` for an objective the instance's decisions cannot move.

    A service configuration is priced by `min-cost` (its running cost, treatment and travel, net of
    shared-service savings, with demand met). Its decisions change no beds, so `min-beds` would
    pick among configurations at random, and `max-saving` counts the gap's net saving, which the
    configuration does not enter: both are refused rather than answered with noise.
    """
    if data.configuration.active and objective in ("max-saving", "min-beds"):
        raise ObjectiveError(
            f"objective {objective} does not apply to {data.instance.name}: its decisions are a service "
            "configuration, which moves no beds and no gap; use min-cost"
        )


def define_objective(builder: ModelBuilder, data: ModelData, columns: Columns, objective: str) -> None:
    check_objective_applies(objective, data)
    for name, cost in TIE_BREAK.items():
        builder.add_tie_break(getattr(columns, name), cost)
    if objective == "min-cost":
        # Each term's row is its planning year (the per-unit matrices have one row), so the
        # year's discount factor multiplies it there.
        factors = instance_factors(data.instance.config)
        cost = over_years(
            sp.csr_matrix(per_deployment_cost(data).reshape(1, -1)), columns.scale, data.n_years
        )
        services = over_years(
            sp.csr_matrix(service_charge(data).reshape(1, -1)), columns.opened, data.n_years
        )
        staff = workforce_cost(data, columns)
        configuration = configuration_cost(data, columns)
        terms = Terms.concat(
            [discount_by_row(part, factors) for part in (cost, services, staff, configuration)]
        )
        builder.set_objective(objective, terms, sense="min")
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
