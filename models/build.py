"""`build_model`: the formulation as a table of contents."""

from __future__ import annotations

from collections.abc import Iterable

from optimiser.instance.container import Instance
from optimiser.linear import LinearModel, ModelBuilder
from optimiser.models.data import ModelData, build_data
from optimiser.models.expressions import define_expressions
from optimiser.models.family import ConstraintFamily
from optimiser.models.objectives import define_objective
from optimiser.models.registry import REGISTRY, active_families
from optimiser.models.variables import define_variables

#: Every constraint family, in the order its rows appear in the matrix (see `models/registry.py`).
FAMILIES: tuple[ConstraintFamily, ...] = REGISTRY


def build_model(
    instance: Instance,
    objective: str = "min-cost",
    *,
    integer: bool = False,
    data: ModelData | None = None,
    without: Iterable[str] = (),
) -> LinearModel:
    """Build the planning model of `instance`: variables, constraint families, expressions, objective.

    The families are those switched on: all, less any `[families] NAME = false` in instance.toml
    and any named in `without`.
    """
    families = active_families(instance.config.families, without, where=f"{instance.path}: [families]")
    data = data if data is not None else build_data(instance)
    builder = ModelBuilder()
    columns = define_variables(builder, data, integer=integer)
    for family in families:
        family.define(builder, data, columns)
    builder.defer_expressions(lambda collector: define_expressions(collector, data, columns))
    define_objective(builder, data, columns, objective)
    return builder.build()
