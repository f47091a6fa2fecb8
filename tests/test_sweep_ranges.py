"""`optimiser ranges`: each interval is confirmed by re-solving just inside it (the same shadow price,
or the same decisions) and just outside it (another), and tiny's gap range is worked by hand."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from optimiser.analysis.sweep.ranging import ranging_table
from optimiser.instance.container import Instance
from optimiser.models import build_model
from optimiser.solvers import Solution, Status, solve

from .conftest import TINY

#: How far inside or outside an interval the re-solves go, as a share of the interval's width.
STEP = 1e-3


def _with_limit(instance: Instance, name: str, limit: float) -> Solution:
    model = build_model(instance)
    row = model.row(name)
    bound = limit - model.row_offset[row]
    if np.isfinite(model.row_upper[row]):
        model.set_row_bounds(name, upper=bound)
    else:
        model.set_row_bounds(name, lower=bound)
    return solve(model, "highs")


def _with_cost(instance: Instance, name: str, cost: float) -> Solution:
    model = build_model(instance)
    model.set_objective_coefficient(name, cost)
    return solve(model, "highs")


def _basis_changed(
    base: Solution, inside: Solution, outside: Solution, value: float, edge: float, step: float, row: int
) -> bool:
    """Beyond the edge the basis has changed: the problem is infeasible, the shadow price differs, or
    the decisions leave the straight line they follow while one basis holds (in a degenerate
    optimum the shadow price may stay while the basis changes; the line cannot)."""
    if outside.status is not Status.OPTIMAL or outside.x is None:
        return True
    assert base.row_duals is not None and outside.row_duals is not None
    if outside.row_duals[row] != pytest.approx(base.row_duals[row], rel=1e-6, abs=1e-9):
        return True
    assert base.x is not None and inside.x is not None
    along = (edge - step - value) / (edge + step - value)
    on_the_line = base.x + along * (inside.x - base.x)
    return not np.allclose(outside.x, on_the_line, rtol=1e-6, atol=1e-7)


def test_tiny_gap_range_is_the_one_worked_by_hand(tiny: Instance) -> None:
    table = ranging_table(tiny).set_index("name")
    # README: b = 7.34375 units of back_office (£0.08m net each) at a £1m gap, within 0 ≤ b ≤ 10; the
    # basis holds until b reaches 10 (gap 1 + 2.65625 × 0.08) or 0 (gap 1 − 7.34375 × 0.08).
    assert table.loc["gap[2020/21]", "low"] == pytest.approx(1 - 7.34375 * 0.08)
    assert table.loc["gap[2020/21]", "high"] == pytest.approx(1 + (10 - 7.34375) * 0.08)


@pytest.mark.parametrize("name", ["tiny"])
def test_limits_hold_their_shadow_price_inside_and_lose_it_outside(tiny: Instance, name: str) -> None:
    table = ranging_table(tiny)
    limits = table[table["kind"] == "limit"]
    assert len(limits) >= 3
    model = build_model(tiny)
    base = solve(model, "highs")
    assert base.row_duals is not None
    for limit in limits.itertuples():
        row = model.row(limit.name)
        width = limit.high - limit.low
        for edge, side in ((limit.low, 1.0), (limit.high, -1.0)):
            if not np.isfinite(edge):
                continue
            inside = _with_limit(tiny, limit.name, edge + side * STEP * width)
            assert inside.row_duals is not None
            assert inside.row_duals[row] == pytest.approx(base.row_duals[row], rel=1e-6, abs=1e-9), limit.name
            outside = _with_limit(tiny, limit.name, edge - side * STEP * width)
            assert _basis_changed(base, inside, outside, limit.value, edge, side * STEP * width, row), (
                limit.name
            )


def test_costs_keep_the_decisions_inside_and_change_them_outside(tiny: Instance) -> None:
    table = ranging_table(tiny)
    costs = table[table["kind"] == "cost"]
    model = build_model(tiny)
    base = solve(model, "highs")
    assert base.x is not None
    confirmed = 0
    for cost in costs.itertuples():
        for edge, side in ((cost.low, 1.0), (cost.high, -1.0)):
            if not np.isfinite(edge):
                continue
            step = STEP * max(abs(cost.value), 1e-3)
            inside = _with_cost(tiny, cost.name, edge + side * step)
            assert inside.x is not None
            np.testing.assert_allclose(inside.x, base.x, rtol=1e-6, atol=1e-7, err_msg=cost.name)
            outside = _with_cost(tiny, cost.name, edge - side * step)
            assert outside.x is not None
            assert not np.allclose(outside.x, base.x, rtol=1e-6, atol=1e-7), f"{cost.name} at {edge}"
            confirmed += 1
    assert confirmed >= 4


def test_the_command_writes_the_ranges(tmp_path: Path) -> None:
    out = tmp_path / "ranges.csv"
    result = subprocess.run(
        [sys.executable, "-m", "optimiser.cli", "ranges", str(TINY), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "gap[2020/21]" in result.stdout
    written = pd.read_csv(out)
    assert set(written["kind"]) == {"cost", "limit"}
