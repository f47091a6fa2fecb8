"""--integer closes whole wards only, opens services yes or no, and is never better than the LP."""

from __future__ import annotations

import numpy as np
import pytest

from optimiser.instance.container import Instance
from optimiser.models import build_model
from optimiser.models.data import build_data
from optimiser.solvers import SolveOptions, Status, solve

#: Integrality as the solver delivers it.
INTEGRAL = 1e-6


@pytest.fixture(scope="module")
def milp(derbyshire: Instance):  # type: ignore[no-untyped-def]
    model = build_model(derbyshire, "min-cost", integer=True)
    return model, solve(model, "cbc", SolveOptions(time_limit=120, mip_gap=1e-4))


def test_beds_close_in_whole_wards(milp, derbyshire: Instance) -> None:  # type: ignore[no-untyped-def]
    model, solution = milp
    assert solution.status in (Status.OPTIMAL, Status.FEASIBLE)
    closed = model.variable("closed", solution.x)
    wards = closed.merge(
        build_data(derbyshire).site_settings[["site", "setting", "ward_size"]], on=["site", "setting"]
    )
    whole = wards["value"] / wards["ward_size"]
    assert np.allclose(whole, np.round(whole), atol=INTEGRAL)
    assert (wards["value"] > 0).any()


def test_services_open_yes_or_no(milp) -> None:  # type: ignore[no-untyped-def]
    model, solution = milp
    opened = model.variable("opened", solution.x)["value"].to_numpy()
    assert np.allclose(opened, np.round(opened), atol=INTEGRAL)


def test_milp_is_no_better_than_the_lp(milp, derbyshire: Instance) -> None:  # type: ignore[no-untyped-def]
    _, solution = milp
    relaxation = solve(build_model(derbyshire, "min-cost"), "cbc")
    assert solution.objective >= relaxation.objective - 1e-6


def test_milp_duals_come_from_the_fixed_lp(milp) -> None:  # type: ignore[no-untyped-def]
    _, solution = milp
    assert solution.duals_from_fixed_lp
    assert solution.row_duals is not None and np.abs(solution.row_duals).max() > 0
