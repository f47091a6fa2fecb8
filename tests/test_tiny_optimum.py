"""tiny solves to the optimum worked by hand in instances/tiny/README.md, under every backend."""

from __future__ import annotations

import pytest

from optimiser.instance.container import Instance
from optimiser.models import build_model
from optimiser.solvers import BACKENDS, Status, solve

#: Solvers stop at 1e-9 feasibility; the hand optimum is exact.
SOLVER_TOLERANCE = 1e-6


@pytest.fixture(scope="module", params=list(BACKENDS))
def optimum(request: pytest.FixtureRequest, tiny: Instance):  # type: ignore[no-untyped-def]
    model = build_model(tiny, "min-cost")
    return model, solve(model, request.param)


def test_status_and_objective(optimum) -> None:  # type: ignore[no-untyped-def]
    _, solution = optimum
    assert solution.status is Status.OPTIMAL
    # 100 step-up units in south at £5,000 plus 7.34375 units of back office at £0.02m.
    assert solution.objective == pytest.approx(0.5 + 0.146875, abs=SOLVER_TOLERANCE)


def test_decisions(optimum) -> None:  # type: ignore[no-untyped-def]
    model, solution = optimum
    value = dict(zip(model.column_names, solution.x, strict=True))
    assert value["scale[step_up,north,2020/21]"] == pytest.approx(0.0, abs=SOLVER_TOLERANCE)
    assert value["scale[step_up,south,2020/21]"] == pytest.approx(100.0, abs=SOLVER_TOLERANCE)
    assert value["scale[back_office,system,2020/21]"] == pytest.approx(7.34375, abs=SOLVER_TOLERANCE)
    assert value["closed[hospital,acute,2020/21]"] == pytest.approx(5.0, abs=SOLVER_TOLERANCE)
    # Nobody is hired or redeployed: south's 1 WTE is within the 2 available.
    assert value["hired[south,nursing,2020/21]"] == pytest.approx(0.0, abs=SOLVER_TOLERANCE)


def test_shadow_prices(optimum) -> None:  # type: ignore[no-untyped-def]
    model, solution = optimum
    dual = dict(zip(model.row_names, solution.row_duals, strict=True))
    assert dual["gap[2020/21]"] == pytest.approx(0.02 / 0.08, abs=SOLVER_TOLERANCE)
    # One bed more of target: 10 fewer south units (−£0.05m), 0.515625 more back office (+£0.0103125m).
    assert dual["bed_target[acute,2020/21]"] == pytest.approx(-0.05 + 0.0103125, abs=SOLVER_TOLERANCE)
