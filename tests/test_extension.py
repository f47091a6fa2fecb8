"""The model-extension API: new column and row families on a built model, with consistent names,
the base model untouched, and a warm HiGHS re-solve agreeing with solves from scratch."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from optimiser.extension import ModelExtension
from optimiser.instance.container import Instance
from optimiser.linear import LinearModel, ModelBuilder, Terms
from optimiser.models import build_model
from optimiser.solvers import Status, solve
from optimiser.solvers.highs import HighsSession

#: Objectives of the same model solved by different routes agree to this share of their size.
AGREEMENT = 1e-7


def _hand_model() -> LinearModel:
    """min x + y subject to cover: x + y ≥ 2, with 0 ≤ x, y ≤ 3. Optimum 2."""
    builder = ModelBuilder()
    columns = builder.add_variables("use", pd.DataFrame({"option": ["x", "y"]}), upper=3.0)
    builder.add_constraints(
        "cover", pd.DataFrame(index=[0]), Terms(np.zeros(2, np.int64), np.arange(2), np.ones(2)), lower=2.0
    )
    builder.set_objective(
        "cost", Terms(np.zeros(2, np.int64), np.arange(columns.size), np.ones(2)), sense="min"
    )
    return builder.build()


def _extended(model: LinearModel) -> LinearModel:
    """A third option z at half the cost, also counted in `cover`, and a new row z ≤ 1.

    By hand: z takes 1 (its cap), x or y the other 1, so the optimum is 0.5 + 1 = 1.5.
    """
    extension = model.extend()
    z = extension.add_variables("cheap", pd.DataFrame({"option": ["z"]}), cost=0.5)
    extension.add_terms(Terms(np.array([model.row("cover")]), np.array([z.start]), np.ones(1)))
    extension.add_constraints(
        "cheap_cap",
        pd.DataFrame({"option": ["z"]}),
        Terms(np.zeros(1, np.int64), np.array([z.start]), np.ones(1)),
        upper=1.0,
    )
    return extension.build()


def test_a_column_family_and_a_row_family_on_a_hand_model() -> None:
    model = _hand_model()
    grown = _extended(model)
    assert list(grown.column_names) == ["use[x]", "use[y]", "cheap[z]"]
    assert list(grown.row_names) == ["cover", "cheap_cap[z]"]
    assert list(grown.row_family) == ["cover", "cheap_cap"]
    assert grown.column("cheap[z]") == 2 and grown.row("cheap_cap[z]") == 1
    solution = solve(grown, "highs")
    assert solution.status is Status.OPTIMAL and solution.objective == pytest.approx(1.5)
    # The base model is as it was: the extension built a new one.
    assert model.shape == (1, 2) and list(model.column_names) == ["use[x]", "use[y]"]
    assert solve(model, "highs").objective == pytest.approx(2.0)


def test_a_replaced_objective_drops_the_old_costs() -> None:
    model = _hand_model()
    extension = model.extend()
    slack = extension.add_variables("slack", pd.DataFrame(index=[0]), cost=1.0)
    extension.add_terms(Terms(np.array([0]), np.array([slack.start]), np.ones(1)))
    extension.replace_objective("least slack", sense="min")
    grown = extension.build()
    # Only the slack costs now; x and y are free, so nothing needs the slack.
    assert np.array_equal(grown.objective, [0.0, 0.0, 1.0]) and not grown.tie_break.any()
    assert solve(grown, "highs").objective == pytest.approx(0.0)


def test_a_family_name_is_not_reused() -> None:
    extension = _hand_model().extend()
    with pytest.raises(ValueError, match="already has a family called 'use'"):
        extension.add_variables("use", pd.DataFrame({"option": ["w"]}))


def _gap_relief(model: LinearModel, cost: float, most: float) -> ModelExtension:
    """Derbyshire with a column per gap year that eases that year's gap at `cost` per £1m, and one
    new row capping all the relief together at `most`."""
    gap = model.constraints["gap"]
    extension = model.extend()
    relief = extension.add_variables("gap_relief", gap.index, cost=cost, unit="£m")
    positions = relief.start + np.arange(relief.size)
    extension.add_terms(Terms(gap.start + np.arange(gap.size), positions, np.ones(relief.size)))
    extension.add_constraints(
        "relief_cap",
        pd.DataFrame(index=[0]),
        Terms(np.zeros(relief.size, np.int64), positions, np.ones(relief.size)),
        upper=most,
        unit="£m",
    )
    return extension


def test_derbyshire_extended_solves_the_same_warm_and_from_scratch(derbyshire: Instance) -> None:
    model = build_model(derbyshire, "min-cost")
    session = HighsSession(model)
    first = session.solve()
    assert first.status is Status.OPTIMAL and first.objective is not None
    # Cheaper than the gap's shadow price in the target year (about £0.285m per £1m), so it is used.
    grown = session.extend(_gap_relief(session.model, cost=0.05, most=3.0))
    warm = session.solve()
    assert grown.shape == (model.shape[0] + 1, model.shape[1] + model.constraints["gap"].size)
    cold = solve(grown, "highs")
    cbc = solve(grown, "cbc")
    assert warm.status is cold.status is cbc.status is Status.OPTIMAL
    assert warm.objective is not None and cold.objective is not None and cbc.objective is not None
    scale = AGREEMENT * max(1.0, abs(cold.objective))
    assert abs(warm.objective - cold.objective) <= scale
    assert abs(cbc.objective - cold.objective) <= scale
    assert cold.objective < first.objective
    assert cold.x is not None
    relief = grown.variables["gap_relief"]
    assert cold.x[relief.start : relief.stop].sum() == pytest.approx(3.0)


def test_many_costs_and_coefficients_change_at_once_in_a_warm_session() -> None:
    session = HighsSession(_hand_model())
    assert session.solve().objective == pytest.approx(2.0)
    # x now costs 3 and y 0.25: y covers the 2 alone, at 0.5.
    session.set_objective_coefficients(np.array([0, 1]), np.array([3.0, 0.25]))
    assert session.solve().objective == pytest.approx(0.5)
    # Each unit of y now covers only half a unit: y = 3 (its cap) covers 1.5, x the other 0.5,
    # so 3 × 0.25 + 0.5 × 3 = 2.25.
    session.set_coefficients(np.array([0]), np.array([1]), np.array([0.5]))
    warm = session.solve()
    assert warm.objective == pytest.approx(2.25)
    assert solve(session.model, "highs").objective == pytest.approx(2.25)
