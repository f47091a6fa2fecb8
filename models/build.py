"""`build_model`: the formulation as a table of contents."""

from __future__ import annotations

from collections.abc import Callable

from optimiser.instance.container import Instance
from optimiser.linear import LinearModel, ModelBuilder
from optimiser.models.bed_balance import define_bed_balance_constraints
from optimiser.models.bed_targets import define_bed_target_constraints
from optimiser.models.capital import define_capital_constraints
from optimiser.models.closures import define_closure_monotone_constraints
from optimiser.models.cohort_caps import define_cohort_cap_constraints
from optimiser.models.commitments import define_commitment_constraints
from optimiser.models.data import ModelData, build_data
from optimiser.models.equity_floor import define_equity_floor_constraints
from optimiser.models.evidence_caps import define_evidence_cap_constraints
from optimiser.models.expressions import define_expressions
from optimiser.models.gap import define_gap_constraints
from optimiser.models.investment_band import define_investment_band_constraints
from optimiser.models.objectives import define_objective
from optimiser.models.scale import define_scale_monotone_constraints, define_scale_ramp_constraints
from optimiser.models.services import (
    define_service_link_constraints,
    define_service_monotone_constraints,
)
from optimiser.models.variables import Columns, define_variables
from optimiser.models.wards import define_whole_wards_constraints
from optimiser.models.workforce import (
    define_hiring_limit_constraints,
    define_redeployment_constraints,
    define_staff_monotone_constraints,
    define_workforce_constraints,
)

Define = Callable[[ModelBuilder, ModelData, Columns], None]

#: Every constraint family, in the order its rows appear in the matrix.
FAMILIES: tuple[tuple[str, Define], ...] = (
    ("bed_balance", define_bed_balance_constraints),
    ("bed_target", define_bed_target_constraints),
    ("closure_monotone", define_closure_monotone_constraints),
    ("gap", define_gap_constraints),
    ("workforce", define_workforce_constraints),
    ("hiring_limit", define_hiring_limit_constraints),
    ("redeployment", define_redeployment_constraints),
    ("staff_monotone", define_staff_monotone_constraints),
    ("capital", define_capital_constraints),
    ("scale_monotone", define_scale_monotone_constraints),
    ("scale_ramp", define_scale_ramp_constraints),
    ("commitment", define_commitment_constraints),
    ("cohort_cap", define_cohort_cap_constraints),
    ("evidence_cap", define_evidence_cap_constraints),
    ("investment_band", define_investment_band_constraints),
    ("equity_floor", define_equity_floor_constraints),
    ("service_link", define_service_link_constraints),
    ("service_monotone", define_service_monotone_constraints),
    ("whole_wards", define_whole_wards_constraints),
)


def build_model(
    instance: Instance,
    objective: str = "min-cost",
    *,
    integer: bool = False,
    data: ModelData | None = None,
) -> LinearModel:
    """Build the planning model of `instance`: variables, constraint families, expressions, objective."""
    data = data if data is not None else build_data(instance)
    builder = ModelBuilder()
    columns = define_variables(builder, data, integer=integer)
    for _, define in FAMILIES:
        define(builder, data, columns)
    builder.defer_expressions(lambda collector: define_expressions(collector, data, columns))
    define_objective(builder, data, columns, objective)
    return builder.build()
